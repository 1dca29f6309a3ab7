package disclose_test

import (
	"bytes"
	"testing"

	"github.com/corridor-trade/corridor/disclose"
	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/internal/testdocs"
)

// fieldValue returns the value of the field called name in doc's fields.
func fieldValue(t *testing.T, data []byte, name string) (string, bool) {
	t.Helper()
	docs, err := formats.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	fields, err := disclose.Fields(&docs[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fields {
		if f.Name == name {
			return f.Value, true
		}
	}
	return "", false
}

// TestHSCodesAndOrigin: the HS codes and countries of origin of invoice
// lines become the hs-codes and origin fields, in UBL, CII and EDIFACT.
// The shared samples classify items under other lists (SRV, MP, SA), so a
// copy in memory is relabelled HS; nothing is written to disk.
func TestHSCodesAndOrigin(t *testing.T) {
	ubl := testdocs.Read(t, "ubl/peppol-bis3-base-example.xml")
	if _, ok := fieldValue(t, ubl, "hs-codes"); ok {
		t.Fatal("SRV classifications are not HS codes")
	}
	ubl = bytes.ReplaceAll(ubl, []byte(`listID="SRV"`), []byte(`listID="HS"`))
	if v, _ := fieldValue(t, ubl, "hs-codes"); v != "09348023" {
		t.Fatalf("UBL hs-codes %q", v)
	}
	if v, _ := fieldValue(t, testdocs.Read(t, "ubl/peppol-bis3-Allowance-example.xml"), "origin"); v != "NO" {
		t.Fatalf("UBL origin %q", v)
	}

	cii := testdocs.Read(t, "cii/en16931-CII_example1.xml")
	cii = bytes.Replace(cii, []byte("<ram:Name>PATAT FRITES 10MM 10KG</ram:Name>"),
		[]byte(`<ram:Name>PATAT FRITES 10MM 10KG</ram:Name><ram:DesignatedProductClassification><ram:ClassCode listID="HS">200410</ram:ClassCode></ram:DesignatedProductClassification><ram:OriginTradeCountry><ram:ID>BE</ram:ID></ram:OriginTradeCountry>`), 1)
	if v, _ := fieldValue(t, cii, "hs-codes"); v != "200410" {
		t.Fatalf("CII hs-codes %q", v)
	}
	if v, _ := fieldValue(t, cii, "origin"); v != "BE" {
		t.Fatalf("CII origin %q", v)
	}

	edi := testdocs.Read(t, "edifact/staedi-invoic_d97b.edi")
	if v, _ := fieldValue(t, edi, "origin"); v != "JP,US" {
		t.Fatalf("EDIFACT origin %q", v)
	}
	edi2 := testdocs.Read(t, "edifact/en16931-EDIFACT_EXAMPLE1.TXT")
	edi2 = bytes.Replace(edi2, []byte("PIA+5+166022:SA'"), []byte("PIA+5+166022:SA+20041010:HS'"), 1)
	if v, _ := fieldValue(t, edi2, "hs-codes"); v != "20041010" {
		t.Fatalf("EDIFACT hs-codes %q", v)
	}
}

// TestPaymentAgents: a pacs.008 names the debtor's and creditor's banks.
func TestPaymentAgents(t *testing.T) {
	p := testdocs.Read(t, "iso20022/fedwire-CustomerCreditTransfer_Scenario1_Step1_pacs.008.xml")
	if v, _ := fieldValue(t, p, "debtor-agent"); v != "USABA:011104238" {
		t.Fatalf("debtor-agent %q", v)
	}
	if v, _ := fieldValue(t, p, "creditor-agent"); v != "USABA:021040078" {
		t.Fatalf("creditor-agent %q", v)
	}
}
