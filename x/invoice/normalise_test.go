package invoice

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// TestSameNumber is the table of docs/invoice.md, "What counts as the
// same number": every class of writing, and whether it makes the same
// number as the ASCII original (same normal form, so same fingerprint).
func TestSameNumber(t *testing.T) {
	const original = "INV-2026-001"
	cases := []struct {
		class, number string
		same          bool
	}{
		{"case", "inv-2026-001", true},
		{"separators: space", "INV 2026 001", true},
		{"separators: slash, dot, underscore", "INV/2026.001_", true},
		{"separators: none", "INV2026001", true},
		{"separators: en and em dash", "INV–2026—001", true},
		{"separators: no-break and ideographic space", "INV\u00a02026\u3000001", true},
		{"invisible: zero-width space, soft hyphen", "INV\u200b2026\u00ad001", true},
		{"invisible: variation selector, Hangul filler", "INV\ufe0f-2026-\u3164001", true},
		{"invisible: right-to-left override", "INV-\u202e2026-001", true},
		{"full-width letters, digits and hyphen", "ＩＮＶ－２０２６－００１", true},
		{"Arabic-Indic digits", "INV-٢٠٢٦-٠٠١", true},
		{"Extended Arabic-Indic (Persian) digits", "INV-۲۰۲۶-۰۰۱", true},
		{"Devanagari digits", "INV-२०२६-००१", true},
		{"Bengali digits", "INV-২০২৬-০০১", true},
		{"Thai digits", "INV-๒๐๒๖-๐๐๑", true},
		{"mathematical bold digits", "INV-𝟐𝟎𝟐𝟔-𝟎𝟎𝟏", true},
		{"mathematical double-struck digits", "INV-𝟚𝟘𝟚𝟞-𝟘𝟘𝟙", true},
		{"mathematical bold letters", "𝐈𝐍𝐕-2026-001", true},
		{"Cyrillic І (Ukrainian)", "ІNV-2026-001", true},
		{"Greek Ι and Ν", "ΙΝV-2026-001", true},
		{"Lisu ꓲ (caseless, read as I)", "ꓲNV-2026-001", true},
		{"Roman numeral Ⅰ", "ⅠNV-2026-001", true},
		{"circled digit", "INV-2026-00①", true},
		{"superscript digit", "INV-2026-00¹", true},
		{"accent on a letter", "ÍNV-2026-001", true},
		{"mixed: full-width, Cyrillic and Arabic-Indic", "ＩNV-٢٠٢٦-００1", true},

		{"another number", "INV-2026-002", false},
		{"ASCII letter O for digit 0 (ASCII is never remapped)", "INV-2026-OO1", false},
		{"ASCII letter l for I", "lNV-2026-001", false},
		{"ASCII digit 1 for I", "1NV-2026-001", false},
		{"Cyrillic О for digit 0 (a letter reads as the letter O)", "INV-2026-ОО1", false},
		{"Chinese numerals are words, not digits", "INV-二〇二六-001", false},
		{"a letter more", "INV-2026-001A", false},
	}
	want, err := NormaliseNumber(original)
	if err != nil || want != "INV2026001" {
		t.Fatalf("%q → %q, %v", original, want, err)
	}
	for _, c := range cases {
		got, err := NormaliseNumber(c.number)
		if err != nil {
			t.Errorf("%s: %q: %v", c.class, c.number, err)
			continue
		}
		if (got == want) != c.same {
			t.Errorf("%s: %q → %q; same as %q: %v, want %v", c.class, c.number, got, original, got == want, c.same)
		}
	}
}

// TestNormalForms pins the normal form of the classes that have no ASCII
// original, and the decisions docs/invoice.md states for them.
func TestNormalForms(t *testing.T) {
	for in, want := range map[string]string{
		"ﬁ-12":         "FI12",     // ligature (NFKC)
		"Ⅻ":            "XII",      // Roman numeral (NFKC)
		"straße":       "STRASSE",  // full case folding
		"STRASSE":      "STRASSE",  //
		"café":         "CAFE",     // accents are dropped
		"cafe\u0301":   "CAFE",     // ... also a combining accent
		"İstanbul":     "ISTANBUL", // Turkish dotted capital I
		"ВНК":          "BHK",      // Cyrillic capitals drawn like Latin ones
		"внк":          "BHK",      // ... and their small letters
		"АВЕІКМНОРСТХ": "ABEIKMHOPCTX",
		"авеікмнорстх": "ABEIKMHOPCTX",
		"ΑΒΕΙΚΝΟΡΤΧ":   "ABEIKNOPTX", // Greek capitals
		"Νν":           "NV",         // ... but ν is drawn like v itself
		"Łł":           "łł",         // a stroke is not a letter of ASCII
		"Фф":           "фф",         // Cyrillic ef and Greek phi are not merged
		"Φφ":           "φφ",
		"Ωmega":        "ωMEGA",        // a Greek letter with no Latin look-alike is folded
		"ωMEGA":        "ωMEGA",        //
		"Дд":           "дд",           // Cyrillic case
		"\u13a3\uab73": "\u13a3\u13a3", // Cherokee Ꭳ and ꭳ: case folds to the capital
		"二〇二六":         "二0二六",         // 〇 is a number drawn like 0; 二 and 六 are letters
		"发票-12":        "发票12",         // Chinese letters are kept
		"ノ-1":          "ノ1",           // Katakana ノ is drawn like a slash, but a letter: kept
		"INVʼ1":        "INV1",         // a modifier letter drawn like an apostrophe is dropped
		"ᄀ-ᅡ":          "가",            // separated Hangul jamo make one syllable once separators go
		"ø1":           "ø1",           // o with stroke is not o
		"٥":            "5",            // Arabic-Indic five, drawn like o, reads by its value
	} {
		got, err := NormaliseNumber(in)
		if err != nil || got != want {
			t.Errorf("%q → %q, %v; want %q", in, got, err, want)
		}
	}
}

// TestSchemesAgreeOnASCII checks the promise that makes scheme 2
// compatible with the fingerprints already on a chain: for every number
// written in ASCII, both schemes give the same normal form. Every
// printable ASCII character alone, and every pair, is checked.
func TestSchemesAgreeOnASCII(t *testing.T) {
	check := func(s string) {
		v1, err1 := NormaliseNumberV1(s)
		v2, err2 := NormaliseNumber(s)
		if v1 != v2 || (err1 == nil) != (err2 == nil) {
			t.Fatalf("%q: scheme 1 %q (%v), scheme 2 %q (%v)", s, v1, err1, v2, err2)
		}
	}
	for a := byte(0); a < utf8.RuneSelf; a++ {
		for b := byte(0); b < utf8.RuneSelf; b++ {
			check(string([]byte{a, b}))
		}
	}
	check("INV-2024-0042")
	check(strings.Repeat("Az9-", MaxInvoiceNumber/4))
}

// TestNormaliseEveryCodePoint runs the normaliser over every Unicode
// scalar value: its normal form is a fixed point (idempotence), it
// expands by at most maxExpansion, and the digest of all normal forms is
// pinned, so that a change of any Unicode table behind it (a new
// go.mau.fi/util, golang.org/x/text or Go release) fails here instead of
// silently changing fingerprints.
func TestNormaliseEveryCodePoint(t *testing.T) {
	digest := sha256.New()
	worst, worstRune := 0.0, rune(0)
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		s := string(r)
		d := decomposedNormalForm(s)
		if len(d) > maxExpansion*len(s) {
			t.Fatalf("%U expands to %d bytes, more than %d×%d", r, len(d), maxExpansion, len(s))
		}
		if ratio := float64(len(d)) / float64(len(s)); ratio > worst {
			worst, worstRune = ratio, r
		}
		n := normalise(s)
		if again := normalise(n); again != n {
			t.Fatalf("%U %q → %q → %q: not idempotent", r, s, n, again)
		}
		digest.Write([]byte(s))
		digest.Write([]byte{0})
		digest.Write([]byte(n))
		digest.Write([]byte{0})
	}
	if worst != maxExpansion {
		t.Errorf("the largest expansion is now %v (%U), maxExpansion says %d", worst, worstRune, maxExpansion)
	}
	if got := hex.EncodeToString(digest.Sum(nil)); got != normalFormsDigest {
		t.Fatalf("the normal forms changed (digest %s, pinned %s): a Unicode table behind the fingerprint changed; "+
			"that is a new fingerprint scheme, see docs/invoice.md", got, normalFormsDigest)
	}
}

// normalFormsDigest is SHA-256 over every scalar value and its normal form
// (each followed by a zero byte), in code point order.
const normalFormsDigest = "6e0ed051c97390ced9c436c6cb34be450c54eac82fb4ae281eb9b4d3f965953a"

// TestUnicodeDataPinned names the Unicode versions the normal form is
// defined with (docs/invoice.md). Every client must compute the same
// normal form, so these change only with a new fingerprint scheme.
func TestUnicodeDataPinned(t *testing.T) {
	for name, got := range map[string]string{
		"Go unicode (categories, digits, upper case)": unicode.Version,
		"x/text norm (NFKC, NFD, NFC)":                norm.Version,
		"x/text cases (case folding)":                 cases.UnicodeVersion,
	} {
		if got != "15.0.0" {
			t.Errorf("%s is Unicode %s, the fingerprint scheme is defined with 15.0.0", name, got)
		}
	}
}

// TestASCIIClasses checks the one ambiguity of the confusables data that
// readAs resolves: within ASCII, only 0 and O share a prototype, and 1, I
// and l share another (m, drawn like rn, has a prototype of two letters).
func TestASCIIClasses(t *testing.T) {
	for proto, class := range asciiClasses {
		want := string(proto)
		switch proto {
		case 'O':
			want = "0O"
		case 'l':
			want = "1Il"
		}
		if string(class) != want {
			t.Errorf("ASCII characters with prototype %q: %q, want %q", proto, class, want)
		}
	}
	if len(asciiClasses) != 58 {
		t.Errorf("%d ASCII prototypes, want 58 (62 letters and digits less 0, 1 and I, which share, and m, which is rn)", len(asciiClasses))
	}
}

// TestDigitRuns checks what digitValue relies on: every range of the Nd
// table is contiguous and a whole number of 0-9 runs, and its digits have
// the values their names say for a few scripts.
func TestDigitRuns(t *testing.T) {
	for _, rg := range unicode.Nd.R16 {
		if rg.Stride != 1 || (rg.Hi-rg.Lo+1)%10 != 0 {
			t.Fatalf("Nd range %U-%U stride %d", rg.Lo, rg.Hi, rg.Stride)
		}
	}
	for _, rg := range unicode.Nd.R32 {
		if rg.Stride != 1 || (rg.Hi-rg.Lo+1)%10 != 0 {
			t.Fatalf("Nd range %U-%U stride %d", rg.Lo, rg.Hi, rg.Stride)
		}
	}
	for _, zero := range []rune{'0', '٠', '۰', '०', '০', '๐', '０', '𝟎', '𝟘', '𝟶', '߀', '᠐'} {
		for v := rune(0); v < 10; v++ {
			if got := digitValue(zero + v); got != byte(v) {
				t.Fatalf("%U: value %d, want %d", zero+v, got, v)
			}
		}
	}
}

// FuzzNormaliseNumber checks the normaliser on any input: it never
// panics, a normal form is its own normal form, it is bounded, it holds
// only letters and numbers with no lower-case ASCII, and on ASCII input
// it equals scheme 1.
func FuzzNormaliseNumber(f *testing.F) {
	for _, s := range []string{"INV-2026-001", "ＩＮＶ－２０２６", "INV-٢٠٢٦", "ІNV", "𝟐𝟎𝟐𝟔", "ﬁ①", "straße", "Ꭳꭳ", "ᄀ-ᅡ", "\ufdfa", "e\u0301\u0301", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := NormaliseNumber(s)
		if !utf8.ValidString(s) || len(s) > MaxInvoiceNumber {
			if err == nil {
				t.Fatalf("%q accepted", s)
			}
			return
		}
		if err != nil {
			if n != "" || normalise(s) != "" {
				t.Fatalf("%q refused (%v) but has a normal form", s, err)
			}
			return
		}
		if len(n) > MaxNormalisedNumber || len(n) > maxExpansion*len(s) {
			t.Fatalf("%q: normal form of %d bytes", s, len(n))
		}
		if again := normalise(n); again != n {
			t.Fatalf("%q → %q → %q: not idempotent", s, n, again)
		}
		for _, r := range n {
			if !(unicode.IsLetter(r) || unicode.IsNumber(r)) || r >= 'a' && r <= 'z' {
				t.Fatalf("%q → %q holds %U", s, n, r)
			}
		}
		ascii := true
		for i := 0; i < len(s); i++ {
			ascii = ascii && s[i] < utf8.RuneSelf
		}
		if v1, _ := NormaliseNumberV1(s); ascii && v1 != n {
			t.Fatalf("%q: scheme 1 %q, scheme 2 %q", s, v1, n)
		}
	})
}
