package formats

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// jsonUpdateGoldens reports whether -update was given.
func jsonUpdateGoldens() bool { return updateGoldens() }

// jsonTestdataRoot returns the shared sample directory (see testdataRoot).
func jsonTestdataRoot(t testing.TB) string {
	t.Helper()
	return testdataRoot(t)
}

// jsonSampleDir returns jsonTestdataRoot/documents/<sub>, skipping when absent.
func jsonSampleDir(t testing.TB, sub string) string {
	t.Helper()
	dir := filepath.Join(jsonTestdataRoot(t), "documents", sub)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		t.Skipf("sample directory %s not found", dir)
	}
	return dir
}

// readJSONSample reads one sample file by name from documents/<sub>.
func readJSONSample(t testing.TB, sub, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(jsonSampleDir(t, sub), name))
	if err != nil {
		t.Fatalf("reading sample: %v", err)
	}
	return b
}

// jsonSamples lists the JSON samples (.json and .jsonld) of documents/<sub>.
func jsonSamples(t testing.TB, sub string) []string {
	t.Helper()
	dir := jsonSampleDir(t, sub)
	var names []string
	for _, pattern := range []string{"*.json", "*.jsonld"} {
		m, err := filepath.Glob(filepath.Join(dir, pattern))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range m {
			names = append(names, filepath.Base(p))
		}
	}
	sort.Strings(names)
	if len(names) == 0 {
		t.Skipf("no JSON samples in %s", dir)
	}
	return names
}

// jsonGoldenResult is what a golden file records for one input.
type jsonGoldenResult struct {
	Documents []Document       `json:"documents,omitempty"`
	Error     *jsonGoldenError `json:"error,omitempty"`
}

// jsonGoldenError records a ParseError in a golden file.
type jsonGoldenError struct {
	Format Format `json:"format"`
	Rule   string `json:"rule"`
	Where  string `json:"where,omitempty"`
	Msg    string `json:"msg"`
}

// checkJSONGolden compares the result of parsing against
// testdata/golden/<sub>/<name>.json, or rewrites it under -update.
func checkJSONGolden(t *testing.T, sub, name string, docs []Document, err error) {
	t.Helper()
	res := jsonGoldenResult{Documents: docs}
	if err != nil {
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Fatalf("error is not a *ParseError: %v", err)
		}
		res.Error = &jsonGoldenError{Format: pe.Format, Rule: pe.Rule, Where: pe.Where, Msg: pe.Msg}
	}
	got, mErr := json.MarshalIndent(res, "", "  ")
	if mErr != nil {
		t.Fatal(mErr)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", "golden", sub, name+".json")
	if jsonUpdateGoldens() {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, rErr := os.ReadFile(path)
	if rErr != nil {
		t.Fatalf("reading golden file (run with -update to create it): %v", rErr)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("result differs from %s (run with -update if the change is intended)\n got: %s\nwant: %s", path, got, want)
	}
}

// jsonErrorRule returns the Rule of a *ParseError, or "" for nil, failing
// the test for any other error type.
func jsonErrorRule(t *testing.T, err error) (string, string) {
	t.Helper()
	if err == nil {
		return "", ""
	}
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("error is not a *ParseError: %T %v", err, err)
	}
	return pe.Rule, pe.Where
}

func TestDecodeStrictRefusesHostileInput(t *testing.T) {
	deep := strings.Repeat("[", MaxJSONDepth+1) + strings.Repeat("]", MaxJSONDepth+1)
	okDeep := strings.Repeat("[", MaxJSONDepth) + strings.Repeat("]", MaxJSONDepth)
	tests := []struct {
		name, in, rule, where string
	}{
		{"duplicate key", `{"a":1,"a":2}`, RuleJSONDuplicateKey, "$.a"},
		{"nested duplicate key", "{\"data\":{\"issuers\":[{\"name\":\"x\",\n\"name\":\"y\"}]}}", RuleJSONDuplicateKey, "$.data.issuers[0].name"},
		{"duplicate odd key", `{"x":{"a b":1,"a b":2}}`, RuleJSONDuplicateKey, `$.x["a b"]`},
		{"too deep", deep, RuleJSONTooDeep, "line 1 column 65"},
		{"escaped duplicate key", `{"a":1,"\u0061":2}`, RuleJSONDuplicateKey, "$.a"},
		{"empty duplicate key", `{"":1,"":2}`, RuleJSONDuplicateKey, `$[""]`},
		{"duplicate in array element", `{"b":["x,{",{"a":1,"a":2}]}`, RuleJSONDuplicateKey, "$.b[1].a"},
		{"duplicate after nested value", `{"a":{"a":1},"b":[{"a":2}],"a":3}`, RuleJSONDuplicateKey, "$.a"},
		{"ok same key in sibling objects", `{"a\"b":1,"c":{"a\"b":2},"d":[{"a":1},{"a":1}]}`, "", ""},
		{"ok structural characters in strings", `{"a":"{,\"[:","b":["x,y",{"a":"}"}],"c":"\\"}`, "", ""},
		{"trailing comma", "{\n  \"a\": [1,\n  ]\n}", RuleJSONSyntax, "line 3 column 3"},
		{"trailing data", `{} {}`, RuleJSONTrailingData, "line 1 column 4"},
		{"trailing garbage", `{}x`, RuleJSONTrailingData, "line 1 column 3"},
		{"bad escape", `{"a":"\q"}`, RuleJSONSyntax, "line 1 column 8"},
		{"control character", "{\"a\":\"\x01\"}", RuleJSONSyntax, "line 1 column 7"},
		{"missing colon", `{"a" 1}`, RuleJSONSyntax, "line 1 column 6"},
		{"scanner depth", strings.Repeat("[", 20000), RuleJSONTooDeep, "line 1 column 10001"},
		{"unterminated", `{"a":`, RuleJSONSyntax, "line 1 column 6"},
		{"empty", "  \n", RuleJSONEmpty, ""},
		{"invalid utf-8", "{\"a\":\n\"\xff\"}", RuleJSONInvalidUTF8, "line 2 column 2"},
		{"lone high surrogate", `{"a":"\ud800x"}`, RuleJSONInvalidSurrogate, "line 1 column 7"},
		{"lone low surrogate", `{"a":"\udc00"}`, RuleJSONInvalidSurrogate, "line 1 column 7"},
		{"single quotes", `{'a':1}`, RuleJSONSyntax, "line 1 column 2"},
		{"bare NaN", `{"a":NaN}`, RuleJSONSyntax, "line 1 column 6"},
		{"ok at depth limit", okDeep, "", ""},
		{"ok surrogate pair", `{"a":"\ud83d\ude00"}`, "", ""},
		{"ok escaped backslash before u", `{"a":"\\ud800"}`, "", ""},
		{"ok byte-order mark", "\xef\xbb\xbf{\"a\":1}", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := decodeStrict([]byte(tc.in))
			rule, where := jsonErrorRule(t, err)
			if rule != tc.rule || where != tc.where {
				t.Errorf("got rule %q where %q (%v); want rule %q where %q", rule, where, err, tc.rule, tc.where)
			}
		})
	}
}

func TestDecodeStrictRefusesOversizeInput(t *testing.T) {
	big := make([]byte, MaxDocumentSize+1)
	_, err := decodeStrict(big)
	if rule, _ := jsonErrorRule(t, err); rule != RuleJSONTooLarge {
		t.Fatalf("got %v, want %s", err, RuleJSONTooLarge)
	}
	if _, err := Parse(big); err == nil {
		t.Fatal("Parse accepted an oversize input")
	}
}

func TestDecodeStrictKeepsNumbersAsText(t *testing.T) {
	v, err := decodeStrict([]byte(`{"a":1.10,"b":[1e400,-0,12345678901234567890123]}`))
	if err != nil {
		t.Fatal(err)
	}
	obj := v.(map[string]any)
	if got := obj["a"]; got != json.Number("1.10") {
		t.Errorf("a = %#v, want json.Number(\"1.10\")", got)
	}
	b := obj["b"].([]any)
	want := []json.Number{"1e400", "-0", "12345678901234567890123"}
	for i, w := range want {
		if b[i] != w {
			t.Errorf("b[%d] = %#v, want %#v", i, b[i], w)
		}
	}
}

func TestParseJSONDetection(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		format Format
		kind   Kind
	}{
		{"vc 2.0", `{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"],"issuer":"did:example:1"}`, FormatVC, KindCredential},
		{"vc 1.1 issuer object", `{"@context":"https://www.w3.org/2018/credentials/v1","type":"VerifiableCredential","issuer":{"id":"did:example:1","name":"X"}}`, FormatVC, KindCredential},
		{"vp", `{"@context":["https://www.w3.org/2018/credentials/v1"],"type":["VerifiablePresentation"]}`, FormatVC, KindUnknown},
		{"oa wrapped", `{"data":{"a":"x"},"signature":{"type":"SHA3MerkleProof","targetHash":"00","proof":[],"merkleRoot":"` + strings.Repeat("ab", 32) + `"}}`, FormatOpenAttestation, KindTradeDocument},
		{"oa raw", `{"issuers":[{"name":"A"}]}`, FormatOpenAttestation, KindTradeDocument},
		{"did document", `{"@context":"https://www.w3.org/ns/did/v1","id":"did:web:example.com"}`, FormatRaw, KindUnknown},
		{"array", `[1,2]`, FormatRaw, KindUnknown},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			docs, err := parseJSON([]byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if len(docs) != 1 || docs[0].Format != tc.format || docs[0].Kind != tc.kind {
				t.Fatalf("got %+v, want format %s kind %s", docs, tc.format, tc.kind)
			}
			if docs[0].RawSHA256 != RawHash([]byte(tc.in)) {
				t.Error("RawSHA256 is not the SHA-256 of the input")
			}
		})
	}
}

func TestParseJSONMalformedSample(t *testing.T) {
	data := readJSONSample(t, "vc", "did-web-spec-example1-jwk-INVALID-trailing-comma.json")
	_, err := Parse(data)
	rule, where := jsonErrorRule(t, err)
	if rule != RuleJSONSyntax || where != "line 39 column 3" {
		t.Fatalf("got rule %q where %q (%v); want json.syntax at line 39 column 3", rule, where, err)
	}
}

func TestLineColumnCountsCharacters(t *testing.T) {
	b := []byte("ab\nçé{")
	if got := lineColumn(b, len(b)-1); got != "line 2 column 3" {
		t.Errorf("got %q", got)
	}
	if got := lineColumn(b, 1000); got != "line 2 column 4" {
		t.Errorf("got %q for an offset past the end", got)
	}
}
