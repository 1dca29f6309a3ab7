package status

import (
	"unicode/utf8"

	"github.com/corridor-trade/corridor/codes"
)

// Message type names.
const (
	TypeAnchorList = "status/anchor-list"
	TypeOAStore    = "status/oa-store"
	TypeOARevoke   = "status/oa-revoke"
)

// Limits of messages.
const (
	MaxTargets = 64  // target hashes of one oa-revoke
	MaxReason  = 256 // bytes of a revocation reason
)

// MsgAnchorList anchors one version of a W3C Bitstring Status List
// credential. List is ListIDHash of the list's id URL (the URL itself
// stays off the ledger); ListHash the SHA-256 of the list credential's JCS
// form. ValidFrom 0 means the block time; ValidUntil 0 open-ended (both ns
// since the epoch). Signer: an attester; the first to anchor a list owns
// it.
type MsgAnchorList struct {
	List       Hash   `wire:"1" json:"list"`
	Version    uint64 `wire:"2" json:"version"`
	Purpose    string `wire:"3" json:"purpose"`
	ListHash   Hash   `wire:"4" json:"list_hash"`
	ValidFrom  int64  `wire:"5" json:"valid_from,omitempty"`
	ValidUntil int64  `wire:"6" json:"valid_until,omitempty"`
}

// MsgOAStore registers an OpenAttestation revocation store (StoreIDHash
// of its id). Signer: an attester, which then owns the store.
type MsgOAStore struct {
	Store Hash `wire:"1" json:"store"`
}

// MsgOARevoke revokes target hashes (an OpenAttestation document's
// targetHash or merkleRoot) in a registered store. Targets are sorted and
// distinct. Signer: the store's owner.
type MsgOARevoke struct {
	Store   Hash   `wire:"1" json:"store"`
	Targets []Hash `wire:"2" json:"targets"`
	Reason  string `wire:"3" json:"reason,omitempty"`
}

// Type implements kit.Msg.
func (MsgAnchorList) Type() string { return TypeAnchorList }

// Type implements kit.Msg.
func (MsgOAStore) Type() string { return TypeOAStore }

// Type implements kit.Msg.
func (MsgOARevoke) Type() string { return TypeOARevoke }

// ValidPurpose reports whether p is one of Purposes.
func ValidPurpose(p string) bool { return p == PurposeRevocation || p == PurposeSuspension }

// ValidateBasic checks the anchor's form.
func (m MsgAnchorList) ValidateBasic() error {
	bad := codes.StatusBadList.Wrapf
	switch {
	case m.List.IsZero():
		return bad("list (the hash of the list credential's id URL) is required")
	case m.Version == 0:
		return bad("version must be at least 1")
	case !ValidPurpose(m.Purpose):
		return bad("purpose %q is not one of %v", m.Purpose, Purposes)
	case m.ListHash.IsZero():
		return bad("list_hash (SHA-256 of the list credential's JCS form) is required")
	case m.ValidFrom < 0 || m.ValidUntil < 0 || m.ValidUntil != 0 && m.ValidUntil <= m.ValidFrom:
		return bad("valid_until must be after valid_from")
	}
	return nil
}

// ValidateBasic checks the store hash.
func (m MsgOAStore) ValidateBasic() error {
	if m.Store.IsZero() {
		return codes.StatusBadStore.Wrapf("store (the hash of the revocation store id) is required")
	}
	return nil
}

// ValidateBasic checks the store, the targets and the reason.
func (m MsgOARevoke) ValidateBasic() error {
	bad := codes.StatusBadStore.Wrapf
	if m.Store.IsZero() {
		return bad("store (the hash of the revocation store id) is required")
	}
	if len(m.Targets) == 0 || len(m.Targets) > MaxTargets {
		return bad("targets must be 1-%d hashes", MaxTargets)
	}
	for i, t := range m.Targets {
		if t.IsZero() || i > 0 && string(m.Targets[i-1][:]) >= string(t[:]) {
			return bad("targets must be sorted, distinct, non-zero hashes")
		}
	}
	if len(m.Reason) > MaxReason || !utf8.ValidString(m.Reason) {
		return bad("reason takes at most %d bytes of UTF-8", MaxReason)
	}
	return nil
}
