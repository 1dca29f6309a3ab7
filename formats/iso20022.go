package formats

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/beevik/etree"
)

// uetrPattern is the form of a Unique End-to-end Transaction Reference: a
// lower-case RFC 4122 version 4 UUID.
var uetrPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// isoParser extracts payments from one ISO 20022 Document element. Every
// element of a message lives in the Document's own namespace, so paths are
// unprefixed.
type isoParser struct {
	ns      nsMap
	msgType string
	check   fieldChecker
	agents  []Agents // one per pacs.008 transaction, for Details
}

// parseISO20022 extracts the payments of an ISO 20022 pacs.008, pacs.002 or
// camt.054 Document element and computes its canonical hash under
// ProfileISO20022. Only the Document element is hashed: a business
// application header or envelope around it is not part of the hash.
func parseISO20022(doc *etree.Element) (Document, error) {
	h, err := canonicalHash(FormatISO20022, doc)
	if err != nil {
		return Document{}, err
	}
	ns := doc.NamespaceURI()
	p := &isoParser{ns: nsMap{"": ns}, msgType: isoMessageType(ns), check: fieldChecker{prefix: "iso20022"}}
	var payments []Payment
	kind := KindPayment
	switch p.msgType {
	case "pacs.008":
		payments = p.pacs008(p.ns.first(doc, "FIToFICstmrCdtTrf"))
	case "pacs.002":
		kind = KindPaymentStatus
		payments = p.pacs002(p.ns.first(doc, "FIToFIPmtStsRpt"))
	default:
		payments = p.camt054(p.ns.first(doc, "BkToCstmrDbtCdtNtfctn"))
	}
	if len(payments) == 0 {
		p.check.warnings = append(p.check.warnings, Warning{Rule: "iso20022.no-transactions",
			Message: p.msgType + " message reports no transaction"})
	}
	return Document{
		Format:        FormatISO20022,
		Profile:       ProfileISO20022,
		Kind:          kind,
		CanonicalHash: h,
		Payments:      payments,
		Warnings:      p.check.warnings,
		Details:       p.details(),
	}, nil
}

// pacs008 returns one payment per CdtTrfTxInf of a FIToFICstmrCdtTrf.
func (p *isoParser) pacs008(msg *etree.Element) []Payment {
	msgID := p.ns.text(msg, "GrpHdr/MsgId")
	var out []Payment
	for i, tx := range p.ns.all(msg, "CdtTrfTxInf") {
		where := fmt.Sprintf("CdtTrfTxInf[%d]", i+1)
		amt := p.ns.first(tx, "IntrBkSttlmAmt")
		pay := Payment{
			MessageType:   p.msgType,
			MessageID:     msgID,
			UETR:          p.uetr(p.ns.text(tx, "PmtId/UETR"), where+"/PmtId/UETR"),
			EndToEndID:    p.ns.text(tx, "PmtId/EndToEndId"),
			Amount:        textOf(amt),
			Currency:      attrOf(amt, "Ccy"),
			ValueDate:     p.ns.text(tx, "IntrBkSttlmDt"),
			InvoiceNumber: p.ns.text(tx, "RmtInf/Strd/RfrdDocInf/Nb"),
			DebtorName:    p.partyName(tx, "Dbtr"),
			CreditorName:  p.partyName(tx, "Cdtr"),
		}
		p.agents = append(p.agents, Agents{Debtor: p.agent(tx, "DbtrAgt"), Creditor: p.agent(tx, "CdtrAgt")})
		if pay.ValueDate == "" {
			pay.ValueDate = p.ns.text(msg, "GrpHdr/IntrBkSttlmDt")
		}
		p.check.require(pay.Amount, where+"/IntrBkSttlmAmt", "interbank settlement amount")
		p.check.amount(pay.Amount, where+"/IntrBkSttlmAmt")
		p.check.date(pay.ValueDate, where+"/IntrBkSttlmDt")
		out = append(out, pay)
	}
	return out
}

// pacs002 returns one status per TxInfAndSts of a FIToFIPmtStsRpt. Its
// MessageID is the original message's identifier (OrgnlMsgId), which links
// the status to the pacs.008 it reports on. A report with only a group
// status (OrgnlGrpInfAndSts/GrpSts) gives one entry for the whole group.
func (p *isoParser) pacs002(msg *etree.Element) []Payment {
	groupMsgID := p.ns.text(msg, "OrgnlGrpInfAndSts/OrgnlMsgId")
	var out []Payment
	for i, tx := range p.ns.all(msg, "TxInfAndSts") {
		where := fmt.Sprintf("TxInfAndSts[%d]", i+1)
		ref := p.ns.first(tx, "OrgnlTxRef")
		amt := p.ns.first(ref, "IntrBkSttlmAmt")
		pay := Payment{
			MessageType:  p.msgType,
			MessageID:    p.ns.text(tx, "OrgnlGrpInf/OrgnlMsgId"),
			UETR:         p.uetr(p.ns.text(tx, "OrgnlUETR"), where+"/OrgnlUETR"),
			EndToEndID:   p.ns.text(tx, "OrgnlEndToEndId"),
			Status:       p.ns.text(tx, "TxSts"),
			Amount:       textOf(amt),
			Currency:     attrOf(amt, "Ccy"),
			ValueDate:    p.ns.text(tx, "FctvIntrBkSttlmDt/Dt"),
			DebtorName:   p.partyName(ref, "Dbtr"),
			CreditorName: p.partyName(ref, "Cdtr"),
		}
		if pay.MessageID == "" {
			pay.MessageID = groupMsgID
		}
		if pay.ValueDate == "" {
			pay.ValueDate = p.ns.text(ref, "IntrBkSttlmDt")
		}
		p.check.require(pay.Status, where+"/TxSts", "transaction status")
		p.check.amount(pay.Amount, where+"/OrgnlTxRef/IntrBkSttlmAmt")
		p.check.date(pay.ValueDate, where+"/FctvIntrBkSttlmDt")
		out = append(out, pay)
	}
	if len(out) == 0 {
		if st := p.ns.text(msg, "OrgnlGrpInfAndSts/GrpSts"); st != "" {
			out = append(out, Payment{MessageType: p.msgType, MessageID: groupMsgID, Status: st})
		}
	}
	return out
}

// camt054 returns one payment per Ntfctn/Ntry/NtryDtls/TxDtls of a
// BkToCstmrDbtCdtNtfctn, or one per entry when an entry has no transaction
// details. Amount, credit/debit indicator, status and value date fall back
// to the entry's when the transaction does not carry its own.
func (p *isoParser) camt054(msg *etree.Element) []Payment {
	msgID := p.ns.text(msg, "GrpHdr/MsgId")
	var out []Payment
	for n, ntfctn := range p.ns.all(msg, "Ntfctn") {
		for e, ntry := range p.ns.all(ntfctn, "Ntry") {
			entryWhere := fmt.Sprintf("Ntfctn[%d]/Ntry[%d]", n+1, e+1)
			base := Payment{
				MessageType: p.msgType,
				MessageID:   msgID,
				CreditDebit: p.ns.text(ntry, "CdtDbtInd"),
				Status:      p.ns.text(ntry, "Sts"),
				ValueDate:   p.dateOrDateTime(ntry, "ValDt"),
			}
			entryAmt := p.ns.first(ntry, "Amt")
			txs := p.ns.all(ntry, "NtryDtls/TxDtls")
			if len(txs) == 0 {
				base.Amount, base.Currency = textOf(entryAmt), attrOf(entryAmt, "Ccy")
				p.check.amount(base.Amount, entryWhere+"/Amt")
				out = append(out, base)
				continue
			}
			for t, tx := range txs {
				where := fmt.Sprintf("%s/NtryDtls/TxDtls[%d]", entryWhere, t+1)
				pay := base
				amt := p.ns.first(tx, "Amt")
				if amt == nil {
					amt = p.ns.first(tx, "AmtDtls/TxAmt/Amt")
				}
				if amt == nil && len(txs) == 1 {
					amt = entryAmt
				}
				pay.Amount, pay.Currency = textOf(amt), attrOf(amt, "Ccy")
				if cd := p.ns.text(tx, "CdtDbtInd"); cd != "" {
					pay.CreditDebit = cd
				}
				pay.UETR = p.uetr(p.ns.text(tx, "Refs/UETR"), where+"/Refs/UETR")
				pay.EndToEndID = p.ns.text(tx, "Refs/EndToEndId")
				pay.InvoiceNumber = p.ns.text(tx, "RmtInf/Strd/RfrdDocInf/Nb")
				pay.DebtorName = p.partyName(p.ns.first(tx, "RltdPties"), "Dbtr")
				pay.CreditorName = p.partyName(p.ns.first(tx, "RltdPties"), "Cdtr")
				p.check.amount(pay.Amount, where+"/Amt")
				out = append(out, pay)
			}
		}
	}
	return out
}

// partyName returns the name of the party element named tag under parent:
// tag/Nm, or tag/Pty/Nm as in the newer message versions.
func (p *isoParser) partyName(parent *etree.Element, tag string) string {
	if n := p.ns.text(parent, tag+"/Nm"); n != "" {
		return n
	}
	return p.ns.text(parent, tag+"/Pty/Nm")
}

// dateOrDateTime returns the date of a DateAndDateTime choice element named
// tag under parent: its Dt, or the date part of its DtTm.
func (p *isoParser) dateOrDateTime(parent *etree.Element, tag string) string {
	if d := p.ns.text(parent, tag+"/Dt"); d != "" {
		return d
	}
	dt := p.ns.text(parent, tag+"/DtTm")
	if len(dt) >= 10 && isoDatePattern.MatchString(dt[:10]) {
		return dt[:10]
	}
	return dt
}

// uetr lower-cases a UETR and warns with rule "iso20022.uetr-malformed"
// when it is not a version 4 UUID. A malformed UETR is kept, not dropped.
func (p *isoParser) uetr(v, where string) string {
	v = strings.ToLower(v)
	if v != "" && !uetrPattern.MatchString(v) {
		p.check.warnings = append(p.check.warnings, Warning{Rule: "iso20022.uetr-malformed", Where: where,
			Message: fmt.Sprintf("UETR %q is not a version 4 UUID", v)})
	}
	return v
}
