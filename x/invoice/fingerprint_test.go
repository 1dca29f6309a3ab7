package invoice

import (
	"strings"
	"testing"

	"github.com/corridor-trade/corridor/crypto/secp"
)

func TestNormaliseNumber(t *testing.T) {
	for in, want := range map[string]string{"inv-2024/0042": "INV20240042", "INV 2024 0042": "INV20240042", " Inv_2024.0042 ": "INV20240042", "发票-12": "发票12"} {
		got, err := NormaliseNumber(in)
		if err != nil || got != want {
			t.Errorf("%q → %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "---", "\u200b", "ʼ", strings.Repeat("1", MaxInvoiceNumber+1), "\xff1"} {
		if _, err := NormaliseNumber(in); err == nil {
			t.Errorf("%q accepted", in)
		}
		if _, err := Fingerprint(secp.Address{}, in); err == nil {
			t.Errorf("%q fingerprinted", in)
		}
	}
}

func TestFingerprint(t *testing.T) {
	var a, b secp.Address
	a[0], b[0] = 1, 2
	f1, err := Fingerprint(a, "INV-2024-0042")
	if err != nil {
		t.Fatal(err)
	}
	f2, _ := Fingerprint(a, "inv 2024 0042")
	f3, _ := Fingerprint(b, "INV-2024-0042")
	f4, _ := Fingerprint(a, "INV-2024-0043")
	f5, _ := Fingerprint(a, "ＩＮＶ－２０２４－００４２")
	if f1 != f2 || f1 != f5 {
		t.Fatal("the same number written differently must give the same fingerprint")
	}
	if f1 == f3 || f1 == f4 {
		t.Fatal("another issuer or number must give another fingerprint")
	}
	// The vector was pinned by scheme 1: scheme 2 keeps it, as it keeps
	// every fingerprint of a number written in ASCII.
	if f1.String() != fingerprintVector {
		t.Fatalf("fingerprint vector changed: %s", f1)
	}
	if _, err := Fingerprint(a, "--"); err == nil {
		t.Fatal("empty number accepted")
	}
}

// fingerprintVector pins Fingerprint(0x01 followed by 19 zero bytes,
// "INV-2024-0042") for docs/invoice.md.
const fingerprintVector = "f9f2579c757ad46a93ba8bc8df9ddd0e391c3a900cefdc2acbb8e8640f2c6009"

// TestLegacyFingerprint checks the scheme-1 fingerprint that anchors made
// before scheme 2 carry: for an ASCII number it is the fingerprint itself
// (and is not computed), for a number with non-ASCII characters it is
// Argon2id over the scheme-1 form.
func TestLegacyFingerprint(t *testing.T) {
	var a secp.Address
	a[0] = 1
	if _, differs, err := LegacyFingerprint(a, "INV-2024-0042"); err != nil || differs {
		t.Fatalf("an ASCII number has one fingerprint: differs=%v err=%v", differs, err)
	}
	lookalike := "ＩＮＶ－２０２４－００４２"
	legacy, differs, err := LegacyFingerprint(a, lookalike)
	if err != nil || !differs {
		t.Fatalf("a full-width number has a scheme-1 fingerprint of its own: differs=%v err=%v", differs, err)
	}
	current, _ := Fingerprint(a, lookalike)
	if legacy == current || legacy.String() == fingerprintVector {
		t.Fatal("the scheme-1 fingerprint of a full-width number must differ from the scheme-2 one")
	}
	v1, _ := NormaliseNumberV1(lookalike)
	if want := fingerprintOf(a, v1); legacy != want {
		t.Fatalf("legacy fingerprint %s, want Argon2id over %q = %s", legacy, v1, want)
	}
	if _, _, err := LegacyFingerprint(a, "--"); err == nil {
		t.Fatal("empty number accepted")
	}
}
