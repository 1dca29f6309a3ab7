package ingest

import (
	"encoding/json"
	"errors"
	"net/url"
	"path/filepath"
	"time"

	"github.com/corridor-trade/corridor/anchorplan"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/config"
	"github.com/corridor-trade/corridor/formats"
)

// Receipt statuses.
const (
	StatusAnchored        = "anchored"         // anchored by this run
	StatusRecorded        = "recorded"         // payment proof recorded by this run
	StatusAlreadyAnchored = "already-anchored" // anchored before (journal or chain): nothing sent
	StatusNotAnchored     = "not-anchored"     // could not be anchored; Error says why
	StatusRejected        = "rejected"         // malformed, too large, or fails its own integrity check
	StatusSkipped         = "skipped"          // a kind ingest does not anchor (credential, status report, unknown)
)

// Receipt is the acknowledgment of one file.
type Receipt struct {
	File      string       `json:"file"` // relative to the directory
	RawSHA256 string       `json:"raw_sha256,omitempty"`
	Format    string       `json:"format,omitempty"`
	Profile   string       `json:"profile,omitempty"`
	Kind      string       `json:"kind,omitempty"`
	Documents []ReceiptDoc `json:"documents,omitempty"`
	Status    string       `json:"status"`
	Via       string       `json:"via,omitempty"` // batch, invoice, payment
	// Outcome is the outbox's outcome of the transaction that anchored (or
	// failed to anchor) the file: committed, failed or abandoned
	// (client.Status, docs/transactions.md). Empty when nothing was sent.
	Outcome string `json:"outcome,omitempty"`
	Height  int64  `json:"height,omitempty"`
	TxHash  string `json:"tx_hash,omitempty"`
	Root    string `json:"root,omitempty"` // batch root
	// Batch is the batch file of the batch that anchored this file,
	// restricted to this file's documents: their index and inclusion path
	// (docs/invoice.md, "The batch file"). corridord verify --batch and
	// tx invoice revoke --proofs read the receipt as it is.
	Batch     *anchorplan.Batch `json:"batch,omitempty"`
	BuyerSalt string            `json:"buyer_salt,omitempty"` // salt of the buyer commitment: keep it
	// Secrets are the field-secrets files of the file's documents
	// (dock ingest --fields), relative to the directory: keep them, they
	// are the only way to disclose a field (corridord disclose).
	Secrets  []string      `json:"secrets,omitempty"`
	Payments []string      `json:"payments,omitempty"` // payment ids recorded
	Error    *ReceiptError `json:"error,omitempty"`
	Note     string        `json:"note,omitempty"`
	Time     time.Time     `json:"time"`
}

// ReceiptDoc is one document of a file. (Receipts of the first format also
// carried index and path here; they are in Batch now.)
type ReceiptDoc struct {
	CanonicalHash string `json:"canonical_hash"`
}

// ReceiptError says why a file was not anchored.
type ReceiptError struct {
	Code      uint32 `json:"code,omitempty"`
	Codespace string `json:"codespace,omitempty"`
	Error     string `json:"error,omitempty"` // codespace/name
	Rule      string `json:"rule,omitempty"`  // broken rule of a malformed document
	Where     string `json:"where,omitempty"` // line or segment
	Message   string `json:"message"`
}

// OK reports whether the file needs no further action.
func (r *Receipt) OK() bool {
	switch r.Status {
	case StatusAnchored, StatusRecorded, StatusAlreadyAnchored, StatusSkipped:
		return true
	}
	return false
}

// parseFailure describes a parse error.
func parseFailure(err error) *ReceiptError {
	var pe *formats.ParseError
	if errors.As(err, &pe) {
		return &ReceiptError{Rule: pe.Rule, Where: pe.Where, Message: pe.Msg}
	}
	return &ReceiptError{Message: err.Error()}
}

// ledgerFailure describes a transaction result code.
func ledgerFailure(code uint32, codespace, log string) *ReceiptError {
	e := &ReceiptError{Code: code, Codespace: codespace, Message: log}
	if ce := codes.ByCode(code); ce != nil {
		e.Error = ce.Error()
	}
	return e
}

// receiptName is the file a receipt is written to under receipts/: the
// relative path, percent-escaped (so "/" becomes %2F), which keeps distinct
// paths distinct.
func receiptName(rel string) string { return url.PathEscape(rel) + ".json" }

// writeReceipt writes r atomically under dir.
func writeReceipt(dir string, r *Receipt) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return config.WriteFileAtomic(filepath.Join(dir, receiptName(r.File)), append(b, '\n'), 0o600)
}
