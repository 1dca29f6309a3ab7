package formats

import (
	"regexp"
	"strings"
	"testing"
)

func TestISO20022Goldens(t *testing.T) { checkGoldens(t, "iso20022", FormatISO20022) }

func TestISO20022Invariance(t *testing.T) {
	for _, name := range []string{
		"camt054-fi-fffs-sample.xml",                                  // bare CR line endings, comments
		"fedwire-CustomerCreditTransfer_Scenario1_Step1_pacs.008.xml", // no XML declaration
		"fedwire-CustomerCreditTransfer_Scenario2_Step2_pacs.002-RJCT.xml",
		"camt054-debit-postfinance.xml",
		"pacs002-v11-minimal.xml",
	} {
		t.Run(name, func(t *testing.T) { checkInvariance(t, readSample(t, "iso20022", name)) })
	}
}

func TestISO20022Sensitivity(t *testing.T) {
	pacs008 := readSample(t, "iso20022", "fedwire-CustomerCreditTransfer_Scenario1_Step1_pacs.008.xml")
	checkSensitivity(t, pacs008, []mutation{
		{"amount", replaceOnce(`<IntrBkSttlmAmt Ccy="USD">510000.74<`, `<IntrBkSttlmAmt Ccy="USD">510000.75<`)},
		{"currency", replaceOnce(`<IntrBkSttlmAmt Ccy="USD">`, `<IntrBkSttlmAmt Ccy="CAD">`)},
		{"creditor", replaceOnce(`<Nm>Corporation B</Nm>`, `<Nm>Corporation C</Nm>`)},
		{"settlement-date", replaceOnce(`<IntrBkSttlmDt>2025-03-10<`, `<IntrBkSttlmDt>2025-03-11<`)},
		{"uetr", replaceOnce(`8a562c67-ca16-48ba-b074-65581be6f011`, `8a562c67-ca16-48ba-b074-65581be6f012`)},
		{"invoice-reference", replaceOnce(`INV34563`, `INV34564`)},
	})
	camt := readSample(t, "iso20022", "camt054-fi-fffs-sample.xml")
	tx := regexp.MustCompile(`(?s)<TxDtls>.*?</TxDtls>`)
	checkSensitivity(t, camt, []mutation{
		{"drop-transaction", dropNth(tx, 2)},
		{"entry-amount", replaceOnce(`<Amt Ccy="EUR">2000.00</Amt>`, `<Amt Ccy="EUR">2000.01</Amt>`)},
		{"indicator", replaceOnce(`<CdtDbtInd>CRDT</CdtDbtInd>`, `<CdtDbtInd>DBIT</CdtDbtInd>`)},
	})
	before := len(parseOne(t, camt).Payments)
	if after := len(parseOne(t, dropNth(tx, 2)(camt)).Payments); after != before-1 {
		t.Errorf("dropping a TxDtls gives %d payments, want %d", after, before-1)
	}
}

func TestISO20022Fields(t *testing.T) {
	doc := parseOne(t, readSample(t, "iso20022", "fedwire-CustomerCreditTransfer_Scenario1_Step1_pacs.008.xml"))
	want := Payment{
		MessageType: "pacs.008", MessageID: "20250310B1QDRCQR000001",
		UETR: "8a562c67-ca16-48ba-b074-65581be6f011", EndToEndID: "Scenario01EtoEId001",
		Amount: "510000.74", Currency: "USD", ValueDate: "2025-03-10", InvoiceNumber: "INV34563",
		DebtorName: "Corporation A", CreditorName: "Corporation B",
	}
	if doc.Kind != KindPayment || len(doc.Payments) != 1 || doc.Payments[0] != want {
		t.Errorf("pacs.008: kind %s payments %+v", doc.Kind, doc.Payments)
	}

	// The RJCT status points at the same (reused) UETR as the ACSC one.
	rjct := parseOne(t, readSample(t, "iso20022", "fedwire-CustomerCreditTransfer_Scenario2_Step2_pacs.002-RJCT.xml"))
	if rjct.Kind != KindPaymentStatus || len(rjct.Payments) != 1 || rjct.Payments[0].Status != "RJCT" ||
		rjct.Payments[0].UETR != want.UETR || rjct.Payments[0].MessageID != "20250310B1QDRCQR000002" {
		t.Errorf("pacs.002 RJCT: %+v", rjct.Payments)
	}

	// A pacs.002 with only a group header parses, with a warning.
	min := parseOne(t, readSample(t, "iso20022", "pacs002-v11-minimal.xml"))
	if len(min.Payments) != 0 || len(min.Warnings) != 1 || min.Warnings[0].Rule != "iso20022.no-transactions" {
		t.Errorf("minimal pacs.002: %+v %+v", min.Payments, min.Warnings)
	}

	// camt.054 with bare CR line endings: one payment per TxDtls.
	fi := parseOne(t, readSample(t, "iso20022", "camt054-fi-fffs-sample.xml"))
	if len(fi.Payments) != 13 || fi.Payments[0].Amount != "1900.00" || fi.Payments[0].CreditDebit != "CRDT" || fi.Payments[0].Status != "BOOK" {
		t.Errorf("camt.054 FI: %d payments, first %+v", len(fi.Payments), fi.Payments)
	}
	if fi.CanonicalHash == fi.RawSHA256 {
		t.Errorf("canonical and raw hashes must differ")
	}
}

func TestISO20022UETRValidation(t *testing.T) {
	data := string(readSample(t, "iso20022", "fedwire-CustomerCreditTransfer_Scenario1_Step1_pacs.008.xml"))
	upper := strings.Replace(data, "8a562c67-ca16-48ba-b074-65581be6f011", "8A562C67-CA16-48BA-B074-65581BE6F011", 1)
	doc := parseOne(t, []byte(upper))
	if doc.Payments[0].UETR != "8a562c67-ca16-48ba-b074-65581be6f011" || len(doc.Warnings) != 0 {
		t.Errorf("upper-case UETR: %q %+v", doc.Payments[0].UETR, doc.Warnings)
	}
	for _, bad := range []string{"not-a-uuid", "8a562c67-ca16-38ba-b074-65581be6f011", "8a562c67ca1648bab07465581be6f011"} {
		doc := parseOne(t, []byte(strings.Replace(data, "8a562c67-ca16-48ba-b074-65581be6f011", bad, 1)))
		if len(doc.Warnings) != 1 || doc.Warnings[0].Rule != "iso20022.uetr-malformed" {
			t.Errorf("%s: warnings %+v", bad, doc.Warnings)
		}
		if doc.Payments[0].UETR != bad {
			t.Errorf("%s: malformed UETR must be kept, got %q", bad, doc.Payments[0].UETR)
		}
	}
}
