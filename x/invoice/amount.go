package invoice

import (
	"math/big"
	"strings"
	"time"

	"github.com/corridor-trade/corridor/codes"
)

// Amount limits. An amount is a canonical decimal string: the integer part
// has no leading zero (except the single digit "0") and at most
// MaxIntDigits digits; an optional fraction has 1 to MaxFracDigits digits
// and no trailing zero; there is no sign, no exponent, no grouping and no
// space. Zero itself is not an amount. So "1250", "1250.5" and "0.07" are
// amounts; "01250", "1250.50", "+3", "1e3", "1250." and "0" are not.
// Sums use exact integer arithmetic in units of 10^-MaxFracDigits.
const (
	MaxIntDigits  = 18
	MaxFracDigits = 4
)

var fracScale = big.NewInt(10000) // 10^MaxFracDigits

// ParseAmount validates s and returns it in units of 10^-4.
func ParseAmount(s string) (*big.Int, error) {
	intPart, frac, err := splitAmount(s)
	if err != nil {
		return nil, err
	}
	digits := intPart + frac + strings.Repeat("0", MaxFracDigits-len(frac))
	v, ok := new(big.Int).SetString(digits, 10)
	if !ok {
		return nil, codes.InvoiceBadAmount.Wrapf("amount %q", clip(s))
	}
	if v.Sign() <= 0 {
		return nil, codes.InvoiceBadAmount.Wrapf("amount must be positive")
	}
	return v, nil
}

// CheckAmount reports what ParseAmount would, without building the value:
// the same error for the same string, nil when ParseAmount accepts it.
// ValidateBasic uses it (issue 18: every node validates each anchor's
// total three times). After splitAmount's checks the digits are 1 to 22
// decimal digits, which SetString always accepts, and the value is
// positive exactly when one of them is not '0'.
func CheckAmount(s string) error {
	intPart, frac, err := splitAmount(s)
	if err != nil {
		return err
	}
	if strings.Trim(intPart, "0") == "" && strings.Trim(frac, "0") == "" {
		return codes.InvoiceBadAmount.Wrapf("amount must be positive")
	}
	return nil
}

// splitAmount runs ParseAmount's checks of the form and returns the
// integer and fraction digits.
func splitAmount(s string) (intPart, frac string, err error) {
	intPart, frac, hasDot := strings.Cut(s, ".")
	if len(intPart) == 0 || len(intPart) > MaxIntDigits || !allDigits(intPart) {
		return "", "", codes.InvoiceBadAmount.Wrapf("amount %q: want 1-%d integer digits", clip(s), MaxIntDigits)
	}
	if len(intPart) > 1 && intPart[0] == '0' {
		return "", "", codes.InvoiceBadAmount.Wrapf("amount %q: leading zero", clip(s))
	}
	if hasDot {
		if len(frac) == 0 || len(frac) > MaxFracDigits || !allDigits(frac) {
			return "", "", codes.InvoiceBadAmount.Wrapf("amount %q: want 1-%d fraction digits after the point", clip(s), MaxFracDigits)
		}
		if frac[len(frac)-1] == '0' {
			return "", "", codes.InvoiceBadAmount.Wrapf("amount %q: trailing zero in the fraction (canonical form drops it)", clip(s))
		}
	}
	return intPart, frac, nil
}

// FormatAmount writes v (units of 10^-4, non-negative) in canonical form;
// zero is written "0".
func FormatAmount(v *big.Int) string {
	q, r := new(big.Int).QuoRem(v, fracScale, new(big.Int))
	s := q.String()
	if r.Sign() == 0 {
		return s
	}
	f := r.String()
	f = strings.Repeat("0", MaxFracDigits-len(f)) + f
	return s + "." + strings.TrimRight(f, "0")
}

// CanonicalAmount rewrites a plain decimal as written in a document
// ("1250.50", "0001.0") into canonical form. It accepts an optional single
// '.', digits only, and refuses signs, exponents, more than MaxFracDigits
// significant fraction digits, and values that are not positive.
func CanonicalAmount(s string) (string, error) {
	intPart, frac, _ := strings.Cut(s, ".")
	if (intPart == "" && frac == "") || !allDigits(intPart) || !allDigits(frac) {
		return "", codes.InvoiceBadAmount.Wrapf("amount %q is not a plain decimal", clip(s))
	}
	intPart = strings.TrimLeft(intPart, "0")
	if intPart == "" {
		intPart = "0"
	}
	frac = strings.TrimRight(frac, "0")
	c := intPart
	if frac != "" {
		c += "." + frac
	}
	if _, err := ParseAmount(c); err != nil {
		return "", err
	}
	return c, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// clip shortens untrusted input quoted in error logs.
func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// ParseDate validates a YYYY-MM-DD calendar date (years 1900-9999) and
// returns it as the integer YYYYMMDD.
func ParseDate(s string) (uint32, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' || !allDigits(s[:4]) || !allDigits(s[5:7]) || !allDigits(s[8:]) {
		return 0, codes.InvoiceBadDate.Wrapf("date %q: want YYYY-MM-DD", clip(s))
	}
	t, err := time.Parse(time.DateOnly, s)
	var buf [len(time.DateOnly)]byte // the round trip's text, without a string per call
	if err != nil || string(t.AppendFormat(buf[:0], time.DateOnly)) != s {
		return 0, codes.InvoiceBadDate.Wrapf("date %q is not a calendar date", s)
	}
	if y := t.Year(); y < 1900 || y > 9999 {
		return 0, codes.InvoiceBadDate.Wrapf("date %q: year out of range 1900-9999", s)
	}
	return uint32(t.Year())*10000 + uint32(t.Month())*100 + uint32(t.Day()), nil
}

// FormatDate writes a YYYYMMDD integer as YYYY-MM-DD.
func FormatDate(d uint32) string {
	b := []byte("0000-00-00")
	y, m, day := d/10000, d/100%100, d%100
	for i := 3; i >= 0; i-- {
		b[i] = byte('0' + y%10)
		y /= 10
	}
	b[5], b[6] = byte('0'+m/10), byte('0'+m%10)
	b[8], b[9] = byte('0'+day/10), byte('0'+day%10)
	return string(b)
}

// currencies is the compact built-in list of active ISO 4217 alphabetic
// codes (SIX list, 2025), without XXX (no currency) and XTS (testing).
// Adding a code changes what the state machine accepts, so it ships in a
// coordinated upgrade.
const currencies = "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD " +
	"CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF " +
	"GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD " +
	"MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR " +
	"RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX " +
	"USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XAG XAU XBA XBB XBC XBD XCD XCG XDR XOF XPD XPF XPT XSU XUA YER ZAR ZMW ZWG"

// ValidateCurrency checks that c is three upper-case letters naming an
// active ISO 4217 currency.
func ValidateCurrency(c string) error {
	if len(c) != 3 || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z' || c[2] < 'A' || c[2] > 'Z' {
		return codes.InvoiceBadCurrency.Wrapf("currency %q: want three upper-case letters (ISO 4217)", clip(c))
	}
	for i := 0; i+3 <= len(currencies); i += 4 {
		if currencies[i:i+3] == c {
			return nil
		}
	}
	return codes.InvoiceBadCurrency.Wrapf("currency %q is not an active ISO 4217 code", c)
}
