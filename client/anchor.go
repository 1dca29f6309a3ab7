package client

import (
	"context"
	"time"

	"github.com/corridor-trade/corridor/anchorplan"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/x/kit"
)

// AnchorOptions tune AnchorDocument and AnchorFiles. How documents become
// messages is decided by package anchorplan, the same for every door
// (docs/invoice.md, "How a document becomes messages").
type AnchorOptions struct {
	// BuyerMember is the buyer's member address. When zero, the buyer is
	// committed to with BuyerSalt: BuyerID, or else the identifier written
	// in the invoice.
	BuyerMember secp.Address
	// BuyerID is the buyer's scheme-qualified identifier, when the invoice
	// does not carry it (it must agree with the invoice's when both do).
	BuyerID string
	// BuyerSalt is the salt of the buyer commitment; random when nil. Keep
	// it: it is the only way to show who the buyer is.
	BuyerSalt *[32]byte
	// Mode is auto (default), single or batch.
	Mode anchorplan.Mode
	// Duplicates is merge (default) or refuse.
	Duplicates anchorplan.Duplicates
	// Wait bounds the wait for the commit (default 30s; negative: do not
	// wait).
	Wait time.Duration
	// FieldCommitments commits to every disclosable field of each document
	// with fresh salts and anchors the field root with it
	// (docs/disclosure.md). The secrets are in Anchored.Secrets.
	FieldCommitments bool
	// SecretsBeside, with FieldCommitments, writes each document's secrets
	// beside its file before anything is sent: File.Name + ".secrets.json"
	// (SecretsPath), mode 0600, refusing to overwrite one.
	SecretsBeside bool
}

// Anchored is what AnchorDocument sent and what became of it.
type Anchored struct {
	Result    *Result
	Documents []formats.Document
	// Plan is the planner's decision: the singles, the batches with every
	// member's inclusion path (keep them: they prove each document), and
	// nothing refused (a refusal is returned as the error instead).
	Plan *anchorplan.Plan
	Msgs []kit.Msg
	// BuyerSalt is the hex salt of the buyer commitment, when one was made.
	BuyerSalt string `json:"buyer_salt,omitempty"`
	// Root is the batch root when the documents were anchored as one batch.
	Root string `json:"root,omitempty"`
	// Secrets are the field-commitment secrets of every document, with
	// FieldCommitments; SecretsFiles where they were written, with
	// SecretsBeside. Keep them: they are the only way to disclose a field.
	Secrets      []anchorplan.DocumentSecrets `json:"-"`
	SecretsFiles []string                     `json:"secrets_files,omitempty"`
}

// ErrNotAnchorable is the refusal of documents that are not invoices,
// credit notes or trade documents (payments, credentials, unknown bytes).
// Every refusal carries a plan/ code; this is the one most often met.
var ErrNotAnchorable = codes.PlanNotAnchorable

// AnchorDocument parses data with formats.Parse (the bytes never leave
// this process: only hashes and public fields are sent), plans it as one
// file and anchors it (see AnchorFiles).
func (c *Client) AnchorDocument(ctx context.Context, key *secp.PrivKey, data []byte, opts AnchorOptions) (*Anchored, error) {
	docs, err := formats.Parse(data)
	if err != nil {
		return nil, err
	}
	return c.AnchorFiles(ctx, key, []anchorplan.File{{Name: "document", Docs: docs}}, opts)
}

// AnchorFiles plans the files for the account of key with anchorplan and,
// when nothing is refused, signs and submits the plan's messages in one
// transaction and waits for the commit. A refused document is returned as
// an error carrying its plan/ code, and nothing is sent.
func (c *Client) AnchorFiles(ctx context.Context, key *secp.PrivKey, files []anchorplan.File, opts AnchorOptions) (*Anchored, error) {
	issuer, _, err := c.Sequence(ctx, key.PubKey())
	if err != nil {
		return nil, err
	}
	plan, err := anchorplan.Make(files, anchorplan.Policy{Issuer: issuer, Mode: opts.Mode, Duplicates: opts.Duplicates,
		BuyerMember: opts.BuyerMember, BuyerID: opts.BuyerID, BuyerSalt: opts.BuyerSalt, FieldCommitments: opts.FieldCommitments})
	if err != nil {
		return nil, err
	}
	a := &Anchored{Plan: plan, Msgs: plan.Msgs(), BuyerSalt: plan.BuyerSalt, Secrets: plan.Secrets}
	for _, f := range files {
		a.Documents = append(a.Documents, f.Docs...)
	}
	if err := plan.Err(); err != nil {
		return a, err
	}
	if len(plan.Batches) == 1 {
		a.Root = plan.Batches[0].Root.String()
	}
	if opts.SecretsBeside {
		targets, err := SecretsTargets(plan, "")
		if err != nil {
			return a, err
		}
		if err := WriteSecretsFiles(targets); err != nil {
			return a, err
		}
		for _, t := range targets {
			a.SecretsFiles = append(a.SecretsFiles, t.Path)
		}
	}
	wait := opts.Wait
	switch {
	case wait == 0:
		wait = 30 * time.Second
	case wait < 0:
		wait = 0
	}
	if a.Result, err = c.Submit(ctx, key, SubmitOptions{Wait: wait}, a.Msgs...); err != nil {
		return a, err
	}
	return a, nil
}
