package formats

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"

	"golang.org/x/crypto/sha3"
)

// The stable rule identifiers reported by the OpenAttestation adapter.
const (
	RuleOAMissingSignature = "oa.missing-signature"
	RuleOABadMerkleRoot    = "oa.bad-merkle-root"
	RuleOACanonicalization = "oa.canonicalization"
	RuleOANotWrapped       = "oa.not-wrapped"
	RuleOAProofNotChecked  = "oa.signature-not-checked"
	RuleOANoIssuers        = "oa.no-issuers"
)

// integrityOAMerkle is the Integrity.Method of OpenAttestation v2 checks.
const integrityOAMerkle = "openattestation-v2-merkle"

// parseOpenAttestation builds the Document for a decoded OpenAttestation v2
// (TradeTrust) document.
//
// For a wrapped document the canonical hash (profile openattestation-v2) is
// the 32-byte signature.merkleRoot, the value TradeTrust publishes in its
// document store or token registry, so that a TradeTrust document verifies
// against Corridor's anchor as it does against Ethereum. Integrity reports
// whether the document's data really produce that root: targetHash is
// recomputed from the salted data and privacy.obfuscatedData exactly as
// open-attestation's digestDocument does, and the Merkle proof is folded up
// to merkleRoot. A document whose check fails keeps its declared root as
// canonical hash, with Integrity.Valid false; callers must not anchor it.
//
// A raw (unwrapped) document has no root: its canonical hash is the SHA-256
// of its RFC 8785 form and Integrity.Checked is false.
func parseOpenAttestation(data []byte, obj map[string]any) (Document, error) {
	doc := Document{Format: FormatOpenAttestation, Profile: ProfileOpenAttestation,
		Kind: KindTradeDocument, RawSHA256: RawHash(data)}
	payload, hasData := getObject(obj, "data")
	sig, hasSig := getObject(obj, "signature")
	version, _ := getString(obj, "version")
	hasVersion := strings.Contains(version, "openattestation.com/2.0")

	if !hasData && !hasSig && !hasVersion {
		h, err := canonicalSHA256(obj)
		if err != nil {
			return Document{}, &ParseError{Format: FormatOpenAttestation, Rule: RuleOACanonicalization, Msg: err.Error()}
		}
		doc.CanonicalHash = h
		doc.TradeDocument = tradeDocumentFields(obj)
		doc.TradeDocument.Data = openAttestationData(obj)
		doc.Integrity = &Integrity{Checked: false, Method: integrityOAMerkle,
			Reason: "not wrapped: a raw OpenAttestation document carries no targetHash or merkleRoot"}
		doc.Warnings = append(doc.Warnings, Warning{Rule: RuleOANotWrapped,
			Message: "raw OpenAttestation document: hashed as SHA-256 of its JCS form; wrap it to obtain the merkleRoot TradeTrust anchors"})
		return doc, nil
	}
	if !hasData || !hasSig {
		return Document{}, &ParseError{Format: FormatOpenAttestation, Rule: RuleOAMissingSignature, Where: "$",
			Msg: `a wrapped OpenAttestation v2 document needs a "data" object and a "signature" object`}
	}
	rootHex, _ := getString(sig, "merkleRoot")
	root, err := decodeHash32(rootHex)
	if err != nil {
		return Document{}, &ParseError{Format: FormatOpenAttestation, Rule: RuleOABadMerkleRoot,
			Where: "$.signature.merkleRoot", Msg: err.Error()}
	}
	doc.CanonicalHash = root
	td := tradeDocumentFields(payload)
	td.Data = openAttestationData(payload)
	td.TargetHash, _ = getString(sig, "targetHash")
	td.MerkleRoot = rootHex
	td.Token = tokenReference(payload, td)
	if privacy, ok := getObject(obj, "privacy"); ok {
		if obf, ok := getArray(privacy, "obfuscatedData"); ok {
			td.Obfuscated = len(obf)
		}
	}
	doc.TradeDocument = td
	doc.Integrity = verifyOAMerkle(obj)
	if len(td.Issuers) == 0 {
		doc.Warnings = append(doc.Warnings, Warning{Rule: RuleOANoIssuers, Where: "$.data.issuers",
			Message: "the document names no issuer"})
	}
	if _, ok := obj["proof"]; ok {
		doc.Warnings = append(doc.Warnings, Warning{Rule: RuleOAProofNotChecked, Where: "$.proof",
			Message: "the issuer's signature over merkleRoot (proof) is not checked offline; only the Merkle integrity is"})
	}
	return doc, nil
}

// tradeDocumentFields extracts the display fields from an OpenAttestation
// data object, removing the "<uuid>:<type>:" salt from each value.
func tradeDocumentFields(data map[string]any) *TradeDocument {
	td := &TradeDocument{Issuers: []string{}}
	switch t := data["$template"].(type) {
	case string:
		td.Template = unsaltOA(t)
	case map[string]any:
		name, _ := getString(t, "name")
		td.Template = unsaltOA(name)
	}
	issuers, _ := getArray(data, "issuers")
	for _, is := range issuers {
		issuer, ok := is.(map[string]any)
		if !ok {
			continue
		}
		if name, ok := getString(issuer, "name"); ok {
			td.Issuers = append(td.Issuers, unsaltOA(name))
		}
		if v, ok := getString(issuer, "documentStore"); ok && td.DocumentStore == "" {
			td.DocumentStore = unsaltOA(v)
		}
		if v, ok := getString(issuer, "tokenRegistry"); ok && td.TokenRegistry == "" {
			td.TokenRegistry = unsaltOA(v)
		}
		if rev, ok := getObject(issuer, "revocation"); ok && td.RevocationStore == "" {
			typ, _ := getString(rev, "type")
			loc, _ := getString(rev, "location")
			if unsaltOA(typ) == "REVOCATION_STORE" && loc != "" {
				td.RevocationStore = unsaltOA(loc)
			}
		}
	}
	return td
}

// unsaltOA removes the salt from a wrapped OpenAttestation v2 value
// "<uuid v4>:<type>:<value>", returning the value as text ("" for null and
// undefined). Values that do not start with a version 4 UUID are returned
// unchanged, as open-attestation's unsalt does.
func unsaltOA(v string) string {
	salt, rest, ok := strings.Cut(v, ":")
	if !ok || !isUUIDv4(salt) {
		return v
	}
	typ, value, _ := strings.Cut(strings.TrimSpace(rest), ":")
	switch typ {
	case "string", "number", "boolean":
		return value
	case "null", "undefined":
		return ""
	}
	return v
}

// isUUIDv4 reports whether s is a version 4 UUID in canonical text form,
// with the variant bits set, letters of either case.
func isUUIDv4(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		case 14:
			if c != '4' {
				return false
			}
		case 19:
			if !strings.ContainsRune("89abAB", rune(c)) {
				return false
			}
		default:
			if !isHexDigit(c) {
				return false
			}
		}
	}
	return true
}

// isHexDigit reports whether c is 0-9, a-f or A-F.
func isHexDigit(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// decodeHash32 decodes a 64-digit hexadecimal hash.
func decodeHash32(s string) (Hash, error) {
	var h Hash
	if len(s) != 64 {
		return h, fmt.Errorf("%q is not a 32-byte hexadecimal hash", truncate(s, 80))
	}
	if _, err := hex.Decode(h[:], []byte(s)); err != nil {
		return h, fmt.Errorf("%q is not a 32-byte hexadecimal hash", truncate(s, 80))
	}
	return h, nil
}

// verifyOAMerkle checks a wrapped OpenAttestation v2 document as
// open-attestation's verify does: the recomputed digest must equal
// signature.targetHash (as lower-case hex text), and folding signature.proof
// into targetHash must give signature.merkleRoot.
func verifyOAMerkle(doc map[string]any) *Integrity {
	res := &Integrity{Checked: true, Method: integrityOAMerkle}
	fail := func(format string, args ...any) *Integrity {
		res.Reason = fmt.Sprintf(format, args...)
		return res
	}
	sig, _ := getObject(doc, "signature")
	if t, _ := getString(sig, "type"); t != "SHA3MerkleProof" {
		return fail("signature.type is %q, not SHA3MerkleProof", truncate(t, 64))
	}
	digest, err := oaTargetHash(doc)
	if err != nil {
		return fail("targetHash cannot be recomputed: %v", err)
	}
	declared, _ := getString(sig, "targetHash")
	if digest != declared {
		return fail("recomputed targetHash %s differs from signature.targetHash %s", digest, truncate(declared, 80))
	}
	target, err := decodeHash32(declared)
	if err != nil {
		return fail("signature.targetHash: %v", err)
	}
	var proof []Hash
	if p, ok := sig["proof"]; ok && p != nil {
		list, ok := p.([]any)
		if !ok {
			return fail("signature.proof is not an array")
		}
		for i, e := range list {
			s, _ := e.(string)
			h, err := decodeHash32(s)
			if err != nil {
				return fail("signature.proof[%d]: %v", i, err)
			}
			proof = append(proof, h)
		}
	}
	rootHex, _ := getString(sig, "merkleRoot")
	root, err := decodeHash32(rootHex)
	if err != nil {
		return fail("signature.merkleRoot: %v", err)
	}
	if got := oaMerkleRoot(target, proof); got != root {
		return fail("the Merkle proof leads to %s, not signature.merkleRoot %s", got, rootHex)
	}
	res.Valid = true
	return res
}

// oaMerkleRoot folds a Merkle proof into a leaf as open-attestation's
// checkProof does: at each step the two 32-byte hashes are sorted
// byte-wise, concatenated and hashed with Keccak-256.
func oaMerkleRoot(leaf Hash, proof []Hash) Hash {
	cur := leaf
	for _, sibling := range proof {
		a, b := cur[:], sibling[:]
		if bytes.Compare(a, b) > 0 {
			a, b = b, a
		}
		cur = keccak256(a, b)
	}
	return cur
}

// oaTargetHash recomputes an OpenAttestation v2 targetHash, as lower-case
// hex, the way open-attestation's digestDocument does:
//
//  1. data is flattened (oaFlatten);
//  2. each entry K, V is hashed as keccak256(JSON.stringify({K: V}));
//  3. the hex hashes are joined with privacy.obfuscatedData and sorted;
//  4. targetHash = keccak256(JSON.stringify(sortedHexArray)).
//
// JSON.stringify of a one-member object whose value is a string, number,
// boolean, null, {} or [], and of an array of strings, is byte for byte the
// RFC 8785 form of that value (same string escaping, same ECMAScript number
// formatting, no white space), so both are produced with canonicalJSON.
func oaTargetHash(doc map[string]any) (string, error) {
	data, ok := getObject(doc, "data")
	if !ok {
		return "", errors.New("data is not an object")
	}
	var hashes []string
	if privacy, ok := doc["privacy"].(map[string]any); ok {
		if obf, ok := privacy["obfuscatedData"]; ok && obf != nil {
			list, ok := obf.([]any)
			if !ok {
				return "", errors.New("privacy.obfuscatedData is not an array")
			}
			for _, e := range list {
				s, ok := e.(string)
				if !ok {
					return "", errors.New("privacy.obfuscatedData holds a value that is not a string")
				}
				hashes = append(hashes, s)
			}
		}
	}
	entries, err := oaFlatten(data)
	if err != nil {
		return "", err
	}
	for _, e := range entries {
		b, err := canonicalJSON(map[string]any{e.key: e.value})
		if err != nil {
			return "", fmt.Errorf("field %s: %v", truncate(e.key, 128), err)
		}
		h := keccak256(b)
		hashes = append(hashes, hex.EncodeToString(h[:]))
	}
	sortJSStrings(hashes)
	list := make([]any, len(hashes))
	for i, h := range hashes {
		list[i] = h
	}
	b, err := canonicalJSON(list)
	if err != nil {
		return "", err
	}
	h := keccak256(b)
	return hex.EncodeToString(h[:]), nil
}

// oaEntry is one flattened OpenAttestation field.
type oaEntry struct {
	key   string
	value any
}

// oaFlatten flattens an OpenAttestation data object with the semantics of
// flatley 5.2 as open-attestation configures it: nested keys are joined with
// ".", array elements are keyed by their index, empty objects and arrays are
// kept as leaf values, a key that contains "." is an error, and, as in
// flatley, an empty parent key adds no prefix. A flattened key "__proto__"
// is refused because JavaScript would not store it as a property, so no
// hash computed here could match open-attestation's.
func oaFlatten(data map[string]any) ([]oaEntry, error) {
	var out []oaEntry
	var step func(prefix string, v any) error
	visit := func(prefix, key string, value any) error {
		if strings.Contains(key, ".") {
			return fmt.Errorf("key %q contains '.', which open-attestation refuses", truncate(key, 64))
		}
		full := key
		if prefix != "" {
			full = prefix + "." + key
		}
		switch c := value.(type) {
		case map[string]any:
			if len(c) > 0 {
				return step(full, c)
			}
		case []any:
			if len(c) > 0 {
				return step(full, c)
			}
		}
		if full == "__proto__" {
			return errors.New(`a field flattened to "__proto__" cannot be hashed as JavaScript does`)
		}
		out = append(out, oaEntry{key: full, value: value})
		return nil
	}
	step = func(prefix string, v any) error {
		switch c := v.(type) {
		case map[string]any:
			// Sorted keys make the first error reported deterministic; the
			// hashes themselves are sorted later, so order does not matter.
			for _, k := range slices.Sorted(maps.Keys(c)) {
				if err := visit(prefix, k, c[k]); err != nil {
					return err
				}
			}
		case []any:
			for i, val := range c {
				if err := visit(prefix, strconv.Itoa(i), val); err != nil {
					return err
				}
			}
		}
		return nil
	}
	if err := step("", data); err != nil {
		return nil, err
	}
	return out, nil
}

// keccak256 returns the legacy (Ethereum) Keccak-256 digest of the
// concatenation of parts; this is not SHA3-256.
func keccak256(parts ...[]byte) Hash {
	k := sha3.NewLegacyKeccak256()
	for _, p := range parts {
		k.Write(p)
	}
	var h Hash
	k.Sum(h[:0])
	return h
}

// sortJSStrings sorts strings by UTF-16 code units, as JavaScript's string
// comparison (and so lodash's sortBy) does. For ASCII strings, the usual case
// of hex hashes, that is plain byte order.
func sortJSStrings(list []string) {
	if !slices.ContainsFunc(list, func(s string) bool { return !isASCII(s) }) {
		slices.Sort(list)
		return
	}
	type keyed struct {
		s string
		u []uint16
	}
	ks := make([]keyed, len(list))
	for i, s := range list {
		ks[i] = keyed{s, utf16.Encode([]rune(s))}
	}
	slices.SortStableFunc(ks, func(a, b keyed) int { return slices.Compare(a.u, b.u) })
	for i := range ks {
		list[i] = ks[i].s
	}
}

// isASCII reports whether s holds only ASCII characters, for which UTF-8
// byte order and UTF-16 code unit order agree.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
