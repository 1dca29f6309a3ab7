package proof

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"io"
	"strings"

	"github.com/corridor-trade/corridor/codec"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/disclose"
	"github.com/corridor-trade/corridor/x/invoice"
)

// Check names of the lines a disclosure adds to its certificate's verdict.
const (
	CheckFields    = "fields"     // every revealed value, salt and path leads to the disclosure's field root
	CheckFieldRoot = "field-root" // that field root is the one anchored with the certified document
)

// DisclosureVerdict is the verdict on a disclosure (docs/proofs.md,
// "Disclosures"): the certificate's own lines, the fields line and the
// field-root line, and the disclosed fields, which are all a verifier
// learns of the document's content. Code is the stable code of the first
// failure, empty when Valid.
type DisclosureVerdict struct {
	Verdict
	Profile   string           `json:"profile"`
	Count     int              `json:"field_count"` // fields committed, disclosed or not
	Disclosed []DisclosedField `json:"disclosed"`
	Code      string           `json:"code,omitempty"`
}

// DisclosedField is one field of a disclosure, as the verdict shows it.
type DisclosedField struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Value string `json:"value"`
}

// VerifyDisclosure checks a disclosure offline against trust: the
// disclosure on its own (disclose.Check), its attached certificate as
// VerifyCertificateWith does (opts.File is ignored: a holder of a
// disclosure has no document), and that the certificate's document is the
// disclosure's and was anchored with the disclosure's field root — in its
// own invoice record, or as its batch member's field root, which the
// inclusion path proves. Every failure is a failed line and sets Code;
// the error is non-nil only when d is nil or trust is missing.
func VerifyDisclosure(d *disclose.Disclosure, trust *TrustRoot, opts Options) (*DisclosureVerdict, error) {
	if d == nil {
		return nil, disclose.ErrMalformed.Wrapf("no disclosure")
	}
	if trust == nil {
		return nil, fmt.Errorf("no trust root: give a genesis file or a trusted height and hash")
	}
	dv := &DisclosureVerdict{Profile: d.Profile, Count: d.Count, Disclosed: []DisclosedField{}}
	dv.Document = hex.EncodeToString(d.DocHash[:])
	dv.Trust = trust.Describe()
	checkErr := d.Check()
	if checkErr != nil {
		dv.add(CheckFields, "disclosed fields", false, checkErr.Error())
		dv.fail(codeOr(checkErr, disclose.ErrMalformed))
	} else {
		var names []string
		for _, f := range d.Fields {
			names = append(names, f.Name)
		}
		dv.add(CheckFields, "disclosed fields", true, fmt.Sprintf("%d of the %d committed fields (%s), each with its salt and path to field root %x",
			len(d.Fields), d.Count, strings.Join(names, ", "), d.Root[:]))
	}

	cert, certErr := disclosureCertificate(d)
	if certErr != nil {
		dv.add(CheckFieldRoot, "field root anchored", false, certErr.Error())
		dv.fail(codes.DiscloseNoCertificate)
		return dv.finish(d, checkErr), nil
	}
	dv.certify(cert, trust, opts, CheckFieldRoot, "field root anchored", func(v *Verdict) (bool, string, *codes.Error) {
		return anchoredFieldRoot(cert, v, d)
	})
	return dv.finish(d, checkErr), nil
}

// fail records the code of the first failure.
func (dv *DisclosureVerdict) fail(c *codes.Error) {
	if dv.Code == "" {
		dv.Code = c.Error()
	}
}

// certify appends the certificate's verdict lines and the anchor line
// (check, label), which anchor decides from the verified verdict.
func (dv *DisclosureVerdict) certify(cert *Certificate, trust *TrustRoot, opts Options, check, label string,
	anchor func(v *Verdict) (bool, string, *codes.Error)) {
	opts.File = nil
	v, err := VerifyCertificateWith(cert, trust, opts)
	if err != nil {
		dv.add(check, label, false, "the certificate does not verify: "+err.Error())
		dv.fail(codes.DiscloseCertificateFails)
		return
	}
	dv.ChainID, dv.Height, dv.BlockTime = v.ChainID, v.Height, v.BlockTime
	dv.Lines = append(dv.Lines, v.Lines...)
	ok, detail, code := anchor(v)
	dv.add(check, label, ok, detail)
	if !ok {
		// A mismatch is the sharper reason: report it before the
		// certificate's own failures.
		dv.fail(code)
	}
	if !v.Valid {
		dv.fail(codes.DiscloseCertificateFails)
	}
}

// finish sets Valid and, only when every line holds, the disclosed
// fields: a value is never shown as disclosed unless it is proven to be
// in the anchored field root of a document the certificate vouches for.
func (dv *DisclosureVerdict) finish(d *disclose.Disclosure, checkErr error) *DisclosureVerdict {
	finish(&dv.Verdict)
	if dv.Valid && checkErr == nil {
		dv.Disclosed = disclosureFields(d)
	}
	return dv
}

// disclosureFields lists the revealed fields of d, in index order.
func disclosureFields(d *disclose.Disclosure) []DisclosedField {
	out := make([]DisclosedField, 0, len(d.Fields))
	for _, f := range d.Fields {
		out = append(out, DisclosedField{ID: f.ID, Name: f.Name, Value: f.Value})
	}
	return out
}

// disclosureCertificate decodes the certificate attached to d.
func disclosureCertificate(d *disclose.Disclosure) (*Certificate, error) {
	raw := bytes.TrimSpace(d.Certificate)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return nil, codes.DiscloseNoCertificate.Wrapf("the disclosure carries no certificate of the anchor (corridord disclose attaches one)")
	}
	cert, err := ParseCertificate(raw)
	if err != nil {
		return nil, codes.DiscloseNoCertificate.Wrapf("the attached certificate: %v", err)
	}
	return cert, nil
}

// anchoredFieldRoot checks that cert is about d's document and that the
// document was anchored with d's field root. It relies only on what the
// verdict v proved: the record's proof (the proofs line) and, for a batch
// member, the inclusion path of MemberLeaf(doc, field root) (the anchored
// line).
func anchoredFieldRoot(cert *Certificate, v *Verdict, d *disclose.Disclosure) (bool, string, *codes.Error) {
	doc, err := cert.DocHash()
	if err != nil || doc != d.DocHash {
		return false, fmt.Sprintf("the certificate is about document %s, the disclosure about %x", cert.Document.Hash, d.DocHash[:]), codes.DiscloseAnchorMismatch
	}
	for _, check := range []string{CheckHeader, CheckProofs, CheckAnchored} {
		if l := v.Line(check); l == nil || !l.OK {
			return false, "not checked: the certificate's " + check + " line fails, so nothing it says about the anchor can be trusted", codes.DiscloseCertificateFails
		}
	}
	var anchored invoice.Hash
	where := ""
	if cert.Document.Batch != nil {
		anchored = cert.Document.Batch.FieldRoot
		where = fmt.Sprintf("as member %d of batch %x", cert.Document.Batch.Index, cert.Document.Batch.Root[:])
	} else {
		inv, ok := provenInvoice(cert, doc)
		if !ok {
			return false, "the certificate proves no invoice record of the document", codes.DiscloseCertificateFails
		}
		anchored = inv.FieldRoot
		where = fmt.Sprintf("with its invoice anchor at height %d", inv.Anchored().Height)
	}
	switch {
	case anchored.IsZero():
		return false, fmt.Sprintf("document %x was anchored without field commitments (%s)", doc[:], where), codes.DiscloseNoFieldRoot
	case anchored != invoice.Hash(d.Root):
		return false, fmt.Sprintf("document %x was anchored with field root %x (%s), not the disclosure's %x", doc[:], anchored[:], where, d.Root[:]), codes.DiscloseAnchorMismatch
	}
	return true, fmt.Sprintf("field root %x of %d fields was anchored with document %x %s", d.Root[:], d.Count, doc[:], where), nil
}

// provenInvoice decodes the certificate's invoice record of doc. The
// caller has checked that every record's proof holds.
func provenInvoice(cert *Certificate, doc [32]byte) (invoice.Invoice, bool) {
	key := invoice.InvoiceKey(doc)
	for _, r := range cert.Records {
		if bytes.Equal(r.Key, key) && r.Exists {
			var inv invoice.Invoice
			if codec.Unmarshal(r.Value, &inv) != nil {
				return inv, false
			}
			return inv, true
		}
	}
	return invoice.Invoice{}, false
}

func codeOr(err error, def *codes.Error) *codes.Error {
	if c := codes.Of(err); c != nil && c != codes.Internal {
		return c
	}
	return def
}

// WriteText prints the verdict lines, then the disclosed fields: only
// those, since the disclosure holds nothing else of the document.
func (dv *DisclosureVerdict) WriteText(w io.Writer) {
	dv.Verdict.WriteText(w)
	if dv.Code != "" {
		fmt.Fprintf(w, "code: %s\n", dv.Code)
	}
	if len(dv.Disclosed) == 0 {
		return
	}
	fmt.Fprintf(w, "disclosed fields (%d of %d; nothing else of the %s document is in the disclosure):\n", len(dv.Disclosed), dv.Count, dv.Profile)
	for _, f := range dv.Disclosed {
		fmt.Fprintf(w, "  %-14s %s  [%s]\n", f.Name, f.Value, f.ID)
	}
}
