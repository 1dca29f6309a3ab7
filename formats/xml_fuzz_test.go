package formats

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzParseXML checks that parseXML never panics, returns either documents
// or a *ParseError, and gives the same answer twice for the same input. It
// is seeded with the shared samples when they are present and with a few
// inline documents, hostile ones included.
func FuzzParseXML(f *testing.F) {
	for _, seed := range []string{
		`<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"><cbc:ID>1</cbc:ID><cbc:IssueDate>2024-01-01</cbc:IssueDate></Invoice>`,
		`<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"/>`,
		`<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08"><FIToFICstmrCdtTrf><CdtTrfTxInf><PmtId><UETR>x</UETR></PmtId></CdtTrfTxInf></FIToFICstmrCdtTrf></Document>`,
		`<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"><BkToCstmrDbtCdtNtfctn><Ntfctn><Ntry><Amt Ccy="EUR">1</Amt><ValDt><DtTm>2024-01-01T00:00:00</DtTm></ValDt></Ntry></Ntfctn></BkToCstmrDbtCdtNtfctn></Document>`,
		`<!DOCTYPE a [<!ENTITY b "c">]><a>&b;</a>`,
		`<a xmlns:p="urn:x"><p:b p:c="1" c="2"><!-- x --><?pi y?>t</p:b></a>`,
		"<a>\r\n<b>",
		`<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><cbc:ID>1</cbc:ID></Invoice>`,
	} {
		f.Add([]byte(seed))
	}
	if dir := fuzzSampleDir(); dir != "" {
		for _, folder := range []string{"ubl", "cii", "iso20022"} {
			files, _ := filepath.Glob(filepath.Join(dir, "documents", folder, "*.xml"))
			for _, path := range files {
				if data, err := os.ReadFile(path); err == nil {
					f.Add(data)
				}
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		docs1, err1 := parseXML(data)
		docs2, err2 := parseXML(data)
		if (err1 == nil) != (err2 == nil) {
			t.Fatalf("non-deterministic error: %v vs %v", err1, err2)
		}
		if err1 != nil {
			var pe *ParseError
			if !errors.As(err1, &pe) || pe.Rule == "" {
				t.Fatalf("error %v (%T) is not a *ParseError with a rule", err1, err1)
			}
			if err1.Error() != err2.Error() {
				t.Fatalf("non-deterministic error: %v vs %v", err1, err2)
			}
			return
		}
		j1, _ := json.Marshal(docs1)
		j2, _ := json.Marshal(docs2)
		if string(j1) != string(j2) {
			t.Fatalf("non-deterministic result:\n%s\n%s", j1, j2)
		}
		if len(docs1) != 1 || docs1[0].RawSHA256 != RawHash(data) {
			t.Fatalf("want one document with the raw hash of the input, got %s", j1)
		}
	})
}

// fuzzSampleDir returns the shared sample directory as testdataRoot does,
// or "" when it is absent: a fuzz target still runs on its inline seeds.
func fuzzSampleDir() string {
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
