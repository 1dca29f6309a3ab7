package invoice

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// FingerprintScheme is the version of the invoice-number normalisation
// that Fingerprint uses (docs/invoice.md, "What counts as the same
// number"). Scheme 2 compares numbers as people read them; scheme 1 (the
// first release, NormaliseNumberV1) only dropped separators and ASCII
// case. Both give the same normal form, and so the same fingerprint, for
// every number written in ASCII.
const FingerprintScheme = 2

// Limits of the normalisation.
const (
	// MaxInvoiceNumber bounds an invoice number, in bytes, before
	// normalisation.
	MaxInvoiceNumber = 200
	// MaxNormalisedNumber bounds the normal form, in bytes. Compatibility
	// decomposition can expand a character (U+FDFA, one Arabic ligature of
	// 3 bytes, has a normal form of 27 bytes), so the bound is the largest
	// per-character expansion the pinned Unicode data allows times
	// MaxInvoiceNumber.
	MaxNormalisedNumber = maxExpansion * MaxInvoiceNumber
	// maxExpansion is the largest ratio of normal-form bytes to input
	// bytes for any single character (TestNormaliseEveryCodePoint checks
	// every code point).
	maxExpansion = 9
)

// NormaliseNumber returns the form of an invoice number that fingerprints
// are computed over (scheme 2). Two numbers a person reads as the same
// number have the same normal form:
//
//  1. Unicode NFKC folds compatibility forms: full-width and mathematical
//     letters and digits, ligatures, circled and superscript digits.
//  2. Canonical decomposition (NFD) separates accents from their letters;
//     accents and other combining marks are then dropped.
//  3. A digit of any script (general category Nd) becomes the ASCII digit
//     of the same value: ٢٠٢٦, २०२६ and 2026 are one number.
//  4. A letter or number outside ASCII that Unicode's confusables data
//     (UTS #39) draws like ASCII letters or digits becomes them: Cyrillic
//     А and Greek Α become A. A lower-case letter whose capital is drawn
//     like an ASCII letter becomes that letter too (Cyrillic н, like Н,
//     becomes H), so that case stays irrelevant. Where the data cannot
//     tell I from l from 1, or O from 0, the character's own kind decides
//     (asciiReading).
//  5. Other letters are case-folded (Unicode full case folding, e.g. ß
//     becomes ss), ASCII letters are upper-cased.
//  6. Everything that is not a letter or a number is dropped: spaces,
//     punctuation, symbols, controls and invisible characters (Unicode
//     Default_Ignorable_Code_Point, e.g. zero-width spaces, variation
//     selectors, Hangul fillers).
//  7. The result is recomposed (NFC).
//
// ASCII itself is never mapped by the confusables data: 0 and O, 1, I and
// l stay distinct, so that every ASCII number keeps the normal form it
// had under scheme 1. The function is pure: it depends only on its input
// and on the Unicode data pinned in go.mod (TestUnicodeDataPinned).
func NormaliseNumber(number string) (string, error) {
	if err := checkNumber(number); err != nil {
		return "", err
	}
	out := normalise(number)
	if out == "" {
		return "", errors.New("invoice number has no letter or digit")
	}
	return out, nil
}

// normalise is NormaliseNumber without the checks of its input. It is
// idempotent: normalise(normalise(s)) == normalise(s) for every valid
// UTF-8 string, also one longer than MaxInvoiceNumber.
func normalise(s string) string {
	return norm.NFC.String(decomposedNormalForm(s))
}

// decomposedNormalForm is the normal form before recomposition: steps 1
// to 6 of NormaliseNumber, rune by rune over the compatibility
// decomposition of s (NFD of NFKC is NFKD: each rune of s decomposed on
// its own, marks reordered). Each rune of s therefore contributes on its
// own, so the length is at most maxExpansion times the length of s
// (TestNormaliseEveryCodePoint measures every code point); recomposition
// only shortens.
func decomposedNormalForm(s string) string {
	folder := cases.Fold()
	var b strings.Builder
	for _, r := range norm.NFD.String(norm.NFKC.String(s)) {
		writeNormalRune(&b, folder, r, true)
	}
	return b.String()
}

// checkNumber checks what every scheme requires of a number.
func checkNumber(number string) error {
	if len(number) > MaxInvoiceNumber || !utf8.ValidString(number) {
		return errors.New("invoice number must be valid UTF-8 of at most 200 bytes")
	}
	return nil
}

// writeNormalRune writes the normal form of one rune of an NFD string
// (steps 3 to 6 of NormaliseNumber). A letter that case folding changes is
// folded and its folded form is written in turn, without folding again
// (fold is true only on the first call).
func writeNormalRune(b *strings.Builder, folder cases.Caser, r rune, fold bool) {
	switch {
	case r < utf8.RuneSelf:
		switch {
		case r >= 'a' && r <= 'z':
			b.WriteByte(byte(r - 'a' + 'A'))
		case r >= 'A' && r <= 'Z' || r >= '0' && r <= '9':
			b.WriteByte(byte(r))
		}
	case ignorable(r):
	case unicode.Is(unicode.Nd, r):
		b.WriteByte('0' + digitValue(r))
	case unicode.IsLetter(r) || unicode.IsNumber(r):
		reading, ok := asciiReading(r)
		if u := unicode.ToUpper(r); !ok && u != r {
			reading, ok = asciiReading(u)
		}
		if ok {
			b.WriteString(strings.ToUpper(reading))
			return
		}
		if fold {
			if f := foldRune(folder, r); f != string(r) {
				for _, fr := range f {
					writeNormalRune(b, folder, fr, false)
				}
				return
			}
		}
		b.WriteRune(r)
	}
}

// foldRune returns the full case folding of r, decomposed (NFD). x/text
// v0.31 folds the Cherokee letters of each case to the other case, so
// that folding twice returns the letter; where that happens the lower
// code point is kept, which is the letter Unicode's CaseFolding.txt folds
// both to (the upper-case Cherokee letter).
func foldRune(folder cases.Caser, r rune) string {
	f := folder.String(string(r))
	if g, size := utf8.DecodeRuneInString(f); size == len(f) && g != r && folder.String(f) == string(r) {
		f = string(min(r, g))
	}
	return norm.NFD.String(f)
}

// ignorable reports whether r is invisible by Unicode's
// Default_Ignorable_Code_Point property (as far as it is not already a
// format control, general category Cf, which is dropped anyway).
func ignorable(r rune) bool {
	return unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r) || unicode.Is(unicode.Variation_Selector, r)
}

// digitValue returns the value of a decimal digit (general category Nd).
// Unicode encodes every script's digits 0 to 9 as one contiguous run, and
// runs of several scripts that touch stay aligned on ten
// (TestDigitRuns), so the value is the distance from the start of r's
// range modulo ten.
func digitValue(r rune) byte {
	for _, rg := range unicode.Nd.R16 {
		if lo, hi := rune(rg.Lo), rune(rg.Hi); r >= lo && r <= hi {
			return byte((r - lo) % 10)
		}
	}
	for _, rg := range unicode.Nd.R32 {
		if lo, hi := rune(rg.Lo), rune(rg.Hi); r >= lo && r <= hi {
			return byte((r - lo) % 10)
		}
	}
	return 0
}
