package invoice

import (
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/kit"
)

// Hash is the shared 32-byte value type (see kit.Hash).
type Hash = kit.Hash

// ErrBadHash is returned for strings that are not 64 hex digits.
var ErrBadHash = kit.ErrBadHash

// ParseHash decodes 64 hex digits (either case).
func ParseHash(s string) (Hash, error) { return kit.ParseHash(s) }

// Document profiles: the canonical-hash rules (docs/profiles/) under which
// a document hash was computed. For openattestation-v2 the hash is the
// wrapped document's merkleRoot.
const (
	ProfileUBL             = "ubl-2.1"
	ProfileCII             = "cii-d16b"
	ProfileEDIFACT         = "edifact-invoic"
	ProfileOpenAttestation = "openattestation-v2"
	ProfileRaw             = "raw"
)

// profiles lists the profiles in the order of their stored number (1-based):
// the number, not the name, is kept in state.
var profiles = []string{ProfileUBL, ProfileCII, ProfileEDIFACT, ProfileOpenAttestation, ProfileRaw}

// Profiles returns the accepted profile names.
func Profiles() []string { return append([]string(nil), profiles...) }

// profileNumber returns the stored number of a profile name, or 0.
func profileNumber(name string) uint32 {
	for i, p := range profiles {
		if p == name {
			return uint32(i + 1)
		}
	}
	return 0
}

// profileName returns the name of a stored profile number.
func profileName(n uint32) string {
	if n == 0 || int(n) > len(profiles) {
		return "unknown"
	}
	return profiles[n-1]
}

// Invoice statuses. Revoked applies only to batch members (see Facts).
const (
	StatusIssued        = "issued"
	StatusPartiallyPaid = "partially-paid"
	StatusPaid          = "paid"
	StatusCancelled     = "cancelled"
	StatusRevoked       = "revoked"
)

// Stored status numbers.
const (
	stIssued uint32 = iota + 1
	stPartiallyPaid
	stPaid
	stCancelled
)

var statusNames = []string{"", StatusIssued, StatusPartiallyPaid, StatusPaid, StatusCancelled}

func statusName(n uint32) string {
	if int(n) >= len(statusNames) || n == 0 {
		return "unknown"
	}
	return statusNames[n]
}

// Invoice is the stored anchor of one invoice, at InvoiceKey(doc hash). It
// is kept compact: numbers instead of names for profile and status, the
// issue date as the integer YYYYMMDD, and the current status read from the
// last history entry. Exactly one of BuyerMember and BuyerCommit is set.
type Invoice struct {
	Issuer      secp.Address `wire:"1"`
	Profile     uint32       `wire:"2"`
	BuyerMember secp.Address `wire:"3"`
	BuyerCommit Hash         `wire:"4"`
	IssueDate   uint32       `wire:"5"` // YYYYMMDD
	Currency    string       `wire:"6"` // ISO 4217
	Total       string       `wire:"7"` // canonical decimal (amount.go)
	Paid        string       `wire:"8"` // canonical decimal; "" while nothing is paid
	History     []Change     `wire:"9"` // first entry: the anchoring
	// FieldRoot is the root of the salted field commitments, when the
	// issuer anchored with them (appended: absent, and so byte-identical
	// to before, when zero).
	FieldRoot Hash `wire:"10"`
}

// Change is one entry of an invoice's status history: the status after the
// change, and for a payment the payment's identifier and amount, or for a
// cancellation its reason.
type Change struct {
	At      kit.Stamp `wire:"1"`
	Status  uint32    `wire:"2"`
	Payment []byte    `wire:"3"` // payment identifier (package payment), on payment entries
	Amount  string    `wire:"4"` // amount of that payment
	Reason  string    `wire:"5"` // cancellation reason
}

// Status returns the invoice's current status name.
func (inv *Invoice) Status() string { return statusName(inv.status()) }

func (inv *Invoice) status() uint32 {
	if len(inv.History) == 0 {
		return 0
	}
	return inv.History[len(inv.History)-1].Status
}

// Anchored returns the stamp of the anchoring.
func (inv *Invoice) Anchored() kit.Stamp {
	if len(inv.History) == 0 {
		return kit.Stamp{}
	}
	return inv.History[0].At
}

// ProfileName returns the invoice's profile name.
func (inv *Invoice) ProfileName() string { return profileName(inv.Profile) }

// Batch is the stored anchor of a batch, at BatchKey(root).
type Batch struct {
	Issuer  secp.Address `wire:"1"`
	Profile uint32       `wire:"2"`
	Count   uint64       `wire:"3"`
	At      kit.Stamp    `wire:"4"`
}

// Revocation is the stored revocation of one batch member, at
// RevocationKey(doc hash).
type Revocation struct {
	Root   Hash      `wire:"1"`
	Index  uint64    `wire:"2"`
	At     kit.Stamp `wire:"3"`
	Reason string    `wire:"4"`
}

// DocumentFacts is what the recognition module needs to know about an anchored
// document. It mirrors recognition.DocumentFacts.
type DocumentFacts struct {
	Issuer             secp.Address `json:"issuer"`
	IssuerJurisdiction string       `json:"issuer_jurisdiction"`
	Profile            string       `json:"profile"`
	Status             string       `json:"status"`
	Anchored           kit.Stamp    `json:"anchored"`
}
