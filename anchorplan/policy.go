package anchorplan

import (
	"io"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/disclose"
	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/x/invoice"
)

// Mode says whether invoices are anchored on their own or in batches.
type Mode string

// The modes.
const (
	// ModeAuto anchors on their own the documents of the one file that
	// holds anchorable documents, when every one of them is an invoice, raw
	// bytes anchored explicitly, or a trade document whose invoice fields
	// the caller gave; anything else is batched.
	ModeAuto Mode = "auto"
	// ModeSingle anchors every document on its own (invoice/anchor).
	ModeSingle Mode = "single"
	// ModeBatch anchors Merkle batches (invoice/anchor-batch), one series
	// per profile.
	ModeBatch Mode = "batch"
)

// ParseMode reads a mode name; "" is ModeAuto.
func ParseMode(s string) (Mode, error) {
	switch Mode(s) {
	case "", ModeAuto:
		return ModeAuto, nil
	case ModeSingle, ModeBatch:
		return Mode(s), nil
	}
	return "", codes.PlanBadPolicy.Wrapf("mode %q: want auto, single or batch", s)
}

// Duplicates says what happens to a document that occurs again in the
// input (the same canonical hash, in the same file or another).
type Duplicates string

// The duplicate policies.
const (
	// DuplicatesMerge anchors the document once; every occurrence is
	// reported with the message or batch member that anchors it.
	DuplicatesMerge Duplicates = "merge"
	// DuplicatesRefuse refuses every occurrence after the first
	// (plan/duplicate), and with it the rest of that occurrence's file.
	DuplicatesRefuse Duplicates = "refuse"
)

// ParseDuplicates reads a duplicate policy name; "" is DuplicatesMerge.
func ParseDuplicates(s string) (Duplicates, error) {
	switch Duplicates(s) {
	case "", DuplicatesMerge:
		return DuplicatesMerge, nil
	case DuplicatesRefuse:
		return DuplicatesRefuse, nil
	}
	return "", codes.PlanBadPolicy.Wrapf("duplicates %q: want merge or refuse", s)
}

// Integrity says what happens to a self-verifying document (OpenAttestation,
// a signed credential) whose own integrity check fails.
type Integrity string

// The integrity policies.
const (
	// IntegrityRefuse refuses it (plan/integrity_failed), and the rest of
	// its file.
	IntegrityRefuse Integrity = "refuse"
	// IntegrityAnchor anchors its hash anyway: the ledger then records that
	// this altered copy existed, which no verifier will mistake for the
	// genuine document (verify recomputes the check).
	IntegrityAnchor Integrity = "anchor"
)

// Fields are invoice fields given by the caller rather than read from the
// document: they fill in what the document does not carry and must agree
// with what it does. Only invoices anchored on their own use them.
type Fields struct {
	Number    string `json:"number,omitempty"` // never sent: only its fingerprint is
	IssueDate string `json:"issue_date,omitempty"`
	Currency  string `json:"currency,omitempty"`
	Total     string `json:"total,omitempty"`
}

// IsZero reports whether no field is given.
func (f Fields) IsZero() bool { return f == Fields{} }

// Policy is what the caller decides; everything else is decided by Make.
// The zero value is the default every door starts from.
type Policy struct {
	// Issuer is the signer's account address, which salts the invoice-number
	// fingerprint. When zero, the plan is a draft: invoice/anchor messages
	// carry no fingerprint and cannot be sent (the HTTP check endpoint
	// plans without an issuer unless one is given).
	Issuer secp.Address
	// Profile restricts the plan to documents of this profile; documents of
	// another are refused (plan/profile_mismatch). "" takes each document's
	// detected profile. Raw bytes (formats.RawDocument) are anchored only
	// under Profile "raw".
	Profile string
	// Mode is auto (the zero value), single or batch.
	Mode Mode
	// BuyerMember is the buyer's member address, for every invoice anchored
	// on its own.
	BuyerMember secp.Address
	// BuyerID is the buyer's scheme-qualified identifier, committed to with
	// a salt; when empty, the identifier written in each invoice is used.
	BuyerID string
	// BuyerSalt is the salt of every buyer commitment of the plan; when nil
	// one salt is drawn from Rand for the plan (Plan.BuyerSalt).
	BuyerSalt *[32]byte
	// Fields fill in or confirm invoice fields (single invoices only).
	Fields Fields
	// Duplicates is merge (the zero value) or refuse.
	Duplicates Duplicates
	// Integrity is refuse (the zero value) or anchor.
	Integrity Integrity
	// BatchSize bounds the distinct documents of one batch (default and
	// at most invoice.MaxBatch).
	BatchSize int
	// FieldCommitments commits to every disclosable field of each document
	// with a fresh salt (disclose.NewSecrets): the field root goes on the
	// ledger with the anchor or batch member, and the secrets come back in
	// Plan.Secrets for the issuer to keep (docs/disclosure.md).
	FieldCommitments bool
	// KnownSecrets, with FieldCommitments, are field secrets the issuer
	// already holds for some documents (a secrets file written by an
	// interrupted run that was never anchored): those documents are
	// committed to with them instead of fresh salts, so the secrets on disk
	// stay the ones that match the anchor. Each must match its document
	// (disclose.Secrets.Matches); the caller checks.
	KnownSecrets map[invoice.Hash]*disclose.Secrets
	// Rand is the source of buyer-commitment and field salts (default
	// crypto/rand).
	Rand io.Reader
}

// File is one input file: its name as the door knows it (a path, a
// relative path, an upload's name) and the documents parsed from it.
type File struct {
	Name string
	Docs []formats.Document
}

// normalise checks the policy and fills in defaults.
func (p Policy) normalise() (Policy, error) {
	var err error
	if p.Mode, err = ParseMode(string(p.Mode)); err != nil {
		return p, err
	}
	if p.Duplicates, err = ParseDuplicates(string(p.Duplicates)); err != nil {
		return p, err
	}
	switch p.Integrity {
	case "":
		p.Integrity = IntegrityRefuse
	case IntegrityRefuse, IntegrityAnchor:
	default:
		return p, codes.PlanBadPolicy.Wrapf("integrity %q: want refuse or anchor", p.Integrity)
	}
	if p.Profile != "" && !knownProfile(p.Profile) {
		return p, codes.PlanBadPolicy.Wrapf("profile %q: want one of %v", p.Profile, invoice.Profiles())
	}
	if !p.BuyerMember.IsZero() && p.BuyerID != "" {
		return p, codes.PlanBadPolicy.Wrapf("give a buyer member or a buyer identifier, not both")
	}
	switch {
	case p.BatchSize == 0:
		p.BatchSize = invoice.MaxBatch
	case p.BatchSize < 0 || p.BatchSize > invoice.MaxBatch:
		return p, codes.PlanBadPolicy.Wrapf("batch size %d: want 1 to %d", p.BatchSize, invoice.MaxBatch)
	}
	return p, nil
}

func knownProfile(p string) bool {
	for _, k := range invoice.Profiles() {
		if k == p {
			return true
		}
	}
	return false
}
