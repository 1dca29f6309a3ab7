package formats

import (
	"bytes"
	"fmt"
)

// This file holds the UN/EDIFACT tokenizer (ISO 9735 syntax levels A to W,
// versions 1 to 4). It knows the service string advice (UNA), the
// separators, the release character and repetition, and nothing about any
// message type: it turns bytes into segments, elements, repetitions and
// components, and the INVOIC profile in edifact_invoic.go reads those.

// Limits that bound the work and memory spent on any input. They are far
// above what a real interchange needs.
const (
	ediMaxSegments      = 200_000 // segments in one input, UNA not counted
	ediMaxSegmentLength = 64 << 10
	ediMaxElements      = 999     // data elements in one segment, tag included
	ediMaxComponents    = 999     // components in one repetition
	ediMaxRepetitions   = 999     // repetitions of one data element
	ediMaxTokens        = 1 << 20 // components in the whole input
	ediMaxWarnings      = 100     // tokenizer warnings kept
)

// ediDelims are the service characters of an interchange. Release and
// Repetition are zero when the interchange does not use them.
type ediDelims struct {
	Component  byte // component data element separator, default ':'
	Element    byte // data element separator, default '+'
	Decimal    byte // decimal mark, '.' or ','
	Release    byte // release character, default '?'; 0 when not used
	Repetition byte // repetition separator, '*' in syntax version 4; 0 when not used
	Segment    byte // segment terminator, default '\''
}

// ediDefaultDelims are the separators that apply when an interchange has no
// UNA and its syntax version is 4. For versions 1 to 3 the repetition
// separator is not used.
var ediDefaultDelims = ediDelims{Component: ':', Element: '+', Decimal: '.', Release: '?', Repetition: '*', Segment: '\''}

// isService reports whether b is one of the characters that must be released
// when it appears in data.
func (d ediDelims) isService(b byte) bool {
	return b == d.Component || b == d.Element || b == d.Segment ||
		(d.Release != 0 && b == d.Release) || (d.Repetition != 0 && b == d.Repetition)
}

// ediComponents is one occurrence of a data element: its component values.
type ediComponents []string

// ediElement is one data element with its repetitions. Almost every element
// has exactly one repetition.
type ediElement []ediComponents

// ediSegment is one decoded segment. Elements[0] is the segment tag element,
// so Elements[1] is the first data element after the tag. Values are
// unescaped: release characters are gone and separators are literal.
type ediSegment struct {
	Tag      string
	Elements []ediElement
	Index    int // 1-based position in the input; UNA is not counted
	Offset   int // byte offset of the first byte of the tag
	Line     int // 1-based line of the first byte of the tag
}

// where describes the segment's location for errors and warnings.
func (s *ediSegment) where() string {
	return fmt.Sprintf("segment %d (%s), line %d", s.Index, s.Tag, s.Line)
}

// comp returns component c (1-based) of the first repetition of data element
// e (1-based; 0 is the tag), or "" when it is absent.
func (s *ediSegment) comp(e, c int) string {
	if e < 0 || e >= len(s.Elements) || len(s.Elements[e]) == 0 {
		return ""
	}
	r := s.Elements[e][0]
	if c < 1 || c > len(r) {
		return ""
	}
	return r[c-1]
}

// ediTokens is the result of tokenizing an input.
type ediTokens struct {
	Delims   ediDelims
	HasUNA   bool
	Segments []ediSegment
	Warnings []ediTokenWarning
}

// ediTokenWarning is a problem the tokenizer found that does not stop
// parsing, with the index of the segment it was found in.
type ediTokenWarning struct {
	Segment int
	Warning Warning
}

// ediError builds the *ParseError the EDIFACT code returns.
func ediError(rule, where, format string, args ...any) *ParseError {
	return &ParseError{Format: FormatEDIFACT, Rule: rule, Where: where, Msg: fmt.Sprintf(format, args...)}
}

// isEDIWhitespace reports whether b is layout that may appear between
// segments: space, tab, CR or LF.
func isEDIWhitespace(b byte) bool { return b == ' ' || b == '\t' || b == '\r' || b == '\n' }

// ediIsAlnum reports whether b is an ASCII letter or digit.
func ediIsAlnum(b byte) bool {
	return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9')
}

// ediParseUNA reads the six service characters of a service string advice
// "UNA:+.? '" at the start of b. It checks that they can be told apart.
func ediParseUNA(b []byte) (ediDelims, error) {
	if len(b) < 9 {
		return ediDelims{}, ediError("edifact.una-malformed", "byte 0", "UNA needs six service characters; the input ends after %d bytes", len(b))
	}
	d := ediDelims{Component: b[3], Element: b[4], Decimal: b[5], Release: b[6], Repetition: b[7], Segment: b[8]}
	if d.Release == ' ' {
		d.Release = 0
	}
	if d.Repetition == ' ' {
		d.Repetition = 0
	}
	if d.Decimal != '.' && d.Decimal != ',' {
		return ediDelims{}, ediError("edifact.una-malformed", "byte 5", "the decimal mark must be '.' or ',', not %q", d.Decimal)
	}
	named := []struct {
		name string
		c    byte
	}{{"component separator", d.Component}, {"element separator", d.Element}, {"release character", d.Release},
		{"repetition separator", d.Repetition}, {"segment terminator", d.Segment}}
	seen := map[byte]string{}
	for _, n := range named {
		if n.c == 0 {
			continue
		}
		if ediIsAlnum(n.c) || n.c == ' ' || n.c >= 0x80 || n.c == '\r' || n.c == '\n' {
			return ediDelims{}, ediError("edifact.una-malformed", "byte 3", "the %s %q cannot be a letter, digit, space, line break or non-ASCII byte", n.name, n.c)
		}
		if other, ok := seen[n.c]; ok {
			return ediDelims{}, ediError("edifact.una-malformed", "byte 3", "the %s and the %s are both %q", other, n.name, n.c)
		}
		seen[n.c] = n.name
	}
	return d, nil
}

// ediSyntaxVersion returns the syntax version number of a UNB that starts
// b ("UNB+UNOA:3+..."), read with the default separators and ignoring line
// breaks, or 0 when it cannot be read.
func ediSyntaxVersion(in []byte, d ediDelims) int {
	var b []byte
	for i := 0; i < len(in) && len(b) < 64; i++ {
		if in[i] != '\r' && in[i] != '\n' {
			b = append(b, in[i])
		}
	}
	if !bytes.HasPrefix(b, []byte("UNB")) || len(b) < 5 || b[3] != d.Element {
		return 0
	}
	rest := b[4:]
	end := bytes.IndexAny(rest, string([]byte{d.Element, d.Segment}))
	if end < 0 {
		return 0
	}
	parts := bytes.Split(rest[:end], []byte{d.Component})
	if len(parts) < 2 || len(parts[1]) != 1 || parts[1][0] < '1' || parts[1][0] > '9' {
		return 0
	}
	return int(parts[1][0] - '0')
}

// tokenizeEDIFACT splits data into segments. It skips a UTF-8 byte-order mark
// and whitespace before the first segment, reads the UNA if there is one
// (otherwise the defaults apply, with the repetition separator used only
// when the UNB declares syntax version 4), ignores CR and LF everywhere and
// spaces and tabs between segments, and decodes release characters. A
// release character before a character that is not a service character is
// dropped with an edifact.needless-release warning. Every segment must be
// terminated and start with a tag of three upper-case letters or digits.
func tokenizeEDIFACT(data []byte) (*ediTokens, error) {
	if len(data) > MaxDocumentSize {
		return nil, ediError("input.too-large", "", "input is %d bytes; the limit is %d", len(data), MaxDocumentSize)
	}
	pos, line := 0, 1
	if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		pos = 3
	}
	for pos < len(data) && isEDIWhitespace(data[pos]) {
		if data[pos] == '\n' {
			line++
		}
		pos++
	}
	t := &ediTokens{Delims: ediDefaultDelims}
	if bytes.HasPrefix(data[pos:], []byte("UNA")) {
		d, err := ediParseUNA(data[pos:])
		if err != nil {
			err.(*ParseError).Where = fmt.Sprintf("byte %d, line %d", pos, line)
			return nil, err
		}
		t.Delims, t.HasUNA = d, true
		pos += 9
	} else if ediSyntaxVersion(data[pos:], ediDefaultDelims) < 4 {
		t.Delims.Repetition = 0
	}
	d := t.Delims
	// Layout bytes are ignored only when they are not service characters.
	skipLayout := func(b byte) bool { return (b == '\r' || b == '\n') && !d.isService(b) }
	between := func(b byte) bool { return isEDIWhitespace(b) && !d.isService(b) }

	tokens := 0
	var cur []byte // the current component, unescaped
	for {
		// Skip layout between segments.
		for pos < len(data) && between(data[pos]) {
			if data[pos] == '\n' {
				line++
			}
			pos++
		}
		if pos >= len(data) {
			break
		}
		if len(t.Segments) >= ediMaxSegments {
			return nil, ediError("edifact.too-many-segments", fmt.Sprintf("byte %d, line %d", pos, line), "more than %d segments", ediMaxSegments)
		}
		seg := ediSegment{Index: len(t.Segments) + 1, Offset: pos, Line: line}
		elem := ediElement{}
		rep := ediComponents{}
		start := pos
		terminated := false
		where := func() string {
			tag := seg.Tag
			if tag == "" {
				tag = "?"
			}
			return fmt.Sprintf("segment %d (%s), line %d, byte %d", seg.Index, tag, line, pos)
		}
		endComponent := func() error {
			if len(rep) >= ediMaxComponents {
				return ediError("edifact.too-many-components", where(), "more than %d components in one data element", ediMaxComponents)
			}
			tokens++
			if tokens > ediMaxTokens {
				return ediError("edifact.too-many-components", where(), "more than %d components in the input", ediMaxTokens)
			}
			rep = append(rep, string(cur))
			cur = cur[:0]
			return nil
		}
		endRepetition := func() error {
			if err := endComponent(); err != nil {
				return err
			}
			if len(elem) >= ediMaxRepetitions {
				return ediError("edifact.too-many-repetitions", where(), "more than %d repetitions of one data element", ediMaxRepetitions)
			}
			elem = append(elem, rep)
			rep = ediComponents{}
			return nil
		}
		endElement := func() error {
			if err := endRepetition(); err != nil {
				return err
			}
			if len(seg.Elements) >= ediMaxElements {
				return ediError("edifact.too-many-elements", where(), "more than %d data elements in one segment", ediMaxElements)
			}
			if len(seg.Elements) == 0 {
				seg.Tag = elem[0][0]
			}
			seg.Elements = append(seg.Elements, elem)
			elem = ediElement{}
			return nil
		}
		for pos < len(data) {
			if pos-start > ediMaxSegmentLength {
				return nil, ediError("edifact.segment-too-long", where(), "segment longer than %d bytes", ediMaxSegmentLength)
			}
			b := data[pos]
			if skipLayout(b) {
				if b == '\n' {
					line++
				}
				pos++
				continue
			}
			if d.Release != 0 && b == d.Release {
				pos++
				for pos < len(data) && skipLayout(data[pos]) {
					if data[pos] == '\n' {
						line++
					}
					pos++
				}
				if pos >= len(data) {
					return nil, ediError("edifact.bad-release", where(), "the input ends after a release character")
				}
				if !d.isService(data[pos]) && len(t.Warnings) < ediMaxWarnings {
					t.Warnings = append(t.Warnings, ediTokenWarning{Segment: seg.Index, Warning: Warning{
						Rule: "edifact.needless-release", Where: where(),
						Message: fmt.Sprintf("release character before %q, which is not a service character; the character is taken as it is", data[pos])}})
				}
				cur = append(cur, data[pos])
				pos++
				continue
			}
			var err error
			switch {
			case b == d.Segment:
				err = endElement()
				terminated = true
			case b == d.Element:
				err = endElement()
			case b == d.Component:
				err = endComponent()
			case d.Repetition != 0 && b == d.Repetition:
				err = endRepetition()
			default:
				cur = append(cur, b)
			}
			if err != nil {
				return nil, err
			}
			pos++
			if terminated {
				break
			}
		}
		if !terminated {
			return nil, ediError("edifact.unterminated-segment", where(), "the input ends inside a segment (missing %q)", d.Segment)
		}
		if !ediValidTag(seg) {
			return nil, ediError("edifact.bad-tag", fmt.Sprintf("segment %d, line %d, byte %d", seg.Index, seg.Line, seg.Offset),
				"a segment must start with a tag of three upper-case letters or digits, not %q", ediTruncate(seg.Tag, 20))
		}
		t.Segments = append(t.Segments, seg)
	}
	return t, nil
}

// ediValidTag reports whether the segment's tag is three upper-case letters or
// digits starting with a letter, given as the tag element's first component.
func ediValidTag(s ediSegment) bool {
	if len(s.Tag) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		c := s.Tag[i]
		if !(c >= 'A' && c <= 'Z') && !(i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// ediTruncate shortens s to at most n bytes for use in a message.
func ediTruncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
