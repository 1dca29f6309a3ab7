package formats

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// ediUpdate reports whether the -update flag is set.
func ediUpdate() bool { return updateGoldens() }

// ediTestdata returns the shared sample directory (see testdataRoot),
// skipping the test when the EDIFACT samples are not there.
func ediTestdata(tb testing.TB) string {
	tb.Helper()
	abs := testdataRoot(tb)
	if fi, err := os.Stat(filepath.Join(abs, "documents", "edifact")); err != nil || !fi.IsDir() {
		tb.Skipf("EDIFACT samples not found in %s/documents/edifact; set CORRIDOR_TESTDATA to the shared testdata directory", abs)
	}
	return abs
}

// ediSamples returns the paths of the EDIFACT sample files, sorted.
func ediSamples(tb testing.TB) []string {
	tb.Helper()
	dir := filepath.Join(ediTestdata(tb), "documents", "edifact")
	entries, err := os.ReadDir(dir)
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if ext := strings.ToLower(filepath.Ext(e.Name())); !e.IsDir() && (ext == ".edi" || ext == ".txt") {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	sort.Strings(out)
	if len(out) == 0 {
		tb.Skipf("no EDIFACT samples in %s", dir)
	}
	return out
}

// ediSample reads one sample by file name.
func ediSample(tb testing.TB, name string) []byte {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join(ediTestdata(tb), "documents", "edifact", name))
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// ediMustParse parses data as EDIFACT and fails the test on error.
func ediMustParse(tb testing.TB, data []byte) ([]Document, [][]byte) {
	tb.Helper()
	docs, canon, err := parseEDIFACTCanonical(data)
	if err != nil {
		tb.Fatalf("parse: %v", err)
	}
	return docs, canon
}

// ediHashes returns the canonical hashes of docs.
func ediHashes(docs []Document) []Hash {
	var hs []Hash
	for _, d := range docs {
		hs = append(hs, d.CanonicalHash)
	}
	return hs
}

// ediRules returns the warning rules of a document.
func ediRules(d Document) []string {
	var rs []string
	for _, w := range d.Warnings {
		rs = append(rs, w.Rule)
	}
	return rs
}

// ediGolden is the content of a golden file: the documents parsed from a
// sample and the canonical form of each message, for review.
type ediGolden struct {
	Documents []Document `json:"documents"`
	Canonical []string   `json:"canonical"`
}

func TestEDIFACTSamplesGolden(t *testing.T) {
	for _, path := range ediSamples(t) {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			docs, err := Parse(data)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			_, canon := ediMustParse(t, data)
			g := ediGolden{Documents: docs}
			for i, c := range canon {
				g.Canonical = append(g.Canonical, string(c))
				if sha256.Sum256(c) != docs[i].CanonicalHash {
					t.Errorf("document %d: canonical hash is not the SHA-256 of the canonical form", i)
				}
				if docs[i].RawSHA256 != RawHash(data) {
					t.Errorf("document %d: raw hash is not the SHA-256 of the file", i)
				}
			}
			got, err := json.MarshalIndent(g, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := filepath.Join("testdata", "golden", "edifact", name+".json")
			if ediUpdate() {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run `go test -run EDIFACT -update` to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the parse result; got:\n%s", golden, got)
			}
		})
	}
}

// TestEDIFACTCrossSyntaxExample1 checks the fields of invoice 12115118,
// which the shared test data also holds as UBL and CII.
func TestEDIFACTCrossSyntaxExample1(t *testing.T) {
	docs, _ := ediMustParse(t, ediSample(t, "en16931-EDIFACT_EXAMPLE1.TXT"))
	if len(docs) != 1 {
		t.Fatalf("%d documents, want 1", len(docs))
	}
	inv := docs[0].Invoice
	got := [4]string{inv.Number, inv.IssueDate, inv.Currency, inv.Total}
	want := [4]string{"12115118", "2015-01-09", "EUR", "250.33"}
	if got != want {
		t.Errorf("number/date/currency/total = %q, want %q", got, want)
	}
	if docs[0].Kind != KindInvoice || inv.TypeCode != "380" || inv.LineCount != 20 ||
		inv.Customization != "INVOIC:D:14B:UN" || inv.TaxExclusive != "229.6" || inv.TaxTotal != "20.73" ||
		inv.SellerID != "VA:NL8200.98.395.B.01" || inv.SellerName != "De Koksmaat" || inv.BuyerName != "ODIN 59" {
		t.Errorf("invoice = %+v", inv)
	}
}

func TestEDIFACTSampleWarnings(t *testing.T) {
	want := map[string][]string{
		"en16931-EDIFACT_EXAMPLE0.TXT": {"edifact.unt-count-mismatch"},
		"en16931-EDIFACT_EXAMPLE1.TXT": {"edifact.unz-ref-mismatch"},
		"en16931-EDIFACT_EXAMPLE3.TXT": {"edifact.unz-ref-mismatch"},
		"staedi-invoic_d97b.edi":       {"edifact.charset-violation"},
		"staedi-invoic_d97b_una.edi":   {"edifact.needless-release"},
		// UNOA is upper case only, and the file also holds UTF-8 "München";
		// it has no CUX.
		"staedi-invoic_d93a_una.edi": {"edifact.charset-violation", "edifact.missing-field"},
	}
	for name, rules := range want {
		docs, _ := ediMustParse(t, ediSample(t, name))
		if got := ediRules(docs[0]); fmt.Sprint(got) != fmt.Sprint(rules) {
			t.Errorf("%s: warnings %v, want %v", name, docs[0].Warnings, rules)
		}
	}
}

// ediSerialise writes segments as an interchange with the service characters
// d (and a UNA declaring them), releasing service characters in values and
// following each terminator with sep. With comma set, the amounts in MOA,
// QTY and PRI are written with a decimal comma.
func ediSerialise(segs []ediSegment, d ediDelims, sep string, comma bool) []byte {
	var b bytes.Buffer
	rep := d.Repetition
	if rep == 0 {
		rep = ' '
	}
	rel := d.Release
	if rel == 0 {
		rel = ' '
	}
	b.Write([]byte{'U', 'N', 'A', d.Component, d.Element, d.Decimal, rel, rep, d.Segment})
	b.WriteString(sep)
	for _, s := range segs {
		for ei, e := range s.Elements {
			if ei > 0 {
				b.WriteByte(d.Element)
			}
			for ri, r := range e {
				if ri > 0 {
					b.WriteByte(d.Repetition)
				}
				for ci, c := range r {
					if ci > 0 {
						b.WriteByte(d.Component)
					}
					if comma && ei == 1 && ci == 1 && (s.Tag == "MOA" || s.Tag == "QTY" || s.Tag == "PRI") {
						c = strings.Replace(c, ".", ",", 1)
					}
					for i := 0; i < len(c); i++ {
						if d.isService(c[i]) {
							b.WriteByte(d.Release)
						}
						b.WriteByte(c[i])
					}
				}
			}
		}
		b.WriteByte(d.Segment)
		b.WriteString(sep)
	}
	return b.Bytes()
}

// ediWrap inserts CRLF every n bytes after the first skip bytes.
func ediWrap(data []byte, skip, n int) []byte {
	var b bytes.Buffer
	b.Write(data[:skip])
	for i := skip; i < len(data); i += n {
		end := min(i+n, len(data))
		b.Write(data[i:end])
		b.WriteString("\r\n")
	}
	return b.Bytes()
}

// TestEDIFACTInvariance checks that layout, separators, release usage, the
// envelope and control counts do not change the canonical hash.
func TestEDIFACTInvariance(t *testing.T) {
	for _, path := range ediSamples(t) {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		docs, _ := ediMustParse(t, data)
		toks, err := tokenizeEDIFACT(data)
		if err != nil {
			t.Fatal(err)
		}
		segs := toks.Segments
		custom := ediDelims{Component: '=', Element: '*', Decimal: ',', Release: '!', Repetition: '^', Segment: '~'}
		skip := 0
		if toks.HasUNA {
			skip = bytes.Index(data, []byte("UNA")) + 9
		}
		// An extra empty element and component on every message segment.
		var padded []ediSegment
		for _, s := range segs {
			ns := s
			ns.Elements = append(append([]ediElement(nil), s.Elements...), ediElement{{""}})
			last := len(ns.Elements) - 2
			if last > 0 {
				r := append(ediComponents(nil), ns.Elements[last][0]...)
				ns.Elements[last] = ediElement{append(r, "")}
			}
			padded = append(padded, ns)
		}
		// A different envelope: new UNB sender, date and reference, a
		// UNG/UNE group around the messages and a matching UNZ.
		var regrouped []ediSegment
		for _, s := range segs {
			switch s.Tag {
			case "UNB":
				regrouped = append(regrouped, ediSegment{Tag: "UNB", Elements: []ediElement{{{"UNB"}}, s.Elements[1],
					{{"OTHERSENDER", "14"}}, {{"OTHERRECIPIENT"}}, {{"20260101", "0000"}}, {{"REF9"}}}},
					ediSegment{Tag: "UNG", Elements: []ediElement{{{"UNG"}}, {{"INVOIC"}}, {{"S"}}, {{"R"}}, {{"260101", "0000"}}, {{"G1"}}}})
			case "UNZ":
				regrouped = append(regrouped, ediSegment{Tag: "UNE", Elements: []ediElement{{{"UNE"}}, {{"1"}}, {{"G1"}}}},
					ediSegment{Tag: "UNZ", Elements: []ediElement{{{"UNZ"}}, {{"1"}}, {{"REF9"}}}})
			case "UNT":
				// A wrong count and reference do not matter either.
				regrouped = append(regrouped, ediSegment{Tag: "UNT", Elements: []ediElement{{{"UNT"}}, {{"999"}}, {{"X"}}}})
			default:
				regrouped = append(regrouped, s)
			}
		}
		variants := map[string][]byte{
			"CRLF after each segment":        bytes.ReplaceAll(data, []byte{'\n'}, []byte("\r\n")),
			"wrapped every 37 bytes":         ediWrap(data, skip, 37),
			"wrapped every 5 bytes":          ediWrap(data, skip, 5),
			"one line, default separators":   ediSerialise(segs, ediDefaultDelims, "", false),
			"custom separators, LF":          ediSerialise(segs, custom, "\n", false),
			"custom separators, comma":       ediSerialise(segs, custom, "\r\n", true),
			"default separators, comma":      ediSerialise(segs, ediDefaultDelims, "\n", true),
			"trailing empty elements":        ediSerialise(padded, ediDefaultDelims, "\n", false),
			"other envelope, group, bad UNT": ediSerialise(regrouped, ediDefaultDelims, "\n", false),
		}
		for name, v := range variants {
			vdocs, err := Parse(v)
			if err != nil {
				t.Errorf("%s, %s: %v\n%s", filepath.Base(path), name, err, v)
				continue
			}
			if fmt.Sprint(ediHashes(vdocs)) != fmt.Sprint(ediHashes(docs)) {
				_, c := ediMustParse(t, v)
				t.Errorf("%s, %s: canonical hash changed; canonical form:\n%s", filepath.Base(path), name, c)
			}
			if *vdocs[0].Invoice != *docs[0].Invoice {
				t.Errorf("%s, %s: invoice %+v, want %+v", filepath.Base(path), name, *vdocs[0].Invoice, *docs[0].Invoice)
			}
		}
	}
}

// TestEDIFACTSensitivity checks that any change of meaning changes the hash.
func TestEDIFACTSensitivity(t *testing.T) {
	data := string(ediSample(t, "en16931-EDIFACT_EXAMPLE1.TXT"))
	base, _ := ediMustParse(t, []byte(data))
	lin20 := strings.Index(data, "LIN+20'")
	uns := strings.Index(data, "UNS+S'")
	changes := map[string]string{
		"amount due":         strings.Replace(data, "MOA+9:250.33", "MOA+9:250.34", 1),
		"line amount":        strings.Replace(data, "MOA+203:19.9'", "MOA+203:19.8'", 1),
		"amount sign":        strings.Replace(data, "MOA+203:-109.98", "MOA+203:109.98", 1),
		"seller name":        strings.Replace(data, "De Koksmaat", "De Kooksmaat", 1),
		"buyer id":           strings.Replace(data, "NAD+BY+10202:", "NAD+BY+10203:", 1),
		"VAT number":         strings.Replace(data, "RFF+VA:NL8200.98.395.B.01", "RFF+VA:NL8200.98.395.B.02", 1),
		"issue date":         strings.Replace(data, "DTM+137:20150109", "DTM+137:20150110", 1),
		"currency":           strings.Replace(data, "CUX+2:EUR", "CUX+2:USD", 1),
		"quantity":           strings.Replace(data, "QTY+47:6:H87", "QTY+47:7:H87", 1),
		"dropped LIN group":  data[:lin20] + data[uns:],
		"separator in value": strings.Replace(data, "PIA+5+166022:SA", "PIA+5+166022?:SA", 1),
		"value moved":        strings.Replace(data, "PIA+5+166022:SA", "PIA+5++166022:SA", 1),
		"free text":          strings.Replace(data, "25-04-?'85", "25-04-?'86", 1),
		"message reference":  strings.Replace(data, "UNH+12115118", "UNH+12115119", 1),
		"segment order":      strings.Replace(data, "PYT+1'\nDTM+13:20150109:102'", "DTM+13:20150109:102'\nPYT+1'", 1),
	}
	seen := map[Hash]string{base[0].CanonicalHash: "original"}
	for name, v := range changes {
		if v == data {
			t.Fatalf("%s: the replacement did not apply", name)
		}
		docs, err := Parse([]byte(v))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		h := docs[0].CanonicalHash
		if other, dup := seen[h]; dup {
			t.Errorf("%s: same canonical hash as %s", name, other)
		}
		seen[h] = name
	}
}

// ediMessage is a small INVOIC message used by the tests below, with the
// default separators and one segment per line.
const ediMessage = `UNH+M1+INVOIC:D:96A:UN'
BGM+380+INV-1'
DTM+137:20240131:102'
NAD+SE+5412345000013::9++Seller Ltd'
NAD+BY+++Buyer Inc'
RFF+VA:BE0123456789'
CUX+2:EUR:4'
LIN+1'
QTY+47:2'
MOA+203:100.00'
UNS+S'
MOA+77:121.00'
MOA+125:100.00'
MOA+176:21.00'
UNT+15+M1'
`

// ediWrapMessages wraps messages in a UNA/UNB/UNZ envelope with charset cs.
func ediWrapMessages(cs string, msgs ...string) string {
	return "UNA:+.?*'\nUNB+" + cs + ":4+S+R+240131:1200+REF1'\n" + strings.Join(msgs, "") +
		fmt.Sprintf("UNZ+%d+REF1'\n", len(msgs))
}

// TestEDIFACTWorkedExample pins the worked example of
// docs/profiles/edifact-invoic.md: the canonical form and hash of ediMessage.
func TestEDIFACTWorkedExample(t *testing.T) {
	docs, canon := ediMustParse(t, []byte(ediWrapMessages("UNOC", ediMessage)))
	if string(canon[0]) != ediMessage {
		t.Errorf("canonical form:\n%s\nwant\n%s", canon[0], ediMessage)
	}
	if got := docs[0].CanonicalHash.String(); got != ediWorkedExampleHash {
		t.Errorf("canonical hash %s, want %s", got, ediWorkedExampleHash)
	}
	if len(docs[0].Warnings) != 0 {
		t.Errorf("warnings %v", docs[0].Warnings)
	}
	custom, ccanon := ediMustParse(t, []byte(ediWorkedExampleCustom))
	if string(ccanon[0]) != ediMessage || custom[0].CanonicalHash != docs[0].CanonicalHash || *custom[0].Invoice != *docs[0].Invoice {
		t.Errorf("custom-separator input: canonical form\n%s", ccanon[0])
	}
	if got := fmt.Sprint(ediRules(custom[0])); got != "[edifact.unt-count-mismatch]" {
		t.Errorf("custom-separator input: warnings %v", custom[0].Warnings)
	}
	inv := docs[0].Invoice
	wantInv := Invoice{Number: "INV-1", TypeCode: "380", IssueDate: "2024-01-31", Currency: "EUR", Total: "121.00",
		TaxExclusive: "100.00", TaxTotal: "21.00", SellerName: "Seller Ltd", SellerID: "9:5412345000013",
		BuyerName: "Buyer Inc", BuyerID: "VA:BE0123456789", Customization: "INVOIC:D:96A:UN", LineCount: 1}
	if *inv != wantInv {
		t.Errorf("invoice %+v\nwant    %+v", *inv, wantInv)
	}
}

// ediWorkedExampleCustom is the second input of the worked example: the same
// message with custom service characters, decimal commas and another
// envelope.
const ediWorkedExampleCustom = "UNA=*,! ~UNB*UNOC=3*OTHER*PARTY*260101=0000*X9~UNH*M1*INVOIC=D=96A=UN~BGM*380*INV-1~" +
	"DTM*137=20240131=102~NAD*SE*5412345000013==9**Seller Ltd~NAD*BY***Buyer Inc~RFF*VA=BE0123456789~CUX*2=EUR=4~" +
	"LIN*1~QTY*47=2~MOA*203=100,00~UNS*S~MOA*77=121,00~MOA*125=100,00~MOA*176=21,00~UNT*99*M1~UNZ*1*X9~\n"

// ediWorkedExampleHash is the SHA-256 of the canonical form of ediMessage.
const ediWorkedExampleHash = "227799a21e9f4c5dd14a65329bcef5b9cd37f8fc12a3d4a94b7e3577a3f34d2b"

func TestEDIFACTMultipleMessages(t *testing.T) {
	credit := strings.NewReplacer("BGM+380+INV-1", "BGM+381+CN-1", "M1", "M2").Replace(ediMessage)
	docs, canon := ediMustParse(t, []byte(ediWrapMessages("UNOW", ediMessage, credit)))
	if len(docs) != 2 {
		t.Fatalf("%d documents, want 2", len(docs))
	}
	if docs[0].Kind != KindInvoice || docs[1].Kind != KindCreditNote || docs[1].Invoice.Number != "CN-1" {
		t.Errorf("kinds %s %s, number %q", docs[0].Kind, docs[1].Kind, docs[1].Invoice.Number)
	}
	if string(canon[1]) != credit {
		t.Errorf("second canonical form:\n%s", canon[1])
	}
	single, _ := ediMustParse(t, []byte(ediWrapMessages("UNOW", ediMessage)))
	if docs[0].CanonicalHash != single[0].CanonicalHash {
		t.Error("a message's hash depends on the other messages of the interchange")
	}
	if len(docs[0].Warnings)+len(docs[1].Warnings) != 0 {
		t.Errorf("warnings %v %v", docs[0].Warnings, docs[1].Warnings)
	}
	// Messages without any envelope are accepted too.
	bare, _ := ediMustParse(t, []byte(ediMessage+credit))
	if len(bare) != 2 || bare[0].CanonicalHash != docs[0].CanonicalHash {
		t.Error("messages without an envelope parse differently")
	}
}

func TestEDIFACTCharsets(t *testing.T) {
	utf := strings.Replace(ediMessage, "Seller Ltd", "Müller GmbH", 1)
	latin := strings.Replace(ediMessage, "Seller Ltd", "M\xfcller GmbH", 1)
	docsW, _ := ediMustParse(t, []byte(ediWrapMessages("UNOW", utf)))
	docsC, _ := ediMustParse(t, []byte(ediWrapMessages("UNOC", latin)))
	if docsC[0].Invoice.SellerName != "Müller GmbH" {
		t.Errorf("UNOC seller name %q", docsC[0].Invoice.SellerName)
	}
	if docsW[0].CanonicalHash != docsC[0].CanonicalHash {
		t.Error("the same text in UNOC and UNOW hashes differently")
	}
	if len(docsW[0].Warnings)+len(docsC[0].Warnings) != 0 {
		t.Errorf("warnings %v %v", docsW[0].Warnings, docsC[0].Warnings)
	}
	tests := []struct{ cs, msg string }{
		{"UNOA", ediMessage}, // lower case is not level A
		{"UNOB", strings.Replace(ediMessage, "Ltd", "L\tt", 1)}, // control character
		{"UNOC", strings.Replace(ediMessage, "Ltd", "L\x85t", 1)},
		{"UNOW", latin}, // not UTF-8
	}
	for _, tc := range tests {
		docs, _ := ediMustParse(t, []byte(ediWrapMessages(tc.cs, tc.msg)))
		if got := ediRules(docs[0]); fmt.Sprint(got) != "[edifact.charset-violation]" {
			t.Errorf("%s: warnings %v", tc.cs, docs[0].Warnings)
		}
	}
	for _, cs := range []string{"UNOB", "UNOY", "UNOX"} {
		docs, _ := ediMustParse(t, []byte(ediWrapMessages(cs, ediMessage)))
		if len(docs[0].Warnings) != 0 {
			t.Errorf("%s: warnings %v", cs, docs[0].Warnings)
		}
	}
}

func TestEDIFACTEnvelopeWarnings(t *testing.T) {
	msg2 := strings.ReplaceAll(ediMessage, "M1", "M2")
	tests := []struct{ name, in, rules string }{
		{"UNT reference", strings.Replace(ediWrapMessages("UNOW", ediMessage), "UNT+15+M1", "UNT+15+M9", 1), "[edifact.unt-ref-mismatch]"},
		{"UNT count", strings.Replace(ediWrapMessages("UNOW", ediMessage), "UNT+15+M1", "UNT+16+M1", 1), "[edifact.unt-count-mismatch]"},
		{"UNZ count", strings.Replace(ediWrapMessages("UNOW", ediMessage), "UNZ+1", "UNZ+2", 1), "[edifact.unz-count-mismatch]"},
		{"UNZ reference", strings.Replace(ediWrapMessages("UNOW", ediMessage), "UNZ+1+REF1", "UNZ+1+REF2", 1), "[edifact.unz-ref-mismatch]"},
		{"UNZ missing", strings.Replace(ediWrapMessages("UNOW", ediMessage), "UNZ+1+REF1'\n", "", 1), "[edifact.unz-missing]"},
		{"UNE count and reference", "UNB+UNOW:4+S+R+1:1+R1'UNG+INVOIC+S+R+1:1+G1'" + ediMessage + msg2 + "UNE+1+G2'UNZ+1+R1'",
			"[edifact.une-count-mismatch edifact.une-ref-mismatch]"},
		{"UNZ counts groups", "UNB+UNOW:4+S+R+1:1+R1'UNG+INVOIC+S+R+1:1+G1'" + ediMessage + msg2 + "UNE+2+G1'UNZ+2+R1'",
			"[edifact.unz-count-mismatch]"},
		{"UNE missing before UNZ", "UNB+UNOW:4+S+R+1:1+R1'UNG+INVOIC+S+R+1:1+G1'" + ediMessage + "UNZ+1+R1'", "[edifact.une-missing]"},
		{"UNE missing at the end", "UNG+INVOIC+S+R+1:1+G1'" + ediMessage, "[edifact.une-missing]"},
		{"unsupported version", ediWrapMessages("UNOW", strings.Replace(ediMessage, "D:96A", "D:01B", 1)), "[edifact.unsupported-version]"},
		{"bad issue date", ediWrapMessages("UNOW", strings.Replace(ediMessage, "20240131:102", "20240231:102", 1)), "[edifact.bad-date]"},
		{"bad amount", ediWrapMessages("UNOW", strings.Replace(ediMessage, "MOA+77:121.00", "MOA+77:12I.00", 1)), "[edifact.bad-amount edifact.missing-field]"},
		{"missing fields", ediWrapMessages("UNOW", "UNH+1+INVOIC:D:96A:UN'UNT+2+1'"),
			"[edifact.missing-field edifact.missing-field edifact.missing-field edifact.missing-field]"},
	}
	for _, tc := range tests {
		docs, _ := ediMustParse(t, []byte(tc.in))
		if got := fmt.Sprint(ediRules(docs[0])); got != tc.rules {
			t.Errorf("%s: warnings %v, want %s", tc.name, docs[0].Warnings, tc.rules)
		}
		for _, w := range docs[0].Warnings {
			if w.Where == "" || w.Message == "" {
				t.Errorf("%s: warning %+v lacks a location or message", tc.name, w)
			}
		}
	}
}

func TestEDIFACTErrors(t *testing.T) {
	env := func(body string) string { return "UNB+UNOW:4+S+R+1:1+R1'" + body + "UNZ+1+R1'" }
	tests := []struct{ name, in, rule, where string }{
		{"no message", env(""), "edifact.no-message", ""},
		{"empty", "", "edifact.no-message", ""},
		{"UNH without UNT at the end", "UNB+UNOW:4+S+R+1:1+R1'UNH+1+INVOIC:D:96A:UN'BGM+380+1'", "edifact.unh-without-unt", "segment 2 (UNH)"},
		{"UNH inside a message", env("UNH+1+INVOIC:D:96A:UN'UNH+2+INVOIC:D:96A:UN'UNT+2+2'"), "edifact.unh-without-unt", "segment 3 (UNH)"},
		{"UNZ inside a message", env("UNH+1+INVOIC:D:96A:UN'"), "edifact.unh-without-unt", "segment 3 (UNZ)"},
		{"not INVOIC", env("UNH+1+ORDERS:D:96A:UN'UNT+2+1'"), "edifact.not-invoic", "segment 2 (UNH)"},
		{"UNT without UNH", env("UNT+2+1'"), "edifact.unt-without-unh", "segment 2 (UNT)"},
		{"segment outside a message", env("BGM+380+1'"), "edifact.segment-outside-message", "segment 2 (BGM)"},
		{"UNZ without UNB", "UNZ+1+R1'", "edifact.unz-without-unb", "segment 1 (UNZ)"},
		{"UNE without UNG", env("UNE+0+G1'"), "edifact.une-without-ung", "segment 2 (UNE)"},
		{"second UNA", "UNA:+.? 'UNA:+.? '", "edifact.una-misplaced", "segment 1 (UNA)"},
		{"unterminated", "UNB+UNOW:4+S+R+1:1+R1'UNH+1", "edifact.unterminated-segment", "segment 2 (UNH)"},
		{"bad release", "UNB+UNOW:4+S+R+1:1+R1?", "edifact.bad-release", "segment 1 (UNB)"},
		{"malformed UNA", "UNA:+", "edifact.una-malformed", "byte 0"},
		{"too large", "UNB+" + strings.Repeat("A", MaxDocumentSize) + "'", "input.too-large", ""},
	}
	for _, tc := range tests {
		docs, err := parseEDIFACT([]byte(tc.in))
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("%s: got %v, %v; want a *ParseError", tc.name, docs, err)
			continue
		}
		if pe.Rule != tc.rule || pe.Format != FormatEDIFACT || !strings.HasPrefix(pe.Where, tc.where) {
			t.Errorf("%s: got %v; want rule %s at %q", tc.name, err, tc.rule, tc.where)
		}
		if docs != nil {
			t.Errorf("%s: documents returned with an error", tc.name)
		}
	}
}

func TestEDIFACTExtraction(t *testing.T) {
	tests := []struct {
		name, from, to string
		check          func(*Invoice) bool
	}{
		{"DTM 203", "DTM+137:20240131:102", "DTM+137:202401311530:203", func(i *Invoice) bool { return i.IssueDate == "2024-01-31" }},
		{"DTM 101", "DTM+137:20240131:102", "DTM+137:990131:101", func(i *Invoice) bool { return i.IssueDate == "1999-01-31" }},
		{"DTM 3 when no 137", "DTM+137:20240131:102", "DTM+3:20240130:102", func(i *Invoice) bool { return i.IssueDate == "2024-01-30" }},
		{"DTM 137 before 3", "DTM+137:20240131:102", "DTM+3:20240130:102'DTM+137:20240131", func(i *Invoice) bool { return i.IssueDate == "2024-01-31" }},
		{"due date", "CUX+2:EUR:4", "CUX+2:EUR:4'DTM+13:20240301:102", func(i *Invoice) bool { return i.DueDate == "2024-03-01" }},
		{"tax currency", "CUX+2:EUR:4", "CUX+2:EUR:4+3:DKK:6", func(i *Invoice) bool { return i.Currency == "EUR" && i.TaxCurrency == "DKK" }},
		{"MOA in tax currency skipped", "MOA+176:21.00", "MOA+176:156.60:DKK'MOA+176:21.00:EUR",
			func(i *Invoice) bool { return i.TaxTotal == "21.00" }},
		{"amount due preferred", "MOA+77:121.00", "MOA+77:121.00'MOA+9:100.00", func(i *Invoice) bool { return i.Total == "100.00" }},
		{"decimal comma", "MOA+77:121.00", "MOA+77:-121,5", func(i *Invoice) bool { return i.Total == "-121.5" }},
		{"line MOA ignored", "MOA+77:121.00", "MOA+128:121.00", func(i *Invoice) bool { return i.Total == "121.00" }},
		{"supplier as seller", "NAD+SE+", "NAD+SU+", func(i *Invoice) bool { return i.SellerName == "Seller Ltd" }},
		{"name from C058", "NAD+BY+++Buyer Inc", "NAD+BY++Buyer Inc:Street 1", func(i *Invoice) bool { return i.BuyerName == "Buyer Inc" }},
		{"name format code ignored", "NAD+BY+++Buyer Inc", "NAD+BY+++Buyer Inc::::: 1", func(i *Invoice) bool { return i.BuyerName == "Buyer Inc" }},
		{"short message identifier", "INVOIC:D:96A:UN", "INVOIC", func(i *Invoice) bool { return i.Customization == "INVOIC" }},
		{"name parts joined", "NAD+BY+++Buyer Inc", "NAD+BY+++Buyer:Inc", func(i *Invoice) bool { return i.BuyerName == "Buyer Inc" }},
		{"id scheme", "NAD+BY+++Buyer Inc", "NAD+BY+4000001000005:0088:9++Buyer Inc", func(i *Invoice) bool { return i.BuyerID == "0088:4000001000005" }},
		{"RFF outside the NAD group", "RFF+VA:BE0123456789'\nCUX+2:EUR:4", "CUX+2:EUR:4'RFF+VA:BE0123456789", func(i *Invoice) bool { return i.BuyerID == "" }},
		{"credit note", "BGM+380", "BGM+381", func(i *Invoice) bool { return i.TypeCode == "381" }},
		{"LIN count", "LIN+1'", "LIN+1'LIN+2'LIN+3'", func(i *Invoice) bool { return i.LineCount == 3 }},
		{"tax exclusive from a single 125", "MOA+125:100.00", "MOA+125:100.00'MOA+125:5", func(i *Invoice) bool { return i.TaxExclusive == "" }},
	}
	for _, tc := range tests {
		msg := strings.Replace(ediMessage, tc.from, tc.to, 1)
		if msg == ediMessage {
			t.Fatalf("%s: the replacement did not apply", tc.name)
		}
		if tc.name == "line MOA ignored" {
			msg = strings.Replace(msg, "MOA+203:100.00", "MOA+9:100.00", 1)
		}
		docs, _ := ediMustParse(t, []byte(ediWrapMessages("UNOW", msg)))
		if !tc.check(docs[0].Invoice) {
			t.Errorf("%s: invoice %+v", tc.name, *docs[0].Invoice)
		}
	}
}

func TestEDIFACTDateFormats(t *testing.T) {
	tests := []struct {
		value, format, want string
		ok                  bool
	}{
		{"20240229", "102", "2024-02-29", true},
		{"20230229", "102", "", false},
		{"2024013", "102", "", false},
		{"202401311530", "203", "2024-01-31", true},
		{"20240131153059", "204", "2024-01-31", true},
		{"202401311530+01", "205", "2024-01-31", true},
		{"240131", "101", "2024-01-31", true},
		{"500131", "101", "1950-01-31", true},
		{"20240131", "", "2024-01-31", true},
		{"20240131-20240228", "718", "", false},
		{"2024-01-31", "102", "", false},
	}
	for _, tc := range tests {
		got, ok := ediDate(tc.value, tc.format)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ediDate(%q, %q) = %q, %v; want %q, %v", tc.value, tc.format, got, ok, tc.want, tc.ok)
		}
	}
}

func TestEDIFACTNormaliseDecimal(t *testing.T) {
	tests := map[string]string{
		"19,90": "19.90", "-1,5": "-1.5", ",5": ".5", "5,": "5.", "19.90": "19.90", "1,2,3": "1,2,3",
		"a,b": "a,b", ",": ",", "-,": "-,", "": "", "1 000,00": "1 000,00", "--1,0": "--1,0",
	}
	for in, want := range tests {
		if got := ediNormaliseDecimal(in); got != want {
			t.Errorf("ediNormaliseDecimal(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestEDIFACTSniffedByParse(t *testing.T) {
	docs, err := Parse([]byte("\r\n" + ediWrapMessages("UNOW", ediMessage)))
	if err != nil || len(docs) != 1 || docs[0].Format != FormatEDIFACT || docs[0].Profile != ProfileEDIFACT {
		t.Fatalf("Parse: %v, %+v", err, docs)
	}
}
