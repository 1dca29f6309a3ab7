package formats

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// This file holds the INVOIC profile (docs/profiles/edifact-invoic.md): the
// canonical form of one UNH…UNT message and the invoice fields read from it.
// It works on segments produced by the tokenizer in edifact_tokenizer.go.

// ediSupportedVersions are the INVOIC directory versions this profile was
// written against. Other versions are parsed the same way, with a warning.
var ediSupportedVersions = map[string]bool{"D:93A": true, "D:96A": true, "D:97B": true, "D:14B": true}

// ediNumericPositions lists the data elements whose values are numeric in
// every INVOIC version this profile covers, as tag → (element, component)
// pairs, both 1-based. In the canonical form a decimal comma in these values
// becomes a decimal point.
var ediNumericPositions = map[string][][2]int{
	"MOA": {{1, 2}}, // C516 5004 monetary amount
	"QTY": {{1, 2}}, // C186 6060 quantity
	"PRI": {{1, 2}}, // C509 5118 price amount
	"PCD": {{1, 2}}, // C501 5482 percentage
	"TAX": {{5, 4}}, // C243 5278 duty/tax/fee rate
}

// ediNormaliseDecimal turns a numeric value written with a decimal comma
// ("-19,90") into one with a decimal point ("-19.90"). Anything that is not
// an optional minus sign, digits, one comma and digits (with at least one
// digit) is returned unchanged.
func ediNormaliseDecimal(v string) string {
	s := strings.TrimPrefix(v, "-")
	i := strings.IndexByte(s, ',')
	if i < 0 || len(s) < 2 {
		return v
	}
	for j := 0; j < len(s); j++ {
		if j != i && (s[j] < '0' || s[j] > '9') {
			return v
		}
	}
	return v[:len(v)-len(s)+i] + "." + s[i+1:]
}

// ediAmount validates a numeric value as written in the document and returns
// it with a '.' decimal point, or ok=false when it is not a decimal number.
func ediAmount(v string) (string, bool) {
	v = ediNormaliseDecimal(v)
	s := strings.TrimPrefix(v, "-")
	digits, dots := 0, 0
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] >= '0' && s[i] <= '9':
			digits++
		case s[i] == '.':
			dots++
		default:
			return "", false
		}
	}
	if digits == 0 || dots > 1 {
		return "", false
	}
	return v, true
}

// ediCanonicalElements returns the segment's elements trimmed for the
// canonical form: trailing empty components, repetitions and elements
// removed, and decimal commas in known numeric positions normalised.
func ediCanonicalElements(s *ediSegment) []ediElement {
	out := make([]ediElement, 0, len(s.Elements))
	for ei, e := range s.Elements {
		var ne ediElement
		for _, r := range e {
			nr := append(ediComponents(nil), r...)
			for _, p := range ediNumericPositions[s.Tag] {
				if p[0] == ei && p[1] <= len(nr) {
					nr[p[1]-1] = ediNormaliseDecimal(nr[p[1]-1])
				}
			}
			for len(nr) > 0 && nr[len(nr)-1] == "" {
				nr = nr[:len(nr)-1]
			}
			ne = append(ne, nr)
		}
		for len(ne) > 0 && len(ne[len(ne)-1]) == 0 {
			ne = ne[:len(ne)-1]
		}
		out = append(out, ne)
	}
	for len(out) > 0 && len(out[len(out)-1]) == 0 {
		out = out[:len(out)-1]
	}
	return out
}

// ediWriteValue writes v releasing the default service characters.
func ediWriteValue(b *bytes.Buffer, v string) {
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case '+', ':', '\'', '?', '*':
			b.WriteByte('?')
		}
		b.WriteByte(v[i])
	}
}

// ediCanonicalSegment appends one segment in canonical form: the trimmed
// elements written with the default separators + : * ? and the terminator
// ', followed by a line feed.
func ediCanonicalSegment(b *bytes.Buffer, s *ediSegment) {
	for ei, e := range ediCanonicalElements(s) {
		if ei > 0 {
			b.WriteByte('+')
		}
		for ri, r := range e {
			if ri > 0 {
				b.WriteByte('*')
			}
			for ci, c := range r {
				if ci > 0 {
					b.WriteByte(':')
				}
				ediWriteValue(b, c)
			}
		}
	}
	b.WriteString("'\n")
}

// ediCanonicalMessage returns the canonical form of one message: its
// segments from UNH to the one before UNT, each in canonical form, then a
// UNT recomputed from the message (the real segment count and the UNH
// message reference), whatever the file's UNT says. msg must start with UNH
// and end with UNT.
func ediCanonicalMessage(msg []ediSegment) []byte {
	var b bytes.Buffer
	for i := 0; i < len(msg)-1; i++ {
		ediCanonicalSegment(&b, &msg[i])
	}
	unt := ediSegment{Tag: "UNT", Elements: []ediElement{
		{{"UNT"}},
		{{strconv.Itoa(len(msg))}},
		{{msg[0].comp(1, 1)}},
	}}
	ediCanonicalSegment(&b, &unt)
	return b.Bytes()
}

// ediWarn builds a warning located at segment s (which may be nil).
func ediWarn(rule string, s *ediSegment, format string, args ...any) Warning {
	w := Warning{Rule: rule, Message: fmt.Sprintf(format, args...)}
	if s != nil {
		w.Where = s.where()
	}
	return w
}

// ediDate converts a DTM value in the given format code (2379) to
// YYYY-MM-DD. It accepts 102 (CCYYMMDD), 203 (CCYYMMDDHHMM), 204
// (CCYYMMDDHHMMSS), 205 (CCYYMMDDHHMMZZZ, with a zone) and 101 (YYMMDD,
// years 00–49 read as 20xx, 50–99 as 19xx). An empty format is read from the
// value's length: 8 digits as 102, 12 as 203, 14 as 204, 6 as 101.
func ediDate(value, format string) (string, bool) {
	if format == "" {
		switch len(value) {
		case 6:
			format = "101"
		case 8:
			format = "102"
		case 12:
			format = "203"
		case 14:
			format = "204"
		}
	}
	var ymd string
	switch format {
	case "102":
		if len(value) != 8 {
			return "", false
		}
		ymd = value
	case "203", "204", "205":
		want := map[string]int{"203": 12, "204": 14}[format]
		if (want != 0 && len(value) != want) || len(value) < 12 {
			return "", false
		}
		for i := 0; i < 12; i++ {
			if value[i] < '0' || value[i] > '9' {
				return "", false
			}
		}
		ymd = value[:8]
	case "101":
		if len(value) != 6 {
			return "", false
		}
		century := "20"
		if value[0] >= '5' {
			century = "19"
		}
		ymd = century + value
	default:
		return "", false
	}
	t, err := time.Parse("20060102", ymd)
	if err != nil {
		return "", false
	}
	return t.Format("2006-01-02"), true
}

// ediParty reads a NAD segment and the RFF+VA that may follow it in its
// segment group: the name and an identifier "scheme:value".
func ediParty(msg []ediSegment, i int) (name, id string) {
	nad := &msg[i]
	// C080 party name (components 1–5; the sixth is a format code), else
	// the first line of C058 name and address.
	var parts []string
	for c := 1; c <= 5; c++ {
		if v := strings.TrimSpace(nad.comp(4, c)); v != "" {
			parts = append(parts, v)
		}
	}
	name = strings.Join(parts, " ")
	if name == "" {
		name = strings.TrimSpace(nad.comp(3, 1))
	}
	// C082 party identification: 3039 id, 1131 code list, 3055 agency.
	if v := strings.TrimSpace(nad.comp(2, 1)); v != "" {
		scheme := strings.TrimSpace(nad.comp(2, 2))
		if scheme == "" {
			scheme = strings.TrimSpace(nad.comp(2, 3))
		}
		if scheme != "" {
			return name, scheme + ":" + v
		}
		return name, v
	}
	// Otherwise the VAT number from an RFF+VA in the NAD's group.
	for j := i + 1; j < len(msg); j++ {
		switch msg[j].Tag {
		case "LOC", "FII", "RFF", "DOC", "CTA", "COM", "DTM":
		default:
			return name, ""
		}
		if msg[j].Tag == "RFF" && msg[j].comp(1, 1) == "VA" {
			if v := strings.TrimSpace(msg[j].comp(1, 2)); v != "" {
				return name, "VA:" + v
			}
		}
	}
	return name, ""
}

// ediTotalCodes are the MOA qualifiers (5025) tried for Invoice.Total, in
// order: 9 amount due/payable, 388 tax-inclusive total, 77 invoice amount,
// 86 message total, 39 invoice total, 128 total amount.
var ediTotalCodes = []string{"9", "388", "77", "86", "39", "128"}

// extractINVOIC reads the invoice fields of one INVOIC message (UNH…UNT)
// and returns them with the document kind and any warnings.
func extractINVOIC(msg []ediSegment) (*Invoice, Kind, []Warning) {
	inv := &Invoice{}
	var warns []Warning
	kind := KindInvoice

	unh := &msg[0]
	var id []string
	for c := 1; c <= 4; c++ {
		id = append(id, unh.comp(2, c))
	}
	inv.Customization = strings.TrimRight(strings.Join(id, ":"), ":")
	if v := id[1] + ":" + id[2]; !ediSupportedVersions[v] {
		warns = append(warns, ediWarn("edifact.unsupported-version", unh,
			"INVOIC version %q is not one this profile was written for (D:93A, D:96A, D:97B, D:14B); fields were read the same way", v))
	}

	// The header runs to the first LIN, the summary starts at UNS. MOA
	// totals are read outside line items only.
	var moas []*ediSegment
	inLines := false
	var dueSeg, issueSeg, issue3Seg *ediSegment
	var seller, buyer, supplier = -1, -1, -1
	for i := 1; i < len(msg)-1; i++ {
		s := &msg[i]
		switch s.Tag {
		case "LIN":
			inLines = true
			inv.LineCount++
		case "UNS":
			inLines = false
		case "BGM":
			if inv.Number == "" && inv.TypeCode == "" {
				inv.TypeCode = s.comp(1, 1)
				inv.Number = s.comp(2, 1)
			}
		case "DTM":
			if inLines {
				break
			}
			switch s.comp(1, 1) {
			case "137":
				if issueSeg == nil {
					issueSeg = s
				}
			case "3":
				if issue3Seg == nil {
					issue3Seg = s
				}
			case "13":
				if dueSeg == nil {
					dueSeg = s
				}
			}
		case "CUX":
			if inv.Currency == "" && !inLines {
				inv.Currency = s.comp(1, 2)
				inv.TaxCurrency = s.comp(2, 2)
			}
		case "NAD":
			if inLines {
				break
			}
			switch s.comp(1, 1) {
			case "SE":
				if seller < 0 {
					seller = i
				}
			case "SU":
				if supplier < 0 {
					supplier = i
				}
			case "BY":
				if buyer < 0 {
					buyer = i
				}
			}
		case "MOA":
			if !inLines {
				moas = append(moas, s)
			}
		}
	}
	if inv.TypeCode == "381" {
		kind = KindCreditNote
	}
	if inv.Number == "" {
		warns = append(warns, ediWarn("edifact.missing-field", unh, "no BGM document number"))
	}

	if inv.Currency == "" {
		warns = append(warns, ediWarn("edifact.missing-field", unh, "no CUX currency"))
	}
	if issueSeg == nil {
		issueSeg = issue3Seg
	}
	if issueSeg == nil {
		warns = append(warns, ediWarn("edifact.missing-field", unh, "no issue date (DTM+137 or DTM+3)"))
	} else if d, ok := ediDate(issueSeg.comp(1, 2), issueSeg.comp(1, 3)); ok {
		inv.IssueDate = d
	} else {
		warns = append(warns, ediWarn("edifact.bad-date", issueSeg, "cannot read %q in format %q as a date", issueSeg.comp(1, 2), issueSeg.comp(1, 3)))
	}
	if dueSeg != nil {
		if d, ok := ediDate(dueSeg.comp(1, 2), dueSeg.comp(1, 3)); ok {
			inv.DueDate = d
		} else {
			warns = append(warns, ediWarn("edifact.bad-date", dueSeg, "cannot read %q in format %q as a date", dueSeg.comp(1, 2), dueSeg.comp(1, 3)))
		}
	}

	if seller < 0 {
		seller = supplier
	}
	if seller >= 0 {
		inv.SellerName, inv.SellerID = ediParty(msg, seller)
	}
	if buyer >= 0 {
		inv.BuyerName, inv.BuyerID = ediParty(msg, buyer)
	}

	// moa returns the first MOA with qualifier code whose currency is
	// absent or the invoice currency, so that a repeated MOA+176 in the tax
	// currency is not taken for the document-currency total.
	moa := func(code string) (string, bool) {
		for _, s := range moas {
			if s.comp(1, 1) != code {
				continue
			}
			if cur := s.comp(1, 3); cur != "" && inv.Currency != "" && cur != inv.Currency {
				continue
			}
			v, ok := ediAmount(s.comp(1, 2))
			if !ok {
				warns = append(warns, ediWarn("edifact.bad-amount", s, "MOA+%s value %q is not a decimal number", code, s.comp(1, 2)))
				return "", false
			}
			return v, true
		}
		return "", false
	}
	// single returns the MOA with qualifier code when it occurs exactly once.
	single := func(code string) (string, bool) {
		n := 0
		for _, s := range moas {
			if s.comp(1, 1) == code {
				n++
			}
		}
		if n != 1 {
			return "", false
		}
		return moa(code)
	}
	for _, code := range ediTotalCodes {
		if v, ok := moa(code); ok {
			inv.Total = v
			break
		}
	}
	if inv.Total == "" {
		warns = append(warns, ediWarn("edifact.missing-field", unh, "no total amount (MOA+%s)", strings.Join(ediTotalCodes, ", MOA+")))
	}
	if v, ok := moa("389"); ok {
		inv.TaxExclusive = v
	} else if v, ok := single("125"); ok {
		inv.TaxExclusive = v
	}
	if v, ok := moa("176"); ok {
		inv.TaxTotal = v
	} else if v, ok := single("124"); ok {
		inv.TaxTotal = v
	}
	return inv, kind, warns
}
