package formats

import (
	"errors"
	"strings"
	"testing"
)

// ediRender writes tokenized segments in a compact test notation: one
// segment per line, elements joined by "|", repetitions by "~" and
// components by ",". Test values avoid those three characters.
func ediRender(segs []ediSegment) string {
	var lines []string
	for _, s := range segs {
		var es []string
		for _, e := range s.Elements {
			var rs []string
			for _, r := range e {
				rs = append(rs, strings.Join(r, ","))
			}
			es = append(es, strings.Join(rs, "~"))
		}
		lines = append(lines, strings.Join(es, "|"))
	}
	return strings.Join(lines, "\n")
}

// ediRuleOf returns the Rule of a *ParseError, or "" for any other error.
func ediRuleOf(err error) string {
	var pe *ParseError
	if errors.As(err, &pe) {
		return pe.Rule
	}
	return ""
}

func TestTokenizeEDIFACT(t *testing.T) {
	tests := []struct {
		name, in, want string
		rep            byte // expected repetition separator
	}{
		{"defaults, syntax 3: no repetition", "UNB+UNOA:3+S'XXX+a*b+c'", "UNB|UNOA,3|S\nXXX|a*b|c", 0},
		{"defaults, syntax 4: repetition *", "UNB+UNOC:4+S'XXX+a*b+c'", "UNB|UNOC,4|S\nXXX|a~b|c", '*'},
		{"UNA with space in position 8", "UNA:+.? 'UNB+UNOA:2'XXX+a*b'", "UNB|UNOA,2\nXXX|a*b", 0},
		{"UNA with repetition *", "UNA:+.?*'UNB+UNOW:4'XXX+a*b*:c'", "UNB|UNOW,4\nXXX|a~b~,c", '*'},
		{"custom UNA", "UNA=*.? ~UNB*UNOA=3~XXX*a=b**c~", "UNB|UNOA,3\nXXX|a,b||c", 0},
		{"custom UNA, released separators", "UNA=*.? ~XXX*a?=b?*c?~d??~", "XXX|a=b*c~d?", 0},
		{"decimal comma UNA", "UNA:+,? 'MOA+9:19,90'", "MOA|9,19,90", 0},
		{"release character", "XXX+a?+b?:c??d?'e'", "XXX|a+b:c?d'e", 0},
		{"released repetition", "UNA:+.?*'XXX+a?*b*c'", "XXX|a*b~c", '*'},
		{"UNA without release character", "UNA:+. *'XXX+a?b'", "XXX|a?b", '*'},
		{"empty elements", "XXX++b++'", "XXX||b||", 0},
		{"trailing component separators", "XXX+a::+:'", "XXX|a,,|,", 0},
		{"empty repetitions", "UNA:+.?*'XXX+*a*'", "XXX|~a~", '*'},
		{"CRLF between segments", "XXX+a'\r\nYYY+b'\r\n", "XXX|a\nYYY|b", 0},
		{"spaces and tabs between segments", "XXX+a'  \t\n YYY+b' \n", "XXX|a\nYYY|b", 0},
		{"line break inside a segment", "XXX+ab\r\ncd+e\nf'", "XXX|abcd|ef", 0},
		{"line break after a release character", "XXX+a?\n+b'", "XXX|a+b", 0},
		{"spaces inside values are data", "XXX+ a b +c'", "XXX| a b |c", 0},
		{"BOM and leading whitespace", "\xef\xbb\xbf\r\n UNA:+.? '\nXXX+a'", "XXX|a", 0},
		{"UNA followed by a line break", "UNA:+.?*'\r\nUNB+UNOW:4'\r\n", "UNB|UNOW,4", '*'},
		{"tag with components", "LIN:1+2'", "LIN,1|2", 0},
		{"UTF-8 bytes are data", "XXX+BÜTTNER'", "XXX|BÜTTNER", 0},
		{"empty input", "", "", 0},
		{"whitespace only", " \r\n\t", "", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			toks, err := tokenizeEDIFACT([]byte(tc.in))
			if err != nil {
				t.Fatalf("tokenizeEDIFACT(%q): %v", tc.in, err)
			}
			if got := ediRender(toks.Segments); got != tc.want {
				t.Errorf("tokenizeEDIFACT(%q) =\n%s\nwant\n%s", tc.in, got, tc.want)
			}
			if toks.Delims.Repetition != tc.rep {
				t.Errorf("repetition separator = %q, want %q", toks.Delims.Repetition, tc.rep)
			}
			if len(toks.Warnings) != 0 {
				t.Errorf("unexpected warnings %v", toks.Warnings)
			}
		})
	}
}

func TestTokenizeEDIFACTPositions(t *testing.T) {
	toks, err := tokenizeEDIFACT([]byte("UNA:+.? '\nUNB+UNOA:3'\r\nUNH+1'  BGM+380'\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		tag          string
		index, line  int
		offsetPrefix string
	}{{"UNB", 1, 2, "UNB+"}, {"UNH", 2, 3, "UNH+"}, {"BGM", 3, 3, "BGM+"}}
	in := "UNA:+.? '\nUNB+UNOA:3'\r\nUNH+1'  BGM+380'\n"
	for i, w := range want {
		s := toks.Segments[i]
		if s.Tag != w.tag || s.Index != w.index || s.Line != w.line || !strings.HasPrefix(in[s.Offset:], w.offsetPrefix) {
			t.Errorf("segment %d = %s index %d line %d offset %d, want %s index %d line %d", i, s.Tag, s.Index, s.Line, s.Offset, w.tag, w.index, w.line)
		}
	}
	if got := toks.Segments[2].where(); got != "segment 3 (BGM), line 3" {
		t.Errorf("where() = %q", got)
	}
	if got := toks.Segments[2].comp(1, 1); got != "380" {
		t.Errorf("comp(1,1) = %q", got)
	}
	for _, c := range [][2]int{{2, 1}, {1, 2}, {-1, 1}, {1, 0}} {
		if got := toks.Segments[2].comp(c[0], c[1]); got != "" {
			t.Errorf("comp(%d,%d) = %q, want empty", c[0], c[1], got)
		}
	}
}

func TestTokenizeEDIFACTNeedlessRelease(t *testing.T) {
	toks, err := tokenizeEDIFACT([]byte("UNB+UNOA:3+006?415160:1'XXX+?a'"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ediRender(toks.Segments), "UNB|UNOA,3|006415160,1\nXXX|a"; got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if len(toks.Warnings) != 2 || toks.Warnings[0].Warning.Rule != "edifact.needless-release" ||
		toks.Warnings[0].Segment != 1 || toks.Warnings[1].Segment != 2 {
		t.Errorf("warnings = %+v", toks.Warnings)
	}
}

func TestTokenizeEDIFACTErrors(t *testing.T) {
	tests := []struct{ name, in, rule string }{
		{"UNA too short", "UNA:+", "edifact.una-malformed"},
		{"UNA eight bytes", "UNA:+.?*", "edifact.una-malformed"},
		{"UNA duplicate separators", "UNA::.? 'XXX'", "edifact.una-malformed"},
		{"UNA bad decimal mark", "UNA:+;? 'XXX'", "edifact.una-malformed"},
		{"UNA letter separator", "UNAa+.? 'XXX'", "edifact.una-malformed"},
		{"UNA space segment terminator", "UNA:+.?* X", "edifact.una-malformed"},
		{"UNA line feed terminator", "UNA:+.?*\nX\n", "edifact.una-malformed"},
		{"UNA non-ASCII separator", "UNA\xc3+.?*'XXX'", "edifact.una-malformed"},
		{"unterminated segment", "UNB+UNOA:3'XXX+a", "edifact.unterminated-segment"},
		{"unterminated after line break", "XXX+a'\nY", "edifact.unterminated-segment"},
		{"release at end", "XXX+a?", "edifact.bad-release"},
		{"release then line break at end", "XXX+a?\r\n", "edifact.bad-release"},
		{"lower-case tag", "x+a'", "edifact.bad-tag"},
		{"empty segment", "XXX+a''", "edifact.bad-tag"},
		{"tag starting with a digit", "1AB+a'", "edifact.bad-tag"},
		{"long tag", "ABCD+a'", "edifact.bad-tag"},
		{"released tag character", "A?+B+a'", "edifact.bad-tag"},
		{"too many components", "XXX+" + strings.Repeat(":", ediMaxComponents+1) + "'", "edifact.too-many-components"},
		{"too many elements", "XXX" + strings.Repeat("+", ediMaxElements+1) + "'", "edifact.too-many-elements"},
		{"too many repetitions", "UNA:+.?*'XXX+" + strings.Repeat("*", ediMaxRepetitions+1) + "'", "edifact.too-many-repetitions"},
		{"segment too long", "XXX+" + strings.Repeat("a", ediMaxSegmentLength+1) + "'", "edifact.segment-too-long"},
		{"too many segments", strings.Repeat("XXX'", ediMaxSegments+1), "edifact.too-many-segments"},
		{"too large", strings.Repeat("XXX'", MaxDocumentSize/4+1), "input.too-large"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tokenizeEDIFACT([]byte(tc.in))
			if got := ediRuleOf(err); got != tc.rule {
				t.Fatalf("rule = %q (%v), want %q", got, err, tc.rule)
			}
			var pe *ParseError
			errors.As(err, &pe)
			if pe.Format != FormatEDIFACT || (tc.rule != "input.too-large" && pe.Where == "") {
				t.Errorf("error %#v lacks format or location", pe)
			}
		})
	}
}

func TestTokenizeEDIFACTTooManyTokens(t *testing.T) {
	// Many short segments, each under every per-segment limit.
	seg := "XXX+" + strings.Repeat(":", 200) + "'"
	in := strings.Repeat(seg, ediMaxTokens/200+10)
	_, err := tokenizeEDIFACT([]byte(in))
	if got := ediRuleOf(err); got != "edifact.too-many-components" {
		t.Fatalf("rule = %q (%v)", got, err)
	}
}

func TestEDIFACTParseUNA(t *testing.T) {
	d, err := ediParseUNA([]byte("UNA:+,? '"))
	if err != nil {
		t.Fatal(err)
	}
	if d.Decimal != ',' || d.Release != '?' || d.Repetition != 0 || d.Segment != '\'' {
		t.Errorf("got %+v", d)
	}
	d, err = ediParseUNA([]byte("UNA=*.? ~"))
	if err != nil {
		t.Fatal(err)
	}
	if d.Component != '=' || d.Element != '*' || d.Segment != '~' || d.Repetition != 0 {
		t.Errorf("got %+v", d)
	}
	if !d.isService('~') || d.isService('.') || d.isService(':') {
		t.Error("isService is wrong for the custom separators")
	}
}
