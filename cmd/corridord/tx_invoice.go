package main

import (
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/corridor-trade/corridor/anchorplan"
	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/kit/paths"
	"github.com/corridor-trade/corridor/x/membership"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// newTxInvoiceCmd builds "tx invoice": anchor, cancel and revoke. Documents
// are hashed on this machine; only hashes, the fingerprint and the public
// invoice fields are sent.
func newTxInvoiceCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{Use: "invoice", Short: "Anchor, cancel and revoke e-invoices (signer: trader)"}

	anchor := &cobra.Command{
		Use:   "anchor FILE... --from NAME",
		Short: "Anchor invoices on their own, or documents as a Merkle batch",
		Long: `Anchor hashes the documents locally; they never leave this machine.

How documents become messages is decided by the planner every door shares
(docs/invoice.md, "How a document becomes messages"). In short, with
--mode auto (the default): when one FILE holds the documents, and every one
of them is an invoice, each invoice is anchored on its own, all in one
transaction: its document hash, the Argon2id fingerprint of its invoice
number (computed here: the number never goes on-chain), a buyer reference,
issue date, currency and total. Otherwise (several files, credit notes,
OpenAttestation documents) the document hashes become Merkle batches, one
per profile: only the root is anchored, and every document's inclusion path
is written to --proofs-out (the batch file), which is what later proves (or
revokes) one of them. Batches carry no fingerprint and cannot receive
payments.

The buyer is --buyer (a member), or a salted commitment to --buyer-id or,
when not given, to the buyer identifier written in the invoice. Fields are
read from the document; --number, --issue-date, --currency and --total fill
in missing ones and must agree with the document when both are present. For
--profile raw the hash is the SHA-256 of the bytes and those flags are
required. Documents that fail their own integrity check, documents that are
not trade documents and invoices lacking a buyer are refused with a plan/
code, and then nothing is sent. --dry-run prints the plan and sends nothing.

With --fields every disclosable field of each document (seller.id, total,
hs-codes, ...; docs/disclosure.md) gets a fresh 32-byte salt, and the root
of the salted commitments is anchored with the invoice (or batch member).
The salts are written, before anything is sent, to FILE.secrets.json
beside the input (FILE.<hash>.secrets.json when FILE holds several
documents) or to --secrets-out, mode 0600; an existing file is never
overwritten (disclose/secrets_exist). Keep it: "corridord disclose" needs it
to reveal a field, and without it no field can ever be shown.

Profiles: ubl-2.1, cii-d16b, edifact-invoic, openattestation-v2 (the hash
is the document's merkleRoot), raw; default: each document's own.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return anchorFiles(env, cmd, args) },
	}
	f := anchor.Flags()
	f.String("profile", "", "canonical-hash profile (default: the detected one; raw: the SHA-256 of the bytes)")
	f.String("mode", "auto", "auto, single (every invoice on its own) or batch (Merkle batches)")
	f.String("duplicates", "merge", "a document given twice: merge (anchored once) or refuse")
	f.String("buyer", "", "buyer's member address (cor1...)")
	f.String("buyer-id", "", "buyer's scheme-qualified identifier (e.g. 0195:201234567K) for a salted commitment (default: the one in the invoice)")
	f.String("buyer-salt", "", "32-byte hex salt of the buyer commitment (default: random, printed once: keep it)")
	f.String("number", "", "invoice number (never sent: only its fingerprint is)")
	f.String("issue-date", "", "issue date YYYY-MM-DD")
	f.String("currency", "", "ISO 4217 currency code")
	f.String("total", "", "amount due, a plain decimal such as 1250.50")
	f.String("proofs-out", "", "where a batch's file (root and inclusion paths) is written (default batch-<root>.json)")
	f.Bool("dry-run", false, "print the plan (messages, batches, refusals) and send nothing")
	f.Bool("fields", false, "commit to every disclosable field with a fresh salt and anchor the field root (docs/disclosure.md); the salts go to FILE.secrets.json")
	f.String("secrets-out", "", "with --fields and one document: write its field secrets here instead of FILE.secrets.json")

	cancel := &cobra.Command{
		Use:   "cancel HASH --reason TEXT --from NAME",
		Short: "Cancel an invoice you issued that has received no payment",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			h, err := invoice.ParseHash(args[0])
			if err != nil {
				return fmt.Errorf("HASH: %w", err)
			}
			reason, _ := cmd.Flags().GetString("reason")
			return env.sendTx(cmd, "", &invoice.MsgCancel{DocHash: h, Reason: reason})
		},
	}
	cancel.Flags().String("reason", "", "why (public, at most 140 bytes, never personal data; required)")
	_ = cancel.MarkFlagRequired("reason")

	revoke := &cobra.Command{
		Use:   "revoke HASH|FILE --proofs BATCH.json --from NAME",
		Short: "Revoke one document of a batch you anchored, by its inclusion path",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			pf, _ := cmd.Flags().GetString("proofs")
			m, err := batchMember(pf, args[0])
			if err != nil {
				return err
			}
			reason, _ := cmd.Flags().GetString("reason")
			return env.sendTx(cmd, "", &invoice.MsgRevokeBatchMember{DocHash: m.DocHash, Root: m.Root, Index: m.Index, Path: m.Path, Reason: reason, FieldRoot: m.FieldRoot})
		},
	}
	revoke.Flags().String("proofs", "", "the batch file written by anchor, or the dock ingest receipt of the document (required)")
	revoke.Flags().String("reason", "", "why (public, at most 140 bytes, never personal data)")
	_ = revoke.MarkFlagRequired("proofs")

	for _, c := range []*cobra.Command{anchor, cancel, revoke} {
		env.addTxFlags(c)
		cmd.AddCommand(c)
	}
	return cmd
}

// readDocuments reads FILE as the planner's input: its parsed documents,
// or, for --profile raw, the file's bytes as one raw document.
func readDocuments(path, profile string) (anchorplan.File, error) {
	f := anchorplan.File{Name: path}
	data, err := readDocFile(path)
	if err != nil {
		return f, err
	}
	if profile == invoice.ProfileRaw {
		f.Docs = []formats.Document{formats.RawDocument(data)}
		return f, nil
	}
	if f.Docs, err = formats.Parse(data); err != nil {
		return f, fmt.Errorf("%s: %w", path, err)
	}
	return f, nil
}

// anchorPolicy reads the planner's policy from the flags.
func anchorPolicy(cmd *cobra.Command) (anchorplan.Policy, error) {
	fl := cmd.Flags()
	var pol anchorplan.Policy
	var err error
	pol.Profile, _ = fl.GetString("profile")
	mode, _ := fl.GetString("mode")
	if pol.Mode, err = anchorplan.ParseMode(mode); err != nil {
		return pol, err
	}
	dups, _ := fl.GetString("duplicates")
	if pol.Duplicates, err = anchorplan.ParseDuplicates(dups); err != nil {
		return pol, err
	}
	if b, _ := fl.GetString("buyer"); b != "" {
		if pol.BuyerMember, err = secp.ParseAddress(b); err != nil {
			return pol, fmt.Errorf("--buyer: %w", err)
		}
	}
	pol.BuyerID, _ = fl.GetString("buyer-id")
	if saltHex, _ := fl.GetString("buyer-salt"); saltHex != "" {
		s, err := hex.DecodeString(saltHex)
		if err != nil || len(s) != 32 {
			return pol, fmt.Errorf("--buyer-salt must be 64 hex digits")
		}
		pol.BuyerSalt = new([32]byte)
		copy(pol.BuyerSalt[:], s)
	}
	pol.Fields.Number, _ = fl.GetString("number")
	pol.Fields.IssueDate, _ = fl.GetString("issue-date")
	pol.Fields.Currency, _ = fl.GetString("currency")
	pol.Fields.Total, _ = fl.GetString("total")
	pol.FieldCommitments, _ = fl.GetBool("fields")
	if out, _ := fl.GetString("secrets-out"); out != "" && !pol.FieldCommitments {
		return pol, fmt.Errorf("--secrets-out goes with --fields")
	}
	return pol, nil
}

// anchorFiles plans the files with the shared planner and sends the plan's
// messages in one transaction, or nothing when any document is refused.
func anchorFiles(env *cliEnv, cmd *cobra.Command, paths []string) error {
	pol, err := anchorPolicy(cmd)
	if err != nil {
		return err
	}
	bar := newProgressLine(cmd, "hashing", len(paths))
	var files []anchorplan.File
	for i, p := range paths {
		f, err := readDocuments(p, pol.Profile)
		bar.step(i + 1)
		if err != nil {
			bar.done()
			return err
		}
		files = append(files, f)
	}
	bar.done()
	if pol.Issuer, err = signerAccount(env, cmd); err != nil {
		return err
	}
	plan, err := anchorplan.Make(files, pol)
	if err != nil {
		return err
	}
	if dry, _ := cmd.Flags().GetBool("dry-run"); dry {
		if err := env.print(cmd, plan, func(w io.Writer) { writePlan(w, plan) }); err != nil {
			return err
		}
		return plan.Err()
	}
	if err := plan.Err(); err != nil {
		writeRefusals(cmd.ErrOrStderr(), plan)
		return err
	}
	stderr := cmd.ErrOrStderr()
	for _, s := range plan.Singles {
		fmt.Fprintf(stderr, "invoice %s  fingerprint %s\n", s.Msg.DocHash, s.Msg.Fingerprint)
	}
	if plan.BuyerSalt != "" && pol.BuyerSalt == nil {
		fmt.Fprintf(stderr, "buyer commitment salt: %s\nKEEP IT: it is the only way to show who the buyer is; it is not sent.\n", plan.BuyerSalt)
	}
	secretsOut, _ := cmd.Flags().GetString("secrets-out")
	targets, err := client.SecretsTargets(plan, secretsOut)
	if err != nil {
		return err
	}
	if err := writeBatchFiles(cmd, plan); err != nil {
		return err
	}
	if err := client.WriteSecretsFiles(targets); err != nil {
		return err
	}
	for _, t := range targets {
		fmt.Fprintf(stderr, "field secrets of %x (%d fields, root %x) written to %s\nKEEP IT: it is the only way to disclose a field; it is not sent.\n",
			t.Secrets.DocHash[:], len(t.Secrets.Fields), t.Secrets.Root[:], t.Path)
	}
	return env.sendTx(cmd, "", plan.Msgs()...)
}

// writeBatchFiles writes each batch's file before anything is sent: the
// inclusion paths are what later prove each document.
func writeBatchFiles(cmd *cobra.Command, plan *anchorplan.Plan) error {
	out, _ := cmd.Flags().GetString("proofs-out")
	if out != "" && len(plan.Batches) > 1 {
		return fmt.Errorf("the documents make %d batches (one per profile): omit --proofs-out, each is written to batch-<root>.json", len(plan.Batches))
	}
	for i := range plan.Batches {
		b := &plan.Batches[i]
		name := out
		if name == "" {
			name = "batch-" + b.Root.String()[:16] + ".json"
		}
		data, err := anchorplan.EncodeBatch(b)
		if err != nil {
			return err
		}
		if err := os.WriteFile(name, data, 0o600); err != nil {
			return fmt.Errorf("write the batch file: %w", err)
		}
		fmt.Fprintf(cmd.ErrOrStderr(), "batch of %d documents (%s), root %s\nbatch file written to %s (keep it: it proves each document)\n",
			b.Count, b.Profile, b.Root, name)
	}
	return nil
}

// writePlan prints a plan for people.
func writePlan(w io.Writer, plan *anchorplan.Plan) {
	fmt.Fprintf(w, "mode %s\n", plan.Mode)
	for _, s := range plan.Singles {
		fmt.Fprintf(w, "%s %s (%s, %s %s, issued %s) from %s\n", s.Msg.Type(), s.Msg.DocHash, s.Msg.Profile, s.Msg.Currency, s.Msg.Total,
			s.Msg.IssueDate, strings.Join(s.Files, ", "))
	}
	for i := range plan.Batches {
		b := &plan.Batches[i]
		fmt.Fprintf(w, "%s %s (%s, %d documents)\n", invoice.TypeAnchorBatch, b.Root, b.Profile, b.Count)
		for _, m := range b.Members {
			fmt.Fprintf(w, "  %d %s %s\n", m.Index, m.DocHash, m.File)
		}
	}
	writeRefusals(w, plan)
}

func writeRefusals(w io.Writer, plan *anchorplan.Plan) {
	for _, r := range plan.Refused {
		fmt.Fprintf(w, "refused (%s): %s\n", r.Code, r)
	}
}

// batchMember returns the member of the batch file (or receipt) at path
// named by arg: a document hash, or a file hashed under the batch's
// profile. Its path is checked against the root.
func batchMember(path, arg string) (anchorplan.Member, error) {
	data, err := readJSONFile(path)
	if err != nil {
		return anchorplan.Member{}, err
	}
	b, err := anchorplan.DecodeBatch(data)
	if err != nil {
		return anchorplan.Member{}, fmt.Errorf("%s: %w", path, err)
	}
	want, err := invoice.ParseHash(arg)
	if err != nil {
		f, ferr := readDocuments(arg, b.Profile)
		if ferr != nil {
			return anchorplan.Member{}, fmt.Errorf("%q is neither a document hash nor a readable %s document: %w", arg, b.Profile, ferr)
		}
		var hashes []invoice.Hash
		for _, d := range f.Docs {
			if d.Profile == b.Profile {
				hashes = append(hashes, invoice.Hash(d.CanonicalHash))
			}
		}
		if len(hashes) != 1 {
			return anchorplan.Member{}, fmt.Errorf("%s holds %d %s documents; name the one you mean by its hash", arg, len(hashes), b.Profile)
		}
		want = hashes[0]
	}
	m, ok := b.Find(want)
	if !ok {
		return anchorplan.Member{}, fmt.Errorf("document %s is not in batch %s", want, b.Root)
	}
	return m, nil
}

// signerAccount returns the account address of the key named from: the
// address the chain knows, which differs from the key's own after a key
// rotation.
func signerAccount(env *cliEnv, cmd *cobra.Command) (secp.Address, error) {
	from := env.flag(cmd, "from")
	if from == "" {
		return secp.Address{}, fmt.Errorf("--from is required: the name of the signing key")
	}
	kr, err := openKeyring(env, cmd)
	if err != nil {
		return secp.Address{}, err
	}
	info, err := kr.Show(from)
	if err != nil {
		return secp.Address{}, err
	}
	var m membership.Member
	if err := env.query(cmd, paths.MemberByKey(info.PubKey.String()), &m); err != nil {
		return secp.Address{}, fmt.Errorf("key %s is not a member's current key: %w", from, err)
	}
	return m.Address, nil
}

// progressLine writes a one-line progress indicator to stderr when stderr is a
// terminal, and nothing otherwise.
type progressLine struct {
	w     io.Writer
	on    bool
	label string
	total int
}

func newProgressLine(cmd *cobra.Command, label string, total int) *progressLine {
	w := cmd.ErrOrStderr()
	f, ok := w.(*os.File)
	return &progressLine{w: w, on: ok && term.IsTerminal(int(f.Fd())), label: label, total: total}
}

func (p *progressLine) step(n int) {
	if p.on && (n == p.total || n%50 == 0) {
		fmt.Fprintf(p.w, "\r%s %d/%d", p.label, n, p.total)
	}
}

func (p *progressLine) done() {
	if p.on {
		fmt.Fprintln(p.w)
	}
}
