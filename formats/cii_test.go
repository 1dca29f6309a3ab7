package formats

import (
	"math/big"
	"regexp"
	"testing"
)

func TestCIIGoldens(t *testing.T) { checkGoldens(t, "cii", FormatCII) }

func TestCIIInvariance(t *testing.T) {
	for _, name := range []string{"en16931-CII_example1.xml", "en16931-CII_business_example_02.xml"} {
		t.Run(name, func(t *testing.T) { checkInvariance(t, readSample(t, "cii", name)) })
	}
}

func TestCIISensitivity(t *testing.T) {
	data := readSample(t, "cii", "en16931-CII_example1.xml")
	line := regexp.MustCompile(`(?s)<ram:IncludedSupplyChainTradeLineItem>.*?</ram:IncludedSupplyChainTradeLineItem>`)
	checkSensitivity(t, data, []mutation{
		{"due-payable", replaceOnce(`<ram:DuePayableAmount>250.33<`, `<ram:DuePayableAmount>250.34<`)},
		{"seller-vat", replaceOnce(`NL8200.98.395.B.01`, `NL8200.98.395.B.02`)},
		{"vat-scheme", replaceOnce(`<ram:ID schemeID="VA">`, `<ram:ID schemeID="FC">`)},
		{"issue-date", replaceOnce(`<udt:DateTimeString format="102">20150109<`, `<udt:DateTimeString format="102">20150110<`)},
		{"drop-line", dropNth(line, 5)},
	})
	if n := parseOne(t, dropNth(line, 5)(data)).Invoice.LineCount; n != 19 {
		t.Errorf("line count after dropping a line = %d, want 19", n)
	}
}

func TestCIIFields(t *testing.T) {
	doc := parseOne(t, readSample(t, "cii", "en16931-CII_example4.xml"))
	want := Invoice{
		Number: "TOSL110", TypeCode: "380", IssueDate: "2013-04-10", DueDate: "2013-05-10",
		Currency: "DKK", Total: "4675", TaxExclusive: "4000", TaxTotal: "675",
		SellerName: "SellerCompany", SellerID: "0088:5790000436101",
		BuyerName: "Buyercompany ltd", BuyerID: "0088:5790000436057",
		Customization: "urn:cen.eu:en16931:2017", LineCount: 3,
	}
	if doc.Kind != KindInvoice || *doc.Invoice != want {
		t.Errorf("fields:\n got %s %+v\nwant %+v", doc.Kind, *doc.Invoice, want)
	}
}

func TestCIIDateFormats(t *testing.T) {
	const head = `<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"><rsm:ExchangedDocument><ram:ID>9</ram:ID><ram:TypeCode>381</ram:TypeCode><ram:IssueDateTime>`
	const tail = `</ram:IssueDateTime></rsm:ExchangedDocument></rsm:CrossIndustryInvoice>`
	doc := parseOne(t, []byte(head+`<udt:DateTimeString format="102">20240229</udt:DateTimeString>`+tail))
	if doc.Invoice.IssueDate != "2024-02-29" || doc.Kind != KindCreditNote {
		t.Errorf("format 102: %q kind %s", doc.Invoice.IssueDate, doc.Kind)
	}
	doc = parseOne(t, []byte(head+`<udt:DateTimeString format="610">202402</udt:DateTimeString>`+tail))
	if doc.Invoice.IssueDate != "202402" || !hasWarning(doc, "cii.date-format") {
		t.Errorf("format 610: %q %+v", doc.Invoice.IssueDate, doc.Warnings)
	}
}

// hasWarning reports whether doc carries a warning with rule.
func hasWarning(doc Document, rule string) bool {
	for _, w := range doc.Warnings {
		if w.Rule == rule {
			return true
		}
	}
	return false
}

// invoiceKey is the business key of one logical invoice that must agree
// across syntaxes (UBL, CII, EDIFACT): number, issue date, currency, amount
// due and seller identifier. The total is compared as a number, so "250.3"
// and "250.30" agree.
type invoiceKey struct {
	Number, IssueDate, Currency, Total, SellerID string
}

// invoiceKeyOf returns the business key of inv.
func invoiceKeyOf(inv *Invoice) invoiceKey {
	return invoiceKey{inv.Number, inv.IssueDate, inv.Currency, inv.Total, inv.SellerID}
}

// sameDecimal reports whether two decimal strings denote the same number,
// compared exactly (never as floats).
func sameDecimal(a, b string) bool {
	x, okA := new(big.Rat).SetString(a)
	y, okB := new(big.Rat).SetString(b)
	return okA && okB && x.Cmp(y) == 0
}

// requireSameInvoice parses each sample (by folder and file name), requires
// one invoice from each, and fails unless their business keys agree and
// their canonical hashes all differ.
func requireSameInvoice(t *testing.T, samples ...[2]string) {
	t.Helper()
	var first invoiceKey
	hashes := map[Hash]string{}
	for i, s := range samples {
		docs, err := Parse(readSample(t, s[0], s[1]))
		if err != nil || len(docs) != 1 || docs[0].Invoice == nil {
			t.Fatalf("%s/%s: want one invoice, got %d documents, error %v", s[0], s[1], len(docs), err)
		}
		key := invoiceKeyOf(docs[0].Invoice)
		if other, dup := hashes[docs[0].CanonicalHash]; dup {
			t.Errorf("%s/%s and %s share a canonical hash", s[0], s[1], other)
		}
		hashes[docs[0].CanonicalHash] = s[0] + "/" + s[1]
		if i == 0 {
			first = key
			continue
		}
		total := key.Total
		if sameDecimal(total, first.Total) {
			total = first.Total
		}
		if got := (invoiceKey{key.Number, key.IssueDate, key.Currency, total, key.SellerID}); got != first {
			t.Errorf("%s/%s: key %+v, want %+v (from %s/%s)", s[0], s[1], key, first, samples[0][0], samples[0][1])
		}
	}
}

// TestCrossSyntaxInvoice12115118 reads the EN 16931 example invoice
// 12115118 in UBL, CII and EDIFACT: number, date, currency, total and
// seller agree across the three syntaxes.
func TestCrossSyntaxInvoice12115118(t *testing.T) {
	requireSameInvoice(t,
		[2]string{"ubl", "en16931-ubl-tc434-example1.xml"},
		[2]string{"cii", "en16931-CII_example1.xml"},
		[2]string{"edifact", "en16931-EDIFACT_EXAMPLE1.TXT"},
	)
}
