package verifier

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/disclose"
	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/proof"
)

// Hashed is the answer of Hash: the document's size, the SHA-256 of its
// bytes and the documents formats.Parse found (the raw bytes' hash when the
// format is not recognised), as `corridord dock inspect -o json` reports.
type Hashed struct {
	Size      int                `json:"size"`
	RawSHA256 string             `json:"raw_sha256"`
	Documents []formats.Document `json:"documents"`
	Error     string             `json:"error,omitempty"`
}

// Hash parses data and returns its canonical hashes. A malformed document
// is reported in Error, with the raw hash as its only document.
func Hash(data []byte) Hashed {
	raw := sha256.Sum256(data)
	h := Hashed{Size: len(data), RawSHA256: hex.EncodeToString(raw[:])}
	if len(data) > formats.MaxDocumentSize {
		h.Error = fmt.Sprintf("the file is over the limit of %d bytes", formats.MaxDocumentSize)
		h.Documents = []formats.Document{}
		return h
	}
	docs, err := formats.Parse(data)
	if err != nil {
		h.Error = err.Error()
	}
	if len(docs) == 0 {
		docs = []formats.Document{formats.RawDocument(data)}
	}
	h.Documents = docs
	return h
}

// Trust is a genesis file read as a trust root.
type Trust struct {
	ChainID    string `json:"chain_id"`
	FileSHA256 string `json:"file_sha256"` // SHA-256 of the genesis file's bytes
	Validators int    `json:"validators"`
	Describe   string `json:"describe"` // as the verdict names it
}

// LoadTrust reads a genesis.json into a trust root.
func LoadTrust(genesis []byte) (*proof.TrustRoot, Trust, error) {
	if len(genesis) == 0 {
		return nil, Trust{}, errors.New("the trust root is empty: load the chain's genesis.json")
	}
	doc, err := cmtGenesis(genesis)
	if err != nil {
		return nil, Trust{}, fmt.Errorf("genesis: %w", err)
	}
	tr, err := proof.GenesisTrust(doc)
	if err != nil {
		return nil, Trust{}, err
	}
	sum := sha256.Sum256(genesis)
	return tr, Trust{ChainID: tr.ChainID, FileSHA256: hex.EncodeToString(sum[:]), Validators: tr.Validators.Size(), Describe: tr.Describe()}, nil
}

// Result is the answer of Verify: the verdict, or the reason no verdict
// could be given (an unreadable certificate or trust root).
type Result struct {
	Verdict *proof.Verdict `json:"verdict,omitempty"`
	Error   string         `json:"error,omitempty"`
}

// Verify checks the certificate cert against the genesis file genesis and,
// when doc is not empty, checks that doc hashes to the certified document.
// It runs no network: everything it needs is in its arguments.
func Verify(cert, genesis, doc []byte) Result {
	return VerifyWith(cert, genesis, doc, nil)
}

// VerifyWith is Verify with the W3C BitstringStatusList credentials a
// credential's credentialStatus names (`corridord verify VC.json
// --certificate CERT.json --status-list LIST.json`): its credential-status
// lines judge the credential's bit in each list against the anchored
// version in force at the certificate's height. A list that does not
// decode, or that the document does not name, is an Error with its code,
// as the CLI refuses it.
func VerifyWith(cert, genesis, doc []byte, lists [][]byte) Result {
	tr, _, err := LoadTrust(genesis)
	if err != nil {
		return Result{Error: err.Error()}
	}
	c, err := proof.ParseCertificate(cert)
	if err != nil {
		return Result{Error: err.Error()}
	}
	opts := proof.Options{}
	if len(doc) > 0 {
		opts.File = doc
	}
	if opts.StatusLists, err = statusLists(opts.File, lists); err != nil {
		return Result{Error: codedError(err)}
	}
	v, err := proof.VerifyCertificateWith(c, tr, opts)
	if err != nil {
		return Result{Error: err.Error()}
	}
	return Result{Verdict: v}
}

// DisclosureResult is the answer of VerifyDisclosure: the disclosure's
// verdict (its lines, its code when it fails, and the disclosed fields
// only when every line holds), or the reason no verdict could be given.
type DisclosureResult struct {
	Verdict *proof.DisclosureVerdict `json:"verdict,omitempty"`
	Error   string                   `json:"error,omitempty"`
	// OpenAttestation says the file is an OpenAttestation v2 document, its
	// own disclosure, which needs the certificate of its merkleRoot.
	OpenAttestation bool `json:"open_attestation,omitempty"`
}

// VerifyDisclosure checks a disclosure file (format corridor-disclosure v1,
// which carries its anchor's certificate) against the genesis file genesis,
// with the same code as `corridord verify --disclosure`
// (proof.VerifyDisclosure). A file that is not a disclosure at all is an
// Error with its code; a disclosure that fails a check is a verdict with
// that line crossed and Code set.
//
// An OpenAttestation v2 document, obfuscated or not, is its own disclosure
// (`corridord verify --disclosure OA.json --certificate CERT.json`): for
// one, VerifyDisclosure runs proof.VerifyOpenAttestation with cert, the
// certificate of its merkleRoot (none when cert is empty, which the
// verdict refuses with disclose/no_certificate), and sets OpenAttestation.
// A corridor-disclosure file carries its own certificate, so cert is
// ignored for one.
func VerifyDisclosure(data, genesis, cert []byte) DisclosureResult {
	tr, _, err := LoadTrust(genesis)
	if err != nil {
		return DisclosureResult{Error: err.Error()}
	}
	if IsOpenAttestation(data) {
		return verifyOpenAttestation(data, cert, tr)
	}
	d, err := disclose.Decode(data)
	if err != nil {
		return DisclosureResult{Error: codedError(err)}
	}
	v, err := proof.VerifyDisclosure(d, tr, proof.Options{})
	if err != nil {
		return DisclosureResult{Error: codedError(err)}
	}
	return DisclosureResult{Verdict: v}
}

// codedError is err's message, prefixed by its stable code when it has one
// and the message does not already say it.
func codedError(err error) string {
	msg := err.Error()
	if c := codes.Of(err); c != nil && c != codes.Internal && !strings.Contains(msg, c.Error()) {
		return c.Error() + ": " + msg
	}
	return msg
}
