package proof

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/x/kit"
)

// Verdict is the outcome of verifying a certificate: one line per check.
// Valid is true exactly when every applicable line (every line not marked
// NA) is OK. Kind is "credential" for the verdict of a W3C Verifiable
// Credential (docs/proofs.md, "The credential verdict"), empty for a
// document. Revoked is set when a revocation or suspension line failed
// because the document or credential is revoked.
type Verdict struct {
	Valid     bool      `json:"valid"`
	Kind      string    `json:"kind,omitempty"`
	Revoked   bool      `json:"revoked,omitempty"`
	ChainID   string    `json:"chain_id"`
	Height    int64     `json:"height"`     // the proof height H
	BlockTime time.Time `json:"block_time"` // block time of height H, from the proven state
	Document  string    `json:"document"`
	Trust     string    `json:"trust"`
	Lines     []Line    `json:"checks"`
}

func (v *Verdict) add(check, label string, ok bool, detail string) {
	v.Lines = append(v.Lines, Line{Check: check, Label: label, OK: ok, Detail: detail})
}

// Failed returns the applicable lines that did not pass.
func (v *Verdict) Failed() []Line {
	var out []Line
	for _, l := range v.Lines {
		if !l.OK && !l.NA {
			out = append(out, l)
		}
	}
	return out
}

// Line returns the first line of the given check, or nil.
func (v *Verdict) Line(check string) *Line {
	for i := range v.Lines {
		if v.Lines[i].Check == check {
			return &v.Lines[i]
		}
	}
	return nil
}

// WriteText prints the verdict, one line per check, marked ✓ or ✗.
func (v *Verdict) WriteText(w io.Writer) {
	fmt.Fprintf(w, "document %s on %s, as of height %d", v.Document, v.ChainID, v.Height)
	if !v.BlockTime.IsZero() {
		fmt.Fprintf(w, " (%s)", fmtTime(v.BlockTime))
	}
	fmt.Fprintf(w, "\ntrust root: %s\n", v.Trust)
	na := 0
	for _, l := range v.Lines {
		mark := "✓"
		switch {
		case l.NA:
			mark = "–"
			na++
		case !l.OK:
			mark = "✗"
		}
		fmt.Fprintf(w, "  %s %s: %s\n", mark, l.Label, l.Detail)
	}
	what, revoked := "", ""
	if v.Kind == KindCredential {
		what = " (credential)"
	}
	if v.Revoked {
		revoked = " REVOKED:"
	}
	switch {
	case v.Valid && na > 0:
		fmt.Fprintf(w, "VALID%s: every applicable check passed (%d not applicable)\n", what, na)
	case v.Valid:
		fmt.Fprintln(w, "VALID: every check passed")
	default:
		fmt.Fprintf(w, "INVALID%s:%s %d of %d applicable checks failed\n", what, revoked, len(v.Failed()), len(v.Lines)-na)
	}
}

// Options tune VerifyCertificateWith.
type Options struct {
	// File is the document itself, when the verifier has it: its hash is
	// computed here (formats.Parse, falling back to the SHA-256 of the
	// bytes) and must equal the certificate's document hash.
	File []byte
	// Jurisdictions restricts the recognition lines to these codes; empty
	// means every jurisdiction the certificate proves.
	Jurisdictions []string
	// StatusLists are the status-list credentials the verifier was given
	// (formats.DecodeStatusList), for the credential-status lines.
	StatusLists []*formats.StatusList
	// Attestation names the identity attestation a credential is the
	// source of, for the attested line; nil means the certificate's
	// (Certificate.Attestation), if any.
	Attestation *[32]byte
}

// VerifyCertificate verifies cert against trust with no network at all and
// returns the verdict. The error is non-nil only when cert is unusable as
// a certificate (wrong format version, no document hash); everything else,
// including every kind of tampering, is a failed verdict line.
func VerifyCertificate(cert *Certificate, trust *TrustRoot) (*Verdict, error) {
	return VerifyCertificateWith(cert, trust, Options{})
}

// VerifyCertificateWith is VerifyCertificate with options. A certificate
// malformed enough to make a verification library panic is reported as an
// error, never as a verdict.
func VerifyCertificateWith(cert *Certificate, trust *TrustRoot, opts Options) (v *Verdict, err error) {
	defer func() {
		if r := recover(); r != nil {
			v, err = nil, fmt.Errorf("certificate is malformed: %v", r)
		}
	}()
	if cert == nil {
		return nil, errors.New("no certificate")
	}
	if trust == nil {
		return nil, errors.New("no trust root: give a genesis file or a trusted height and hash")
	}
	if cert.Format != FormatVersion {
		return nil, fmt.Errorf("certificate format %q is not %q", cert.Format, FormatVersion)
	}
	doc, err := cert.DocHash()
	if err != nil {
		return nil, fmt.Errorf("document hash: %w", err)
	}
	v = &Verdict{ChainID: cert.ChainID, Height: cert.Height, Document: cert.Document.Hash, Trust: trust.Describe()}

	// 1. The header of height H+1, against the trust root.
	var appHash []byte
	var signers []Signer
	var changes []int64
	headerErr := func() error {
		if cert.ChainID != trust.ChainID {
			return fmt.Errorf("certificate is for chain %q, the trust root is chain %q", cert.ChainID, trust.ChainID)
		}
		var err error
		if changes, err = trust.VerifyHeaderVia(&cert.Block, cert.Trusted, cert.Hops); err != nil {
			return err
		}
		sh := cert.Block.SignedHeader
		if sh.Height != cert.Height+1 {
			return fmt.Errorf("the header has height %d, but the app hash of height %d is in header %d", sh.Height, cert.Height, cert.Height+1)
		}
		appHash = sh.AppHash
		signers = signersOf(sh.Commit, cert.Block.ValidatorSet)
		return nil
	}()
	if headerErr != nil {
		v.add(CheckHeader, "header", false, headerErr.Error())
		v.add(CheckProofs, "proofs", false, "not checked: no record can be trusted without a verified header")
		return finish(v), nil
	}
	sh := cert.Block.SignedHeader
	v.add(CheckHeader, "header", true, fmt.Sprintf("header %d (%s) of %s verified against the %s%s; its app hash %X commits to the state after block %d",
		sh.Height, fmtTime(sh.Time), sh.ChainID, trust.Describe(), followed(changes, len(cert.Hops)), appHash, cert.Height))

	// 2. Every record's proof, against that app hash.
	kv := NewProvenKV()
	var bad []string
	seen := map[string]bool{}
	for i, r := range cert.Records {
		err := verifyRecord(appHash, &r)
		if err == nil && seen[string(r.Key)] {
			err = errors.New("the key appears twice")
		}
		seen[string(r.Key)] = true
		if err != nil {
			bad = append(bad, fmt.Sprintf("record %d (%s %x): %v", i, KindOf(r.Key), []byte(r.Key), err))
			continue
		}
		if r.Exists {
			kv.AddPresent(r.Key, r.Value)
		} else {
			kv.AddAbsent(r.Key)
		}
	}
	if len(bad) > 0 {
		v.add(CheckProofs, "proofs", false, strings.Join(bad, "; "))
	} else {
		v.add(CheckProofs, "proofs", true, fmt.Sprintf("%d records proven against the app hash (%d present, %d proven absent)",
			len(cert.Records), len(kv.present), len(kv.absent)))
	}
	v.BlockTime = kit.BlockTime(kv)

	// 3. The local file, when given.
	if opts.File != nil {
		ok, detail := checkFile(opts.File, doc)
		v.add(CheckDocument, "document not tampered with", ok, detail)
	}

	// 4. What the proven state says.
	in := StateInput{Doc: doc, Profile: cert.Document.Profile, Jurisdictions: opts.Jurisdictions, Signers: signers, Validators: cert.Block.ValidatorSet}
	if cert.Document.Batch != nil {
		in.Batch = &cert.Document
	}
	v.Lines = append(v.Lines, stateChecks(kv, in)...)
	v.Lines = append(v.Lines, certificateStatusLines(kv, cert, doc, opts)...)

	// 5. A credential is judged on the lines that apply to it.
	if d := credentialOf(opts.File, doc); d != nil {
		att := opts.Attestation
		var attErr error
		if att == nil && cert.Attestation != "" {
			id, err := parseHash32(cert.Attestation)
			att, attErr = &id, err
		}
		credentialVerdict(v, kv, d, att, attErr)
	}
	return finish(v), nil
}

// followed says through which validator-set changes genesis trust was
// followed to the header (nothing when there were none).
func followed(changes []int64, hops int) string {
	if len(changes) == 0 {
		return ""
	}
	hs := make([]string, len(changes))
	for i, h := range changes {
		hs[i] = fmt.Sprint(h)
	}
	what, at := "validator-set changes", "heights"
	if len(changes) == 1 {
		what, at = "validator-set change", "height"
	}
	carried := fmt.Sprintf("%d hops carried", hops)
	if hops == 1 {
		carried = "1 hop carried"
	}
	return fmt.Sprintf(", following %d %s (the set taken on at %s %s; %s)", len(changes), what, at, strings.Join(hs, ", "), carried)
}

// finish sets Valid (every applicable line passed, and there is one) and
// Revoked (an applicable line failed marked Revoked).
func finish(v *Verdict) *Verdict {
	applicable := 0
	v.Valid = true
	for _, l := range v.Lines {
		if l.NA {
			continue
		}
		applicable++
		v.Valid = v.Valid && l.OK
		if !l.OK && l.Revoked {
			v.Revoked = true
		}
	}
	v.Valid = v.Valid && applicable > 0
	return v
}

// verifyRecord checks one record's proof against appHash.
func verifyRecord(appHash []byte, r *Record) error {
	if len(r.Key) == 0 {
		return errors.New("empty key")
	}
	p, err := DecodeProof(r.Proof)
	if err != nil {
		return err
	}
	if r.Exists {
		err = VerifyValue(appHash, r.Key, r.Value, p)
	} else if len(r.Value) > 0 {
		err = errors.New("a record marked absent carries a value")
	} else {
		err = VerifyAbsence(appHash, r.Key, p)
	}
	if err != nil {
		return err
	}
	return checkLabels(r)
}

// checkLabels refuses a record whose human-readable parts say something
// other than its proved bytes: the kind must be the kind of the key, and a
// decoded view, when present, must be exactly what Decode makes of the
// key and value (a certificate made by a corridord that decoded some value
// differently verifies once its decoded views are removed).
func checkLabels(r *Record) error {
	if want := KindOf(r.Key); r.Kind != want {
		return fmt.Errorf("its kind label %q is not %q, the kind of its key", r.Kind, want)
	}
	if len(r.Decoded) == 0 {
		return nil
	}
	var have bytes.Buffer
	have.Grow(len(r.Decoded))
	if err := json.Compact(&have, r.Decoded); err != nil {
		return fmt.Errorf("its decoded view is not JSON: %v", err)
	}
	// Decode's output is json.Marshal's, compact already.
	if !bytes.Equal(have.Bytes(), Decode(r.Key, r.Value)) {
		return errors.New("its decoded view is not what its proved value decodes to (remove the decoded views to verify a certificate made by another version)")
	}
	return nil
}

// signersOf lists the validators whose commit signatures are for the block
// (the signatures were checked by VerifyHeader).
func signersOf(c *cmttypes.Commit, vals *cmttypes.ValidatorSet) []Signer {
	var out []Signer
	for _, s := range c.Signatures {
		if s.BlockIDFlag != cmttypes.BlockIDFlagCommit {
			continue
		}
		_, val := vals.GetByAddress(s.ValidatorAddress)
		if val == nil {
			continue
		}
		out = append(out, Signer{Address: s.ValidatorAddress, PubKey: val.PubKey.Bytes(), Power: val.VotingPower})
	}
	return out
}

// FileHash computes a document's canonical hash as the CLI does:
// formats.Parse, and the SHA-256 of the bytes when the file is not a
// recognised format. It returns every candidate hash with its profile (an
// EDIFACT interchange may hold several documents).
func FileHash(data []byte) []formats.Document {
	docs, err := formats.Parse(data)
	if err != nil || len(docs) == 0 {
		return []formats.Document{formats.RawDocument(data)}
	}
	return docs
}

func checkFile(data []byte, doc [32]byte) (bool, string) {
	docs := FileHash(data)
	raw := formats.RawDocument(data)
	for _, d := range append(docs, raw) {
		if bytes.Equal(d.CanonicalHash[:], doc[:]) {
			// A self-verifying format's canonical hash is the root it
			// declares (OpenAttestation's merkleRoot): it counts only if
			// the content still produces that root.
			if in := d.Integrity; in != nil && in.Checked && !in.Valid {
				return false, fmt.Sprintf("the file declares the certified hash %x as its %s root, but its own integrity check fails (%s): it was altered", doc, d.Profile, in.Reason)
			}
			return true, fmt.Sprintf("the file's %s hash, computed here, is the certified hash %x", d.Profile, doc)
		}
	}
	var got []string
	for _, d := range docs {
		got = append(got, fmt.Sprintf("%x (%s)", d.CanonicalHash[:], d.Profile))
	}
	return false, fmt.Sprintf("the file hashes to %s, not the certified hash %x: it is not the anchored document or it was altered", strings.Join(got, ", "), doc)
}
