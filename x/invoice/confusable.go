package invoice

import (
	"strings"
	"unicode"

	"go.mau.fi/util/confusable"
	"golang.org/x/text/unicode/norm"
)

// asciiReading returns the ASCII letters and digits that a non-ASCII
// letter or number r is drawn like, by Unicode's confusables data
// (UTS #39, confusables.txt, through go.mau.fi/util/confusable): Cyrillic
// А reads A, Greek ν reads v, Ю reads IO. It reports false when the data
// gives r no prototype, or a prototype with anything but ASCII in it
// (ø is o with a stroke, not o).
//
// ASCII punctuation in a prototype is dropped, as ASCII punctuation is in
// a number. A modifier letter drawn like punctuation only (ʼ like an
// apostrophe, ː like a colon) therefore reads as nothing; any other letter
// drawn like punctuation only (Katakana ノ like a slash, Hebrew י like an
// apostrophe) is a letter of its script and is kept (false).
//
// The data maps 0 to O and 1, I and l to l, so a prototype O or l is
// ambiguous; the character's own kind picks one of them (readAs).
func asciiReading(r rune) (string, bool) {
	proto := confusable.GetReplacement(r)
	if proto == "" {
		return "", false
	}
	proto = norm.NFD.String(proto)
	var b strings.Builder
	for i := 0; i < len(proto); i++ {
		c := proto[i]
		if c >= 0x80 {
			return "", false
		}
		if isASCIIAlnum(c) {
			b.WriteByte(readAs(c, r))
		}
	}
	if b.Len() == 0 && !unicode.Is(unicode.Lm, r) {
		return "", false
	}
	return b.String(), true
}

// readAs resolves a prototype character c for the character r. Where the
// confusables data gives several ASCII letters and digits the same
// prototype (0 and O; 1, I and l), a number reads as the digit, a
// lower-case letter as the lower-case letter and any other letter
// (upper-case, title-case or caseless, like ǀ or ꓲ) as the upper-case
// letter, the way invoice numbers are mostly written. The classes are
// derived from the data (asciiClasses), not written down here.
func readAs(c byte, r rune) byte {
	class := asciiClasses[c]
	if len(class) < 2 {
		return c
	}
	for _, m := range class {
		switch {
		case unicode.IsNumber(r):
			if m >= '0' && m <= '9' {
				return m
			}
		case unicode.IsLower(r):
			if m >= 'a' && m <= 'z' {
				return m
			}
		case m >= 'A' && m <= 'Z':
			return m
		}
	}
	return c
}

// asciiClasses maps a prototype character to the ASCII letters and digits
// whose prototype it is, in ASCII order: asciiClasses['l'] is "1Il".
var asciiClasses = func() map[byte][]byte {
	classes := map[byte][]byte{}
	for c := byte('0'); c <= 'z'; c++ {
		if !isASCIIAlnum(c) {
			continue
		}
		proto := confusable.GetReplacement(rune(c))
		if proto == "" {
			proto = string(c)
		}
		if len(proto) == 1 {
			classes[proto[0]] = append(classes[proto[0]], c)
		}
	}
	return classes
}()

// isASCIIAlnum reports whether c is an ASCII letter or digit.
func isASCIIAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
}
