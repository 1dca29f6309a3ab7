package status

import (
	"crypto/sha256"
	"strings"

	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/kit"
)

// Name is the module's name (its key in genesis app_state).
const Name = "status"

// Hash is a 32-byte value (see kit.Hash).
type Hash = kit.Hash

// Status purposes of a Bitstring Status List (the spec's statusPurpose
// values this chain anchors).
const (
	PurposeRevocation = "revocation"
	PurposeSuspension = "suspension"
)

// Purposes lists the accepted purposes.
var Purposes = []string{PurposeRevocation, PurposeSuspension}

// Domain tags of the identifier hashes.
const (
	listIDTag  = "corridor/status/list-id/v1\x00"
	storeIDTag = "corridor/status/oa-store/v1\x00"
)

// ListIDHash returns the hash under which a list is stored: SHA-256 of a
// domain tag and the list credential's id URL exactly as written in the
// credential (statusListCredential of an entry, id of the list).
func ListIDHash(listID string) Hash {
	return Hash(sha256.Sum256([]byte(listIDTag + listID)))
}

// StoreIDHash returns the hash under which an OpenAttestation revocation
// store is stored: SHA-256 of a domain tag and the store id in lower case
// (an Ethereum address is case-insensitive; its mixed case is only a
// checksum).
func StoreIDHash(storeID string) Hash {
	return Hash(sha256.Sum256([]byte(storeIDTag + strings.ToLower(strings.TrimSpace(storeID)))))
}

// ListVersion is one anchored version of a status list.
type ListVersion struct {
	List       Hash         `wire:"1" json:"list"` // ListIDHash of the list id URL
	Version    uint64       `wire:"2" json:"version"`
	Purpose    string       `wire:"3" json:"purpose"`
	ListHash   Hash         `wire:"4" json:"list_hash"`             // SHA-256 of the list credential's JCS form
	ValidFrom  int64        `wire:"5" json:"valid_from"`            // ns since the epoch (block time)
	ValidUntil int64        `wire:"6" json:"valid_until,omitempty"` // ns; 0 open-ended
	Prev       uint64       `wire:"7" json:"prev,omitempty"`        // the version anchored before this one (0: none)
	Attester   secp.Address `wire:"8" json:"attester"`
	Anchored   kit.Stamp    `wire:"9" json:"anchored"`
}

// InWindow reports whether the version's validity window holds t (ns).
func (v *ListVersion) InWindow(t int64) bool {
	return t >= v.ValidFrom && (v.ValidUntil == 0 || t < v.ValidUntil)
}

// ListHead is a list's owner and latest version.
type ListHead struct {
	List     Hash         `wire:"1" json:"list"`
	Owner    secp.Address `wire:"2" json:"owner"`
	Latest   uint64       `wire:"3" json:"latest"`
	Versions uint64       `wire:"4" json:"versions"`
}

// OAStore is a registered OpenAttestation revocation store.
type OAStore struct {
	Store      Hash         `wire:"1" json:"store"` // StoreIDHash of the store id
	Owner      secp.Address `wire:"2" json:"owner"`
	Registered kit.Stamp    `wire:"3" json:"registered"`
	Revoked    uint64       `wire:"4" json:"revoked"` // how many targets are revoked
}

// OARevocation records that a target hash is revoked in a store.
type OARevocation struct {
	Store  Hash         `wire:"1" json:"store"`
	Target Hash         `wire:"2" json:"target"`
	By     secp.Address `wire:"3" json:"by"`
	At     kit.Stamp    `wire:"4" json:"at"`
	Reason string       `wire:"5" json:"reason,omitempty"`
}
