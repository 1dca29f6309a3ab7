package formats

import (
	"github.com/beevik/etree"
)

// ublNS resolves the prefixes used in UBL field paths.
var ublNS = nsMap{
	"cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
	"cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}

// creditNoteTypeCode is the UNTDID 1001 code of a commercial credit note.
const creditNoteTypeCode = "381"

// parseUBL extracts the anchoring fields of a UBL 2.1 Invoice or CreditNote
// element and computes its canonical hash under ProfileUBL. Missing or
// malformed business fields are reported as warnings; they do not stop
// hashing.
func parseUBL(root *etree.Element) (Document, error) {
	h, err := canonicalHash(FormatUBL, root)
	if err != nil {
		return Document{}, err
	}
	creditNote := root.Tag == "CreditNote"
	lineTag, typeTag := "cac:InvoiceLine", "cbc:InvoiceTypeCode"
	if creditNote {
		lineTag, typeTag = "cac:CreditNoteLine", "cbc:CreditNoteTypeCode"
	}
	inv := &Invoice{
		Number:        ublNS.text(root, "cbc:ID"),
		TypeCode:      ublNS.text(root, typeTag),
		IssueDate:     ublNS.text(root, "cbc:IssueDate"),
		DueDate:       ublNS.text(root, "cbc:DueDate"),
		Currency:      ublNS.text(root, "cbc:DocumentCurrencyCode"),
		TaxCurrency:   ublNS.text(root, "cbc:TaxCurrencyCode"),
		Total:         ublNS.text(root, "cac:LegalMonetaryTotal/cbc:PayableAmount"),
		TaxExclusive:  ublNS.text(root, "cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount"),
		Customization: ublNS.text(root, "cbc:CustomizationID"),
		LineCount:     ublNS.count(root, lineTag),
	}
	if inv.DueDate == "" {
		// A UBL 2.1 CreditNote has no cbc:DueDate; BIS 3.0 puts it in
		// cac:PaymentMeans/cbc:PaymentDueDate.
		inv.DueDate = ublNS.text(root, "cac:PaymentMeans/cbc:PaymentDueDate")
	}
	inv.TaxTotal = ublTaxTotal(root, inv.Currency)
	details := goodsDetails(
		classCodes(ublNS.all(root, lineTag+"/cac:Item/cac:CommodityClassification/cbc:ItemClassificationCode"), "HS"),
		texts(ublNS.all(root, lineTag+"/cac:Item/cac:OriginCountry/cbc:IdentificationCode")))
	seller := ublNS.first(root, "cac:AccountingSupplierParty/cac:Party")
	buyer := ublNS.first(root, "cac:AccountingCustomerParty/cac:Party")
	inv.SellerName, inv.SellerID = ublPartyName(seller), ublPartyID(seller)
	inv.BuyerName, inv.BuyerID = ublPartyName(buyer), ublPartyID(buyer)

	kind := KindInvoice
	if creditNote || inv.TypeCode == creditNoteTypeCode {
		kind = KindCreditNote
	}
	c := fieldChecker{prefix: "ubl"}
	c.require(inv.Number, "cbc:ID", "invoice number (BT-1)")
	c.require(inv.IssueDate, "cbc:IssueDate", "issue date (BT-2)")
	c.require(inv.Currency, "cbc:DocumentCurrencyCode", "document currency (BT-5)")
	c.require(inv.Total, "cac:LegalMonetaryTotal/cbc:PayableAmount", "amount due for payment (BT-115)")
	c.date(inv.IssueDate, "cbc:IssueDate")
	c.date(inv.DueDate, "cbc:DueDate")
	c.amount(inv.Total, "cac:LegalMonetaryTotal/cbc:PayableAmount")
	c.amount(inv.TaxExclusive, "cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount")
	c.amount(inv.TaxTotal, "cac:TaxTotal/cbc:TaxAmount")
	return Document{
		Format:        FormatUBL,
		Profile:       ProfileUBL,
		Kind:          kind,
		CanonicalHash: h,
		Invoice:       inv,
		Warnings:      c.warnings,
		Details:       details,
	}, nil
}

// ublTaxTotal returns the cac:TaxTotal/cbc:TaxAmount expressed in the
// document currency (BT-110). A document with a tax currency carries a
// second TaxTotal in that currency (BT-111), which is skipped. When no
// amount names the document currency, the first TaxTotal's amount is used.
func ublTaxTotal(root *etree.Element, currency string) string {
	amounts := ublNS.all(root, "cac:TaxTotal/cbc:TaxAmount")
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

// ublPartyName returns a party's trading name (cac:PartyName/cbc:Name), or
// its registered name (cac:PartyLegalEntity/cbc:RegistrationName) when it has
// none.
func ublPartyName(party *etree.Element) string {
	if n := ublNS.text(party, "cac:PartyName/cbc:Name"); n != "" {
		return n
	}
	return ublNS.text(party, "cac:PartyLegalEntity/cbc:RegistrationName")
}

// ublPartyID returns a party's identifier as "scheme:value": the electronic
// address cbc:EndpointID@schemeID; else the tax identifier
// cac:PartyTaxScheme/cbc:CompanyID (scheme: its schemeID, else "VA" when the
// tax scheme is VAT, else the tax scheme's cbc:ID, e.g. "GST"); else the
// legal registration cac:PartyLegalEntity/cbc:CompanyID with its schemeID.
func ublPartyID(party *etree.Element) string {
	if party == nil {
		return ""
	}
	if e := ublNS.first(party, "cbc:EndpointID"); textOf(e) != "" {
		return schemeValue(attrOf(e, "schemeID"), textOf(e))
	}
	for _, pts := range ublNS.all(party, "cac:PartyTaxScheme") {
		id := ublNS.first(pts, "cbc:CompanyID")
		if textOf(id) == "" {
			continue
		}
		scheme := attrOf(id, "schemeID")
		if scheme == "" {
			scheme = ublNS.text(pts, "cac:TaxScheme/cbc:ID")
			if scheme == "VAT" {
				scheme = "VA"
			}
		}
		return schemeValue(scheme, textOf(id))
	}
	id := ublNS.first(party, "cac:PartyLegalEntity/cbc:CompanyID")
	return schemeValue(attrOf(id, "schemeID"), textOf(id))
}
