package formats

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/beevik/etree"
)

// sampleFiles returns the XML samples of one folder (ubl, cii, iso20022)
// under documents/, skipping the test when the folder is absent.
func sampleFiles(tb testing.TB, folder string) []string {
	tb.Helper()
	dir := filepath.Join(testdataRoot(tb), "documents", folder)
	files, err := filepath.Glob(filepath.Join(dir, "*.xml"))
	if err != nil || len(files) == 0 {
		tb.Skipf("no XML samples in %s; set CORRIDOR_TESTDATA to the shared testdata directory to run this test", dir)
	}
	return files
}

// readSample reads one sample file, documents/<folder>/<name>.
func readSample(tb testing.TB, folder, name string) []byte {
	tb.Helper()
	path := filepath.Join(testdataRoot(tb), "documents", folder, name)
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Skipf("sample %s not readable: %v", path, err)
	}
	return data
}

// parseOne parses data and requires exactly one document.
func parseOne(tb testing.TB, data []byte) Document {
	tb.Helper()
	docs, err := Parse(data)
	if err != nil {
		tb.Fatalf("Parse: %v", err)
	}
	if len(docs) != 1 {
		tb.Fatalf("Parse returned %d documents, want 1", len(docs))
	}
	return docs[0]
}

// checkGoldens parses every sample of folder, checks its format, and
// compares the JSON of the result with testdata/golden/<folder>/<name>.json
// (rewritten when -update is set).
func checkGoldens(t *testing.T, folder string, want Format) {
	for _, path := range sampleFiles(t, folder) {
		name := strings.TrimSuffix(filepath.Base(path), ".xml")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			doc := parseOne(t, data)
			if doc.Format != want {
				t.Fatalf("format = %q, want %q", doc.Format, want)
			}
			if doc.RawSHA256 != RawHash(data) {
				t.Errorf("raw hash is not the SHA-256 of the file")
			}
			got, err := json.MarshalIndent(doc, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := filepath.Join("testdata", "golden", folder, name+".json")
			if updateGoldens() {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			wantJSON, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("golden %s missing (run go test -update): %v", golden, err)
			}
			if !bytes.Equal(got, wantJSON) {
				t.Errorf("result differs from %s:\n got: %s\nwant: %s", golden, got, wantJSON)
			}
		})
	}
}

// Byte-level rewrites used by the invariance tests. Each keeps the meaning
// of a data-centric XML document.
var (
	betweenTags = regexp.MustCompile(`>[ \t\r\n]+<`)
	commentRE   = regexp.MustCompile(`(?s)<!--.*?-->`)
	lineEndRE   = regexp.MustCompile(`\r\n|\r|\n`)
)

// reindent replaces the whitespace between tags with indent.
func reindent(data []byte, indent string) []byte {
	return betweenTags.ReplaceAll(data, []byte(">"+indent+"<"))
}

// stripComments removes every comment.
func stripComments(data []byte) []byte { return commentRE.ReplaceAll(data, nil) }

// addComments inserts a comment before every end tag that is not itself
// inside a comment.
func addComments(data []byte) []byte {
	var out []byte
	last := 0
	insert := func(seg []byte) []byte {
		return bytes.ReplaceAll(seg, []byte("</"), []byte("<!-- inserted -->\n</"))
	}
	for _, loc := range commentRE.FindAllIndex(data, -1) {
		out = append(out, insert(data[last:loc[0]])...)
		out = append(out, data[loc[0]:loc[1]]...)
		last = loc[1]
	}
	return append(out, insert(data[last:])...)
}

// withLineEndings rewrites every line ending as eol.
func withLineEndings(data []byte, eol string) []byte {
	return lineEndRE.ReplaceAll(data, []byte(eol))
}

// reverseAttributes parses data with etree, reverses the attribute order
// (namespace declarations included) of every element and serialises it.
func reverseAttributes(tb testing.TB, data []byte) []byte {
	tb.Helper()
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(data); err != nil {
		tb.Fatal(err)
	}
	var walk func(*etree.Element)
	walk = func(e *etree.Element) {
		for i, j := 0, len(e.Attr)-1; i < j; i, j = i+1, j-1 {
			e.Attr[i], e.Attr[j] = e.Attr[j], e.Attr[i]
		}
		for _, c := range e.ChildElements() {
			walk(c)
		}
	}
	walk(doc.Root())
	out, err := doc.WriteToBytes()
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// checkInvariance requires that every meaning-preserving rewrite of data
// gives the same canonical hash as data.
func checkInvariance(t *testing.T, data []byte) {
	t.Helper()
	base := parseOne(t, data).CanonicalHash
	variants := map[string][]byte{
		"reindent-tabs":      reindent(data, "\n\t\t"),
		"reindent-none":      reindent(data, ""),
		"reindent-spaces":    reindent(data, "\n        "),
		"comments-removed":   stripComments(data),
		"comments-added":     addComments(data),
		"crlf":               withLineEndings(data, "\r\n"),
		"cr":                 withLineEndings(data, "\r"),
		"lf":                 withLineEndings(data, "\n"),
		"attributes-reverse": reverseAttributes(t, data),
		"bom":                append([]byte("\xef\xbb\xbf"), data...),
		"combined":           withLineEndings(addComments(reindent(stripComments(data), "\n  ")), "\r\n"),
	}
	for name, v := range variants {
		if bytes.Equal(v, data) {
			continue // the rewrite does not apply to this sample
		}
		doc := parseOne(t, v)
		if doc.CanonicalHash != base {
			t.Errorf("%s: canonical hash changed: %s, want %s", name, doc.CanonicalHash, base)
		}
		if doc.RawSHA256 == RawHash(data) {
			t.Errorf("%s: raw hash did not change", name)
		}
	}
}

// mutation is one change of meaning applied to a sample.
type mutation struct {
	name string
	edit func([]byte) []byte
}

// replaceOnce returns an edit replacing the first occurrence of old by new.
func replaceOnce(old, new string) func([]byte) []byte {
	return func(b []byte) []byte { return bytes.Replace(b, []byte(old), []byte(new), 1) }
}

// dropNth returns an edit removing the n-th (1-based) match of re.
func dropNth(re *regexp.Regexp, n int) func([]byte) []byte {
	return func(b []byte) []byte {
		locs := re.FindAllIndex(b, -1)
		if len(locs) < n {
			return b
		}
		l := locs[n-1]
		return append(append([]byte{}, b[:l[0]]...), b[l[1]:]...)
	}
}

// checkSensitivity requires that every mutation actually changes the input
// and changes the canonical hash.
func checkSensitivity(t *testing.T, data []byte, muts []mutation) {
	t.Helper()
	base := parseOne(t, data).CanonicalHash
	for _, m := range muts {
		v := m.edit(data)
		if bytes.Equal(v, data) {
			t.Errorf("%s: mutation did not apply to the sample", m.name)
			continue
		}
		if got := parseOne(t, v).CanonicalHash; got == base {
			t.Errorf("%s: canonical hash unchanged (%s)", m.name, got)
		}
	}
}

// requireRule asserts that err is a *ParseError with the given rule.
func requireRule(tb testing.TB, err error, rule string) *ParseError {
	tb.Helper()
	var pe *ParseError
	if !errors.As(err, &pe) {
		tb.Fatalf("error = %v (%T), want *ParseError with rule %s", err, err, rule)
	}
	if pe.Rule != rule {
		tb.Fatalf("rule = %q (%v), want %q", pe.Rule, pe, rule)
	}
	return pe
}

func TestXMLHostileInput(t *testing.T) {
	const inv = `xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"`
	deep := strings.Repeat("<a>", maxXMLDepth+1) + strings.Repeat("</a>", maxXMLDepth+1)
	cases := []struct {
		name, rule, input string
	}{
		{"xxe", "xml.doctype-forbidden", `<?xml version="1.0"?>
<!DOCTYPE Invoice [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Invoice ` + inv + `>&xxe;</Invoice>`},
		{"billion-laughs", "xml.doctype-forbidden", `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<lolz>&lol4;</lolz>`},
		{"external-dtd", "xml.doctype-forbidden", `<!DOCTYPE Invoice SYSTEM "http://example.com/x.dtd"><Invoice ` + inv + `/>`},
		{"doctype-lowercase", "xml.doctype-forbidden", `<!doctype x><x/>`},
		{"entity-without-doctype", "xml.malformed", `<Invoice ` + inv + `>&lol;</Invoice>`},
		{"deep-nesting", "xml.too-deep", deep},
		{"truncated", "xml.malformed", "<Invoice " + inv + ">\n<cbc:ID>1</cbc:ID>\n<cac:Party>"},
		{"mismatched", "xml.malformed", "<a>\n<b></a>"},
		{"latin1", "xml.unsupported-encoding", `<?xml version="1.0" encoding="ISO-8859-1"?><a/>`},
		{"bad-utf8", "xml.malformed", "<a>\xff\xfe</a>"},
		{"duplicate-attribute", "xml.duplicate-attribute", `<a x="1" x="2"/>`},
		{"two-roots", "xml.multiple-roots", `<a/><b/>`},
		{"text-after-root", "xml.content-outside-root", `<a/>junk`},
		{"empty", "xml.no-root", ``},
		{"only-declaration", "xml.no-root", `<?xml version="1.0"?>  `},
		{"unknown-root", "xml.unknown-root", `<html><body/></html>`},
		{"unsupported-iso", "xml.unknown-root", `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"/>`},
		{"undeclared-prefix", "xml.namespace-error", `<Invoice ` + inv + `><cbc:ID>1</cbc:ID></Invoice>`},
		{"too-many-attributes", "xml.too-many-attributes", "<a" + manyAttrs(maxXMLAttrs+1) + "/>"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := parseXML([]byte(c.input))
			requireRule(t, err, c.rule)
		})
	}
}

// manyAttrs returns n distinct attributes.
func manyAttrs(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, ` a%d="x"`, i)
	}
	return b.String()
}

func TestXMLErrorsCarryLine(t *testing.T) {
	_, err := parseXML([]byte("<a>\n<b>\n</c>\n</a>"))
	pe := requireRule(t, err, "xml.malformed")
	if pe.Where != "line 3" {
		t.Errorf("Where = %q, want \"line 3\"", pe.Where)
	}
	_, err = parseXML([]byte("<?xml version=\"1.0\"?>\n\n<!DOCTYPE x>\n<x/>"))
	pe = requireRule(t, err, "xml.doctype-forbidden")
	if pe.Where != "line 3" {
		t.Errorf("Where = %q, want \"line 3\"", pe.Where)
	}
}

func TestXMLSizeLimits(t *testing.T) {
	big := make([]byte, MaxDocumentSize+1)
	copy(big, "<a>")
	_, err := parseXML(big)
	requireRule(t, err, "xml.too-large")
	_, err = Parse(big)
	requireRule(t, err, "input.too-large")

	var b strings.Builder
	b.WriteString("<a>")
	for range maxXMLElements {
		b.WriteString("<b/>")
	}
	b.WriteString("</a>")
	_, err = parseXML([]byte(b.String()))
	requireRule(t, err, "xml.too-many-elements")

	b.Reset()
	b.WriteString("<a")
	for i := range maxXMLNamespaceDecls + 1 {
		if i%100 == 0 {
			b.WriteString("><b")
		}
		fmt.Fprintf(&b, ` xmlns:p%d="urn:x:%d"`, i, i)
	}
	b.WriteString("/></a>")
	_, err = parseXML([]byte(b.String()))
	requireRule(t, err, "xml.too-many-namespaces")
}

func TestXMLVeryDeepNestingIsCheap(t *testing.T) {
	// A million levels must be refused at level maxXMLDepth+1 without
	// building a tree or exhausting the stack.
	n := 1_000_000
	data := []byte(strings.Repeat("<a>", n))
	_, err := parseXML(data)
	requireRule(t, err, "xml.too-deep")
}

func TestCanonicalizationRules(t *testing.T) {
	const ns = `xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"`
	canon := func(s string) string {
		t.Helper()
		tree, err := loadXML([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		c, err := canonicalXML(tree.Root())
		if err != nil {
			t.Fatal(err)
		}
		return string(c)
	}
	got := canon("<?xml version=\"1.0\"?>\r\n<!-- head -->\r\n<Invoice b=\"2\" " + ns + " a=\"x\ty\">\r\n  <?pi data?>\r\n  <cbc:ID>  A<!-- c -->B \r\n</cbc:ID>\r\n  <cbc:Note><![CDATA[x < y & z]]></cbc:Note>\r\n  <cbc:Empty></cbc:Empty>\r\n</Invoice>\r\n")
	want := `<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" a="x y" b="2">` +
		`<cbc:ID xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">AB</cbc:ID>` +
		`<cbc:Note xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">x &lt; y &amp; z</cbc:Note>` +
		`<cbc:Empty xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"></cbc:Empty></Invoice>`
	if got != want {
		t.Errorf("canonical form:\n got %s\nwant %s", got, want)
	}
	// Self-closing and explicit empty elements, and character references,
	// are the same after parsing.
	if a, b := canon(`<Invoice `+ns+`><cbc:X/></Invoice>`), canon(`<Invoice `+ns+`><cbc:X></cbc:X></Invoice>`); a != b {
		t.Errorf("empty-element forms differ: %s vs %s", a, b)
	}
	if a, b := canon(`<Invoice `+ns+`><cbc:X>&#x41;&amp;</cbc:X></Invoice>`), canon(`<Invoice `+ns+`><cbc:X>A&#38;</cbc:X></Invoice>`); a != b {
		t.Errorf("character references differ: %s vs %s", a, b)
	}
}

func TestISO20022InEnvelopeHashesDocumentOnly(t *testing.T) {
	data := readSample(t, "iso20022", "fedwire-CustomerCreditTransfer_Scenario1_Step1_pacs.008.xml")
	plain := parseOne(t, data)
	wrapped := []byte(`<?xml version="1.0" encoding="UTF-8"?>
<BizMsgEnvlp xmlns="urn:iso:std:iso:20022:tech:xsd:head.003.001.01">
  <AppHdr xmlns="urn:iso:std:iso:20022:tech:xsd:head.001.001.03">
    <BizMsgIdr>20250310B1QDRCQR000001</BizMsgIdr>
    <MsgDefIdr>pacs.008.001.08</MsgDefIdr>
    <CreDt>2025-03-10T13:00:00Z</CreDt>
  </AppHdr>
  ` + string(data) + `
</BizMsgEnvlp>`)
	doc := parseOne(t, wrapped)
	if doc.Format != FormatISO20022 || doc.Kind != KindPayment {
		t.Fatalf("wrapped message detected as %s/%s", doc.Format, doc.Kind)
	}
	if doc.CanonicalHash != plain.CanonicalHash {
		t.Errorf("wrapped hash %s, want the Document's hash %s", doc.CanonicalHash, plain.CanonicalHash)
	}
	if doc.RawSHA256 == plain.RawSHA256 {
		t.Errorf("raw hash must cover the whole wrapped file")
	}
}

func TestUBLInPrefixedWrapperKeepsNamespaces(t *testing.T) {
	// The invoice uses prefixes declared only on the wrapper: the hash must
	// be the one of the stand-alone invoice declaring them itself.
	inner := `<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><cbc:ID>7</cbc:ID></Invoice>`
	alone := parseOne(t, []byte(strings.Replace(inner, "<Invoice ", `<Invoice xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2" `, 1)))
	wrapped := parseOne(t, []byte(`<sbd:StandardBusinessDocument xmlns:sbd="http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"><sbd:StandardBusinessDocumentHeader/>`+inner+`</sbd:StandardBusinessDocument>`))
	if wrapped.CanonicalHash != alone.CanonicalHash {
		t.Errorf("wrapped %s, alone %s", wrapped.CanonicalHash, alone.CanonicalHash)
	}
	if wrapped.Invoice == nil || wrapped.Invoice.Number != "7" {
		t.Errorf("invoice = %+v", wrapped.Invoice)
	}
}

func TestParseXMLIsDeterministic(t *testing.T) {
	for _, folder := range []string{"ubl", "cii", "iso20022"} {
		for _, path := range sampleFiles(t, folder) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			a, errA := parseXML(data)
			b, errB := parseXML(data)
			ja, _ := json.Marshal(a)
			jb, _ := json.Marshal(b)
			if errA != nil || errB != nil || !bytes.Equal(ja, jb) {
				t.Errorf("%s: two parses differ or fail: %v %v", filepath.Base(path), errA, errB)
			}
		}
	}
}
