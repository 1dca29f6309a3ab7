package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/corridor-trade/corridor/anchorplan"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/internal/ingest"
	"github.com/spf13/cobra"
)

func newDockIngestCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "ingest DIR --from NAME",
		Short: "Anchor every document of a directory, with receipts and a resumable journal",
		Long: `ingest walks DIR (skipping hidden files and directories), detects each file's
format and anchors it as the planner every door shares decides
(docs/invoice.md, "How a document becomes messages"): invoices, credit
notes and OpenAttestation documents in Merkle batches per profile (when the
run has one file to anchor and it holds only invoices, each is anchored on
its own, in one transaction; --mode overrides), and ISO 20022 payment proofs (pacs.008, camt.054) as payment
records against invoices already individually anchored on chain (the
invoice is named in RfrdDocInf/Nb by its document hash or by the number of
an invoice in DIR; otherwise the file is reported and not recorded).
Documents never leave this machine; only hashes and the public fields are
sent.

Every file gets a receipt (printed, and written to
DIR/.corridor-ingest/receipts/): raw and canonical hashes, then the height
and transaction that anchored it, or the error and rule that stopped it.
Batch receipts carry the batch file of the file's documents (their index
and inclusion path), which verify --batch and revoke --proofs read.

The journal (DIR/.corridor-ingest/journal.jsonl, or --journal) records each
signed transaction before it is broadcast and its outcome after, fsynced. If
ingest is killed, rerun the same command: it settles what was in flight
(found by hash or on chain, or rebroadcast byte for byte), skips what is
anchored and anchors the rest, so nothing is anchored twice and nothing is
skipped. See docs/docking.md.

With --fields every invoice is anchored with field commitments, as tx
invoice anchor --fields does (docs/disclosure.md): the salts of each
document's fields are written, before anything is sent, to
FILE.secrets.json beside its file (FILE.<hash>.secrets.json when the file
holds several documents), mode 0600 and never overwritten; the receipt
lists them. corridord disclose FILE finds them there. A rerun after a
crash reuses a secrets file that matches its document; one that does not is
left alone and its file is not anchored (disclose/secrets_exist).

Exit status 1 when any file was not anchored or was rejected.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			from := env.flag(cmd, "from")
			if from == "" {
				return fmt.Errorf("--from is required: the name of the signing key")
			}
			kr, err := openKeyring(env, cmd)
			if err != nil {
				return err
			}
			key, err := kr.Key(from)
			if err != nil {
				return err
			}
			c, err := env.client(cmd)
			if err != nil {
				return err
			}
			opts := ingest.Options{Dir: args[0], Key: key, Client: c, Log: cmd.ErrOrStderr()}
			opts.Journal, _ = cmd.Flags().GetString("journal")
			opts.BatchSize, _ = cmd.Flags().GetInt("batch-size")
			opts.Wait, _ = cmd.Flags().GetDuration("timeout")
			opts.FieldCommitments, _ = cmd.Flags().GetBool("fields")
			mode, _ := cmd.Flags().GetString("mode")
			if opts.Mode, err = anchorplan.ParseMode(mode); err != nil {
				return err
			}
			if b, _ := cmd.Flags().GetString("buyer"); b != "" {
				if opts.Buyer, err = secp.ParseAddress(b); err != nil {
					return fmt.Errorf("--buyer: %w", err)
				}
			}
			var bar *progressLine
			opts.Progress = func(done, total int) {
				if bar == nil {
					bar = newProgressLine(cmd, "ingest", total)
				}
				bar.step(done)
			}
			out := cmd.OutOrStdout()
			opts.Receipt = func(r *ingest.Receipt) { printReceipt(out, env.outputJSON(), r) }
			sum, err := ingest.Run(ctxOf(cmd), opts)
			if bar != nil {
				bar.done()
			}
			if err != nil {
				return err
			}
			if env.outputJSON() {
				b, _ := json.Marshal(map[string]any{"summary": sum})
				fmt.Fprintln(out, string(b))
			} else {
				fmt.Fprintf(out, "%d files: %v\njournal %s\nreceipts in %s\n", sum.Files, sum.ByStatus, sum.Journal, sum.Receipts)
			}
			if sum.Failed > 0 {
				return &exitError{code: 1, msg: fmt.Sprintf("%d files were not anchored", sum.Failed)}
			}
			return nil
		},
	}
	f := cmd.Flags()
	env.addNodeFlag(cmd)
	f.String("from", "", "name of the signing key in the keyring (required)")
	f.String("keyring-backend", "file", "keyring backend: file (encrypted) or test (plain, devnets only)")
	f.String("journal", "", "journal path (default DIR/.corridor-ingest/journal.jsonl)")
	f.Int("batch-size", ingest.DefaultBatchSize, "most documents in one batch")
	f.String("mode", "auto", "auto (a run with one invoice file anchors its invoices on their own), single or batch")
	f.Duration("timeout", ingest.DefaultWait, "how long to wait for each transaction to commit")
	f.Bool("fields", false, "anchor with field commitments, as tx invoice anchor --fields: each document's field secrets go to FILE.secrets.json beside it (0600, never overwritten; the receipt names it)")
	f.String("buyer", "", "buyer member address for invoices anchored on their own (default: a salted commitment to the document's buyer id)")
	return cmd
}

// printReceipt prints one receipt: a JSON line, or a text line.
func printReceipt(w io.Writer, asJSON bool, r *ingest.Receipt) {
	if asJSON {
		b, _ := json.Marshal(r)
		fmt.Fprintln(w, string(b))
		return
	}
	line := fmt.Sprintf("%-16s %s", r.Status, r.File)
	if r.Height > 0 {
		line += fmt.Sprintf("  height %d", r.Height)
	}
	if r.TxHash != "" {
		line += "  tx " + r.TxHash
	}
	if r.Root != "" {
		line += "  batch " + r.Root
	}
	if r.BuyerSalt != "" {
		line += "  buyer salt " + r.BuyerSalt + " (keep it)"
	}
	for _, s := range r.Secrets {
		line += "  field secrets " + s + " (keep it)"
	}
	if e := r.Error; e != nil && r.Status == ingest.StatusSkipped {
		line += "  (" + e.Error + ": " + r.Note + ")"
	} else if e != nil {
		line += "  ERROR"
		for _, s := range []string{e.Error, e.Where, e.Rule, e.Message} {
			if s != "" {
				line += ": " + s
			}
		}
	} else if r.Note != "" && r.Status == ingest.StatusSkipped {
		line += "  (" + r.Note + ")"
	}
	fmt.Fprintln(w, line)
}
