package disclose

import (
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/corridor-trade/corridor/formats"
)

// Field is one disclosable field of a document.
type Field struct {
	ID    string `json:"id"`    // stable element id: UN/CEFACT UNTDED or ICC KTDDE element id where one exists
	Name  string `json:"name"`  // short name used on the command line, e.g. "seller.id", "total", "hs-codes"
	Value string `json:"value"` // canonical value (documented canonicalisation per field)
}

// MaxFields is the largest number of fields one document commits to.
const MaxFields = 1024

// MaxValueSize is the largest canonical value of one field, in bytes.
const MaxValueSize = 4096

// spec is one entry of a profile's field list: the field id, its command-line
// name and how its canonical value is read from the parsed document.
type spec[T any] struct {
	id, name string
	value    func(*T) string
}

// invoiceFields are the disclosable fields of an invoice or credit note, for
// the UBL, CII and EDIFACT INVOIC profiles alike.
var invoiceFields = []spec[formats.Invoice]{
	{"untded:1001", "type-code", func(i *formats.Invoice) string { return i.TypeCode }},
	{"untded:1004", "number", func(i *formats.Invoice) string { return i.Number }},
	{"untded:2380:13", "due-date", func(i *formats.Invoice) string { return i.DueDate }},
	{"untded:2380:137", "issue-date", func(i *formats.Invoice) string { return i.IssueDate }},
	{"untded:3036:BY", "buyer.name", func(i *formats.Invoice) string { return i.BuyerName }},
	{"untded:3036:SE", "seller.name", func(i *formats.Invoice) string { return i.SellerName }},
	{"untded:3039:BY", "buyer.id", func(i *formats.Invoice) string { return i.BuyerID }},
	{"untded:3039:SE", "seller.id", func(i *formats.Invoice) string { return i.SellerID }},
	{"untded:5004:125", "net-total", func(i *formats.Invoice) string { return i.TaxExclusive }},
	{"untded:5004:176", "tax-total", func(i *formats.Invoice) string { return i.TaxTotal }},
	{"untded:5004:9", "total", func(i *formats.Invoice) string { return i.Total }},
	{"untded:6345", "currency", func(i *formats.Invoice) string { return i.Currency }},
}

// paymentFields are the disclosable fields of one ISO 20022 payment
// (pacs.008, pacs.002, camt.054).
var paymentFields = []spec[formats.Payment]{
	{"iso20022:CdtDbtInd", "credit-debit", func(p *formats.Payment) string { return p.CreditDebit }},
	{"iso20022:EndToEndId", "end-to-end-id", func(p *formats.Payment) string { return p.EndToEndID }},
	{"iso20022:MsgId", "message-id", func(p *formats.Payment) string { return p.MessageID }},
	{"iso20022:RfrdDocInf.Nb", "invoice-number", func(p *formats.Payment) string { return p.InvoiceNumber }},
	{"iso20022:Sts", "status", func(p *formats.Payment) string { return p.Status }},
	{"iso20022:UETR", "uetr", func(p *formats.Payment) string { return p.UETR }},
	{"iso20022:type", "message-type", func(p *formats.Payment) string { return p.MessageType }},
	{"untded:2380:209", "value-date", func(p *formats.Payment) string { return p.ValueDate }},
	{"untded:3036:PE", "creditor.name", func(p *formats.Payment) string { return p.CreditorName }},
	{"untded:3036:PR", "debtor.name", func(p *formats.Payment) string { return p.DebtorName }},
	{"untded:5004", "amount", func(p *formats.Payment) string { return p.Amount }},
	{"untded:6345", "currency", func(p *formats.Payment) string { return p.Currency }},
}

// credentialFields are the disclosable top-level fields of a W3C Verifiable
// Credential; each credentialSubject leaf is added by credentialSubjectFields.
var credentialFields = []spec[formats.Credential]{
	{"w3c-vc:credentialSubject.id", "subject.id", func(c *formats.Credential) string { return c.SubjectID }},
	{"w3c-vc:id", "id", func(c *formats.Credential) string { return c.ID }},
	{"w3c-vc:issuer", "issuer", func(c *formats.Credential) string { return c.Issuer }},
	{"w3c-vc:type", "type", func(c *formats.Credential) string { return joinSorted(c.Types) }},
	{"w3c-vc:validFrom", "valid-from", func(c *formats.Credential) string { return c.ValidFrom }},
	{"w3c-vc:validUntil", "valid-until", func(c *formats.Credential) string { return c.ValidUntil }},
}

// goodsFields are the disclosable fields of an invoice's lines, read from
// formats.Details: multi-valued, so each value is the distinct values,
// sorted and joined with ",".
var goodsFields = []spec[formats.Details]{
	{"untded:3239", "origin", func(d *formats.Details) string { return joinSorted(d.OriginCountries) }},
	{"untded:7140:HS", "hs-codes", func(d *formats.Details) string { return joinSorted(d.HSCodes) }},
}

// agentFields are the banks of one pacs.008 payment.
var agentFields = []spec[formats.Agents]{
	{"iso20022:CdtrAgt", "creditor-agent", func(a *formats.Agents) string { return a.Creditor }},
	{"iso20022:DbtrAgt", "debtor-agent", func(a *formats.Agents) string { return a.Debtor }},
}

// The prefixes of the field ids that are read from the document's own
// structure rather than from a fixed list: each leaf of a credential's
// subject, each flattened data field of an OpenAttestation document.
const (
	subjectIDPrefix   = "w3c-vc:credentialSubject."
	subjectNamePrefix = "subject."
	oaIDPrefix        = "oa:"
)

// Profiles lists the document profiles whose fields can be committed, in
// sorted order.
func Profiles() []string {
	return []string{formats.ProfileCII, formats.ProfileEDIFACT, formats.ProfileISO20022,
		formats.ProfileOpenAttestation, formats.ProfileUBL, formats.ProfileVC}
}

// supported reports whether profile is one Fields handles.
func supported(profile string) bool {
	for _, p := range Profiles() {
		if p == profile {
			return true
		}
	}
	return false
}

// Fields extracts the disclosable fields of one parsed document, sorted by
// ID with unique IDs. A field absent from the document is absent from the
// list. Documents of other profiles are refused with disclose/unsupported_profile,
// a document with no disclosable field with disclose/no_fields.
func Fields(doc *formats.Document) ([]Field, error) {
	if doc == nil {
		return nil, ErrNoFields.Wrapf("no document")
	}
	if !supported(doc.Profile) {
		return nil, ErrUnsupportedProfile.Wrapf("profile %q has no field list (supported: %s)", doc.Profile, strings.Join(Profiles(), ", "))
	}
	var out []Field
	switch doc.Profile {
	case formats.ProfileUBL, formats.ProfileCII, formats.ProfileEDIFACT:
		if doc.Invoice != nil {
			out = collect(out, invoiceFields, doc.Invoice, "")
		}
		if doc.Details != nil {
			out = collect(out, goodsFields, doc.Details, "")
		}
	case formats.ProfileISO20022:
		for i := range doc.Payments {
			suffix := ""
			if len(doc.Payments) > 1 {
				suffix = "#" + strconv.Itoa(i+1)
			}
			out = collect(out, paymentFields, &doc.Payments[i], suffix)
			if doc.Details != nil && i < len(doc.Details.Agents) {
				out = collect(out, agentFields, &doc.Details.Agents[i], suffix)
			}
		}
	case formats.ProfileVC:
		if doc.Credential != nil {
			out = collect(out, credentialFields, doc.Credential, "")
			for _, c := range doc.Credential.SubjectClaims {
				out = append(out, Field{ID: subjectIDPrefix + c.Path, Name: subjectNamePrefix + c.Path, Value: c.Value})
			}
		}
	case formats.ProfileOpenAttestation:
		if doc.TradeDocument != nil {
			out = append(out, oaFields(doc.TradeDocument.Data)...)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	for i := 1; i < len(out); i++ {
		if out[i].ID == out[i-1].ID {
			return nil, ErrDuplicateField.Wrapf("field id %q occurs twice", out[i].ID)
		}
	}
	if len(out) == 0 {
		return nil, ErrNoFields.Wrapf("the %s document has no disclosable field", doc.Profile)
	}
	if len(out) > MaxFields {
		return nil, ErrTooMany.Wrapf("the document has %d disclosable fields; the limit is %d", len(out), MaxFields)
	}
	for _, f := range out {
		if err := checkValue(f); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// collect appends the present fields of v named by specs, with suffix added
// to each id and name.
func collect[T any](out []Field, specs []spec[T], v *T, suffix string) []Field {
	for _, s := range specs {
		if val := canonical(s.value(v)); val != "" {
			out = append(out, Field{ID: s.id + suffix, Name: s.name + suffix, Value: val})
		}
	}
	return out
}

// canonical is the value rule shared by every field: the parser's extracted
// value (already normalised per profile: dates YYYY-MM-DD, amounts as decimal
// strings with a '.', identifiers "scheme:value") with leading and trailing
// white space removed.
func canonical(v string) string { return strings.TrimSpace(v) }

// joinSorted returns the distinct non-empty values, sorted byte-wise and
// joined with ",".
func joinSorted(vs []string) string {
	seen := map[string]bool{}
	var out []string
	for _, v := range vs {
		v = canonical(v)
		if v != "" && !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}

// checkValue refuses a field whose id, name or value cannot be committed.
func checkValue(f Field) error {
	switch {
	case f.ID == "" || len(f.ID) > 256 || !utf8.ValidString(f.ID):
		return ErrMalformed.Wrapf("field id %q is empty, too long or not UTF-8", f.ID)
	case f.Name == "" || len(f.Name) > 256 || !utf8.ValidString(f.Name):
		return ErrMalformed.Wrapf("field %s: name %q is empty, too long or not UTF-8", f.ID, f.Name)
	case len(f.Value) > MaxValueSize:
		return ErrMalformed.Wrapf("field %s: value is %d bytes; the limit is %d", f.ID, len(f.Value), MaxValueSize)
	case !utf8.ValidString(f.Value):
		return ErrMalformed.Wrapf("field %s: value is not UTF-8", f.ID)
	}
	return nil
}

// knownName returns the command-line name a profile gives field id, and
// whether the id is one of that profile's fields.
func knownName(profile, id string) (string, bool) {
	base, suffix := id, ""
	if profile == formats.ProfileISO20022 {
		if i := strings.LastIndexByte(id, '#'); i > 0 {
			n, err := strconv.Atoi(id[i+1:])
			if err != nil || n < 1 || strconv.Itoa(n) != id[i+1:] {
				return "", false
			}
			base, suffix = id[:i], id[i:]
		}
	}
	switch profile {
	case formats.ProfileUBL, formats.ProfileCII, formats.ProfileEDIFACT:
		if n, ok := lookup(invoiceFields, base, suffix); ok {
			return n, ok
		}
		return lookup(goodsFields, base, suffix)
	case formats.ProfileISO20022:
		if n, ok := lookup(paymentFields, base, suffix); ok {
			return n, ok
		}
		return lookup(agentFields, base, suffix)
	case formats.ProfileVC:
		if n, ok := lookup(credentialFields, base, suffix); ok {
			return n, ok
		}
		if rest, ok := strings.CutPrefix(id, subjectIDPrefix); ok && rest != "" {
			return subjectNamePrefix + rest, true
		}
	case formats.ProfileOpenAttestation:
		if rest, ok := strings.CutPrefix(id, oaIDPrefix); ok && rest != "" {
			return rest, true
		}
	}
	return "", false
}

func lookup[T any](specs []spec[T], id, suffix string) (string, bool) {
	for _, s := range specs {
		if s.id == id {
			return s.name + suffix, true
		}
	}
	return "", false
}

// oaFields returns the committed fields of an OpenAttestation document's
// visible data: id "oa:<flattened key>", name the key, value the text with
// OpenAttestation's salt removed.
func oaFields(data []formats.OAField) []Field {
	out := make([]Field, 0, len(data))
	for _, d := range data {
		out = append(out, Field{ID: oaIDPrefix + d.Key, Name: d.Key, Value: d.Value})
	}
	return out
}

// sortFields sorts fields by id.
func sortFields(fs []Field) {
	sort.Slice(fs, func(i, j int) bool { return fs[i].ID < fs[j].ID })
}
