package identity

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/kit"
)

// Claim types an attestation can make.
const (
	ClaimLegalEntity = "legal-entity" // the subject is a registered legal entity
	ClaimAEO         = "aeo"          // the subject holds Authorized Economic Operator status
	ClaimSignatory   = "signatory"    // the subject may sign trade documents for an entity
)

// Claims lists every claim type in its canonical (sorted) order.
var Claims = []string{ClaimAEO, ClaimLegalEntity, ClaimSignatory}

// Identifier schemes of a legal-entity claim.
const (
	SchemeUSCC = "uscc" // PRC Unified Social Credit Code (Shanghai registrations)
	SchemeUEN  = "uen"  // Singapore Unique Entity Number
	SchemeBR   = "br"   // Hong Kong Business Registration number
	SchemeLEI  = "lei"  // ISO 17442 Legal Entity Identifier
)

// AEO programme schemes of an aeo claim. CN, SG and HK have AEO mutual
// recognition arrangements with each other.
const (
	SchemeCNAEO     = "cn-aeo"      // China Customs AEO (Advanced Certified Enterprise)
	SchemeSGSTPPlus = "sg-stp-plus" // Singapore Secure Trade Partnership Plus (Singapore's AEO programme)
	SchemeHKAEO     = "hk-aeo"      // Hong Kong Authorized Economic Operator Programme
)

// claimSchemes lists the schemes each claim type admits. A signatory claim
// takes no scheme.
var claimSchemes = map[string][]string{
	ClaimLegalEntity: {SchemeBR, SchemeLEI, SchemeUEN, SchemeUSCC},
	ClaimAEO:         {SchemeCNAEO, SchemeHKAEO, SchemeSGSTPPlus},
	ClaimSignatory:   {""},
}

// KnownClaim reports whether claim is a claim type.
func KnownClaim(claim string) bool {
	_, ok := claimSchemes[claim]
	return ok
}

// SchemesOf returns the schemes a claim type admits ("" meaning none), in
// sorted order; nil for an unknown claim.
func SchemesOf(claim string) []string { return append([]string(nil), claimSchemes[claim]...) }

// Attestation statuses as stored. The effective state (see State) also
// accounts for the validity window and the attester's membership.
const (
	StatusActive  = "active"
	StatusRevoked = "revoked"
)

// Effective states reported by State.
const (
	StateActive           = "active"
	StateRevoked          = "revoked"
	StateExpired          = "expired"           // block time is after valid_until
	StatePending          = "pending"           // block time is before valid_from
	StateAttesterInactive = "attester-inactive" // the attester is suspended or no longer an attester
)

// Hash is the shared 32-byte value type (see kit.Hash).
type Hash = kit.Hash

// ErrBadHash is returned for strings that are not 64 hex digits.
var ErrBadHash = kit.ErrBadHash

// ParseHash decodes 64 hex digits (either case).
func ParseHash(s string) (Hash, error) { return kit.ParseHash(s) }

// Subject is what an attestation is about: exactly one of a member address
// or a salted commitment to an external entity's identifier.
type Subject struct {
	Address    secp.Address `wire:"1"`
	Commitment Hash         `wire:"2"`
}

// AddressSubject returns the subject for a member address.
func AddressSubject(a secp.Address) Subject { return Subject{Address: a} }

// CommitmentSubject returns the subject for a salted commitment.
func CommitmentSubject(c Hash) Subject { return Subject{Commitment: c} }

// IsAddress reports whether the subject is a member address.
func (s Subject) IsAddress() bool { return !s.Address.IsZero() }

// Valid reports whether exactly one of the two forms is set.
func (s Subject) Valid() bool { return s.Address.IsZero() != s.Commitment.IsZero() }

// String returns the bech32 address or the commitment's hex.
func (s Subject) String() string {
	if s.IsAddress() {
		return s.Address.String()
	}
	return s.Commitment.String()
}

// subjectJSON is the JSON form of a Subject.
type subjectJSON struct {
	Address    *secp.Address `json:"address,omitempty"`
	Commitment *Hash         `json:"commitment,omitempty"`
}

// MarshalJSON writes {"address": …} or {"commitment": …}.
func (s Subject) MarshalJSON() ([]byte, error) {
	var j subjectJSON
	if s.IsAddress() {
		j.Address = &s.Address
	} else {
		j.Commitment = &s.Commitment
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads {"address": …} or {"commitment": …}.
func (s *Subject) UnmarshalJSON(b []byte) error {
	var j subjectJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*s = Subject{}
	if j.Address != nil {
		s.Address = *j.Address
	}
	if j.Commitment != nil {
		s.Commitment = *j.Commitment
	}
	if !s.Valid() {
		return fmt.Errorf("subject needs exactly one of address or commitment")
	}
	return nil
}

// ParseSubject reads a bech32 member address or a 64-hex-digit commitment.
func ParseSubject(s string) (Subject, error) {
	if a, err := secp.ParseAddress(s); err == nil {
		if a.IsZero() {
			return Subject{}, fmt.Errorf("the zero address is not a subject")
		}
		return AddressSubject(a), nil
	}
	h, err := ParseHash(s)
	if err != nil || h.IsZero() {
		return Subject{}, fmt.Errorf("subject %q is neither a cor1… address nor a 64-hex-digit commitment", s)
	}
	return CommitmentSubject(h), nil
}

// commitmentSalt is the accepted salt length range, in bytes.
const (
	MinSalt = 16
	MaxSalt = 64
)

// Commit computes a subject commitment: SHA-256(salt ‖ scheme ‖ ":" ‖
// identifier), where scheme is one of uscc, uen, br, lei and identifier is
// written in its canonical form (upper-case, no spaces or separators). The
// salt must be 16 to 64 random bytes (32 recommended), kept off the ledger
// and shared only with parties entitled to learn the identifier. Clients
// compute commitments; the ledger only stores them.
func Commit(salt []byte, scheme, identifier string) (Hash, error) {
	if len(salt) < MinSalt || len(salt) > MaxSalt {
		return Hash{}, fmt.Errorf("salt must be %d to %d bytes", MinSalt, MaxSalt)
	}
	h := sha256.New()
	h.Write(salt)
	h.Write([]byte(scheme))
	h.Write([]byte{':'})
	h.Write([]byte(identifier))
	var out Hash
	copy(out[:], h.Sum(nil))
	return out, nil
}

// idTag separates attestation ids from every other hash.
const idTag = "corridor/attestation/v1"

// AttestationID is the id of the attestation made by message msgIdx of the
// transaction with hash txHash: SHA-256(tag ‖ tx hash ‖ msg index as 4
// big-endian bytes), with tag "corridor/attestation/v1". A client that
// knows its signed transaction bytes can compute it before broadcasting.
func AttestationID(txHash [32]byte, msgIdx int) Hash {
	h := sha256.New()
	h.Write([]byte(idTag))
	h.Write(txHash[:])
	var i [4]byte
	binary.BigEndian.PutUint32(i[:], uint32(msgIdx))
	h.Write(i[:])
	var id Hash
	copy(id[:], h.Sum(nil))
	return id
}

// Attestation is one recorded attestation. Times are block-time Unix
// nanoseconds; ValidUntil 0 means open-ended (until revoked).
type Attestation struct {
	ID                   Hash           `wire:"1" json:"id"`
	Attester             secp.Address   `wire:"2" json:"attester"`
	AttesterJurisdiction string         `wire:"3" json:"attester_jurisdiction"`
	Subject              Subject        `wire:"4" json:"subject"`
	Claim                string         `wire:"5" json:"claim"`
	Scheme               string         `wire:"6" json:"scheme,omitempty"`
	CredentialHash       Hash           `wire:"7" json:"credential_hash"`
	ValidFrom            int64          `wire:"8" json:"valid_from"`
	ValidUntil           int64          `wire:"9" json:"valid_until,omitempty"`
	Status               string         `wire:"10" json:"status"`
	History              []StatusChange `wire:"11" json:"history"`
}

// StatusChange is one entry of an attestation's history.
type StatusChange struct {
	At     kit.Stamp    `wire:"1" json:"at"`
	Event  string       `wire:"2" json:"event"` // attested, revoked
	By     secp.Address `wire:"3" json:"by"`
	Reason string       `wire:"4" json:"reason,omitempty"`
}

// Window reports where now lies relative to the validity window: StatePending
// before ValidFrom, StateExpired after ValidUntil, StateActive within it.
func (a *Attestation) Window(now time.Time) string {
	t := now.UnixNano()
	switch {
	case t < a.ValidFrom:
		return StatePending
	case a.ValidUntil != 0 && t > a.ValidUntil:
		return StateExpired
	}
	return StateActive
}
