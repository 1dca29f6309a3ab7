package formats

import (
	"fmt"
	"regexp"

	"github.com/beevik/etree"
)

// ciiNS resolves the prefixes used in CII field paths.
var ciiNS = nsMap{
	"rsm": nsCII,
	"ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
	"udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
}

// Paths from the CrossIndustryInvoice root to the header groups.
const (
	ciiTransaction = "rsm:SupplyChainTradeTransaction"
	ciiAgreement   = ciiTransaction + "/ram:ApplicableHeaderTradeAgreement"
	ciiSettlement  = ciiTransaction + "/ram:ApplicableHeaderTradeSettlement"
	ciiSummation   = ciiSettlement + "/ram:SpecifiedTradeSettlementHeaderMonetarySummation"
)

// date102Pattern is the UN/CEFACT date format 102 (CCYYMMDD).
var date102Pattern = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})$`)

// parseCII extracts the anchoring fields of a UN/CEFACT CII D16B
// CrossIndustryInvoice element and computes its canonical hash under
// ProfileCII. Missing or malformed business fields are reported as warnings.
func parseCII(root *etree.Element) (Document, error) {
	h, err := canonicalHash(FormatCII, root)
	if err != nil {
		return Document{}, err
	}
	c := fieldChecker{prefix: "cii"}
	inv := &Invoice{
		Number:        ciiNS.text(root, "rsm:ExchangedDocument/ram:ID"),
		TypeCode:      ciiNS.text(root, "rsm:ExchangedDocument/ram:TypeCode"),
		IssueDate:     c.ciiDate(ciiNS.first(root, "rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString")),
		DueDate:       c.ciiDate(ciiNS.first(root, ciiSettlement+"/ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString")),
		Currency:      ciiNS.text(root, ciiSettlement+"/ram:InvoiceCurrencyCode"),
		TaxCurrency:   ciiNS.text(root, ciiSettlement+"/ram:TaxCurrencyCode"),
		Total:         ciiNS.text(root, ciiSummation+"/ram:DuePayableAmount"),
		TaxExclusive:  ciiNS.text(root, ciiSummation+"/ram:TaxBasisTotalAmount"),
		Customization: ciiNS.text(root, "rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID"),
		LineCount:     ciiNS.count(root, ciiTransaction+"/ram:IncludedSupplyChainTradeLineItem"),
	}
	inv.TaxTotal = ciiTaxTotal(root, inv.Currency)
	product := ciiTransaction + "/ram:IncludedSupplyChainTradeLineItem/ram:SpecifiedTradeProduct"
	details := goodsDetails(
		classCodes(ciiNS.all(root, product+"/ram:DesignatedProductClassification/ram:ClassCode"), "HS"),
		texts(ciiNS.all(root, product+"/ram:OriginTradeCountry/ram:ID")))
	seller := ciiNS.first(root, ciiAgreement+"/ram:SellerTradeParty")
	buyer := ciiNS.first(root, ciiAgreement+"/ram:BuyerTradeParty")
	inv.SellerName, inv.SellerID = ciiNS.text(seller, "ram:Name"), ciiPartyID(seller)
	inv.BuyerName, inv.BuyerID = ciiNS.text(buyer, "ram:Name"), ciiPartyID(buyer)

	kind := KindInvoice
	if inv.TypeCode == creditNoteTypeCode {
		kind = KindCreditNote
	}
	c.require(inv.Number, "rsm:ExchangedDocument/ram:ID", "invoice number (BT-1)")
	c.require(inv.IssueDate, "rsm:ExchangedDocument/ram:IssueDateTime", "issue date (BT-2)")
	c.require(inv.Currency, "ram:InvoiceCurrencyCode", "invoice currency (BT-5)")
	c.require(inv.Total, "ram:DuePayableAmount", "amount due for payment (BT-115)")
	c.amount(inv.Total, "ram:DuePayableAmount")
	c.amount(inv.TaxExclusive, "ram:TaxBasisTotalAmount")
	c.amount(inv.TaxTotal, "ram:TaxTotalAmount")
	return Document{
		Format:        FormatCII,
		Profile:       ProfileCII,
		Kind:          kind,
		CanonicalHash: h,
		Invoice:       inv,
		Warnings:      c.warnings,
		Details:       details,
	}, nil
}

// ciiDate converts a udt:DateTimeString of format 102 (CCYYMMDD) to
// YYYY-MM-DD. Any other format, or a malformed value, is returned as
// written with a "cii.date-format" warning.
func (c *fieldChecker) ciiDate(el *etree.Element) string {
	v := textOf(el)
	if v == "" {
		return ""
	}
	if f := attrOf(el, "format"); f == "102" {
		if m := date102Pattern.FindStringSubmatch(v); m != nil {
			return m[1] + "-" + m[2] + "-" + m[3]
		}
	}
	c.warnings = append(c.warnings, Warning{Rule: "cii.date-format", Where: "udt:DateTimeString",
		Message: fmt.Sprintf("date %q with format %q is not format 102 (CCYYMMDD); kept as written", v, attrOf(el, "format"))})
	return v
}

// ciiTaxTotal returns the ram:TaxTotalAmount in the invoice currency
// (BT-110). A second TaxTotalAmount in the tax currency (BT-111) is skipped;
// when none names the invoice currency, the first one is used.
func ciiTaxTotal(root *etree.Element, currency string) string {
	amounts := ciiNS.all(root, ciiSummation+"/ram:TaxTotalAmount")
	for _, a := range amounts {
		if attrOf(a, "currencyID") == currency {
			return textOf(a)
		}
	}
	if len(amounts) > 0 {
		return textOf(amounts[0])
	}
	return ""
}

// ciiPartyID returns a trade party's identifier as "scheme:value": the
// first ram:GlobalID with its schemeID; else ram:SpecifiedTaxRegistration/
// ram:ID with its schemeID ("VA" for VAT); else
// ram:SpecifiedLegalOrganization/ram:ID with its schemeID.
func ciiPartyID(party *etree.Element) string {
	for _, path := range []string{"ram:GlobalID", "ram:SpecifiedTaxRegistration/ram:ID", "ram:SpecifiedLegalOrganization/ram:ID"} {
		for _, id := range ciiNS.all(party, path) {
			if v := textOf(id); v != "" {
				return schemeValue(attrOf(id, "schemeID"), v)
			}
		}
	}
	return ""
}
