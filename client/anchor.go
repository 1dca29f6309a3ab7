package client

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/kit"
)

// AnchorOptions tune AnchorDocument.
type AnchorOptions struct {
	// BuyerMember is the buyer's member address. When zero, the buyer
	// identifier written in the invoice is committed to with BuyerSalt.
	BuyerMember secp.Address
	// BuyerSalt is the salt of the buyer commitment; random when nil. Keep
	// it: it is the only way to show who the buyer is.
	BuyerSalt *[32]byte
	// Wait bounds the wait for the commit (default 30s; negative: do not
	// wait).
	Wait time.Duration
}

// Anchored is what AnchorDocument sent and what became of it.
type Anchored struct {
	Result    *Result
	Documents []formats.Document
	Msgs      []kit.Msg
	// BuyerSalt is the hex salt of the buyer commitment, when one was made.
	BuyerSalt string `json:"buyer_salt,omitempty"`
	// Root is the batch root when the documents were anchored as a batch.
	Root string `json:"root,omitempty"`
}

// ErrNotAnchorable is returned for documents that are not invoices, credit
// notes or trade documents (payments, credentials, unknown bytes).
var ErrNotAnchorable = errors.New("not an anchorable document")

// AnchorMsgs builds the messages that anchor docs for issuer (the signer's
// account address): one MsgAnchor for a single invoice that carries its
// number, issue date, currency, total and a buyer; otherwise one
// MsgAnchorBatch over the documents' canonical hashes (credit notes, trade
// documents, interchanges holding several invoices). It returns the salt of
// the buyer commitment it made, if any.
func AnchorMsgs(issuer secp.Address, docs []formats.Document, opts AnchorOptions) ([]kit.Msg, string, error) {
	if len(docs) == 0 {
		return nil, "", fmt.Errorf("%w: no document", ErrNotAnchorable)
	}
	profile := docs[0].Profile
	for _, d := range docs {
		switch d.Kind {
		case formats.KindInvoice, formats.KindCreditNote, formats.KindTradeDocument:
		default:
			return nil, "", fmt.Errorf("%w: %s document of kind %s", ErrNotAnchorable, d.Format, d.Kind)
		}
		if d.Profile != profile || d.Profile == formats.ProfileRaw {
			return nil, "", fmt.Errorf("%w: profile %s", ErrNotAnchorable, d.Profile)
		}
		if d.Integrity != nil && d.Integrity.Checked && !d.Integrity.Valid {
			return nil, "", fmt.Errorf("the document's own integrity check fails (%s): refusing to anchor it", d.Integrity.Reason)
		}
	}
	if d := docs[0]; len(docs) == 1 && d.Kind == formats.KindInvoice && d.Invoice != nil {
		in := d.Invoice
		total, err := invoice.CanonicalAmount(in.Total)
		if err != nil {
			return nil, "", fmt.Errorf("total %q: %w", in.Total, err)
		}
		fp, err := invoice.Fingerprint(issuer, in.Number)
		if err != nil {
			return nil, "", fmt.Errorf("invoice number: %w", err)
		}
		m := &invoice.MsgAnchor{DocHash: invoice.Hash(d.CanonicalHash), Profile: d.Profile, Fingerprint: fp,
			IssueDate: in.IssueDate, Currency: in.Currency, Total: total}
		salt := ""
		switch {
		case !opts.BuyerMember.IsZero():
			m.BuyerMember = opts.BuyerMember
		case in.BuyerID != "":
			var s [32]byte
			if opts.BuyerSalt != nil {
				s = *opts.BuyerSalt
			} else if _, err := rand.Read(s[:]); err != nil {
				return nil, "", err
			}
			m.BuyerCommit = invoice.BuyerCommitment(s, in.BuyerID)
			salt = hex.EncodeToString(s[:])
		default:
			return nil, "", errors.New("the invoice names no buyer identifier: set AnchorOptions.BuyerMember")
		}
		if err := m.ValidateBasic(); err != nil {
			return nil, "", err
		}
		return []kit.Msg{m}, salt, nil
	}
	leaves := make([][32]byte, len(docs))
	for i, d := range docs {
		leaves[i] = d.CanonicalHash
	}
	m := &invoice.MsgAnchorBatch{Root: invoice.MerkleRoot(leaves), Count: uint64(len(leaves)), Profile: profile}
	if err := m.ValidateBasic(); err != nil {
		return nil, "", err
	}
	return []kit.Msg{m}, "", nil
}

// AnchorDocument parses data with formats.Parse (the bytes never leave
// this process: only hashes and public fields are sent), builds the
// anchoring messages (see AnchorMsgs) for the account of key, signs,
// submits and waits for the commit.
func (c *Client) AnchorDocument(ctx context.Context, key *secp.PrivKey, data []byte, opts AnchorOptions) (*Anchored, error) {
	docs, err := formats.Parse(data)
	if err != nil {
		return nil, err
	}
	issuer, _, err := c.Sequence(ctx, key.PubKey())
	if err != nil {
		return nil, err
	}
	msgs, salt, err := AnchorMsgs(issuer, docs, opts)
	if err != nil {
		return nil, err
	}
	a := &Anchored{Documents: docs, Msgs: msgs, BuyerSalt: salt}
	if b, ok := msgs[0].(*invoice.MsgAnchorBatch); ok {
		a.Root = b.Root.String()
	}
	wait := opts.Wait
	switch {
	case wait == 0:
		wait = 30 * time.Second
	case wait < 0:
		wait = 0
	}
	if a.Result, err = c.Submit(ctx, key, SubmitOptions{Wait: wait}, msgs...); err != nil {
		return a, err
	}
	return a, nil
}
