package proof

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	cmtjson "github.com/cometbft/cometbft/libs/json"
	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/corridor-trade/corridor/anchorplan"
	"github.com/corridor-trade/corridor/internal/readlimit"
)

// FormatVersion names the certificate format this package writes and
// reads; docs/certificate.md describes it.
const FormatVersion = "corridor-certificate/1"

// Certificate is a self-contained, offline-verifiable bundle: the records a
// verdict about one document rests on, each with an ICS-23 proof against
// the app hash of height Height, and the signed header of height Height+1
// (whose AppHash is that app hash) with its commit and validator set.
type Certificate struct {
	Format   string      `json:"format"`
	ChainID  string      `json:"chain_id"`
	Height   int64       `json:"height"` // the proof height H
	Document DocumentRef `json:"document"`
	Records  []Record    `json:"records"`
	// Block is the light block of height Height+1.
	Block LightBlock `json:"block"`
	// Trusted is the light block of the trusted height, present only when
	// the certificate was made for header trust (--trust-height).
	Trusted *LightBlock `json:"trusted,omitempty"`
	// Hops are light blocks of heights below Height+1, in increasing
	// height order, through which genesis trust follows the chain's
	// validator-set changes to Block's set (TrustRoot.VerifyHeaderVia);
	// present only when Block's validator set is not the genesis set and
	// cannot be verified from it directly.
	Hops []LightBlock `json:"hops,omitempty"`
	// Status names the revocation status the records also prove (status
	// lists, an OpenAttestation revocation store); see StatusRef.
	Status *StatusRef `json:"status,omitempty"`
	// Attestation is the id (64 hex digits) of the identity attestation a
	// credential is the source of, when one was named; its record is among
	// Records, and the verifier checks that it records the credential.
	Attestation string `json:"attestation,omitempty"`
}

// DocumentRef names the document the certificate is about.
type DocumentRef struct {
	Hash    string `json:"hash"`              // 64 hex digits: the canonical document hash
	Profile string `json:"profile,omitempty"` // as anchored; informational
	// Batch places a document anchored inside a batch: the batch root, the
	// document's index and its inclusion path — a batch file's member
	// (docs/invoice.md, "The batch file") with its root set.
	Batch *anchorplan.Member `json:"batch,omitempty"`
}

// Record is one store entry and its proof. Exists tells which proof kind
// Proof holds: existence (Value is the raw stored bytes) or non-existence
// (Value is empty). Kind and Decoded are for human readers; verifiers
// derive everything from Key and Value, and refuse a record whose Kind is
// not KindOf(Key) or whose Decoded (when present) is not what Decode makes
// of Key and Value, so that what a reader sees is what was proved.
type Record struct {
	Kind    string          `json:"kind"`
	Key     HexBytes        `json:"key"`
	Exists  bool            `json:"exists"`
	Value   Base64Bytes     `json:"value,omitempty"` // base64
	Proof   Base64Bytes     `json:"proof"`           // base64 of a protobuf ics23.CommitmentProof
	Decoded json.RawMessage `json:"decoded,omitempty"`
}

// Base64Bytes is a byte string written as standard base64 in JSON. It is
// read strictly (the unused bits of the last character must be zero), so
// a byte string has exactly one spelling in a certificate.
type Base64Bytes []byte

// MarshalText writes standard base64 with padding.
func (b Base64Bytes) MarshalText() ([]byte, error) {
	return []byte(base64.StdEncoding.EncodeToString(b)), nil
}

// UnmarshalText reads standard base64 with padding, strictly.
func (b *Base64Bytes) UnmarshalText(t []byte) error {
	x, err := base64.StdEncoding.Strict().DecodeString(string(t))
	if err != nil {
		return fmt.Errorf("want standard base64: %w", err)
	}
	*b = x
	return nil
}

// HexBytes is a byte string written as lower-case hex in JSON.
type HexBytes []byte

// MarshalText writes lower-case hex.
func (h HexBytes) MarshalText() ([]byte, error) { return []byte(hex.EncodeToString(h)), nil }

// UnmarshalText reads hex in either case.
func (h *HexBytes) UnmarshalText(b []byte) error {
	x, err := hex.DecodeString(string(b))
	if err != nil {
		return fmt.Errorf("want hex: %w", err)
	}
	*h = x
	return nil
}

// lightBlockJSON is LightBlock's JSON form: CometBFT's own JSON encoding
// of types.SignedHeader and types.ValidatorSet, the same as the RPC
// endpoints /commit (result.signed_header) and /validators return.
type lightBlockJSON struct {
	SignedHeader json.RawMessage `json:"signed_header"`
	ValidatorSet json.RawMessage `json:"validator_set"`
}

// MarshalJSON writes the signed header and validator set with CometBFT's
// JSON encoding.
func (lb LightBlock) MarshalJSON() ([]byte, error) {
	var j lightBlockJSON
	var err error
	if lb.SignedHeader != nil {
		if j.SignedHeader, err = cmtjson.Marshal(lb.SignedHeader); err != nil {
			return nil, err
		}
	}
	if lb.ValidatorSet != nil {
		if j.ValidatorSet, err = cmtjson.Marshal(lb.ValidatorSet); err != nil {
			return nil, err
		}
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads what MarshalJSON writes, and only that: the signed
// header and the validator set must be in CometBFT's own JSON form (the
// form they are re-encoded to), so a field renamed, dropped or spelled
// another way is refused rather than read as its zero value.
func (lb *LightBlock) UnmarshalJSON(b []byte) error {
	var j lightBlockJSON
	if err := decodeStrict(b, &j); err != nil {
		return err
	}
	*lb = LightBlock{}
	if len(j.SignedHeader) > 0 && string(j.SignedHeader) != "null" {
		var sh cmttypes.SignedHeader
		if err := cmtjson.Unmarshal(j.SignedHeader, &sh); err != nil {
			return fmt.Errorf("signed_header: %w", err)
		}
		if err := sameAsReencoded(j.SignedHeader, &sh); err != nil {
			return fmt.Errorf("signed_header: %w", err)
		}
		lb.SignedHeader = &sh
	}
	if len(j.ValidatorSet) > 0 && string(j.ValidatorSet) != "null" {
		var vs cmttypes.ValidatorSet
		if err := cmtjson.Unmarshal(j.ValidatorSet, &vs); err != nil {
			return fmt.Errorf("validator_set: %w", err)
		}
		if err := sameAsReencoded(j.ValidatorSet, &vs); err != nil {
			return fmt.Errorf("validator_set: %w", err)
		}
		lb.ValidatorSet = &vs
	}
	return nil
}

// Marshal encodes the certificate as indented JSON.
func (c *Certificate) Marshal() ([]byte, error) {
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// ParseCertificate decodes a certificate and checks its format version.
// Decoding is strict: a field the format does not define, data after the
// certificate, base64 with stray bits, or a header or validator set not in
// CometBFT's JSON form is refused, so that no byte of a certificate can be
// changed without the change being refused (docs/certificate.md, "Every
// byte is checked").
func ParseCertificate(b []byte) (*Certificate, error) {
	var c Certificate
	if err := decodeStrict(b, &c); err != nil {
		return nil, fmt.Errorf("certificate does not decode: %w", err)
	}
	if c.Format != FormatVersion {
		return nil, fmt.Errorf("certificate format %q is not %q", c.Format, FormatVersion)
	}
	if c.Hops != nil && len(c.Hops) == 0 {
		// One spelling for "no hops": the field left out.
		return nil, errors.New("certificate does not decode: hops is an empty list (leave the field out)")
	}
	return &c, nil
}

// decodeStrict decodes one JSON value into v, refusing fields v does not
// define and anything after the value but white space.
func decodeStrict(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("data after the JSON value")
	}
	return nil
}

// sameAsReencoded checks that raw, white space aside, is the CometBFT JSON
// encoding of v, which was decoded from it.
func sameAsReencoded(raw []byte, v any) error {
	again, err := cmtjson.Marshal(v) // compact already
	if err != nil {
		return err
	}
	var a bytes.Buffer
	a.Grow(len(raw))
	if err := json.Compact(&a, raw); err != nil {
		return err
	}
	if !bytes.Equal(a.Bytes(), again) {
		return errors.New("not in CometBFT's JSON form: a field is unknown, missing or written another way")
	}
	return nil
}

// ReadCertificate reads and decodes a certificate file.
func ReadCertificate(path string) (*Certificate, error) {
	b, err := readlimit.ReadFile(path, readlimit.MaxCertificate)
	if err != nil {
		return nil, err
	}
	return ParseCertificate(b)
}

// WriteFile writes the certificate to path (mode 0644: it holds nothing
// secret, only public ledger records).
func (c *Certificate) WriteFile(path string) error {
	b, err := c.Marshal()
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

// parseHash32 decodes 64 hex digits.
func parseHash32(s string) ([32]byte, error) {
	var h [32]byte
	b, err := hex.DecodeString(strings.TrimPrefix(s, "0x"))
	if err != nil || len(b) != 32 {
		return h, fmt.Errorf("%q is not 64 hex digits", s)
	}
	copy(h[:], b)
	return h, nil
}

// DocHash returns the document hash the certificate is about.
func (c *Certificate) DocHash() ([32]byte, error) { return parseHash32(c.Document.Hash) }

// batch decodes the batch reference, if any.
func (d *DocumentRef) batch() (root [32]byte, index uint64, path [][32]byte, err error) {
	if d.Batch == nil {
		return root, 0, nil, nil
	}
	if d.Batch.Root.IsZero() {
		return root, 0, nil, fmt.Errorf("batch root: missing")
	}
	return d.Batch.Root, d.Batch.Index, d.Batch.PathHashes(), nil
}
