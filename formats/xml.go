package formats

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/beevik/etree"
)

// Namespaces of the document elements this package recognises.
const (
	nsUBLInvoice    = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
	nsUBLCreditNote = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
	nsCII           = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
	nsISO20022      = "urn:iso:std:iso:20022:tech:xsd:"
)

// xmlVocabulary is the business vocabulary of a recognised document
// element.
type xmlVocabulary int

const (
	vocabNone xmlVocabulary = iota
	vocabUBL
	vocabCII
	vocabISO20022
)

// parseXML detects the XML vocabulary of data, extracts its business fields
// and computes its canonical hash. The document element is the root, or, when
// the root is a wrapper (a Peppol SBDH, an ISO 20022 BizMsgEnvlp with its
// AppHdr), the first descendant in document order that is a recognised
// document element. Unknown XML is refused with rule "xml.unknown-root".
func parseXML(data []byte) ([]Document, error) {
	if len(data) > MaxDocumentSize {
		return nil, xmlError("xml.too-large", 0, "input is %d bytes; the limit is %d", len(data), MaxDocumentSize)
	}
	tree, err := loadXML(data)
	if err != nil {
		return nil, err
	}
	root := tree.Root()
	el, vocab := findDocumentElement(root)
	if el == nil {
		return nil, unknownRoot(root)
	}
	var doc Document
	switch vocab {
	case vocabUBL:
		doc, err = parseUBL(el)
	case vocabCII:
		doc, err = parseCII(el)
	default:
		doc, err = parseISO20022(el)
	}
	if err != nil {
		return nil, err
	}
	doc.RawSHA256 = RawHash(data)
	return []Document{doc}, nil
}

// classify returns the vocabulary of el when it is a document element this
// package handles.
func classify(el *etree.Element) xmlVocabulary {
	ns := el.NamespaceURI()
	switch {
	case el.Tag == "Invoice" && ns == nsUBLInvoice, el.Tag == "CreditNote" && ns == nsUBLCreditNote:
		return vocabUBL
	case el.Tag == "CrossIndustryInvoice" && ns == nsCII:
		return vocabCII
	case el.Tag == "Document" && isoMessageType(ns) != "":
		return vocabISO20022
	}
	return vocabNone
}

// isoMessagePattern matches a supported ISO 20022 message namespace and
// captures its message type (e.g. "pacs.008").
var isoMessagePattern = regexp.MustCompile(`^urn:iso:std:iso:20022:tech:xsd:(pacs\.008|pacs\.002|camt\.054)\.\d{3}\.\d{2}$`)

// isoMessageType returns "pacs.008", "pacs.002" or "camt.054" for a
// supported ISO 20022 namespace, and "" otherwise.
func isoMessageType(ns string) string {
	m := isoMessagePattern.FindStringSubmatch(ns)
	if m == nil {
		return ""
	}
	return m[1]
}

// maxWrapperDepth is how deep below the root a document element is looked
// for. Wrappers in use put it at depth 1 (BizMsgEnvlp, SBDH) to 3 (SWIFT
// DataPDU/Body); the bound keeps detection linear on a hostile tree.
const maxWrapperDepth = 4

// findDocumentElement returns root when it is recognised, otherwise the
// first recognised descendant in document order at most maxWrapperDepth
// levels below the root.
func findDocumentElement(root *etree.Element) (*etree.Element, xmlVocabulary) {
	return findDocumentElementAt(root, 0)
}

// findDocumentElementAt searches el, found at depth below the root.
func findDocumentElementAt(el *etree.Element, depth int) (*etree.Element, xmlVocabulary) {
	if v := classify(el); v != vocabNone {
		return el, v
	}
	if depth == maxWrapperDepth {
		return nil, vocabNone
	}
	for _, c := range el.ChildElements() {
		if found, v := findDocumentElementAt(c, depth+1); found != nil {
			return found, v
		}
	}
	return nil, vocabNone
}

// unknownRoot builds the "xml.unknown-root" error naming the root element.
func unknownRoot(root *etree.Element) error {
	ns := root.NamespaceURI()
	msg := fmt.Sprintf("root element <%s> in namespace %q is not UBL 2.1, CII D16B or ISO 20022 pacs.008/pacs.002/camt.054", root.Tag, ns)
	if strings.HasPrefix(ns, nsISO20022) {
		msg = fmt.Sprintf("ISO 20022 message %q is not supported (only pacs.008, pacs.002, camt.054)", strings.TrimPrefix(ns, nsISO20022))
	}
	return &ParseError{Format: formatXML, Rule: "xml.unknown-root", Msg: msg}
}

// nsMap maps the prefixes used in field paths of one vocabulary to their
// namespace URIs. Paths name elements by namespace URI and local name, so
// the prefixes a document actually uses do not matter.
type nsMap map[string]string

// step is one resolved component of a field path.
type step struct{ ns, local string }

// steps resolves a path like "cac:Party/cbc:EndpointID" against m. An
// unprefixed component uses the "" entry.
func (m nsMap) steps(path string) []step {
	parts := strings.Split(path, "/")
	out := make([]step, len(parts))
	for i, p := range parts {
		prefix, local, ok := strings.Cut(p, ":")
		if !ok {
			prefix, local = "", p
		}
		out[i] = step{ns: m[prefix], local: local}
	}
	return out
}

// all returns every element reached from el by path, in document order.
func (m nsMap) all(el *etree.Element, path string) []*etree.Element {
	if el == nil {
		return nil
	}
	cur := []*etree.Element{el}
	for _, s := range m.steps(path) {
		var next []*etree.Element
		for _, e := range cur {
			for _, c := range e.ChildElements() {
				if c.Tag == s.local && c.NamespaceURI() == s.ns {
					next = append(next, c)
				}
			}
		}
		cur = next
	}
	return cur
}

// first returns the first element reached from el by path, or nil.
func (m nsMap) first(el *etree.Element, path string) *etree.Element {
	if r := m.all(el, path); len(r) > 0 {
		return r[0]
	}
	return nil
}

// text returns the trimmed text of the first element reached from el by
// path, or "".
func (m nsMap) text(el *etree.Element, path string) string {
	return textOf(m.first(el, path))
}

// count returns how many elements are reached from el by path.
func (m nsMap) count(el *etree.Element, path string) int {
	return len(m.all(el, path))
}

// textOf returns the trimmed text content of el (its own text and that of
// its descendants, comments excluded), or "" for nil.
func textOf(el *etree.Element) string {
	if el == nil {
		return ""
	}
	var b strings.Builder
	var walk func(*etree.Element)
	walk = func(e *etree.Element) {
		for _, t := range e.Child {
			switch t := t.(type) {
			case *etree.CharData:
				b.WriteString(t.Data)
			case *etree.Element:
				walk(t)
			}
		}
	}
	walk(el)
	return strings.TrimSpace(b.String())
}

// attrOf returns the trimmed value of el's unprefixed attribute key, or "".
func attrOf(el *etree.Element, key string) string {
	if el == nil {
		return ""
	}
	for _, a := range el.Attr {
		if a.Space == "" && a.Key == key {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

// schemeValue formats an identifier as "scheme:value", or just "value" when
// the scheme is empty, and "" when the value is empty.
func schemeValue(scheme, value string) string {
	switch {
	case value == "":
		return ""
	case scheme == "":
		return value
	}
	return scheme + ":" + value
}

// decimalPattern is the lexical form of an xs:decimal amount.
var decimalPattern = regexp.MustCompile(`^[+-]?(\d+(\.\d*)?|\.\d+)$`)

// isoDatePattern is the YYYY-MM-DD form of a date.
var isoDatePattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// fieldChecker collects warnings about missing or malformed business fields
// of one document.
type fieldChecker struct {
	prefix   string // rule prefix, e.g. "ubl"
	warnings []Warning
}

// require warns with rule "<prefix>.field-missing" when value is empty.
func (c *fieldChecker) require(value, where, name string) {
	if value == "" {
		c.warnings = append(c.warnings, Warning{Rule: c.prefix + ".field-missing", Where: where,
			Message: name + " is missing"})
	}
}

// amount warns with rule "<prefix>.amount-malformed" when a non-empty value
// is not an xs:decimal.
func (c *fieldChecker) amount(value, where string) {
	if value != "" && !decimalPattern.MatchString(value) {
		c.warnings = append(c.warnings, Warning{Rule: c.prefix + ".amount-malformed", Where: where,
			Message: fmt.Sprintf("amount %q is not a decimal number", value)})
	}
}

// date warns with rule "<prefix>.date-malformed" when a non-empty value is
// not YYYY-MM-DD.
func (c *fieldChecker) date(value, where string) {
	if value != "" && !isoDatePattern.MatchString(value) {
		c.warnings = append(c.warnings, Warning{Rule: c.prefix + ".date-malformed", Where: where,
			Message: fmt.Sprintf("date %q is not YYYY-MM-DD", value)})
	}
}
