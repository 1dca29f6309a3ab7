package formats

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"maps"
	"slices"
	"sort"
	"strings"
	"testing"
)

// oaValidWrapped are the wrapped samples whose Merkle integrity verifies
// (documents/openattestation/README.md); oa-v2-obfuscated-wrapped.json does
// not, and oa-v2-raw-document.json is not wrapped.
var oaValidWrapped = []string{
	"oa-v2-did-wrapped.json",
	"oa-v2-not-obfuscated-wrapped.json",
	"oa-v2-wrapped-transferable-document.json",
	"oa-verify-v2-did-revocation-store-signed-not-revoked.json",
	"tradetrust-v2-ebl-withoutnetwork.json",
	"tradetrust-v2-invoice-obfuscated.json",
	"tradetrust-v2-invoice.json",
}

const (
	oaFileObfuscatedBad = "oa-v2-obfuscated-wrapped.json"
	oaFileRaw           = "oa-v2-raw-document.json"
	oaFileInvoice       = "tradetrust-v2-invoice.json"
)

// oaTestKeccakHex returns the lower-case hex Keccak-256 of s.
func oaTestKeccakHex(s string) string {
	h := keccak256([]byte(s))
	return hex.EncodeToString(h[:])
}

// oaTestDigest computes a targetHash from hand-written JSON.stringify texts
// of each field, independently of oaFlatten and canonicalJSON.
func oaTestDigest(fieldJSON []string, obfuscated ...string) string {
	hashes := slices.Clone(obfuscated)
	for _, f := range fieldJSON {
		hashes = append(hashes, oaTestKeccakHex(f))
	}
	sort.Strings(hashes)
	return oaTestKeccakHex(`["` + strings.Join(hashes, `","`) + `"]`)
}

func TestKeccak256IsLegacyKeccak(t *testing.T) {
	// Keccak-256 of the empty string, as Ethereum and js-sha3 compute it
	// (SHA3-256 would give a7ffc6f8…).
	if got := oaTestKeccakHex(""); got != "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470" {
		t.Fatalf("keccak256(\"\") = %s", got)
	}
}

func TestOAGoldens(t *testing.T) {
	for _, name := range jsonSamples(t, "openattestation") {
		t.Run(name, func(t *testing.T) {
			docs, err := Parse(readJSONSample(t, "openattestation", name))
			checkJSONGolden(t, "openattestation", name, docs, err)
		})
	}
}

func TestOASamplesVerify(t *testing.T) {
	names := jsonSamples(t, "openattestation")
	valid := 0
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			d := jsonTestParseOne(t, readJSONSample(t, "openattestation", name))
			if d.Format != FormatOpenAttestation || d.Kind != KindTradeDocument || d.Profile != ProfileOpenAttestation {
				t.Fatalf("got %s %s %s", d.Format, d.Kind, d.Profile)
			}
			in := d.Integrity
			switch {
			case name == oaFileRaw:
				if in.Checked || in.Valid || !strings.Contains(in.Reason, "not wrapped") {
					t.Fatalf("raw document integrity %+v", in)
				}
			case name == oaFileObfuscatedBad:
				if !in.Checked || in.Valid {
					t.Fatalf("obfuscated-wrapped must fail: %+v", in)
				}
			case slices.Contains(oaValidWrapped, name):
				if !in.Checked || !in.Valid || in.Method != integrityOAMerkle {
					t.Fatalf("want valid, got %+v", in)
				}
				if d.CanonicalHash.String() != d.TradeDocument.MerkleRoot {
					t.Fatalf("canonical hash %s is not merkleRoot %s", d.CanonicalHash, d.TradeDocument.MerkleRoot)
				}
				valid++
			default:
				t.Fatalf("sample %s is not classified by this test; add it", name)
			}
		})
	}
	if valid != len(oaValidWrapped) {
		t.Errorf("%d valid samples, want %d", valid, len(oaValidWrapped))
	}
}

// TestOAObfuscatedSampleFailsOnlyForItsEmptyLeaf shows why
// oa-v2-obfuscated-wrapped.json fails: obfuscation left "recipient": {},
// which flatley keeps as a leaf. Without that leaf the obfuscated hash of
// recipient.name reproduces the original targetHash.
func TestOAObfuscatedSampleFailsOnlyForItsEmptyLeaf(t *testing.T) {
	data := readJSONSample(t, "openattestation", oaFileObfuscatedBad)
	fixed := jsonTestMutate(t, data, func(o map[string]any) { delete(o["data"].(map[string]any), "recipient") })
	if d := jsonTestParseOne(t, fixed); !d.Integrity.Valid {
		t.Fatalf("without the empty recipient: %+v", d.Integrity)
	}
}

func TestOATradeDocumentFields(t *testing.T) {
	d := jsonTestParseOne(t, readJSONSample(t, "openattestation", "tradetrust-v2-ebl-withoutnetwork.json"))
	td := d.TradeDocument
	if td.TokenRegistry != "0x9Eb613a88534E2939518f4ffBFE65F5969b491FF" || td.Template != "BILL_OF_LADING_CARRIER" ||
		!slices.Equal(td.Issuers, []string{"DEMO TOKEN REGISTRY"}) || td.DocumentStore != "" || td.Obfuscated != 0 ||
		td.TargetHash != "a0bf0f3823a8857d068740c6f936eeab2de0516161924f84fe4c1ef6061732d2" {
		t.Errorf("eBL fields: %+v", td)
	}
	// The eBL names no network; its TradeTrust action link names the chain.
	want := TokenReference{Registry: "0x9eb613a88534e2939518f4ffbfe65f5969b491ff", ChainID: "20180427", ChainIDFrom: ChainIDFromLink,
		TokenID: "0xa0bf0f3823a8857d068740c6f936eeab2de0516161924f84fe4c1ef6061732d2"}
	if td.Token == nil || *td.Token != want {
		t.Errorf("eBL token reference: %+v, want %+v", td.Token, want)
	}
	tr := jsonTestParseOne(t, readJSONSample(t, "openattestation", "oa-v2-wrapped-transferable-document.json")).TradeDocument
	if tr.Token == nil || tr.Token.Registry != "0x9178f546d3ff57d7a6352bd61b80cccd46199c2d" ||
		tr.Token.TokenID != "0x53bc5e7c1f2f9f55bb55ce9834f666790f4976660c32ca1ccc3815eed9178d07" {
		t.Errorf("transferable document token reference: %+v", tr.Token)
	}
	d = jsonTestParseOne(t, readJSONSample(t, "openattestation", "tradetrust-v2-invoice-obfuscated.json"))
	td = d.TradeDocument
	if td.DocumentStore != "0x4Bf7E4777a8D1b6EdD5F2d9b8582e2817F0B0953" || td.Obfuscated != 1 || td.Template != "INVOICE" ||
		!slices.Equal(td.Issuers, []string{"TradeTrust document store Local"}) {
		t.Errorf("invoice fields: %+v", td)
	}
	if td.Token != nil {
		t.Errorf("a document-store invoice has no token reference: %+v", td.Token)
	}
}

func TestUnsaltOA(t *testing.T) {
	tests := map[string]string{
		"fb57e16f-d2f4-4caa-8c37-86514695a3ac:number:5000":                          "5000",
		"6002d4ab-d1a6-447e-9f86-945ee220fedb:string:did:ethr:0xE712#controller":    "did:ethr:0xE712#controller",
		"6002D4AB-D1A6-447E-9F86-945EE220FEDB:boolean:true":                         "true",
		"6002d4ab-d1a6-447e-9f86-945ee220fedb:null:null":                            "",
		"6002d4ab-d1a6-447e-9f86-945ee220fedb:string:":                              "",
		"6002d4ab-d1a6-147e-9f86-945ee220fedb:string:v1 uuid is not a salt":         "6002d4ab-d1a6-147e-9f86-945ee220fedb:string:v1 uuid is not a salt",
		"6002d4ab-d1a6-447e-9f86-945ee220fedb:object:unknown type stays as written": "6002d4ab-d1a6-447e-9f86-945ee220fedb:object:unknown type stays as written",
		"plain value": "plain value",
		"a:string:b":  "a:string:b",
		"":            "",
	}
	for in, want := range tests {
		if got := unsaltOA(in); got != want {
			t.Errorf("unsaltOA(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestOAStringifyMatchesJavaScript checks that the text hashed for one
// field is what JavaScript's JSON.stringify({K: V}) produces. The expected
// texts are written by hand from the ECMAScript rules: only '"', '\\' and
// control characters are escaped (\b \f \n \r \t by name, others as
// lower-case \u00xx), '<', '>', '&', '/', U+007F, U+2028 and U+2029 are
// written raw, and numbers are written by Number::toString.
func TestOAStringifyMatchesJavaScript(t *testing.T) {
	tests := []struct{ value, want string }{
		{`"x<y>&z"`, `{"k":"x<y>&z"}`},
		{`"a\u2028b\u2029c"`, "{\"k\":\"a\u2028b\u2029c\"}"},
		{`"\u0000\u001f\b\f\n\r\t\"\\\/"`, `{"k":"\u0000\u001f\b\f\n\r\t\"\\/"}`},
		{`"\u000B\u001B"`, `{"k":"\u000b\u001b"}`},
		{`"\u007f\u00e9\ud83d\ude00 ü"`, "{\"k\":\"\x7fé😀 ü\"}"},
		{`1.0`, `{"k":1}`},
		{`1E2`, `{"k":100}`},
		{`-0`, `{"k":0}`},
		{`0.1`, `{"k":0.1}`},
		{`0.30000000000000004`, `{"k":0.30000000000000004}`},
		{`0.000001`, `{"k":0.000001}`},
		{`1e-7`, `{"k":1e-7}`},
		{`-1.5e-10`, `{"k":-1.5e-10}`},
		{`1e20`, `{"k":100000000000000000000}`},
		{`1e21`, `{"k":1e+21}`},
		{`123456789012345678901`, `{"k":123456789012345680000}`},
		{`5e-324`, `{"k":5e-324}`},
		{`1.7976931348623157e308`, `{"k":1.7976931348623157e+308}`},
		{`true`, `{"k":true}`},
		{`null`, `{"k":null}`},
		{`{}`, `{"k":{}}`},
		{`[]`, `{"k":[]}`},
	}
	for _, tc := range tests {
		obj := jsonTestDecode(t, []byte(`{"k":`+tc.value+`}`))
		got, err := canonicalJSON(map[string]any{"k": obj["k"]})
		if err != nil {
			t.Errorf("%s: %v", tc.value, err)
			continue
		}
		if string(got) != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.value, got, tc.want)
		}
	}
	// Keys are escaped the same way.
	got, err := canonicalJSON(map[string]any{"a\"b<&\u2028": "x"})
	if want := "{\"a\\\"b<&\u2028\":\"x\"}"; err != nil || string(got) != want {
		t.Errorf("key escaping: got %q want %q (%v)", got, want, err)
	}
}

// oaTestWrap wraps data as a batch-of-one OpenAttestation v2 document with
// the given targetHash.
func oaTestWrap(data string, target string, extra string) []byte {
	return []byte(`{"version":"https://schema.openattestation.com/2.0/schema.json","data":` + data +
		`,"signature":{"type":"SHA3MerkleProof","targetHash":"` + target + `","proof":[],"merkleRoot":"` + target + `"}` + extra + `}`)
}

func TestOATargetHashHandMade(t *testing.T) {
	data := `{
	  "name": "x<y>&z",
	  "nested": {"list": ["a\u2028b", 1.50, {}, [[]]], "empty": [], "": {"deeper": "q"}},
	  "": {"top": "t"},
	  "flag": true,
	  "nothing": null,
	  "issuers": [{"name": "Issuer \"Quoted\" / Ünïcode"}]
	}`
	obfuscated := strings.Repeat("0f", 32)
	fields := []string{
		`{"name":"x<y>&z"}`,
		"{\"nested.list.0\":\"a\u2028b\"}",
		`{"nested.list.1":1.5}`,
		`{"nested.list.2":{}}`,
		`{"nested.list.3.0":[]}`,
		`{"nested.empty":[]}`,
		`{"nested..deeper":"q"}`,
		`{"top":"t"}`, // flatley adds no prefix for an empty parent key
		`{"flag":true}`,
		`{"nothing":null}`,
		`{"issuers.0.name":"Issuer \"Quoted\" / Ünïcode"}`,
	}
	target := oaTestDigest(fields, obfuscated)
	doc := oaTestWrap(data, target, `,"privacy":{"obfuscatedData":["`+obfuscated+`"]}`)
	d := jsonTestParseOne(t, doc)
	if !d.Integrity.Valid {
		t.Fatalf("hand-made document does not verify: %+v", d.Integrity)
	}
	if d.CanonicalHash.String() != target || d.TradeDocument.Obfuscated != 1 {
		t.Fatalf("canonical hash %s, want %s; %+v", d.CanonicalHash, target, d.TradeDocument)
	}
	// Without the obfuscated hash it no longer verifies.
	if d := jsonTestParseOne(t, oaTestWrap(data, target, "")); d.Integrity.Valid {
		t.Fatal("verified without its obfuscated hash")
	}
}

func TestOAFlattenRefusals(t *testing.T) {
	for _, data := range []string{`{"a.b":"x"}`, `{"a":{"b.c":"x"}}`, `{"__proto__":"x"}`, `{"":{"__proto__":"x"}}`} {
		d := jsonTestParseOne(t, oaTestWrap(data, strings.Repeat("ab", 32), ""))
		if !d.Integrity.Checked || d.Integrity.Valid || !strings.Contains(d.Integrity.Reason, "cannot be recomputed") {
			t.Errorf("%s: %+v", data, d.Integrity)
		}
	}
	// "__proto__" below the top level is an ordinary key.
	target := oaTestDigest([]string{`{"a.__proto__":"x"}`})
	if d := jsonTestParseOne(t, oaTestWrap(`{"a":{"__proto__":"x"}}`, target, "")); !d.Integrity.Valid {
		t.Errorf("nested __proto__: %+v", d.Integrity)
	}
}

func TestOAObfuscationKeepsTargetHash(t *testing.T) {
	data := readJSONSample(t, "openattestation", oaFileInvoice)
	// Obfuscate billFrom.postalCode by hand, as open-attestation's
	// obfuscateDocument does: remove the field, add the hash of its
	// JSON.stringify({key: saltedValue}) to privacy.obfuscatedData.
	field := `{"billFrom.postalCode":"043a747c-7619-439c-be35-c206061334ba:string:123456"}`
	obf := jsonTestMutate(t, data, func(o map[string]any) {
		delete(o["data"].(map[string]any)["billFrom"].(map[string]any), "postalCode")
		o["privacy"] = map[string]any{"obfuscatedData": []any{oaTestKeccakHex(field)}}
	})
	base := jsonTestParseOne(t, data)
	d := jsonTestParseOne(t, obf)
	if !d.Integrity.Valid || d.CanonicalHash != base.CanonicalHash || d.TradeDocument.Obfuscated != 1 {
		t.Fatalf("obfuscated copy: %+v %+v", d.Integrity, d.TradeDocument)
	}
}

func TestOATamperedFails(t *testing.T) {
	flipHex := func(s string) string {
		b := []byte(s)
		if b[0] == '0' {
			b[0] = '1'
		} else {
			b[0] = '0'
		}
		return string(b)
	}
	changes := map[string]func(o map[string]any){
		"salted value changed": func(o map[string]any) {
			is := o["data"].(map[string]any)["issuers"].([]any)[0].(map[string]any)
			is["name"] = is["name"].(string) + "X"
		},
		"salt changed": func(o map[string]any) {
			is := o["data"].(map[string]any)["issuers"].([]any)[0].(map[string]any)
			is["name"] = flipHex(is["name"].(string))
		},
		"field dropped": func(o map[string]any) {
			delete(o["data"].(map[string]any)["issuers"].([]any)[0].(map[string]any), "name")
		},
		"field added": func(o map[string]any) {
			o["data"].(map[string]any)["extra"] = "0bc2e1fe-ad0a-437e-a6fb-315125497769:string:x"
		},
		"empty object added": func(o map[string]any) { o["data"].(map[string]any)["extra"] = map[string]any{} },
		"targetHash changed": func(o map[string]any) {
			s := o["signature"].(map[string]any)
			s["targetHash"] = flipHex(s["targetHash"].(string))
		},
		"targetHash upper-case": func(o map[string]any) {
			s := o["signature"].(map[string]any)
			s["targetHash"] = strings.ToUpper(s["targetHash"].(string))
		},
		"merkleRoot changed": func(o map[string]any) {
			s := o["signature"].(map[string]any)
			s["merkleRoot"] = flipHex(s["merkleRoot"].(string))
		},
		"proof hash added": func(o map[string]any) {
			o["signature"].(map[string]any)["proof"] = []any{strings.Repeat("11", 32)}
		},
		"proof not hex":  func(o map[string]any) { o["signature"].(map[string]any)["proof"] = []any{"zz"} },
		"signature type": func(o map[string]any) { o["signature"].(map[string]any)["type"] = "SHA256MerkleProof" },
		"bogus obfuscated hash": func(o map[string]any) {
			o["privacy"] = map[string]any{"obfuscatedData": []any{strings.Repeat("22", 32)}}
		},
	}
	for _, name := range oaValidWrapped {
		data := readJSONSample(t, "openattestation", name)
		for _, cname := range slices.Sorted(maps.Keys(changes)) {
			t.Run(name+"/"+cname, func(t *testing.T) {
				d := jsonTestParseOne(t, jsonTestMutate(t, data, changes[cname]))
				if in := d.Integrity; !in.Checked || in.Valid || in.Reason == "" {
					t.Fatalf("integrity %+v, want checked and invalid", in)
				}
			})
		}
	}
}

func TestOAMerkleProof(t *testing.T) {
	data := readJSONSample(t, "openattestation", oaFileInvoice)
	base := jsonTestParseOne(t, data)
	leaf := base.CanonicalHash
	b := keccak256([]byte("sibling b"))
	c := keccak256([]byte("sibling c"))
	pair := func(x, y Hash) Hash {
		if bytes.Compare(x[:], y[:]) > 0 {
			x, y = y, x
		}
		return keccak256(append(slices.Clone(x[:]), y[:]...))
	}
	root := pair(pair(leaf, b), c)
	batch := func(proof []any, root string) []byte {
		return jsonTestMutate(t, data, func(o map[string]any) {
			s := o["signature"].(map[string]any)
			s["proof"] = proof
			s["merkleRoot"] = root
		})
	}
	good := jsonTestParseOne(t, batch([]any{b.String(), c.String()}, root.String()))
	if !good.Integrity.Valid || good.CanonicalHash != root || good.TradeDocument.MerkleRoot != root.String() {
		t.Fatalf("batch of three: %+v, canonical %s want %s", good.Integrity, good.CanonicalHash, root)
	}
	bad := []struct {
		name  string
		proof []any
		root  string
	}{
		{"proof hash flipped", []any{b.String(), pair(b, c).String()}, root.String()},
		{"proof order swapped", []any{c.String(), b.String()}, root.String()},
		{"proof step missing", []any{b.String()}, root.String()},
		{"root of another batch", []any{b.String(), c.String()}, pair(leaf, c).String()},
	}
	for _, tc := range bad {
		d := jsonTestParseOne(t, batch(tc.proof, tc.root))
		if d.Integrity.Valid {
			t.Errorf("%s: verified", tc.name)
		}
	}
}

func TestOAInvariance(t *testing.T) {
	for _, name := range oaValidWrapped {
		t.Run(name, func(t *testing.T) {
			data := readJSONSample(t, "openattestation", name)
			base := jsonTestParseOne(t, data)
			var compact bytes.Buffer
			if err := json.Compact(&compact, data); err != nil {
				t.Fatal(err)
			}
			variants := map[string][]byte{
				"compact":     compact.Bytes(),
				"sorted keys": jsonTestMutate(t, data, func(map[string]any) {}),
				"CRLF":        bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n")),
				"escaped":     bytes.ReplaceAll(data, []byte(":string:"), []byte(`:str\u0069ng:`)),
			}
			for _, vn := range slices.Sorted(maps.Keys(variants)) {
				d := jsonTestParseOne(t, variants[vn])
				if d.CanonicalHash != base.CanonicalHash || !d.Integrity.Valid {
					t.Errorf("%s: canonical %s valid %v", vn, d.CanonicalHash, d.Integrity.Valid)
				}
			}
		})
	}
}

func TestOARawDocument(t *testing.T) {
	data := readJSONSample(t, "openattestation", oaFileRaw)
	d := jsonTestParseOne(t, data)
	canon, err := canonicalJSON(jsonTestDecode(t, data))
	if err != nil {
		t.Fatal(err)
	}
	if d.CanonicalHash != sha256.Sum256(canon) {
		t.Fatalf("raw document canonical hash %s is not SHA-256 of its JCS form", d.CanonicalHash)
	}
	if td := d.TradeDocument; td.DocumentStore != "0xBBb55Bd1D709955241CAaCb327A765e2b6D69c8b" || td.Template != "main" || td.MerkleRoot != "" {
		t.Errorf("raw fields %+v", td)
	}
	if r := jsonTestParseOne(t, jsonTestMutate(t, data, func(map[string]any) {})); r.CanonicalHash != d.CanonicalHash {
		t.Error("reordering keys changed the raw document's hash")
	}
	if r := jsonTestParseOne(t, jsonTestMutate(t, data, func(o map[string]any) { o["name"] = "Jane Doe" })); r.CanonicalHash == d.CanonicalHash {
		t.Error("changing a value did not change the raw document's hash")
	}
}

func TestOAStructuralErrors(t *testing.T) {
	tests := []struct{ in, rule string }{
		{`{"version":"https://schema.openattestation.com/2.0/schema.json","data":{"a":"b"}}`, RuleOAMissingSignature},
		{`{"data":{"a":"b"},"signature":{"type":"SHA3MerkleProof","merkleRoot":"abc"}}`, RuleOABadMerkleRoot},
		{`{"data":{"a":"b"},"signature":{"type":"SHA3MerkleProof","merkleRoot":"` + strings.Repeat("zz", 32) + `"}}`, RuleOABadMerkleRoot},
	}
	for _, tc := range tests {
		_, err := Parse([]byte(tc.in))
		if rule, _ := jsonErrorRule(t, err); rule != tc.rule {
			t.Errorf("%s: got %v, want %s", tc.in, err, tc.rule)
		}
	}
	// A number too large for a JavaScript double cannot be hashed as
	// open-attestation would; the check fails instead of guessing.
	d := jsonTestParseOne(t, oaTestWrap(`{"n":1e400}`, strings.Repeat("ab", 32), ""))
	if d.Integrity.Valid || !d.Integrity.Checked {
		t.Errorf("1e400: %+v", d.Integrity)
	}
}
