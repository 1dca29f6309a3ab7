package ingest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/corridor-trade/corridor/anchorplan"
	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/invoice"
	querypath "github.com/corridor-trade/corridor/x/kit/paths"
	"github.com/corridor-trade/corridor/x/payment"
)

// Kinds of ingest transaction, the first word of an intent's label.
const (
	kindBatch   = "batch"
	kindInvoice = "invoice"
	kindPayment = "payment"
)

// intentMeta is what ingest stores with each outbox intent (client.Intent
// Meta): enough to write the receipts of its files after a crash, and to
// find its effect on chain.
type intentMeta struct {
	Kind     string    `json:"kind"` // batch, invoice, payment
	Files    []fileRef `json:"files,omitempty"`
	Root     string    `json:"root,omitempty"`       // batch
	DocHash  string    `json:"doc_hash,omitempty"`   // invoice: the first document
	Payments []string  `json:"payments,omitempty"`   // payment ids
	Profile  string    `json:"profile,omitempty"`    // batch / invoice
	Count    int       `json:"count,omitempty"`      // batch
	Salt     string    `json:"buyer_salt,omitempty"` // invoice with a buyer commitment
	// Members are a batch's documents with their inclusion paths (the batch
	// file's members; the root is Root).
	Members []anchorplan.Member `json:"members,omitempty"`
}

// label is the outbox label of the intent: batch/<root>, invoice/<hash> or
// payment/<first id>.
func (m intentMeta) label() string {
	switch m.Kind {
	case kindBatch:
		return kindBatch + "/" + m.Root
	case kindInvoice:
		return kindInvoice + "/" + m.DocHash
	case kindPayment:
		if len(m.Payments) > 0 {
			return kindPayment + "/" + m.Payments[0]
		}
	}
	return m.Kind
}

// fileRef names a file by its path relative to the directory and the
// SHA-256 of its bytes: a changed file is a new document.
type fileRef struct {
	File string `json:"file"`
	Raw  string `json:"raw_sha256"`
}

func (f fileRef) key() string { return f.File + "\x00" + f.Raw }

// record is a journaled ingest intent whose outcome is committed.
type record struct {
	in   client.Intent
	meta intentMeta
	out  client.Outcome
}

// decodeMeta reads ingest's meta of an intent.
func decodeMeta(in client.Intent) (intentMeta, error) {
	var m intentMeta
	if err := json.Unmarshal(in.Meta, &m); err != nil || m.Kind == "" {
		return m, fmt.Errorf("journal: intent %s (%s) carries no ingest meta: %v", in.Hash, in.Label, err)
	}
	return m, nil
}

// committedRecords returns the journal's committed intents, in journal
// order.
func committedRecords(j *client.Journal) ([]record, error) {
	var recs []record
	for _, in := range j.Intents() {
		out, ok := j.Outcome(in.Hash)
		if !ok || out.Status != client.Committed {
			continue
		}
		m, err := decodeMeta(in)
		if err != nil {
			return nil, err
		}
		recs = append(recs, record{in, m, out})
	}
	return recs, nil
}

// byFile maps each file key to the committed record that anchored it.
func byFile(recs []record) map[string]record {
	m := map[string]record{}
	for _, r := range recs {
		for _, f := range r.meta.Files {
			m[f.key()] = r
		}
	}
	return m
}

// effectOnChain is the outbox's effect check (client.OutboxOptions.Effect)
// for ingest's intents: whether the record the transaction writes exists,
// written by account — the batch root, the invoice, or every payment.
func effectOnChain(c *client.Client, account secp.Address) func(context.Context, client.Intent) (int64, bool, error) {
	return func(ctx context.Context, in client.Intent) (int64, bool, error) {
		m, err := decodeMeta(in)
		if err != nil {
			return 0, false, err
		}
		q := func(path string, out any) (bool, error) {
			err := c.Query(ctx, path, out)
			if errors.Is(err, codes.QueryNotFound) {
				return false, nil
			}
			return err == nil, err
		}
		switch m.Kind {
		case kindBatch:
			var b invoice.BatchView
			ok, err := q(querypath.Batch(m.Root), &b)
			return b.Anchored.Height, ok && b.Issuer == account, err
		case kindInvoice:
			var v invoice.InvoiceView
			ok, err := q(querypath.Invoice(m.DocHash), &v)
			return v.Anchored.Height, ok && v.Issuer == account, err
		case kindPayment:
			var h int64
			for _, id := range m.Payments {
				var p payment.View
				ok, err := q(querypath.Payment(id), &p)
				if err != nil || !ok {
					return 0, false, err
				}
				h = max(h, p.Recorded.Height)
			}
			return h, len(m.Payments) > 0, nil
		}
		return 0, false, fmt.Errorf("journal: unknown kind %q", m.Kind)
	}
}

// kindOf is the kind word of an outbox label.
func kindOf(label string) string {
	k, _, _ := strings.Cut(label, "/")
	return k
}

// syncDir fsyncs a directory so that a rename in it survives a crash.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
