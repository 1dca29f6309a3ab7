package formats

import (
	"bytes"
	"crypto/sha256"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/beevik/etree"
	dsig "github.com/russellhaering/goxmldsig"
	"github.com/russellhaering/goxmldsig/etreeutils"
)

// Limits applied to every XML input before a tree is built. They bound the
// memory and time an attacker can make the parser spend.
const (
	// maxXMLDepth is the deepest element nesting accepted. UBL and ISO 20022
	// documents rarely exceed 15 levels.
	maxXMLDepth = 256
	// maxXMLElements is the largest number of elements accepted in one
	// input.
	maxXMLElements = 200_000
	// maxXMLAttrs is the largest number of attributes (namespace
	// declarations included) accepted on one element.
	maxXMLAttrs = 256
	// maxXMLNamespaceDecls is the largest number of namespace declarations
	// accepted in one input. The canonicalizer copies the namespaces in
	// scope at every element, so this bounds canonicalization time to about
	// maxXMLElements × maxXMLNamespaceDecls map operations. Real invoices
	// and payment messages declare fewer than 15.
	maxXMLNamespaceDecls = 32
)

// formatXML is the Format reported in a ParseError raised before the XML
// vocabulary (UBL, CII, ISO 20022) is known.
const formatXML Format = "xml"

// utf8BOM is the UTF-8 byte-order mark, ignored at the start of an input.
var utf8BOM = []byte("\xef\xbb\xbf")

// errUnsupportedCharset is returned by the decoder's charset hook for any
// declared encoding other than UTF-8.
var errUnsupportedCharset = errors.New("unsupported charset")

// xmlError builds a ParseError for a problem found before the vocabulary is
// known. line is 1-based; 0 means no position.
func xmlError(rule string, line int, format string, args ...any) *ParseError {
	e := &ParseError{Format: formatXML, Rule: rule, Msg: fmt.Sprintf(format, args...)}
	if line > 0 {
		e.Where = fmt.Sprintf("line %d", line)
	}
	return e
}

// loadXML checks data against the safety rules and returns it as an etree
// document. It first streams through the input with encoding/xml in strict
// mode, refusing any DOCTYPE (which rules out external entities and entity
// expansion), non-UTF-8 encodings, duplicate attributes, content outside
// the root element and inputs beyond the depth, element, attribute and
// namespace limits. Only input that passes is handed to etree, so the tree is
// never built for hostile input. A leading UTF-8 byte-order mark is ignored.
func loadXML(data []byte) (*etree.Document, error) {
	if len(data) > MaxDocumentSize {
		return nil, xmlError("xml.too-large", 0, "input is %d bytes; the limit is %d", len(data), MaxDocumentSize)
	}
	data = bytes.TrimPrefix(data, utf8BOM)
	if err := prescanXML(data); err != nil {
		return nil, err
	}
	doc := etree.NewDocument()
	doc.ReadSettings = etree.ReadSettings{CharsetReader: utf8OnlyCharsetReader}
	if err := doc.ReadFromBytes(data); err != nil {
		// prescanXML accepted the input, so this is not expected; report it
		// as malformed rather than trusting a partial tree.
		return nil, xmlError("xml.malformed", 0, "%v", err)
	}
	if doc.Root() == nil {
		return nil, xmlError("xml.no-root", 0, "the input holds no element")
	}
	return doc, nil
}

// utf8OnlyCharsetReader accepts only UTF-8 (and its ASCII subset). The
// decoder calls it only for an encoding it does not handle itself, which is
// anything but UTF-8.
func utf8OnlyCharsetReader(charset string, input io.Reader) (io.Reader, error) {
	switch strings.ToLower(charset) {
	case "utf-8", "utf8", "us-ascii", "ascii":
		return input, nil
	}
	return nil, errUnsupportedCharset
}

// prescanXML streams through data once with a strict encoding/xml decoder
// and enforces the safety rules described on loadXML.
func prescanXML(data []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	dec.CharsetReader = utf8OnlyCharsetReader
	depth, elements, nsDecls := 0, 0, 0
	seenRoot := false
	for {
		line, _ := dec.InputPos()
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return decodeError(err, line)
		}
		switch t := tok.(type) {
		case xml.Directive:
			d := strings.TrimSpace(string(t))
			if len(d) >= 7 && strings.EqualFold(d[:7], "DOCTYPE") {
				return xmlError("xml.doctype-forbidden", line,
					"DOCTYPE declarations are refused (no DTDs, external entities or entity expansion)")
			}
			return xmlError("xml.directive-forbidden", line, "markup declaration <!%.20s…> is refused", d)
		case xml.StartElement:
			if depth == 0 && seenRoot {
				return xmlError("xml.multiple-roots", line, "a second root element <%s> follows the first", t.Name.Local)
			}
			seenRoot = true
			depth++
			elements++
			if depth > maxXMLDepth {
				return xmlError("xml.too-deep", line, "elements nest deeper than %d levels", maxXMLDepth)
			}
			if elements > maxXMLElements {
				return xmlError("xml.too-many-elements", line, "more than %d elements", maxXMLElements)
			}
			if len(t.Attr) > maxXMLAttrs {
				return xmlError("xml.too-many-attributes", line, "<%s> has %d attributes; the limit is %d", t.Name.Local, len(t.Attr), maxXMLAttrs)
			}
			if err := checkAttrs(t, line, &nsDecls); err != nil {
				return err
			}
		case xml.EndElement:
			depth--
		case xml.CharData:
			if depth == 0 && len(bytes.TrimSpace(t)) > 0 {
				return xmlError("xml.content-outside-root", line, "text outside the root element")
			}
		}
	}
	if !seenRoot {
		return xmlError("xml.no-root", 0, "the input holds no element")
	}
	return nil
}

// checkAttrs refuses duplicate attributes on one element and counts
// namespace declarations against maxXMLNamespaceDecls.
func checkAttrs(t xml.StartElement, line int, nsDecls *int) error {
	for i, a := range t.Attr {
		if a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns") {
			*nsDecls++
			if *nsDecls > maxXMLNamespaceDecls {
				return xmlError("xml.too-many-namespaces", line, "more than %d namespace declarations", maxXMLNamespaceDecls)
			}
		}
		for _, b := range t.Attr[:i] {
			if a.Name == b.Name {
				return xmlError("xml.duplicate-attribute", line, "<%s> repeats attribute %q", t.Name.Local, a.Name.Local)
			}
		}
	}
	return nil
}

// decodeError maps an encoding/xml error to a ParseError with a line number.
func decodeError(err error, line int) error {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return xmlError("xml.malformed", se.Line, "%s", se.Msg)
	}
	msg := strings.TrimPrefix(err.Error(), "xml: ")
	if errors.Is(err, errUnsupportedCharset) || strings.Contains(msg, "charset") || strings.Contains(msg, "CharsetReader") {
		return xmlError("xml.unsupported-encoding", line, "only UTF-8 is accepted: %s", msg)
	}
	return xmlError("xml.malformed", line, "%s", msg)
}

// canonicalXML returns the canonical form of el under the XML profiles
// (docs/profiles/ubl-2.1.md, cii-d16b.md, iso20022.md): el is detached with
// every namespace in scope declared on it; comments, processing instructions
// and whitespace-only text nodes are removed; adjacent text nodes are joined
// and trimmed of leading and trailing XML whitespace; TAB, LF and CR in
// attribute values become spaces; the result is serialised with Exclusive
// XML Canonicalization 1.0 (without comments, empty InclusiveNamespaces
// prefix list) by github.com/russellhaering/goxmldsig. The input tree is not
// modified.
func canonicalXML(el *etree.Element) ([]byte, error) {
	ctx, err := etreeutils.NSBuildParentContext(el)
	if err != nil {
		return nil, err
	}
	detached, err := etreeutils.NSDetatch(ctx, el)
	if err != nil {
		return nil, err
	}
	stripInsignificant(detached)
	out, err := dsig.MakeC14N10ExclusiveCanonicalizerWithPrefixList("").Canonicalize(detached)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// canonicalHash returns the SHA-256 of canonicalXML(el). A failure (such as
// an undeclared namespace prefix) is reported as a ParseError of format f.
func canonicalHash(f Format, el *etree.Element) (Hash, error) {
	c, err := canonicalXML(el)
	if err != nil {
		return Hash{}, &ParseError{Format: f, Rule: "xml.namespace-error", Where: "<" + el.FullTag() + ">",
			Msg: fmt.Sprintf("cannot canonicalize: %v", err)}
	}
	return sha256.Sum256(c), nil
}

// stripInsignificant applies the profile's whitespace and comment rules to
// el and its descendants in place, in time linear in the tree size.
func stripInsignificant(el *etree.Element) {
	for i, a := range el.Attr {
		if strings.ContainsAny(a.Value, "\t\n\r") {
			el.Attr[i].Value = strings.Map(func(r rune) rune {
				if r == '\t' || r == '\n' || r == '\r' {
					return ' '
				}
				return r
			}, a.Value)
		}
	}
	kept := make([]etree.Token, 0, len(el.Child))
	var text *etree.CharData // the last kept text node, while it is the last kept token
	for _, tok := range el.Child {
		switch t := tok.(type) {
		case *etree.Element:
			stripInsignificant(t)
			kept = append(kept, t)
			text = nil
		case *etree.CharData:
			if text != nil {
				text.Data += t.Data
				continue
			}
			text = t
			kept = append(kept, t)
		default:
			// Comments, processing instructions and directives carry no
			// business meaning and are dropped. Dropping one lets the text
			// on either side of it join.
		}
	}
	n := 0
	for _, tok := range kept {
		if cd, ok := tok.(*etree.CharData); ok {
			cd.Data = strings.Trim(cd.Data, " \t\n\r")
			if cd.Data == "" {
				continue
			}
		}
		kept[n] = tok
		n++
	}
	el.Child = kept[:n]
	el.ReindexChildren()
}
