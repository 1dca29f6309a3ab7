package formats

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParseJSON feeds arbitrary bytes to parseJSON and checks that it never
// panics, that every failure is a *ParseError with a rule, and that the
// result is deterministic. It is seeded from the shared VC and
// OpenAttestation samples (when present) and from inline hostile inputs.
func FuzzParseJSON(f *testing.F) {
	for _, seed := range []string{
		`{}`,
		`[]`,
		`{"a":1,"a":2}`,
		`{"a":"\ud800"}`,
		`{"a":1e400}`,
		strings.Repeat("[", 100),
		`{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"],"issuer":{"id":"did:x"},"proof":{"type":"DataIntegrityProof","cryptosuite":"eddsa-jcs-2022","verificationMethod":"did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2","proofPurpose":"assertionMethod","proofValue":"z2"}}`,
		`{"@context":"https://www.w3.org/2018/credentials/v1","type":"VerifiablePresentation","proof":[1,{}]}`,
		`{"data":{"a.b":"x","":{"__proto__":{}}},"signature":{"type":"SHA3MerkleProof","targetHash":"00","proof":["zz",1],"merkleRoot":"` + strings.Repeat("ab", 32) + `"},"privacy":{"obfuscatedData":[1]}}`,
		`{"issuers":[{"name":"6002d4ab-d1a6-447e-9f86-945ee220fedb:string:x"},"y"],"$template":7}`,
		`{"data":{"issuers":[{"tokenRegistry":"6002d4ab-d1a6-447e-9f86-945ee220fedb:string:0x9Eb613a88534E2939518f4ffBFE65F5969b491FF"}],"network":{"chainId":"6002d4ab-d1a6-447e-9f86-945ee220fedb:string:137","chain":"x"},` +
			`"links":{"self":{"href":"https://actions.tradetrust.io?q=%7B%22payload%22%3A%7B%22chainId%22%3A%2201%22%7D%7D"}}},"signature":{"type":"SHA3MerkleProof","targetHash":"` + strings.Repeat("cd", 32) + `","proof":[],"merkleRoot":"` + strings.Repeat("cd", 32) + `"}}`,
	} {
		f.Add([]byte(seed))
	}
	if root := fuzzTestdataRoot(); root != "" {
		for _, sub := range []string{"vc", "openattestation"} {
			for _, pattern := range []string{"*.json", "*.jsonld"} {
				files, _ := filepath.Glob(filepath.Join(root, "documents", sub, pattern))
				for _, file := range files {
					if b, err := os.ReadFile(file); err == nil {
						f.Add(b)
					}
				}
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		docs1, err1 := parseJSON(data)
		docs2, err2 := parseJSON(data)
		if err1 != nil {
			var pe *ParseError
			if !errors.As(err1, &pe) || pe.Rule == "" {
				t.Fatalf("error is not a ParseError with a rule: %#v", err1)
			}
			if err2 == nil || err1.Error() != err2.Error() {
				t.Fatalf("non-deterministic error: %v / %v", err1, err2)
			}
			return
		}
		if err2 != nil {
			t.Fatalf("second parse failed: %v", err2)
		}
		j1, _ := json.Marshal(docs1)
		j2, _ := json.Marshal(docs2)
		if string(j1) != string(j2) {
			t.Fatalf("non-deterministic result:\n%s\n%s", j1, j2)
		}
		for _, d := range docs1 {
			if d.RawSHA256 != RawHash(data) {
				t.Fatal("RawSHA256 is not the SHA-256 of the input")
			}
			if d.Integrity != nil && d.Integrity.Valid && !d.Integrity.Checked {
				t.Fatal("integrity claims validity without a check")
			}
			if td := d.TradeDocument; td != nil && td.Token != nil {
				tok := td.Token
				if !isEVMAddress(tok.Registry) || strings.ToLower(tok.Registry) != tok.Registry || len(tok.TokenID) != 66 ||
					(tok.ChainID != "" && !isDecimal(tok.ChainID)) || (tok.ChainID == "") != (tok.ChainIDFrom == "") {
					t.Fatalf("malformed token reference %+v", tok)
				}
			}
		}
	})
}

// fuzzTestdataRoot returns the shared sample directory, or "" when it is
// absent (the fuzz test then runs on its inline seeds only).
func fuzzTestdataRoot() string {
	dir := os.Getenv("CORRIDOR_TESTDATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "..", "shared", "testdata")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	if st, err := os.Stat(abs); err != nil || !st.IsDir() {
		return ""
	}
	return abs
}

// FuzzDecodeStrictStructure cross-checks checkStructure, which scans the
// raw text, against a slow reference that walks encoding/json's token
// stream: on syntactically valid input both must agree on whether there is
// a duplicate key or too deep a nesting.
func FuzzDecodeStrictStructure(f *testing.F) {
	for _, seed := range []string{
		`{"a":1,"a":2}`, `{"a":1,"\u0061":2}`, `{"a":{"a":1},"b":"a"}`, `[{"":1},{"":1}]`,
		`{"a\"":1,"a\\":2}`, `{"x":"{\"a\":1,\"a\":2}"}`, strings.Repeat(`{"a":`, 70) + "1" + strings.Repeat("}", 70),
		strings.Repeat("[", 64) + strings.Repeat("]", 64), strings.Repeat("[", 65) + strings.Repeat("]", 65),
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 || !json.Valid(data) || !utf8.Valid(data) {
			return
		}
		_, err := decodeStrict(data)
		var pe *ParseError
		got := errors.As(err, &pe) && (pe.Rule == RuleJSONDuplicateKey || pe.Rule == RuleJSONTooDeep)
		want := referenceStructureError(data)
		if pe != nil && pe.Rule == RuleJSONInvalidSurrogate {
			return // a lone surrogate may be found first; no comparison possible
		}
		if got != want {
			t.Fatalf("checkStructure says %v (%v), the token-stream reference says %v", got, err, want)
		}
	})
}

// referenceStructureError reports whether valid JSON text has a duplicate
// object key or nests deeper than MaxJSONDepth, using encoding/json tokens.
func referenceStructureError(data []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(data))
	type frame struct {
		object bool
		keys   map[string]bool
		key    bool // the next token in this object is a key
	}
	var stack []*frame
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return false
		}
		if err != nil {
			return false
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if d, ok := tok.(json.Delim); ok && (d == '}' || d == ']') {
			stack = stack[:len(stack)-1]
			if len(stack) > 0 && stack[len(stack)-1].object {
				stack[len(stack)-1].key = true
			}
			continue
		}
		if top != nil && top.object && top.key {
			k := tok.(string)
			if top.keys[k] {
				return true
			}
			top.keys[k] = true
			top.key = false
			continue
		}
		if d, ok := tok.(json.Delim); ok {
			if len(stack) >= MaxJSONDepth {
				return true
			}
			stack = append(stack, &frame{object: d == '{', keys: map[string]bool{}, key: d == '{'})
			continue
		}
		if top != nil && top.object {
			top.key = true
		}
	}
}
