package formats

import (
	"crypto/ed25519"
	"crypto/sha256"
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/mr-tron/base58"
)

// cryptosuiteEddsaJCS2022 is the W3C vc-di-eddsa cryptosuite that uses JCS
// (RFC 8785) canonicalization and Ed25519 signatures.
const cryptosuiteEddsaJCS2022 = "eddsa-jcs-2022"

// multicodecEd25519Pub is the varint multicodec prefix (0xed01) of an
// Ed25519 public key inside a multibase did:key identifier.
var multicodecEd25519Pub = []byte{0xed, 0x01}

// eddsaJCSInput holds every intermediate value of the eddsa-jcs-2022
// transformation and hashing steps, so that each can be tested against the
// published test vectors.
type eddsaJCSInput struct {
	CanonicalDocument    []byte   // JCS of the document without its proof (canonDoc)
	CanonicalProofConfig []byte   // JCS of the proof without proofValue (proofCanon)
	DocHash              [32]byte // SHA-256 of CanonicalDocument
	ProofHash            [32]byte // SHA-256 of CanonicalProofConfig
}

// HashData returns proofHash followed by docHash: the 64 bytes that the
// Ed25519 signature covers.
func (in eddsaJCSInput) HashData() []byte {
	out := make([]byte, 0, 64)
	out = append(out, in.ProofHash[:]...)
	return append(out, in.DocHash[:]...)
}

// eddsaJCSHashData runs the transformation, proof configuration and hashing
// steps of the eddsa-jcs-2022 "Verify Proof" algorithm (W3C vc-di-eddsa) on
// a secured document and its proof:
//
//  1. unsecuredDocument is the document without "proof"; proofConfig is the
//     proof without "proofValue".
//  2. If the proof has an @context, the document's @context must start with
//     the same values in the same order, and unsecuredDocument.@context is
//     replaced by the proof's. If the proof has none, the document's
//     @context is copied into proofConfig, as the signing algorithm does.
//  3. proofConfig must have type DataIntegrityProof and cryptosuite
//     eddsa-jcs-2022.
//  4. Both are canonicalised with JCS and hashed with SHA-256.
func eddsaJCSHashData(secured, proof map[string]any) (eddsaJCSInput, error) {
	unsecured := withoutKey(secured, "proof")
	proofConfig := withoutKey(proof, "proofValue")
	if pctx, ok := proofConfig["@context"]; ok {
		if !contextStartsWith(secured["@context"], pctx) {
			return eddsaJCSInput{}, errors.New("the document's @context does not start with the proof's @context")
		}
		unsecured["@context"] = pctx
	} else if dctx, ok := secured["@context"]; ok {
		proofConfig["@context"] = dctx
	}
	if t, _ := getString(proofConfig, "type"); t != "DataIntegrityProof" {
		return eddsaJCSInput{}, errors.New(`proof type is not "DataIntegrityProof"`)
	}
	if cs, _ := getString(proofConfig, "cryptosuite"); cs != cryptosuiteEddsaJCS2022 {
		return eddsaJCSInput{}, errors.New(`proof cryptosuite is not "eddsa-jcs-2022"`)
	}
	var in eddsaJCSInput
	var err error
	if in.CanonicalDocument, err = canonicalJSON(unsecured); err != nil {
		return eddsaJCSInput{}, err
	}
	if in.CanonicalProofConfig, err = canonicalJSON(proofConfig); err != nil {
		return eddsaJCSInput{}, err
	}
	in.DocHash = sha256.Sum256(in.CanonicalDocument)
	in.ProofHash = sha256.Sum256(in.CanonicalProofConfig)
	return in, nil
}

// contextStartsWith reports whether the document context docCtx begins with
// every value of the proof context proofCtx, in order. Either may be a
// single value or an array.
func contextStartsWith(docCtx, proofCtx any) bool {
	asList := func(v any) []any {
		if arr, ok := v.([]any); ok {
			return arr
		}
		if v == nil {
			return nil
		}
		return []any{v}
	}
	d, p := asList(docCtx), asList(proofCtx)
	if len(p) > len(d) {
		return false
	}
	for i := range p {
		if !reflect.DeepEqual(d[i], p[i]) {
			return false
		}
	}
	return true
}

// verifyEddsaJCS2022 verifies an eddsa-jcs-2022 Data Integrity proof
// offline. The verification method must be a did:key holding an Ed25519 key
// (z6Mk…), since any other method would need to be resolved over the
// network; such proofs are reported as not checked.
func verifyEddsaJCS2022(secured, proof map[string]any) *Integrity {
	res := &Integrity{Checked: true, Method: cryptosuiteEddsaJCS2022}
	fail := func(format string, args ...any) *Integrity {
		res.Valid = false
		res.Reason = fmt.Sprintf(format, args...)
		return res
	}
	vm, _ := getString(proof, "verificationMethod")
	if !strings.HasPrefix(vm, "did:key:") {
		return &Integrity{Checked: false, Method: cryptosuiteEddsaJCS2022,
			Reason: fmt.Sprintf("verification method %q cannot be resolved offline (only did:key is supported); not verified", truncate(vm, 128))}
	}
	pub, err := publicKeyFromDIDKey(vm)
	if err != nil {
		return fail("verification method: %v", err)
	}
	if purpose, _ := getString(proof, "proofPurpose"); purpose != "assertionMethod" {
		return fail("proofPurpose is %q; a credential proof must be assertionMethod", truncate(purpose, 64))
	}
	pv, _ := getString(proof, "proofValue")
	sig, err := decodeMultibaseBase58btc(pv)
	if err != nil {
		return fail("proofValue: %v", err)
	}
	if len(sig) != ed25519.SignatureSize {
		return fail("proofValue holds %d bytes; an Ed25519 signature has %d", len(sig), ed25519.SignatureSize)
	}
	in, err := eddsaJCSHashData(secured, proof)
	if err != nil {
		return fail("%v", err)
	}
	if !ed25519.Verify(pub, in.HashData(), sig) {
		return fail("the Ed25519 signature does not match the credential and proof configuration")
	}
	res.Valid = true
	return res
}

// publicKeyFromDIDKey returns the Ed25519 public key named by a did:key
// verification method such as did:key:z6Mk…#z6Mk…. A fragment, when present,
// must repeat the key's multibase value.
func publicKeyFromDIDKey(vm string) (ed25519.PublicKey, error) {
	did, fragment, hasFragment := cutFragment(vm)
	mb := strings.TrimPrefix(did, "did:key:")
	if hasFragment && fragment != mb {
		return nil, fmt.Errorf("fragment %q does not name the did:key's own key", truncate(fragment, 64))
	}
	return decodeEd25519Multikey(mb)
}

// cutFragment splits a DID URL at its first '#'.
func cutFragment(url string) (did, fragment string, found bool) {
	return strings.Cut(url, "#")
}

// decodeEd25519Multikey decodes a multibase base58btc Ed25519 public key
// (z6Mk…): the multicodec prefix 0xed01 followed by the 32-byte key.
func decodeEd25519Multikey(mb string) (ed25519.PublicKey, error) {
	raw, err := decodeMultibaseBase58btc(mb)
	if err != nil {
		return nil, err
	}
	if len(raw) != len(multicodecEd25519Pub)+ed25519.PublicKeySize || raw[0] != multicodecEd25519Pub[0] || raw[1] != multicodecEd25519Pub[1] {
		return nil, errors.New("key is not a multicodec Ed25519 public key (0xed01 followed by 32 bytes)")
	}
	return ed25519.PublicKey(raw[2:]), nil
}

// decodeMultibaseBase58btc decodes a multibase string that uses the
// base58btc encoding (prefix 'z'), the only encoding eddsa-jcs-2022 allows.
func decodeMultibaseBase58btc(s string) ([]byte, error) {
	if len(s) < 2 || s[0] != 'z' {
		return nil, errors.New("not a multibase base58btc value (it must start with 'z')")
	}
	if len(s) > 256 {
		return nil, errors.New("multibase value is too long")
	}
	raw, err := base58.Decode(s[1:])
	if err != nil {
		return nil, fmt.Errorf("invalid base58btc: %v", err)
	}
	return raw, nil
}
