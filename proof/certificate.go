package proof

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
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
	// Status names the revocation status the records also prove (status
	// lists, an OpenAttestation revocation store); see StatusRef.
	Status *StatusRef `json:"status,omitempty"`
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
// (Value is empty). Kind and Decoded are for human readers only; verifiers
// ignore them and derive everything from Key and Value.
type Record struct {
	Kind    string          `json:"kind"`
	Key     HexBytes        `json:"key"`
	Exists  bool            `json:"exists"`
	Value   []byte          `json:"value,omitempty"` // base64
	Proof   []byte          `json:"proof"`           // base64 of a protobuf ics23.CommitmentProof
	Decoded json.RawMessage `json:"decoded,omitempty"`
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

// UnmarshalJSON reads what MarshalJSON writes.
func (lb *LightBlock) UnmarshalJSON(b []byte) error {
	var j lightBlockJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*lb = LightBlock{}
	if len(j.SignedHeader) > 0 && string(j.SignedHeader) != "null" {
		var sh cmttypes.SignedHeader
		if err := cmtjson.Unmarshal(j.SignedHeader, &sh); err != nil {
			return fmt.Errorf("signed_header: %w", err)
		}
		lb.SignedHeader = &sh
	}
	if len(j.ValidatorSet) > 0 && string(j.ValidatorSet) != "null" {
		var vs cmttypes.ValidatorSet
		if err := cmtjson.Unmarshal(j.ValidatorSet, &vs); err != nil {
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
func ParseCertificate(b []byte) (*Certificate, error) {
	var c Certificate
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("certificate does not decode: %w", err)
	}
	if c.Format != FormatVersion {
		return nil, fmt.Errorf("certificate format %q is not %q", c.Format, FormatVersion)
	}
	return &c, nil
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
