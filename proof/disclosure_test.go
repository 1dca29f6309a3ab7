package proof_test

import (
	"crypto/rand"
	"testing"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/disclose"
	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/proof"
)

// goldenDisclosure is a well-formed disclosure whose certificate is the
// golden one. The golden document was anchored without field commitments,
// so no disclosure of it can ever be valid.
func goldenDisclosure(t testing.TB) (*disclose.Disclosure, *proof.TrustRoot) {
	t.Helper()
	cert, trust, _ := golden(t)
	doc, err := cert.DocHash()
	if err != nil {
		t.Fatal(err)
	}
	sec, err := disclose.NewSecrets(&formats.Document{Profile: formats.ProfileUBL, Kind: formats.KindInvoice, CanonicalHash: doc,
		Invoice: &formats.Invoice{Number: "INV-1", IssueDate: "2026-01-02", Currency: "SGD", Total: "100.00", SellerID: "0195:T26SELLER"}}, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	d, err := disclose.Make(sec, []string{"total"})
	if err != nil {
		t.Fatal(err)
	}
	if d.Certificate, err = cert.Marshal(); err != nil {
		t.Fatal(err)
	}
	return d, trust
}

// TestDisclosureOfAnAnchorWithoutFieldRoot: the disclosure checks on its
// own and its certificate verifies, offline, but the anchor carries no
// field root: INVALID with disclose/no_field_root, and no field shown.
func TestDisclosureOfAnAnchorWithoutFieldRoot(t *testing.T) {
	noNetwork(t)
	d, trust := goldenDisclosure(t)
	v, err := proof.VerifyDisclosure(d, trust, proof.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if v.Valid || v.Code != codes.DiscloseNoFieldRoot.Error() || len(v.Disclosed) != 0 {
		t.Fatalf("verdict: valid %v code %s disclosed %v", v.Valid, v.Code, v.Disclosed)
	}
	for _, check := range []string{proof.CheckFields, proof.CheckHeader, proof.CheckProofs, proof.CheckAnchored} {
		if l := v.Line(check); l == nil || !l.OK {
			t.Fatalf("line %s: %+v", check, l)
		}
	}
	if l := v.Line(proof.CheckFieldRoot); l == nil || l.OK {
		t.Fatalf("field-root line: %+v", l)
	}
	if _, err := proof.VerifyDisclosure(nil, trust, proof.Options{}); codes.Of(err) != codes.DiscloseMalformed {
		t.Fatalf("nil disclosure: %v", err)
	}
}

// FuzzVerifyDisclosure feeds arbitrary bytes through the disclosure
// decoder and the offline verifier: neither panics, the verifier never
// errs on a decoded disclosure, and no input is valid against the golden
// chain, whose anchor has no field root (a valid verdict would mean a
// forged certificate or field root passed).
func FuzzVerifyDisclosure(f *testing.F) {
	d, trust := goldenDisclosure(f)
	seed, err := disclose.Encode(d)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte(`{"format":"corridor-disclosure","version":1}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := disclose.Decode(data)
		if err != nil {
			return
		}
		v, err := proof.VerifyDisclosure(got, trust, proof.Options{})
		if err != nil {
			t.Fatalf("verifier error on a decoded disclosure: %v", err)
		}
		if v.Valid || v.Code == "" || len(v.Disclosed) != 0 {
			t.Fatalf("valid %v code %q disclosed %v", v.Valid, v.Code, v.Disclosed)
		}
	})
}
