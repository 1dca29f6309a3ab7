package main

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/kit"
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
		Use:   "anchor FILE... --profile P --from NAME",
		Short: "Anchor one invoice, or several files as one batch",
		Long: `Anchor hashes the documents locally; they never leave this machine.

With one FILE, the invoice is anchored on its own: its document hash, the
Argon2id fingerprint of its invoice number (computed here: the number never
goes on-chain), the buyer reference, issue date, currency and total. For
--profile raw the hash is the SHA-256 of the bytes and --number,
--issue-date, --currency and --total are required; for the other profiles
the fields are read from the document (flags may fill in missing ones, and
must agree with it when both are present). A file holding several
invoices (an EDIFACT interchange) anchors each, in one transaction.

With several FILEs, their document hashes become one batch: only the
Merkle root is anchored, and the inclusion path of every document is
written to --proofs-out, which is what later proves (or revokes) one of
them. Batches carry no fingerprint and cannot receive payments.

Profiles: ubl-2.1, cii-d16b, edifact-invoic, openattestation-v2 (the hash
is the document's merkleRoot), raw.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			profile, _ := cmd.Flags().GetString("profile")
			if !knownInvoiceProfile(profile) {
				return fmt.Errorf("--profile %q: want one of %s", profile, strings.Join(invoice.Profiles(), ", "))
			}
			if len(args) > 1 {
				return anchorBatch(env, cmd, profile, args)
			}
			return anchorOne(env, cmd, profile, args[0])
		},
	}
	f := anchor.Flags()
	f.String("profile", "", "canonical-hash profile (required)")
	f.String("buyer", "", "buyer's member address (cor1...)")
	f.String("buyer-id", "", "buyer's scheme-qualified identifier (e.g. 0195:201234567K) for a salted commitment, when the buyer is not a member")
	f.String("buyer-salt", "", "32-byte hex salt of the buyer commitment (default: random, printed once: keep it)")
	f.String("number", "", "invoice number (never sent: only its fingerprint is)")
	f.String("issue-date", "", "issue date YYYY-MM-DD")
	f.String("currency", "", "ISO 4217 currency code")
	f.String("total", "", "amount due, a plain decimal such as 1250.50")
	f.String("proofs-out", "", "where a batch's inclusion paths are written (default batch-<root>.json)")
	_ = anchor.MarkFlagRequired("profile")

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
			proofs, err := readBatchProofs(pf)
			if err != nil {
				return err
			}
			d, err := proofs.find(args[0])
			if err != nil {
				return err
			}
			reason, _ := cmd.Flags().GetString("reason")
			return env.sendTx(cmd, "", &invoice.MsgRevokeBatchMember{DocHash: d.DocHash, Root: proofs.Root, Index: d.Index, Path: d.Path, Reason: reason})
		},
	}
	revoke.Flags().String("proofs", "", "the batch's proofs file written by anchor (required)")
	revoke.Flags().String("reason", "", "why (public, at most 140 bytes, never personal data)")
	_ = revoke.MarkFlagRequired("proofs")

	for _, c := range []*cobra.Command{anchor, cancel, revoke} {
		env.addTxFlags(c)
		cmd.AddCommand(c)
	}
	return cmd
}

func knownInvoiceProfile(p string) bool {
	for _, k := range invoice.Profiles() {
		if k == p {
			return true
		}
	}
	return false
}

// hashedDoc is one document hashed locally.
type hashedDoc struct {
	file string
	hash invoice.Hash
	inv  *formats.Invoice // nil for raw and for documents without invoice fields
	kind formats.Kind
}

// hashInvoiceFile returns the documents of profile in path. For raw the file is
// one document, hashed byte for byte.
func hashInvoiceFile(path, profile string) ([]hashedDoc, error) {
	if profile == invoice.ProfileRaw {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		h := sha256.New()
		if _, err := io.Copy(h, f); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		var d hashedDoc
		d.file = path
		copy(d.hash[:], h.Sum(nil))
		return []hashedDoc{d}, nil
	}
	data, err := readDocFile(path)
	if err != nil {
		return nil, err
	}
	docs, err := formats.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var out []hashedDoc
	var seen []string
	for _, d := range docs {
		seen = append(seen, d.Profile)
		if d.Profile != profile {
			continue
		}
		if d.Integrity != nil && d.Integrity.Checked && !d.Integrity.Valid {
			return nil, fmt.Errorf("%s: the document's own integrity check fails (%s): refusing to anchor it", path, d.Integrity.Reason)
		}
		out = append(out, hashedDoc{file: path, hash: invoice.Hash(d.CanonicalHash), inv: d.Invoice, kind: d.Kind})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s holds no %s document (found: %s); choose the matching --profile, or raw", path, profile, strings.Join(seen, ", "))
	}
	return out, nil
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

// invoiceField returns the document's value, the flag's, or an error when both are
// set and differ.
func invoiceField(cmd *cobra.Command, flag, fromDoc string) (string, error) {
	v, _ := cmd.Flags().GetString(flag)
	switch {
	case fromDoc == "":
		if v == "" {
			return "", fmt.Errorf("--%s is required (the document does not carry it)", flag)
		}
		return v, nil
	case v != "" && v != fromDoc:
		return "", fmt.Errorf("--%s %q differs from the document's %q", flag, v, fromDoc)
	}
	return fromDoc, nil
}

func anchorOne(env *cliEnv, cmd *cobra.Command, profile, path string) error {
	docs, err := hashInvoiceFile(path, profile)
	if err != nil {
		return err
	}
	issuer, err := signerAccount(env, cmd)
	if err != nil {
		return err
	}
	buyerMember, buyerCommit, err := invoiceBuyerRef(cmd)
	if err != nil {
		return err
	}
	var msgs []kit.Msg
	for _, d := range docs {
		if d.kind == formats.KindCreditNote {
			return fmt.Errorf("%s is a credit note: only invoices are anchored for financing (anchor it in a batch, or as raw)", path)
		}
		var in formats.Invoice
		if d.inv != nil {
			in = *d.inv
		}
		number, err := invoiceField(cmd, "number", in.Number)
		if err != nil {
			return err
		}
		date, err := invoiceField(cmd, "issue-date", in.IssueDate)
		if err != nil {
			return err
		}
		currency, err := invoiceField(cmd, "currency", in.Currency)
		if err != nil {
			return err
		}
		total, err := invoiceField(cmd, "total", in.Total)
		if err != nil {
			return err
		}
		if total, err = invoice.CanonicalAmount(total); err != nil {
			return err
		}
		fmt.Fprintf(cmd.ErrOrStderr(), "computing the fingerprint of invoice %s (Argon2id, about a second)...\n", number)
		fp, err := invoice.Fingerprint(issuer, number)
		if err != nil {
			return err
		}
		msgs = append(msgs, &invoice.MsgAnchor{DocHash: d.hash, Profile: profile, Fingerprint: fp,
			BuyerMember: buyerMember, BuyerCommit: buyerCommit, IssueDate: date, Currency: currency, Total: total})
		fmt.Fprintf(cmd.ErrOrStderr(), "document %s  fingerprint %s\n", d.hash, fp)
	}
	return env.sendTx(cmd, "", msgs...)
}

// invoiceBuyerRef reads --buyer or --buyer-id/--buyer-salt.
func invoiceBuyerRef(cmd *cobra.Command) (secp.Address, invoice.Hash, error) {
	b, _ := cmd.Flags().GetString("buyer")
	id, _ := cmd.Flags().GetString("buyer-id")
	saltHex, _ := cmd.Flags().GetString("buyer-salt")
	switch {
	case b != "" && id != "":
		return secp.Address{}, invoice.Hash{}, fmt.Errorf("give --buyer (a member) or --buyer-id (a commitment), not both")
	case b != "":
		a, err := secp.ParseAddress(b)
		return a, invoice.Hash{}, err
	case id == "":
		return secp.Address{}, invoice.Hash{}, fmt.Errorf("a buyer is required: --buyer ADDRESS, or --buyer-id ID for a salted commitment")
	}
	var salt [32]byte
	if saltHex != "" {
		s, err := hex.DecodeString(saltHex)
		if err != nil || len(s) != 32 {
			return secp.Address{}, invoice.Hash{}, fmt.Errorf("--buyer-salt must be 64 hex digits")
		}
		copy(salt[:], s)
	} else {
		if _, err := rand.Read(salt[:]); err != nil {
			return secp.Address{}, invoice.Hash{}, err
		}
		fmt.Fprintf(cmd.ErrOrStderr(), "buyer commitment salt: %x\nKEEP IT: it is the only way to show who the buyer is; it is not sent.\n", salt)
	}
	return secp.Address{}, invoice.BuyerCommitment(salt, id), nil
}

// batchProofs is the file anchor writes for a batch: what proves any one
// document later.
type batchProofs struct {
	Root      invoice.Hash    `json:"root"`
	Count     uint64          `json:"count"`
	Profile   string          `json:"profile"`
	Documents []batchDocument `json:"documents"`
}

type batchDocument struct {
	File    string         `json:"file"`
	DocHash invoice.Hash   `json:"doc_hash"`
	Index   uint64         `json:"index"`
	Path    []invoice.Hash `json:"path"`
}

func readBatchProofs(path string) (*batchProofs, error) {
	b, err := readJSONFile(path)
	if err != nil {
		return nil, err
	}
	var p batchProofs
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &p, nil
}

// find returns the document named by a hash or a file (hashed under the
// batch's profile), and checks its path against the root.
func (p *batchProofs) find(arg string) (*batchDocument, error) {
	want, err := invoice.ParseHash(arg)
	if err != nil {
		docs, ferr := hashInvoiceFile(arg, p.Profile)
		if ferr != nil {
			return nil, fmt.Errorf("%q is neither a document hash nor a readable %s document: %w", arg, p.Profile, ferr)
		}
		if len(docs) != 1 {
			return nil, fmt.Errorf("%s holds %d documents; name the one you mean by its hash", arg, len(docs))
		}
		want = docs[0].hash
	}
	for i := range p.Documents {
		d := &p.Documents[i]
		if d.DocHash != want {
			continue
		}
		path := make([][32]byte, len(d.Path))
		for j, h := range d.Path {
			path[j] = h
		}
		if !invoice.VerifyInclusion(p.Root, d.DocHash, d.Index, p.Count, path) {
			return nil, fmt.Errorf("the proofs file's path for %s does not lead to root %s", d.DocHash, p.Root)
		}
		return d, nil
	}
	return nil, fmt.Errorf("document %s is not in batch %s", want, p.Root)
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

func anchorBatch(env *cliEnv, cmd *cobra.Command, profile string, files []string) error {
	for _, fl := range []string{"number", "issue-date", "currency", "total", "buyer", "buyer-id"} {
		if cmd.Flags().Changed(fl) {
			return fmt.Errorf("--%s applies to a single invoice; a batch anchors document hashes only", fl)
		}
	}
	bar := newProgressLine(cmd, "hashing", len(files))
	var docs []hashedDoc
	seen := map[invoice.Hash]string{}
	for i, f := range files {
		ds, err := hashInvoiceFile(f, profile)
		bar.step(i + 1)
		if err != nil {
			bar.done()
			return err
		}
		for _, d := range ds {
			if other, dup := seen[d.hash]; dup {
				bar.done()
				return fmt.Errorf("%s and %s hold the same document %s", other, d.file, d.hash)
			}
			seen[d.hash] = d.file
			docs = append(docs, d)
		}
		if len(docs) > invoice.MaxBatch {
			bar.done()
			return fmt.Errorf("more than %d documents: split the batch", invoice.MaxBatch)
		}
	}
	bar.done()
	leaves := make([][32]byte, len(docs))
	for i, d := range docs {
		leaves[i] = d.hash
	}
	root := invoice.Hash(invoice.MerkleRoot(leaves))
	paths := invoice.InclusionProofs(leaves)
	proofs := batchProofs{Root: root, Count: uint64(len(docs)), Profile: profile}
	for i, d := range docs {
		bd := batchDocument{File: filepath.Base(d.file), DocHash: d.hash, Index: uint64(i), Path: []invoice.Hash{}}
		for _, p := range paths[i] {
			bd.Path = append(bd.Path, p)
		}
		proofs.Documents = append(proofs.Documents, bd)
	}
	out, _ := cmd.Flags().GetString("proofs-out")
	if out == "" {
		out = "batch-" + root.String()[:16] + ".json"
	}
	b, err := json.MarshalIndent(&proofs, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, append(b, '\n'), 0o600); err != nil {
		return fmt.Errorf("write the inclusion paths: %w", err)
	}
	fmt.Fprintf(cmd.ErrOrStderr(), "batch of %d documents, root %s\ninclusion paths written to %s (keep it: it proves each document)\n", len(docs), root, out)
	return env.sendTx(cmd, "", &invoice.MsgAnchorBatch{Root: root, Count: uint64(len(docs)), Profile: profile})
}
