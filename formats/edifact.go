package formats

import (
	"crypto/sha256"
	"strconv"
	"strings"
	"unicode/utf8"
)

// This file is the UN/EDIFACT adapter: it tokenizes the input
// (edifact_tokenizer.go), walks the interchange envelope (UNB…UNZ, with
// optional UNG…UNE groups), checks control counts, references and the
// declared character set, and turns every INVOIC message into one Document
// using the INVOIC profile (edifact_invoic.go,
// docs/profiles/edifact-invoic.md).

// parseEDIFACT parses an EDIFACT interchange and returns one Document per
// INVOIC message. Envelope and control-count problems are reported as
// warnings; input that cannot be tokenized, a message without UNT, an input
// without messages and a message that is not INVOIC are errors.
func parseEDIFACT(data []byte) ([]Document, error) {
	docs, _, err := parseEDIFACTCanonical(data)
	return docs, err
}

// ediInterchange is the envelope state of one UNB…UNZ interchange.
type ediInterchange struct {
	unb      *ediSegment // nil when the input has no UNB
	charset  string      // syntax identifier, e.g. "UNOA"
	messages int         // messages directly or inside groups
	groups   int
	warnings []Warning // warnings that apply to every message of the interchange
	docs     []int     // indexes into the result of the documents it holds
}

// ediGroup is the envelope state of one UNG…UNE functional group.
type ediGroup struct {
	ung      *ediSegment
	messages int
}

// parseEDIFACTCanonical is parseEDIFACT that also returns the canonical form
// of each message, in the same order as the documents.
func parseEDIFACTCanonical(data []byte) ([]Document, [][]byte, error) {
	if len(data) > MaxDocumentSize {
		return nil, nil, ediError("input.too-large", "", "input is %d bytes; the limit is %d", len(data), MaxDocumentSize)
	}
	toks, err := tokenizeEDIFACT(data)
	if err != nil {
		return nil, nil, err
	}
	raw := RawHash(data)
	var (
		docs   []Document
		canon  [][]byte
		spans  [][2]int // first and last segment index of each document's message
		xchgs  []*ediInterchange
		xchg   *ediInterchange // current interchange; nil before UNB and after UNZ
		group  *ediGroup
		msgAt  = -1 // index of the open UNH, or -1
		segs   = toks.Segments
		loose  = &ediInterchange{} // messages outside any UNB…UNZ
		inside = func() *ediInterchange {
			if xchg != nil {
				return xchg
			}
			return loose
		}
	)
	xchgs = append(xchgs, loose)
	for i := range segs {
		s := &segs[i]
		if msgAt >= 0 {
			switch s.Tag {
			case "UNT":
				msg := segs[msgAt : i+1]
				ic := inside()
				doc, c := ediMessageDocument(msg, ic.charset, raw)
				ic.docs = append(ic.docs, len(docs))
				docs = append(docs, doc)
				spans = append(spans, [2]int{segs[msgAt].Index, s.Index})
				canon = append(canon, c)
				ic.messages++
				if group != nil {
					group.messages++
				}
				msgAt = -1
			case "UNH", "UNB", "UNZ", "UNG", "UNE", "UNA":
				return nil, nil, ediError("edifact.unh-without-unt", s.where(),
					"%s inside the message opened by %s, which has no UNT", s.Tag, segs[msgAt].where())
			}
			continue
		}
		switch s.Tag {
		case "UNB":
			if xchg != nil {
				xchg.warnings = append(xchg.warnings, ediWarn("edifact.unz-missing", s, "a new UNB starts before the previous interchange's UNZ"))
			}
			xchg = &ediInterchange{unb: s, charset: s.comp(1, 1)}
			xchgs = append(xchgs, xchg)
			group = nil
		case "UNZ":
			if xchg == nil {
				return nil, nil, ediError("edifact.unz-without-unb", s.where(), "UNZ without a UNB")
			}
			if group != nil {
				xchg.warnings = append(xchg.warnings, ediWarn("edifact.une-missing", s, "UNZ closes the interchange before the group's UNE"))
			}
			want := xchg.messages
			if xchg.groups > 0 {
				want = xchg.groups
			}
			if s.comp(1, 1) != strconv.Itoa(want) {
				xchg.warnings = append(xchg.warnings, ediWarn("edifact.unz-count-mismatch", s,
					"UNZ counts %q, but the interchange holds %d", s.comp(1, 1), want))
			}
			if ref := xchg.unb.comp(5, 1); s.comp(2, 1) != ref {
				xchg.warnings = append(xchg.warnings, ediWarn("edifact.unz-ref-mismatch", s,
					"UNZ reference %q differs from the UNB reference %q", s.comp(2, 1), ref))
			}
			xchg, group = nil, nil
		case "UNG":
			if group != nil {
				inside().warnings = append(inside().warnings, ediWarn("edifact.une-missing", s, "a new UNG starts before the previous group's UNE"))
			}
			group = &ediGroup{ung: s}
			inside().groups++
		case "UNE":
			if group == nil {
				return nil, nil, ediError("edifact.une-without-ung", s.where(), "UNE without a UNG")
			}
			if s.comp(1, 1) != strconv.Itoa(group.messages) {
				inside().warnings = append(inside().warnings, ediWarn("edifact.une-count-mismatch", s,
					"UNE counts %q, but the group holds %d messages", s.comp(1, 1), group.messages))
			}
			if ref := group.ung.comp(5, 1); s.comp(2, 1) != ref {
				inside().warnings = append(inside().warnings, ediWarn("edifact.une-ref-mismatch", s,
					"UNE reference %q differs from the UNG reference %q", s.comp(2, 1), ref))
			}
			group = nil
		case "UNH":
			if typ := s.comp(2, 1); typ != "INVOIC" {
				return nil, nil, ediError("edifact.not-invoic", s.where(),
					"message type %q is not INVOIC; only INVOIC has a profile", ediTruncate(typ, 20))
			}
			msgAt = i
		case "UNT":
			return nil, nil, ediError("edifact.unt-without-unh", s.where(), "UNT without a UNH")
		case "UNA":
			return nil, nil, ediError("edifact.una-misplaced", s.where(), "a UNA may only start the input")
		default:
			return nil, nil, ediError("edifact.segment-outside-message", s.where(), "%s is outside any UNH…UNT message", s.Tag)
		}
	}
	if msgAt >= 0 {
		return nil, nil, ediError("edifact.unh-without-unt", segs[msgAt].where(), "the input ends inside the message opened here, which has no UNT")
	}
	if group != nil {
		inside().warnings = append(inside().warnings, ediWarn("edifact.une-missing", group.ung, "the group has no UNE"))
	}
	if xchg != nil {
		xchg.warnings = append(xchg.warnings, ediWarn("edifact.unz-missing", xchg.unb, "the interchange has no UNZ"))
	}
	if len(docs) == 0 {
		return nil, nil, ediError("edifact.no-message", "", "the interchange holds no UNH…UNT message")
	}
	// Tokenizer warnings go to the message they were found in, or to every
	// document when found in the envelope.
	for _, tw := range toks.Warnings {
		hit := false
		for d := range docs {
			if tw.Segment >= spans[d][0] && tw.Segment <= spans[d][1] {
				docs[d].Warnings = append(docs[d].Warnings, tw.Warning)
				hit = true
			}
		}
		if !hit {
			for d := range docs {
				docs[d].Warnings = append(docs[d].Warnings, tw.Warning)
			}
		}
	}
	for _, ic := range xchgs {
		if ic.unb != nil {
			// Message values are checked per message; of the envelope, the
			// UNB is checked here.
			if w, ok := ediCharsetCheck(ic.charset, []ediSegment{*ic.unb}); ok {
				ic.warnings = append(ic.warnings, w)
			}
		}
		for _, d := range ic.docs {
			docs[d].Warnings = append(docs[d].Warnings, ic.warnings...)
		}
	}
	return docs, canon, nil
}

// ediMessageDocument builds the Document of one INVOIC message (UNH…UNT)
// and returns its canonical form.
func ediMessageDocument(msg []ediSegment, charset string, raw Hash) (Document, []byte) {
	var warns []Warning
	unh, unt := &msg[0], &msg[len(msg)-1]
	if unt.comp(1, 1) != strconv.Itoa(len(msg)) {
		warns = append(warns, ediWarn("edifact.unt-count-mismatch", unt,
			"UNT counts %q segments, but the message has %d (UNH to UNT)", unt.comp(1, 1), len(msg)))
	}
	if unt.comp(2, 1) != unh.comp(1, 1) {
		warns = append(warns, ediWarn("edifact.unt-ref-mismatch", unt,
			"UNT reference %q differs from the UNH reference %q", unt.comp(2, 1), unh.comp(1, 1)))
	}
	if w, ok := ediCharsetCheck(charset, msg); ok {
		warns = append(warns, w)
	}
	if ediCharsetLatin1(charset) {
		msg = ediDecodeLatin1(msg)
	}
	inv, kind, iw := extractINVOIC(msg)
	warns = append(warns, iw...)
	c := ediCanonicalMessage(msg)
	return Document{
		Format:        FormatEDIFACT,
		Profile:       ProfileEDIFACT,
		Kind:          kind,
		RawSHA256:     raw,
		CanonicalHash: sha256.Sum256(c),
		Invoice:       inv,
		Warnings:      warns,
		Details:       goodsDetails(ediGoods(msg)),
	}, c
}

// ediLevelA reports whether b is in the UNOA repertoire (ISO 9735 level A):
// upper-case letters, digits, space and . , - ( ) / = ' + : ? ! " % & * ; < >.
func ediLevelA(b byte) bool {
	return (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || strings.IndexByte(" .,-()/='+:?!\"%&*;<>", b) >= 0
}

// ediCharsetLatin1 reports whether the syntax identifier declares ISO 8859-1
// (UNOC), the one single-byte character set the profile transcodes.
func ediCharsetLatin1(charset string) bool { return charset == "UNOC" }

// ediCharsetCheck checks every value of segs against the declared syntax
// identifier and returns one warning describing the first violation and how
// many values violate it. UNOA allows level A only; UNOB printable ASCII;
// UNOC to UNOK (ISO 8859 parts) any byte except C0 and C1 controls; UNOW and
// UNOY well-formed UTF-8 without C0 controls. Other identifiers are not
// checked.
func ediCharsetCheck(charset string, segs []ediSegment) (Warning, bool) {
	var ok func(string) bool
	switch charset {
	case "UNOA":
		ok = func(v string) bool {
			for i := 0; i < len(v); i++ {
				if !ediLevelA(v[i]) {
					return false
				}
			}
			return true
		}
	case "UNOB":
		ok = func(v string) bool {
			for i := 0; i < len(v); i++ {
				if v[i] < 0x20 || v[i] > 0x7e {
					return false
				}
			}
			return true
		}
	case "UNOC", "UNOD", "UNOE", "UNOF", "UNOG", "UNOH", "UNOI", "UNOJ", "UNOK":
		ok = func(v string) bool {
			for i := 0; i < len(v); i++ {
				if v[i] < 0x20 || (v[i] >= 0x7f && v[i] < 0xa0) {
					return false
				}
			}
			return true
		}
	case "UNOW", "UNOY":
		ok = func(v string) bool {
			if !utf8.ValidString(v) {
				return false
			}
			for i := 0; i < len(v); i++ {
				if v[i] < 0x20 {
					return false
				}
			}
			return true
		}
	default:
		return Warning{}, false
	}
	var first *ediSegment
	var firstValue string
	n := 0
	for si := range segs {
		for _, e := range segs[si].Elements {
			for _, r := range e {
				for _, v := range r {
					if !ok(v) {
						if first == nil {
							first, firstValue = &segs[si], v
						}
						n++
					}
				}
			}
		}
	}
	if first == nil {
		return Warning{}, false
	}
	return ediWarn("edifact.charset-violation", first,
		"%d value(s) contain characters outside the declared character set %s, first %q", n, charset, ediTruncate(firstValue, 40)), true
}

// ediDecodeLatin1 returns a copy of msg with every value transcoded from
// ISO 8859-1 to UTF-8.
func ediDecodeLatin1(msg []ediSegment) []ediSegment {
	out := make([]ediSegment, len(msg))
	for si, s := range msg {
		ns := s
		ns.Elements = make([]ediElement, len(s.Elements))
		for ei, e := range s.Elements {
			ne := make(ediElement, len(e))
			for ri, r := range e {
				nr := make(ediComponents, len(r))
				for ci, v := range r {
					nr[ci] = ediLatin1ToUTF8(v)
				}
				ne[ri] = nr
			}
			ns.Elements[ei] = ne
		}
		out[si] = ns
	}
	return out
}

// ediLatin1ToUTF8 transcodes an ISO 8859-1 string to UTF-8.
func ediLatin1ToUTF8(v string) string {
	ascii := true
	for i := 0; i < len(v); i++ {
		if v[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return v
	}
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		b.WriteRune(rune(v[i]))
	}
	return b.String()
}
