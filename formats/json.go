package formats

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/gowebpki/jcs"
)

// The @context URLs that mark a W3C Verifiable Credential, by data model
// version.
const (
	vcContextV1 = "https://www.w3.org/2018/credentials/v1"
	vcContextV2 = "https://www.w3.org/ns/credentials/v2"
)

// parseJSON decodes data strictly (see decodeStrict) and hands it to the
// adapter for the JSON format it holds:
//
//   - an object whose @context names the W3C credentials context is a
//     Verifiable Credential or Presentation (FormatVC);
//   - an object with a "data" object and a "signature" object, or one with an
//     "issuers" array and no @context, is an OpenAttestation v2 document,
//     wrapped or raw (FormatOpenAttestation);
//   - any other well-formed JSON (DID documents, for example) is returned as
//     one FormatRaw document hashed byte for byte, with a warning.
//
// Malformed or hostile JSON is refused with a *ParseError.
func parseJSON(data []byte) ([]Document, error) {
	root, err := decodeStrict(data)
	if err != nil {
		return nil, err
	}
	obj, isObject := root.(map[string]any)
	var doc Document
	switch {
	case isObject && isVC(obj):
		doc, err = parseVC(data, obj)
	case isObject && isOpenAttestation(obj):
		doc, err = parseOpenAttestation(data, obj)
	default:
		doc = RawDocument(data)
		doc.Warnings = append(doc.Warnings, Warning{Rule: "json.unrecognised",
			Message: "well-formed JSON that is neither a W3C Verifiable Credential nor an OpenAttestation document; hashed byte for byte"})
	}
	if err != nil {
		return nil, err
	}
	return []Document{doc}, nil
}

// isVC reports whether obj carries a W3C credentials @context.
func isVC(obj map[string]any) bool {
	return vcVersion(obj) != ""
}

// vcVersion returns "1.1" or "2.0" from the credentials context listed in
// @context, or "" when there is none.
func vcVersion(obj map[string]any) string {
	ctx, ok := obj["@context"]
	if !ok {
		return ""
	}
	list := []any{ctx}
	if arr, ok := ctx.([]any); ok {
		list = arr
	}
	for _, c := range list {
		switch c {
		case vcContextV2:
			return "2.0"
		case vcContextV1:
			return "1.1"
		}
	}
	return ""
}

// isOpenAttestation reports whether obj looks like an OpenAttestation v2
// document: wrapped (a "data" object beside a "signature" object) or raw (an
// "issuers" array and no JSON-LD @context).
func isOpenAttestation(obj map[string]any) bool {
	_, hasData := getObject(obj, "data")
	_, hasSig := getObject(obj, "signature")
	if hasData && hasSig {
		return true
	}
	if v, ok := getString(obj, "version"); ok && strings.Contains(v, "openattestation.com/2.0") {
		return true
	}
	_, hasContext := obj["@context"]
	_, hasIssuers := getArray(obj, "issuers")
	return hasIssuers && !hasContext
}

// canonicalJSON returns the RFC 8785 (JCS) form of a decoded JSON value.
// The value is first written with encoding/json, which keeps json.Number
// text exactly and sorts nothing that matters, and then canonicalised by
// github.com/gowebpki/jcs, which sorts keys by UTF-16 code units, writes
// numbers as ECMAScript does and escapes strings as JSON.stringify does.
func canonicalJSON(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("serialising JSON: %w", err)
	}
	out, err := jcs.Transform(b)
	if err != nil {
		return nil, fmt.Errorf("JCS canonicalisation: %w", err)
	}
	return out, nil
}

// canonicalSHA256 returns the SHA-256 of the JCS form of v.
func canonicalSHA256(v any) (Hash, error) {
	b, err := canonicalJSON(v)
	if err != nil {
		return Hash{}, err
	}
	return sha256.Sum256(b), nil
}
