package formats

import (
	"regexp"
	"testing"
)

func TestUBLGoldens(t *testing.T) { checkGoldens(t, "ubl", FormatUBL) }

func TestUBLInvariance(t *testing.T) {
	for _, name := range []string{
		"peppol-bis3-base-example.xml",        // currencyID= "EUR" with a space
		"pint-sg-inv-06-foreign-currency.xml", // a comment on every element
		"en16931-ubl-tc434-example1.xml",      // leading licence comment, many namespaces
		"pint-sg-cn-01-credit-note.xml",
	} {
		t.Run(name, func(t *testing.T) { checkInvariance(t, readSample(t, "ubl", name)) })
	}
}

func TestUBLSensitivity(t *testing.T) {
	data := readSample(t, "ubl", "peppol-bis3-base-example.xml")
	line := regexp.MustCompile(`(?s)<cac:InvoiceLine>.*?</cac:InvoiceLine>`)
	checkSensitivity(t, data, []mutation{
		{"payable-amount", replaceOnce(`<cbc:PayableAmount currencyID="EUR">1656.25<`, `<cbc:PayableAmount currencyID="EUR">1656.26<`)},
		{"currency-attribute", replaceOnce(`<cbc:PayableAmount currencyID="EUR">`, `<cbc:PayableAmount currencyID="SEK">`)},
		{"seller-endpoint", replaceOnce(`9482348239847239874`, `9482348239847239875`)},
		{"endpoint-scheme", replaceOnce(`schemeID="0088"`, `schemeID="0184"`)},
		{"buyer-id", replaceOnce(`>FR23342<`, `>FR23343<`)},
		{"issue-date", replaceOnce(`<cbc:IssueDate>2017-11-13<`, `<cbc:IssueDate>2017-11-14<`)},
		{"drop-line", dropNth(line, 2)},
		{"text-inner-space", replaceOnce(`SupplierTradingName Ltd.`, `SupplierTradingName  Ltd.`)},
	})
	// The extracted fields follow the edits.
	doc := parseOne(t, dropNth(line, 2)(data))
	if doc.Invoice.LineCount != 1 {
		t.Errorf("line count after dropping a line = %d, want 1", doc.Invoice.LineCount)
	}
}

func TestUBLFields(t *testing.T) {
	// pint-sg-inv-06: USD invoice with GST in SGD; the tax total is the
	// one in document currency, and the typo'd <cbc:ID> schemeID="0195">
	// (a text value) does not disturb the seller identifier.
	inv := parseOne(t, readSample(t, "ubl", "pint-sg-inv-06-foreign-currency.xml")).Invoice
	want := Invoice{
		Number: "F012345", TypeCode: "380", IssueDate: "2024-01-01", DueDate: "2024-02-01",
		Currency: "USD", TaxCurrency: "SGD", Total: "36454.35", TaxExclusive: "33915.00", TaxTotal: "2539.35",
		SellerName: "Gallery Photo Supplier", SellerID: "0195:SGUEN200212345Z",
		BuyerName: "IMDA", BuyerID: "0195:SGUEN200254321Z",
		Customization: "urn:peppol:pint:billing-1@sg-1", LineCount: 4,
	}
	if *inv != want {
		t.Errorf("fields:\n got %+v\nwant %+v", *inv, want)
	}

	// peppol-bis3-base-example: currencyID= "EUR" (space after '=') parses.
	doc := parseOne(t, readSample(t, "ubl", "peppol-bis3-base-example.xml"))
	if doc.Invoice.Total != "1656.25" || doc.Invoice.Currency != "EUR" || doc.Kind != KindInvoice {
		t.Errorf("base example: %+v", doc.Invoice)
	}

	// Credit notes, by root element.
	for _, name := range []string{"pint-sg-cn-01-credit-note.xml", "peppol-bis3-base-creditnote-correction.xml", "en16931-ubl-tc434-creditnote1.xml"} {
		doc := parseOne(t, readSample(t, "ubl", name))
		if doc.Kind != KindCreditNote || doc.Invoice.LineCount == 0 {
			t.Errorf("%s: kind %s, %d lines", name, doc.Kind, doc.Invoice.LineCount)
		}
	}
}

func TestUBLSellerIDFallbacks(t *testing.T) {
	const head = `<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"><cbc:ID>1</cbc:ID><cbc:InvoiceTypeCode>381</cbc:InvoiceTypeCode><cac:AccountingSupplierParty><cac:Party>`
	const tail = `</cac:Party></cac:AccountingSupplierParty></Invoice>`
	cases := map[string]string{
		`<cac:PartyTaxScheme><cbc:CompanyID>NL1</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>`:                "VA:NL1",
		`<cac:PartyTaxScheme><cbc:CompanyID>M2-1</cbc:CompanyID><cac:TaxScheme><cbc:ID>GST</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>`:               "GST:M2-1",
		`<cac:PartyLegalEntity><cbc:RegistrationName>X</cbc:RegistrationName><cbc:CompanyID schemeID="0195">201</cbc:CompanyID></cac:PartyLegalEntity>`: "0195:201",
		`<cac:PartyLegalEntity><cbc:CompanyID>201</cbc:CompanyID></cac:PartyLegalEntity>`:                                                               "201",
	}
	for party, want := range cases {
		doc := parseOne(t, []byte(head+party+tail))
		if doc.Invoice.SellerID != want {
			t.Errorf("%s: seller id %q, want %q", party, doc.Invoice.SellerID, want)
		}
		if doc.Kind != KindCreditNote {
			t.Errorf("type code 381 gives kind %s", doc.Kind)
		}
		if len(doc.Warnings) == 0 {
			t.Errorf("missing issue date, currency and total must be warned about")
		}
	}
}
