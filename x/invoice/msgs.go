package invoice

import (
	"unicode/utf8"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
)

// Message type names.
const (
	TypeAnchor            = "invoice/anchor"
	TypeAnchorBatch       = "invoice/anchor-batch"
	TypeCancel            = "invoice/cancel"
	TypeRevokeBatchMember = "invoice/revoke-batch-member"
)

// Limits.
const (
	// MaxBatch is the largest number of documents in one batch.
	MaxBatch = 10000
	// MaxPath bounds an inclusion path; a tree of MaxBatch leaves needs 14.
	MaxPath = 64
	// MaxReason bounds cancellation and revocation reasons, which are
	// public and must not carry personal data.
	MaxReason = 140
)

// MsgAnchor anchors one invoice. Signer: trader (the issuer). Exactly one
// of BuyerMember and BuyerCommit is set. Fingerprint is computed
// client-side with Fingerprint; the invoice number never goes on-chain.
type MsgAnchor struct {
	DocHash     Hash         `wire:"1" json:"doc_hash"`
	Profile     string       `wire:"2" json:"profile"`
	Fingerprint Hash         `wire:"3" json:"fingerprint"`
	BuyerMember secp.Address `wire:"4" json:"buyer_member,omitzero"`
	BuyerCommit Hash         `wire:"5" json:"buyer_commit,omitzero"`
	IssueDate   string       `wire:"6" json:"issue_date"`
	Currency    string       `wire:"7" json:"currency"`
	Total       string       `wire:"8" json:"total"`
	// FieldRoot is the Merkle root of the document's salted field
	// commitments (docs/disclosure.md), when the issuer committed to its
	// fields; zero (absent on the wire) otherwise.
	FieldRoot Hash `wire:"9" json:"field_root,omitzero"`
}

// MsgAnchorBatch anchors the Merkle root of Count document hashes, all
// under one profile. Signer: trader (the issuer).
type MsgAnchorBatch struct {
	Root    Hash   `wire:"1" json:"root"`
	Count   uint64 `wire:"2" json:"count"`
	Profile string `wire:"3" json:"profile"`
}

// MsgCancel cancels an unpaid invoice. Signer: its issuer.
type MsgCancel struct {
	DocHash Hash   `wire:"1" json:"doc_hash"`
	Reason  string `wire:"2" json:"reason"`
}

// MsgRevokeBatchMember revokes one document of a batch, proved by its index
// and inclusion path. Signer: the batch's issuer.
type MsgRevokeBatchMember struct {
	DocHash Hash   `wire:"1" json:"doc_hash"`
	Root    Hash   `wire:"2" json:"root"`
	Index   uint64 `wire:"3" json:"index"`
	Path    []Hash `wire:"4" json:"path"`
	Reason  string `wire:"5" json:"reason,omitempty"`
	// FieldRoot is the member's field root when it was batched with field
	// commitments: its leaf is then MemberLeaf(DocHash, FieldRoot).
	FieldRoot Hash `wire:"6" json:"field_root,omitzero"`
}

// Type implements kit.Msg.
func (MsgAnchor) Type() string            { return TypeAnchor }
func (MsgAnchorBatch) Type() string       { return TypeAnchorBatch }
func (MsgCancel) Type() string            { return TypeCancel }
func (MsgRevokeBatchMember) Type() string { return TypeRevokeBatchMember }

// ValidateBasic checks every field's form.
func (m MsgAnchor) ValidateBasic() error {
	if m.DocHash.IsZero() {
		return codes.TxInvalidMsg.Wrapf("doc_hash is required")
	}
	if profileNumber(m.Profile) == 0 {
		return codes.InvoiceBadProfile.Wrapf("profile %q: want one of %v", clip(m.Profile), profiles)
	}
	if m.Fingerprint.IsZero() {
		return codes.TxInvalidMsg.Wrapf("fingerprint is required")
	}
	if m.BuyerMember.IsZero() == m.BuyerCommit.IsZero() {
		return codes.InvoiceBadBuyer.Wrapf("set exactly one of buyer_member and buyer_commit")
	}
	if _, err := ParseDate(m.IssueDate); err != nil {
		return err
	}
	if err := ValidateCurrency(m.Currency); err != nil {
		return err
	}
	return CheckAmount(m.Total)
}

// ValidateBasic checks the root, count and profile.
func (m MsgAnchorBatch) ValidateBasic() error {
	if m.Root.IsZero() {
		return codes.TxInvalidMsg.Wrapf("root is required")
	}
	if m.Count == 0 || m.Count > MaxBatch {
		return codes.InvoiceBatchTooLarge.Wrapf("count %d: a batch holds 1 to %d documents", m.Count, MaxBatch)
	}
	if profileNumber(m.Profile) == 0 {
		return codes.InvoiceBadProfile.Wrapf("profile %q: want one of %v", clip(m.Profile), profiles)
	}
	return nil
}

// ValidateBasic checks the hash and reason.
func (m MsgCancel) ValidateBasic() error {
	if m.DocHash.IsZero() {
		return codes.TxInvalidMsg.Wrapf("doc_hash is required")
	}
	if m.Reason == "" {
		return codes.TxInvalidMsg.Wrapf("a reason is required to cancel an invoice")
	}
	return validText("reason", m.Reason, MaxReason)
}

// ValidateBasic checks the hashes, the index and the path's length.
func (m MsgRevokeBatchMember) ValidateBasic() error {
	if m.DocHash.IsZero() || m.Root.IsZero() {
		return codes.TxInvalidMsg.Wrapf("doc_hash and root are required")
	}
	if m.Index >= MaxBatch {
		return codes.InvoiceBadInclusionProof.Wrapf("index %d is beyond the largest batch", m.Index)
	}
	if len(m.Path) > MaxPath {
		return codes.InvoiceBadInclusionProof.Wrapf("path has %d nodes (at most %d)", len(m.Path), MaxPath)
	}
	return validText("reason", m.Reason, MaxReason)
}

func validText(field, s string, max int) error {
	if len(s) > max {
		return codes.TxInvalidMsg.Wrapf("%s is longer than %d bytes", field, max)
	}
	if !utf8.ValidString(s) {
		return codes.TxInvalidMsg.Wrapf("%s is not valid UTF-8", field)
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return codes.TxInvalidMsg.Wrapf("%s contains a control character", field)
		}
	}
	return nil
}
