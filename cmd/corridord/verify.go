package main

import (
	"context"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/corridor-trade/corridor/anchorplan"
	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/proof"
	"github.com/corridor-trade/corridor/proof/fetch"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/spf13/cobra"
)

func newVerifyCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "verify [FILE|HASH]",
		Short: "Check a document against the ledger yourself: proofs, signed header, verdict",
		Long: `Verify a document without trusting the node.

With FILE, the document hash is computed here (the canonical hash of its
format, or the SHA-256 of its bytes when the format is not recognised or the
document was anchored raw); with HASH (64 hex digits) it is taken as given.
The records the verdict needs are fetched from --node with ICS-23 proofs at
a height H, together with the signed header of height H+1 (whose app hash
commits to the state after block H), its commit and validator set; all of it
is then checked here against the trust root:

  --trust genesis.json            the genesis validator set signed the header,
                                  or the set governance changed it to, followed
                                  from genesis as a light client does (through
                                  the certificate's hops when it needs them)
                                  (default: <home>/config/genesis.json)
  --trust-height H --trust-hash X a header you already trust, verified
                                  forward with the light-client rules

With --certificate FILE (from "query certificate --out FILE") nothing is
fetched: the certificate is checked offline, "as of height H". FILE or HASH
is then optional and, when given, must match the certificate's document.

With --disclosure D.json (from "corridord disclose") nothing is fetched
either: the disclosure's fields are checked against its field root, its
attached certificate as above, and that the certificate's anchor carries
that field root; only the disclosed fields are printed.

A W3C Verifiable Credential FILE gets the credential verdict: the header,
proofs and signed-by lines, the credential's own proof, the attestation
made from it (--attestation ID) and its status list (--status-list); the
document lines that do not apply (anchored, paid, ...) are shown as n/a.

One line per check is printed, ✓, ✗ or – (not applicable); the command
exits with status 1 when any applicable check fails. See docs/proofs.md.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return runVerify(env, cmd, args) },
	}
	env.addNodeFlag(cmd)
	f := cmd.Flags()
	f.String("certificate", "", "verify this certificate file offline instead of asking a node")
	f.String("trust", "", "genesis.json whose validator set is trusted (default <home>/config/genesis.json)")
	f.Int64("trust-height", 0, "height of a trusted header (with --trust-hash)")
	f.String("trust-hash", "", "hash of the trusted header at --trust-height (hex)")
	f.Duration("trusting-period", proof.DefaultTrustingPeriod, "how long a header trusted by hash may be used")
	f.String("profile", "", "pick the document of this profile when FILE holds several, or hash FILE as raw with --profile raw")
	f.StringSlice("jurisdiction", nil, "report recognition only in these jurisdictions (default: all)")
	f.Int64("height", 0, "proof height H (default: the latest provable height)")
	f.String("disclosure", "", "verify this disclosure (corridord disclose) offline: its fields, its certificate and the anchored field root")
	addBatchFlags(cmd)
	addStatusFlags(cmd)
	return cmd
}

// addBatchFlags adds the flags that place a document inside a batch.
func addBatchFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.String("batch", "", "the batch file (tx invoice anchor --proofs-out) or dock ingest receipt that holds the document's inclusion path")
	f.String("batch-root", "", "the document was anchored inside the batch with this Merkle root")
	f.Uint64("batch-index", 0, "the document's index in the batch")
	f.StringSlice("batch-path", nil, "the document's inclusion path: sibling hashes from the leaf up, comma-separated hex")
	f.String("batch-field-root", "", "the document's field root, when it was batched with field commitments (hex)")
}

// batchFlag returns the batch member the flags name: from --batch FILE
// (the member whose document is one of cands, which it narrows to that
// one), or from --batch-root, --batch-index and --batch-path.
func batchFlag(cmd *cobra.Command, cands []candidate) (*anchorplan.Member, []candidate, error) {
	file, _ := cmd.Flags().GetString("batch")
	root, _ := cmd.Flags().GetString("batch-root")
	switch {
	case file != "" && root != "":
		return nil, nil, fmt.Errorf("give --batch FILE or --batch-root/--batch-index/--batch-path, not both")
	case file != "":
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, nil, err
		}
		b, err := anchorplan.DecodeBatch(data)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", file, err)
		}
		for _, c := range cands {
			if m, ok := b.Find(c.hash); ok {
				return &m, []candidate{c}, nil
			}
		}
		return nil, nil, fmt.Errorf("%s lists no member with this document's hash (batch %s)", file, b.Root)
	case root == "":
		return nil, cands, nil
	}
	idx, _ := cmd.Flags().GetUint64("batch-index")
	path, _ := cmd.Flags().GetStringSlice("batch-path")
	ref := &anchorplan.Member{Index: idx, Path: []invoice.Hash{}}
	var err error
	if ref.Root, err = invoice.ParseHash(root); err != nil {
		return nil, nil, fmt.Errorf("batch hash %q: want 64 hex digits", root)
	}
	if fr, _ := cmd.Flags().GetString("batch-field-root"); fr != "" {
		if ref.FieldRoot, err = invoice.ParseHash(fr); err != nil {
			return nil, nil, fmt.Errorf("--batch-field-root %q: want 64 hex digits", fr)
		}
	}
	for _, p := range path {
		h, err := invoice.ParseHash(p)
		if err != nil {
			return nil, nil, fmt.Errorf("batch hash %q: want 64 hex digits", p)
		}
		ref.Path = append(ref.Path, h)
	}
	return ref, cands, nil
}

// candidate is one document hash FILE or HASH may stand for.
type candidate struct {
	hash    [32]byte
	profile string
}

// documentArg reads FILE or HASH. For a file it returns the candidate
// hashes in order (the parsed documents, then the raw SHA-256) and the
// file's bytes.
func documentArg(arg, profile string) ([]candidate, []byte, error) {
	if _, err := os.Stat(arg); err != nil {
		if b, herr := hex.DecodeString(arg); herr == nil && len(b) == 32 {
			var h [32]byte
			copy(h[:], b)
			return []candidate{{hash: h}}, nil, nil
		}
		return nil, nil, fmt.Errorf("%s is neither a readable file nor a 64-hex-digit document hash: %v", arg, err)
	}
	data, err := readDocFile(arg)
	if err != nil {
		return nil, nil, err
	}
	var out []candidate
	if profile != formats.ProfileRaw {
		for _, d := range proof.FileHash(data) {
			if profile == "" || d.Profile == profile {
				out = append(out, candidate{hash: d.CanonicalHash, profile: d.Profile})
			}
		}
	}
	raw := formats.RawDocument(data)
	if len(out) == 0 || out[len(out)-1].hash != raw.CanonicalHash {
		if profile == "" || profile == formats.ProfileRaw {
			out = append(out, candidate{hash: raw.CanonicalHash, profile: formats.ProfileRaw})
		}
	}
	if len(out) == 0 {
		return nil, nil, fmt.Errorf("%s holds no document of profile %q", arg, profile)
	}
	return out, data, nil
}

// trustFlag returns the trust root the flags name. chainID is used for
// header trust (the trusted hash pins the chain anyway).
func trustFlag(env *cliEnv, cmd *cobra.Command, chainID func() (string, error)) (*proof.TrustRoot, error) {
	f := cmd.Flags()
	gen, _ := f.GetString("trust")
	th, _ := f.GetInt64("trust-height")
	hash, _ := f.GetString("trust-hash")
	period, _ := f.GetDuration("trusting-period")
	if (th != 0) != (hash != "") {
		return nil, fmt.Errorf("--trust-height and --trust-hash go together")
	}
	if th != 0 {
		if gen != "" {
			return nil, fmt.Errorf("give --trust genesis.json or --trust-height/--trust-hash, not both")
		}
		h, err := hex.DecodeString(hash)
		if err != nil || len(h) != 32 {
			return nil, fmt.Errorf("--trust-hash: want 64 hex digits")
		}
		id, err := chainID()
		if err != nil {
			return nil, err
		}
		return proof.HeaderTrust(id, th, h, period), nil
	}
	if gen == "" {
		gen = filepath.Join(env.Home(), "config", "genesis.json")
		if _, err := os.Stat(gen); err != nil {
			return nil, fmt.Errorf("no trust root: give --trust genesis.json, or --trust-height and --trust-hash")
		}
	}
	return proof.LoadGenesisTrust(gen)
}

func runVerify(env *cliEnv, cmd *cobra.Command, args []string) error {
	if p, _ := cmd.Flags().GetString("disclosure"); p != "" {
		return runVerifyDisclosure(env, cmd, args, p)
	}
	ctx := ctxOf(cmd)
	profile, _ := cmd.Flags().GetString("profile")
	jurisdictions, _ := cmd.Flags().GetStringSlice("jurisdiction")
	opts := proof.Options{Jurisdictions: jurisdictions}
	var cands []candidate
	if len(args) == 1 {
		var err error
		if cands, opts.File, err = documentArg(args[0], profile); err != nil {
			return err
		}
	}
	lists, statusRef, err := statusOptions(cmd, opts.File)
	if err != nil {
		return err
	}
	opts.StatusLists = lists
	if opts.Attestation, err = attestationFlag(cmd); err != nil {
		return err
	}

	var cert *proof.Certificate
	certPath, _ := cmd.Flags().GetString("certificate")
	if certPath != "" {
		// Offline: no client is constructed on this path.
		var err error
		if cert, err = proof.ReadCertificate(certPath); err != nil {
			return err
		}
		if len(cands) > 0 && opts.File == nil {
			if h, _ := cert.DocHash(); h != cands[0].hash {
				return fmt.Errorf("the certificate is about document %s, not %x", cert.Document.Hash, cands[0].hash)
			}
		}
	} else {
		if len(cands) == 0 {
			return fmt.Errorf("give FILE or HASH, or --certificate FILE")
		}
		batch, cands, err := batchFlag(cmd, cands)
		if err != nil {
			return err
		}
		c, err := env.client(cmd)
		if err != nil {
			return err
		}
		height, _ := cmd.Flags().GetInt64("height")
		th, _ := cmd.Flags().GetInt64("trust-height")
		fo := fetch.Options{Height: height, Batch: batch, TrustHeight: th, Jurisdictions: jurisdictions, Status: statusRef, Attestation: opts.Attestation}
		cert, err = fetchFirstAnchored(ctx, c.RPC, cands, fo)
		if err != nil {
			return err
		}
	}
	trust, err := trustFlag(env, cmd, func() (string, error) { return cert.ChainID, nil })
	if err != nil {
		return err
	}
	v, err := proof.VerifyCertificateWith(cert, trust, opts)
	if err != nil {
		return err
	}
	if err := env.print(cmd, v, v.WriteText); err != nil {
		return err
	}
	if !v.Valid {
		return &exitError{code: 1, msg: fmt.Sprintf("verification failed: %d checks failed", len(v.Failed()))}
	}
	return nil
}

// fetchFirstAnchored builds the certificate of the first candidate hash
// that the node reports anchored (by its answer, checked later), or of the
// first candidate when none is: its verdict then says "not anchored".
func fetchFirstAnchored(ctx context.Context, rpc fetch.RPC, cands []candidate, fo fetch.Options) (*proof.Certificate, error) {
	var first *proof.Certificate
	for _, c := range cands {
		ctx, cancel := context.WithTimeout(ctx, time.Minute)
		cert, err := fetch.Build(ctx, rpc, c.hash, fo)
		cancel()
		if err != nil {
			return nil, err
		}
		if first == nil {
			first = cert
		}
		for _, r := range cert.Records {
			if (r.Kind == "invoice" || r.Kind == "batch") && r.Exists {
				return cert, nil
			}
		}
	}
	return first, nil
}
