package invoice

import (
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/corridor-trade/corridor/codes"
)

func TestParseAmount(t *testing.T) {
	good := map[string]int64{"1": 10000, "1250": 12500000, "1250.5": 12505000, "0.07": 700, "0.0001": 1, "999999999999999999.9999": 0}
	for s, want := range good {
		v, err := ParseAmount(s)
		if err != nil {
			t.Errorf("%q: %v", s, err)
			continue
		}
		if want != 0 && v.Int64() != want {
			t.Errorf("%q = %s, want %d", s, v, want)
		}
		if FormatAmount(v) != s {
			t.Errorf("%q formats back as %q", s, FormatAmount(v))
		}
	}
	bad := []string{"", "0", "0.0", "00", "01", "1.50", "1.", ".5", "+1", "-1", "1e3", "1E3", " 1", "1 ", "1,000", "1_000",
		"1.00001", "1234567890123456789", "0x10", "١", "NaN", "Inf", "1.2.3", "٣"}
	for _, s := range bad {
		if _, err := ParseAmount(s); !errors.Is(err, codes.InvoiceBadAmount) {
			t.Errorf("%q: want bad_amount, got %v", s, err)
		}
	}
}

// TestCheckAmountAgreesWithParseAmount requires CheckAmount, which
// ValidateBasic uses, to give exactly ParseAmount's verdict and error on
// the accepted and refused amounts above and on every string of up to
// four characters over an alphabet of digits, '.', and a letter, plus
// long runs of digits and zeros around the limits.
func TestCheckAmountAgreesWithParseAmount(t *testing.T) {
	cases := []string{"", "0", "0.0", "00", "01", "1.50", "1.", ".5", "+1", "-1", "1e3", " 1", "1,000", "1.00001",
		"1234567890123456789", "١", "NaN", "1.2.3", "1", "1250", "1250.5", "0.07", "0.0001", "999999999999999999.9999",
		"000000000000000000", "100000000000000000", "0.0000", "0.00001", strings.Repeat("0", 18) + ".1", strings.Repeat("9", 18)}
	alphabet := []string{"0", "1", "9", ".", "x"}
	var gen func(prefix string, n int)
	gen = func(prefix string, n int) {
		cases = append(cases, prefix)
		if n == 0 {
			return
		}
		for _, c := range alphabet {
			gen(prefix+c, n-1)
		}
	}
	gen("", 4)
	for _, s := range cases {
		_, perr := ParseAmount(s)
		cerr := CheckAmount(s)
		if (perr == nil) != (cerr == nil) || (perr != nil && perr.Error() != cerr.Error()) {
			t.Errorf("%q: ParseAmount %v, CheckAmount %v", s, perr, cerr)
		}
	}
}

func TestCanonicalAmount(t *testing.T) {
	for in, want := range map[string]string{"1250.50": "1250.5", "0001.000": "1", "0.10": "0.1", "7": "7", ".5": "0.5", "12.": "12"} {
		got, err := CanonicalAmount(in)
		if err != nil || got != want {
			t.Errorf("%q → %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"0.00", "-1", "1e2", "1.23456", "", ".", "1,5", "+2"} {
		if _, err := CanonicalAmount(in); err == nil {
			t.Errorf("%q accepted", in)
		}
	}
}

func TestFormatAmountZeroAndLarge(t *testing.T) {
	if FormatAmount(new(big.Int)) != "0" {
		t.Fatal("zero")
	}
	v, _ := new(big.Int).SetString("99999999999999999999990", 10)
	if got := FormatAmount(v); got != "9999999999999999999.999" {
		t.Fatalf("got %s", got)
	}
}

func TestParseDate(t *testing.T) {
	for s, want := range map[string]uint32{"2024-02-29": 20240229, "1900-01-01": 19000101, "9999-12-31": 99991231, "2026-11-22": 20261122} {
		got, err := ParseDate(s)
		if err != nil || got != want || FormatDate(got) != s {
			t.Errorf("%q → %d, %v", s, got, err)
		}
	}
	for _, s := range []string{"", "2023-02-29", "2024-02-30", "2024-13-01", "2024-00-10", "2024-1-01", "24-01-01", "2024/01/01",
		"1899-12-31", "2024-01-01T00:00:00Z", "+024-01-01", "２０２４-01-01", "2024-01-1 "} {
		if _, err := ParseDate(s); !errors.Is(err, codes.InvoiceBadDate) {
			t.Errorf("%q: want bad_date, got %v", s, err)
		}
	}
}

func TestValidateCurrency(t *testing.T) {
	for _, c := range []string{"CNY", "SGD", "HKD", "USD", "EUR", "JPY", "AED", "ZWG", "XCG"} {
		if err := ValidateCurrency(c); err != nil {
			t.Errorf("%s: %v", c, err)
		}
	}
	for _, c := range []string{"", "usd", "US", "USDT", "ABC", "XXX", "XTS", "U$D", "DEM", "SG D"} {
		if err := ValidateCurrency(c); !errors.Is(err, codes.InvoiceBadCurrency) {
			t.Errorf("%q: want bad_currency, got %v", c, err)
		}
	}
	// The list is well-formed: codes of three letters, one space apart,
	// in ascending order.
	codesList := strings.Split(currencies, " ")
	for i, c := range codesList {
		if len(c) != 3 || (i > 0 && codesList[i-1] >= c) {
			t.Fatalf("currency list entry %d %q is malformed or out of order", i, c)
		}
	}
}

func TestBuyerCommitment(t *testing.T) {
	var s1, s2 [32]byte
	s2[0] = 1
	if BuyerCommitment(s1, "0195:201234567K") == BuyerCommitment(s2, "0195:201234567K") {
		t.Fatal("the salt must change the commitment")
	}
	if BuyerCommitment(s1, "0195:201234567K") == BuyerCommitment(s1, "0195:201234567L") {
		t.Fatal("the buyer must change the commitment")
	}
}

// FuzzParseAmount checks that parsing never panics and that every accepted
// amount is canonical: it formats back to itself.
func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"1", "1250.5", "0.0001", "01", "1.50", "999999999999999999.9999", "1e3", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseAmount(s)
		if cerr := CheckAmount(s); (cerr == nil) != (err == nil) || (err != nil && cerr.Error() != err.Error()) {
			t.Fatalf("%q: CheckAmount %v, ParseAmount %v", s, cerr, err)
		}
		if err != nil {
			return
		}
		if FormatAmount(v) != s {
			t.Fatalf("%q accepted but formats as %q", s, FormatAmount(v))
		}
		if c, err := CanonicalAmount(s); err != nil || c != s {
			t.Fatalf("canonical %q rewritten to %q, %v", s, c, err)
		}
	})
}
