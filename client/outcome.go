package client

import (
	"encoding/hex"
	"strings"
	"time"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/tx"
)

// Status is what became of a transaction the outbox sent. The three final
// statuses are journaled once per intent and never change; each has one
// meaning for every caller (the CLI, ingest, the relayer).
type Status string

const (
	// Committed: the transaction executed in a block (Height) with code
	// 0. Its effect is on chain.
	Committed Status = "committed"
	// Failed: the ledger refused the transaction with a code (Code,
	// Codespace, Log). Either it executed in a block with a non-zero code
	// (Height > 0: its sequence is spent, its writes were dropped), or
	// CheckTx refused it (Height 0: it never entered the mempool, its
	// sequence is still free). Nothing of it is on chain, and the outbox
	// never sends these bytes again; to retry, send anew.
	Failed Status = "failed"
	// Abandoned: the transaction never committed and never can: the
	// signer's committed sequence has passed the intent's, and neither its
	// hash nor its effect is on chain (the sequence went to another
	// transaction, e.g. one signed by another process). It has no code; to
	// retry, send anew.
	Abandoned Status = "abandoned"
	// Pending is not an outcome and is never journaled: the intent is open
	// (perhaps in a mempool) and its fate not known yet.
	Pending Status = "pending"
)

// final reports whether s is a journaled outcome.
func (s Status) final() bool { return s == Committed || s == Failed || s == Abandoned }

// Outcome is what became of an intent, as journaled.
type Outcome struct {
	Hash      string `json:"hash"`
	Label     string `json:"label,omitempty"`
	Status    Status `json:"status"`
	Height    int64  `json:"height,omitempty"`
	Code      uint32 `json:"code,omitempty"`
	Codespace string `json:"codespace,omitempty"`
	Log       string `json:"log,omitempty"`
	// How says how the outcome was learnt: "sent" (by this send), or
	// "settled: found by hash", "settled: effect found on chain",
	// "settled: rebroadcast", "settled: sequence used by another
	// transaction" (after a crash); ", refused by CheckTx" is appended to a
	// CheckTx refusal.
	How  string    `json:"how,omitempty"`
	Time time.Time `json:"time"`
}

// OK reports whether the transaction committed with code 0.
func (o *Outcome) OK() bool { return o.Status == Committed }

// Result returns the outcome as a Submit result.
func (o *Outcome) Result() *Result {
	r := &Result{Hash: o.Hash, Code: o.Code, Codespace: o.Codespace, Log: o.Log, Height: o.Height,
		Committed: o.Height > 0 && (o.Status == Committed || o.Status == Failed)}
	if o.Code != 0 {
		if ce := codes.ByCode(o.Code); ce != nil {
			r.Error = ce.Error()
		}
	}
	return r
}

// hashHex is a transaction's hash as CometBFT prints it.
func hashHex(raw []byte) string {
	h := tx.Hash(raw)
	return strings.ToUpper(hex.EncodeToString(h[:]))
}
