package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/kit/paths"
	"github.com/corridor-trade/corridor/x/payment"
	"github.com/spf13/cobra"
)

// invoiceQueryCmds returns the invoice and payment queries for "query".
// They take the --node flag from the caller's loop (newQueryCmd adds it).
func invoiceQueryCmds(env *cliEnv) []*cobra.Command {
	printRaw := func(cmd *cobra.Command, path string) error {
		var out json.RawMessage
		if err := env.query(cmd, path, &out); err != nil {
			return err
		}
		return env.print(cmd, out, func(w io.Writer) { printQueryText(w, cmd.Name(), out) })
	}
	hashCmd := func(use, short string, path func(hash string) string) *cobra.Command {
		return &cobra.Command{Use: use, Short: short, Args: cobra.ExactArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error {
				h, err := invoice.ParseHash(args[0])
				if err != nil {
					return err
				}
				return printRaw(cmd, path(h.String()))
			}}
	}

	fingerprint := &cobra.Command{
		Use:   "fingerprint [FP] --issuer ADDRESS [--number NUMBER]",
		Short: "Find an issuer's invoice by number fingerprint (the number is hashed here, never sent)",
		Long: `A financier holding an invoice checks that it is not anchored (or
financed) twice: give the issuer and the invoice number, and the Argon2id
fingerprint is computed on this machine; or give the fingerprint itself.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			is, _ := cmd.Flags().GetString("issuer")
			issuer, err := secp.ParseAddress(is)
			if err != nil {
				return fmt.Errorf("--issuer: %w", err)
			}
			number, _ := cmd.Flags().GetString("number")
			var fp invoice.Hash
			switch {
			case len(args) == 1 && number != "":
				return fmt.Errorf("give FP or --number, not both")
			case len(args) == 1:
				if fp, err = invoice.ParseHash(args[0]); err != nil {
					return err
				}
			case number != "":
				if fp, err = invoice.Fingerprint(issuer, number); err != nil {
					return err
				}
			default:
				return fmt.Errorf("give FP or --number")
			}
			return printRaw(cmd, paths.Fingerprint(issuer.String(), fp.String()))
		},
	}
	fingerprint.Flags().String("issuer", "", "the issuer's address (required: fingerprints are per issuer)")
	fingerprint.Flags().String("number", "", "the invoice number, fingerprinted locally")
	_ = fingerprint.MarkFlagRequired("issuer")

	batch := &cobra.Command{
		Use:   "batch ROOT [--member HASH|FILE --proofs BATCH.json]",
		Short: "Show a batch anchor; with --member, prove one document in it and show whether it is revoked",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			root, err := invoice.ParseHash(args[0])
			if err != nil {
				return err
			}
			member, _ := cmd.Flags().GetString("member")
			if member == "" {
				return printRaw(cmd, paths.Batch(root.String()))
			}
			return proveBatchMember(env, cmd, root, member)
		},
	}
	batch.Flags().String("member", "", "a document hash or file to prove as a member of the batch")
	batch.Flags().String("proofs", "", "the batch's proofs file written by tx invoice anchor")

	by := &cobra.Command{
		Use:   "invoices-by ADDRESS [--after FP]",
		Short: "List an issuer's invoice anchors (100 per page, in fingerprint order)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			after, _ := cmd.Flags().GetString("after")
			return printRaw(cmd, paths.InvoicesBy(args[0], after))
		},
	}
	by.Flags().String("after", "", "continue after this fingerprint (the previous page's next)")

	pay := &cobra.Command{Use: "payment ID", Short: "Show a payment (ID: UETR and bank address, 72 hex digits)", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := payment.ParseID(args[0])
			if err != nil {
				return err
			}
			return printRaw(cmd, paths.Payment(id.String()))
		}}
	uetr := &cobra.Command{Use: "uetr UUID", Short: "Show every bank's payment recorded with a UETR", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			u, err := payment.ParseUETR(args[0])
			if err != nil {
				return err
			}
			return printRaw(cmd, paths.UETR(u.String()))
		}}

	return []*cobra.Command{
		hashCmd("invoice HASH", "Show an invoice anchor with its status history and payments", paths.Invoice),
		fingerprint,
		batch,
		hashCmd("revocation HASH", "Show the revocation of a batch member (not found: not revoked)", paths.Revocation),
		by,
		pay,
		uetr,
	}
}

// batchMemberAnswer is what "query batch --member" prints.
type batchMemberAnswer struct {
	Batch   json.RawMessage `json:"batch"`
	DocHash invoice.Hash    `json:"doc_hash"`
	Index   uint64          `json:"index"`
	Proved  bool            `json:"proved"`
	Status  string          `json:"status"` // issued or revoked
	Revoked json.RawMessage `json:"revocation,omitempty"`
}

// proveBatchMember checks a document's inclusion path against the batch
// anchored on-chain (its root and count) and asks whether it is revoked.
func proveBatchMember(env *cliEnv, cmd *cobra.Command, root invoice.Hash, member string) error {
	pf, _ := cmd.Flags().GetString("proofs")
	if pf == "" {
		return fmt.Errorf("--member needs --proofs: the inclusion paths written when the batch was anchored")
	}
	d, err := batchMember(pf, member)
	if err != nil {
		return err
	}
	if d.Root != root {
		return fmt.Errorf("%s is the batch file of batch %s, not %s", pf, d.Root, root)
	}
	var ans batchMemberAnswer
	var onChain invoice.BatchView
	if err := env.query(cmd, paths.Batch(root.String()), &ans.Batch); err != nil {
		return err
	}
	if err := json.Unmarshal(ans.Batch, &onChain); err != nil {
		return err
	}
	ans.DocHash, ans.Index = d.DocHash, d.Index
	ans.Proved = d.Verify(root, onChain.Count)
	ans.Status = invoice.StatusIssued
	var rev json.RawMessage
	switch err := env.query(cmd, paths.Revocation(d.DocHash.String()), &rev); {
	case err == nil:
		ans.Status, ans.Revoked = invoice.StatusRevoked, rev
	default:
		var qe *client.QueryError
		if !errors.As(err, &qe) || qe.Code != codes.QueryNotFound.Code {
			return err
		}
	}
	if err := env.print(cmd, ans, func(w io.Writer) {
		fmt.Fprintf(w, "document %s\nbatch    %s (%d documents, issuer %s, anchored at height %d)\nindex    %d\nproved   %v\nstatus   %s\n",
			ans.DocHash, root, onChain.Count, onChain.Issuer, onChain.Anchored.Height, ans.Index, ans.Proved, ans.Status)
	}); err != nil {
		return err
	}
	if !ans.Proved {
		return &exitError{code: 1, msg: "inclusion path does not verify against the anchored batch"}
	}
	return nil
}
