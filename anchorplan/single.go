package anchorplan

import (
	"fmt"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/x/invoice"
)

// singles anchors every document of files on its own. A file any document
// of which cannot be anchored so is refused whole; fingerprints (slow) are
// computed only for files that passed every other rule.
func (p *Plan) singles(files []*File, pol Policy) error {
	index := map[formats.Hash]int{} // document -> position in p.Singles
	for _, f := range files {
		refs := make([]*Refusal, len(f.Docs))
		type built struct {
			msg    *invoice.MsgAnchor
			number string
		}
		var todo []built
		local := map[formats.Hash]bool{}
		bad := false
		for i := range f.Docs {
			d := &f.Docs[i]
			if _, dup := index[d.CanonicalHash]; dup || local[d.CanonicalHash] {
				continue // a merged duplicate: anchored once
			}
			local[d.CanonicalHash] = true
			msg, number, r, err := p.anchorMsg(d, pol)
			if err != nil {
				return err
			}
			if r != nil {
				refs[i], bad = r, true
				continue
			}
			todo = append(todo, built{msg, number})
		}
		if !bad && !pol.Issuer.IsZero() {
			for i, b := range todo {
				fp, err := invoice.Fingerprint(pol.Issuer, b.number)
				if err != nil {
					for j := range f.Docs {
						if invoice.Hash(f.Docs[j].CanonicalHash) == b.msg.DocHash {
							refs[j], bad = &Refusal{Code: codeOf(err, codes.PlanMissingField), Reason: "invoice number: " + err.Error()}, true
						}
					}
					break
				}
				todo[i].msg.Fingerprint = fp
			}
		}
		if bad {
			p.refuseFile(f, refs)
			continue
		}
		for _, b := range todo {
			index[formats.Hash(b.msg.DocHash)] = len(p.Singles)
			p.Singles = append(p.Singles, Single{Msg: b.msg, Files: []string{}})
		}
		for _, d := range f.Docs {
			s := &p.Singles[index[d.CanonicalHash]]
			if n := len(s.Files); n == 0 || s.Files[n-1] != f.Name {
				s.Files = append(s.Files, f.Name)
			}
		}
	}
	return nil
}

// anchorMsg builds the invoice/anchor message of d without its
// fingerprint, and returns the invoice number the fingerprint is computed
// from; or the refusal that stops it.
func (p *Plan) anchorMsg(d *formats.Document, pol Policy) (*invoice.MsgAnchor, string, *Refusal, error) {
	if d.Kind == formats.KindCreditNote {
		return nil, "", &Refusal{Code: codes.PlanNotInvoice, Reason: "a credit note is anchored in a batch (mode batch); only invoices and trade documents are anchored on their own"}, nil
	}
	var in formats.Invoice
	if d.Invoice != nil {
		in = *d.Invoice
	}
	number, r := field("invoice number", pol.Fields.Number, in.Number)
	if r != nil {
		return nil, "", r, nil
	}
	date, r := field("issue date", pol.Fields.IssueDate, in.IssueDate)
	if r != nil {
		return nil, "", r, nil
	}
	currency, r := field("currency", pol.Fields.Currency, in.Currency)
	if r != nil {
		return nil, "", r, nil
	}
	total, r := totalField(pol.Fields.Total, in.Total)
	if r != nil {
		return nil, "", r, nil
	}
	m := &invoice.MsgAnchor{DocHash: invoice.Hash(d.CanonicalHash), Profile: d.Profile, IssueDate: date, Currency: currency, Total: total,
		FieldRoot: p.fieldRoot(d.CanonicalHash)}
	if !pol.BuyerMember.IsZero() {
		m.BuyerMember = pol.BuyerMember
	} else {
		id := in.BuyerID
		switch {
		case pol.BuyerID != "" && id != "" && pol.BuyerID != id:
			return nil, "", &Refusal{Code: codes.PlanFieldMismatch, Reason: fmt.Sprintf("buyer identifier %q given differs from the document's %q", pol.BuyerID, id)}, nil
		case pol.BuyerID != "":
			id = pol.BuyerID
		case id == "":
			return nil, "", &Refusal{Code: codes.PlanNoBuyer, Reason: "the invoice names no buyer identifier and no buyer was given (a member address, or a buyer identifier for a salted commitment)"}, nil
		}
		salt, err := p.salt(pol)
		if err != nil {
			return nil, "", nil, err
		}
		m.BuyerCommit = invoice.BuyerCommitment(salt, id)
	}
	// The ledger's own checks, with a stand-in for the fingerprint computed later.
	check := *m
	check.Fingerprint = invoice.Hash{1}
	if err := check.ValidateBasic(); err != nil {
		return nil, "", &Refusal{Code: codeOf(err, codes.PlanMissingField), Reason: err.Error()}, nil
	}
	return m, number, nil, nil
}

// field applies the rule for a caller's value against the document's:
// either fills in what the other lacks, and both must agree.
func field(name, given, doc string) (string, *Refusal) {
	switch {
	case doc == "" && given == "":
		return "", &Refusal{Code: codes.PlanMissingField, Reason: "the document carries no " + name + " and none was given"}
	case doc == "":
		return given, nil
	case given != "" && given != doc:
		return "", &Refusal{Code: codes.PlanFieldMismatch, Reason: fmt.Sprintf("%s %q given differs from the document's %q", name, given, doc)}
	}
	return doc, nil
}

// totalField is field for the total, compared as canonical amounts.
func totalField(given, doc string) (string, *Refusal) {
	canon := func(s string) (string, *Refusal) {
		c, err := invoice.CanonicalAmount(s)
		if err != nil {
			return "", &Refusal{Code: codeOf(err, codes.PlanMissingField), Reason: fmt.Sprintf("total %q: %v", s, err)}
		}
		return c, nil
	}
	switch {
	case doc == "" && given == "":
		return "", &Refusal{Code: codes.PlanMissingField, Reason: "the document carries no total and none was given"}
	case doc == "":
		return canon(given)
	}
	d, r := canon(doc)
	if r != nil || given == "" {
		return d, r
	}
	g, r := canon(given)
	if r != nil {
		return "", r
	}
	if g != d {
		return "", &Refusal{Code: codes.PlanFieldMismatch, Reason: fmt.Sprintf("total %q given differs from the document's %q", given, doc)}
	}
	return d, nil
}

// codeOf returns the table entry err carries, or def when it carries none.
func codeOf(err error, def *codes.Error) *codes.Error {
	if c := codes.Of(err); c != nil && c != codes.Internal {
		return c
	}
	return def
}
