package formats

import (
	"fmt"
	"slices"
	"time"
)

// The stable rule identifiers reported by the W3C Verifiable Credential
// adapter.
const (
	RuleVCMissingIssuer    = "vc.missing-issuer"
	RuleVCMissingType      = "vc.missing-type"
	RuleVCCanonicalization = "vc.canonicalization"
	RuleVCPresentation     = "vc.presentation"
	RuleVCMultipleSubjects = "vc.multiple-subjects"
	RuleVCBadDate          = "vc.bad-date"
	RuleVCKeyNotIssuer     = "vc.key-not-issuer"
)

// parseVC builds the Document for a decoded W3C Verifiable Credential (data
// model 1.1 or 2.0) or Verifiable Presentation. data is the exact input and
// obj its strict decoding.
//
// The canonical hash (profile w3c-vc-jcs) is the SHA-256 of the RFC 8785
// form of the whole object as presented, proof included: that is the
// credential an identity attestation refers to, and any change to a claim or
// to the proof changes it. UnsignedCredentialHash gives the hash without the
// proof. The embedded proof is checked offline when it is an eddsa-jcs-2022
// Data Integrity proof; other proofs are reported as not checked.
func parseVC(data []byte, obj map[string]any) (Document, error) {
	types, ok := stringOrStrings(obj["type"])
	if !ok || len(types) == 0 {
		return Document{}, &ParseError{Format: FormatVC, Rule: RuleVCMissingType, Where: "$.type",
			Msg: "a credential or presentation must have a type (a string or an array of strings)"}
	}
	canonical, err := canonicalSHA256(obj)
	if err != nil {
		return Document{}, &ParseError{Format: FormatVC, Rule: RuleVCCanonicalization, Msg: err.Error()}
	}
	doc := Document{Format: FormatVC, Profile: ProfileVC, Kind: KindCredential,
		RawSHA256: RawHash(data), CanonicalHash: canonical}

	if slices.Contains(types, "VerifiablePresentation") {
		doc.Kind = KindUnknown
		doc.Integrity = &Integrity{Checked: false, Method: proofMethod(singleProof(obj)),
			Reason: "verifiable presentations are hashed but neither their proof nor their embedded credentials are verified"}
		doc.Warnings = append(doc.Warnings, Warning{Rule: RuleVCPresentation, Where: "$.type",
			Message: "this is a Verifiable Presentation, not a credential; anchor each credential it carries separately"})
		return doc, nil
	}
	if !slices.Contains(types, "VerifiableCredential") {
		return Document{}, &ParseError{Format: FormatVC, Rule: RuleVCMissingType, Where: "$.type",
			Msg: `type must include "VerifiableCredential"`}
	}

	issuer := credentialIssuer(obj)
	if issuer == "" {
		return Document{}, &ParseError{Format: FormatVC, Rule: RuleVCMissingIssuer, Where: "$.issuer",
			Msg: "a credential must name its issuer (a URL string or an object with an id)"}
	}
	cred := &Credential{Types: types, Issuer: issuer, Version: vcVersion(obj)}
	cred.ID, _ = getString(obj, "id")
	cred.SubjectID, doc.Warnings = credentialSubjectID(obj, doc.Warnings)
	cred.ValidFrom, doc.Warnings = credentialDate(obj, doc.Warnings, "validFrom", "issuanceDate")
	cred.ValidUntil, doc.Warnings = credentialDate(obj, doc.Warnings, "validUntil", "expirationDate")
	cred.SubjectClaims = credentialSubjectClaims(obj)
	cred.Status, doc.Warnings = credentialStatusEntries(obj, doc.Warnings)

	proof, count := singleProof(obj)
	if proof != nil {
		cred.ProofType, _ = getString(proof, "type")
		cred.Cryptosuite, _ = getString(proof, "cryptosuite")
	}
	doc.Credential = cred
	doc.Integrity = checkVCProof(obj, proof, count)
	if doc.Integrity.Valid {
		if w, ok := keyIssuerWarning(proof, issuer); ok {
			doc.Warnings = append(doc.Warnings, w)
		}
	}
	return doc, nil
}

// credentialIssuer returns the issuer, written either as a string or as an
// object with an "id".
func credentialIssuer(obj map[string]any) string {
	switch v := obj["issuer"].(type) {
	case string:
		return v
	case map[string]any:
		id, _ := getString(v, "id")
		return id
	}
	return ""
}

// credentialSubjectID returns credentialSubject.id. When several subjects
// are listed, the first one's id is returned and a warning is added.
func credentialSubjectID(obj map[string]any, warnings []Warning) (string, []Warning) {
	switch v := obj["credentialSubject"].(type) {
	case map[string]any:
		id, _ := getString(v, "id")
		return id, warnings
	case []any:
		if len(v) > 1 {
			warnings = append(warnings, Warning{Rule: RuleVCMultipleSubjects, Where: "$.credentialSubject",
				Message: fmt.Sprintf("the credential has %d subjects; subject_id is the first one's", len(v))})
		}
		if len(v) > 0 {
			if s, ok := v[0].(map[string]any); ok {
				id, _ := getString(s, "id")
				return id, warnings
			}
		}
	}
	return "", warnings
}

// credentialDate returns the first of the named members that is present
// (the 2.0 name first, then the 1.1 name), warning when it is not an RFC
// 3339 date-time.
func credentialDate(obj map[string]any, warnings []Warning, names ...string) (string, []Warning) {
	for _, name := range names {
		v, ok := getString(obj, name)
		if !ok {
			continue
		}
		if _, err := time.Parse(time.RFC3339, v); err != nil {
			warnings = append(warnings, Warning{Rule: RuleVCBadDate, Where: "$." + name,
				Message: fmt.Sprintf("%q is not an RFC 3339 date-time", truncate(v, 64))})
		}
		return v, warnings
	}
	return "", warnings
}

// singleProof returns the credential's proof object and the number of
// proofs it carries (a proof may be one object or an array of them). The
// object is returned only when there is exactly one proof.
func singleProof(obj map[string]any) (map[string]any, int) {
	switch v := obj["proof"].(type) {
	case map[string]any:
		return v, 1
	case []any:
		if len(v) == 1 {
			if p, ok := v[0].(map[string]any); ok {
				return p, 1
			}
		}
		return nil, len(v)
	case nil:
		return nil, 0
	}
	return nil, 1
}

// proofMethod names a proof for Integrity.Method: its cryptosuite when it
// has one, else its type.
func proofMethod(proof map[string]any, count int) string {
	switch {
	case count == 0:
		return "none"
	case proof == nil:
		return "proof-set"
	}
	if cs, ok := getString(proof, "cryptosuite"); ok && cs != "" {
		return cs
	}
	if t, ok := getString(proof, "type"); ok && t != "" {
		return t
	}
	return "unknown"
}

// checkVCProof checks the credential's embedded proof offline. Only
// eddsa-jcs-2022 Data Integrity proofs can be checked; for every other proof
// the result says why it was not checked and never claims validity.
func checkVCProof(obj, proof map[string]any, count int) *Integrity {
	method := proofMethod(proof, count)
	switch {
	case count == 0:
		return &Integrity{Checked: false, Method: method, Reason: "the credential carries no embedded proof"}
	case proof == nil:
		return &Integrity{Checked: false, Method: method,
			Reason: fmt.Sprintf("proof sets and chains (%d proofs) are not verified", count)}
	}
	typ, _ := getString(proof, "type")
	suite, _ := getString(proof, "cryptosuite")
	switch {
	case typ == "DataIntegrityProof" && suite == cryptosuiteEddsaJCS2022:
		return verifyEddsaJCS2022(obj, proof)
	case typ == "DataIntegrityProof" && (suite == "eddsa-rdfc-2022" || suite == "ecdsa-rdfc-2019"):
		return &Integrity{Checked: false, Method: method,
			Reason: suite + " needs RDF Dataset Canonicalization (RDFC-1.0), which Corridor does not implement; not verified"}
	case typ == "DataIntegrityProof":
		return &Integrity{Checked: false, Method: method,
			Reason: fmt.Sprintf("cryptosuite %q is not supported for offline verification; not verified", truncate(suite, 64))}
	}
	return &Integrity{Checked: false, Method: method,
		Reason: fmt.Sprintf("proof type %q is not supported for offline verification; not verified", truncate(typ, 64))}
}

// keyIssuerWarning warns when a valid proof was made with a did:key that is
// not the credential's issuer: the signature is sound, but nothing offline
// binds that key to the issuer.
func keyIssuerWarning(proof map[string]any, issuer string) (Warning, bool) {
	vm, _ := getString(proof, "verificationMethod")
	did, _, _ := cutFragment(vm)
	if did == issuer {
		return Warning{}, false
	}
	return Warning{Rule: RuleVCKeyNotIssuer, Where: "$.proof.verificationMethod",
		Message: fmt.Sprintf("the proof is valid, but it was made with %s, which is not the issuer %s; the link between key and issuer was not checked",
			truncate(did, 128), truncate(issuer, 128))}, true
}

// UnsignedCredentialHash returns the SHA-256 of the RFC 8785 form of a
// credential with its "proof" member removed: the docHash that an
// eddsa-jcs-2022 signature covers. It is offered beside the canonical hash
// (which includes the proof) for callers that need to match a credential
// independently of how it was signed.
func UnsignedCredentialHash(data []byte) (Hash, error) {
	root, err := decodeStrict(data)
	if err != nil {
		return Hash{}, err
	}
	obj, ok := root.(map[string]any)
	if !ok || !isVC(obj) {
		return Hash{}, &ParseError{Format: FormatVC, Rule: RuleVCMissingType,
			Msg: "input is not a W3C Verifiable Credential"}
	}
	h, err := canonicalSHA256(withoutKey(obj, "proof"))
	if err != nil {
		return Hash{}, &ParseError{Format: FormatVC, Rule: RuleVCCanonicalization, Msg: err.Error()}
	}
	return h, nil
}

// withoutKey returns a shallow copy of obj without key.
func withoutKey(obj map[string]any, key string) map[string]any {
	out := make(map[string]any, len(obj))
	for k, v := range obj {
		if k != key {
			out[k] = v
		}
	}
	return out
}
