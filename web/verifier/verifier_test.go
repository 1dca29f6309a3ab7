package verifier_test

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/disclose"
	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/internal/testdocs"
	"github.com/corridor-trade/corridor/proof"
	"github.com/corridor-trade/corridor/web/verifier"
)

func read(t *testing.T, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", rel))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestHashIsDockInspect: the page's hash of the sample invoice is
// formats.Parse's canonical hash, the one `corridord dock inspect` shows.
func TestHashIsDockInspect(t *testing.T) {
	data := read(t, "docs/examples/invoice.xml")
	docs, err := formats.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	h := verifier.Hash(data)
	if h.Error != "" || len(h.Documents) != 1 || h.Documents[0].CanonicalHash != docs[0].CanonicalHash {
		t.Fatalf("Hash = %+v, want canonical hash %x", h, docs[0].CanonicalHash)
	}
	junk := verifier.Hash([]byte("<Invoice"))
	if junk.Error == "" || len(junk.Documents) != 1 || hex.EncodeToString(junk.Documents[0].CanonicalHash[:]) != junk.RawSHA256 {
		t.Fatalf("a malformed file: %+v", junk)
	}
}

// TestVerifyIsCorridordVerify: the page's verdict on the recorded
// certificate is proof.VerifyCertificateWith's, line for line.
func TestVerifyIsCorridordVerify(t *testing.T) {
	cert := read(t, "proof/testdata/certificate.json")
	gen := read(t, "proof/testdata/genesis.json")
	doc := read(t, "proof/testdata/invoice.txt")
	got := verifier.Verify(cert, gen, doc)
	if got.Error != "" {
		t.Fatal(got.Error)
	}
	trust, err := proof.LoadGenesisTrust(filepath.Join("..", "..", "proof/testdata/genesis.json"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := proof.ParseCertificate(cert)
	if err != nil {
		t.Fatal(err)
	}
	want, err := proof.VerifyCertificateWith(c, trust, proof.Options{File: doc})
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	got.Verdict.WriteText(&a)
	want.WriteText(&b)
	if a.String() != b.String() {
		t.Fatalf("page verdict:\n%s\ncorridord verify:\n%s", a.String(), b.String())
	}
	if line := got.Verdict.Line(proof.CheckDocument); line == nil || !line.OK {
		t.Fatalf("document line: %+v", line)
	}
	bad := verifier.Verify(cert, gen, append([]byte("x"), doc...))
	if line := bad.Verdict.Line(proof.CheckDocument); line == nil || line.OK || !strings.Contains(line.Detail, "altered") {
		t.Fatalf("an altered file: %+v", line)
	}
	if r := verifier.Verify(cert, []byte("{}"), nil); r.Error == "" {
		t.Fatal("an empty genesis gave a verdict")
	}
	if _, tr, err := verifier.LoadTrust(gen); err != nil || tr.Validators == 0 || len(tr.FileSHA256) != 64 {
		t.Fatalf("LoadTrust: %+v %v", tr, err)
	}
}

// TestVerifyDisclosureIsCorridordVerify: the page's verdict on a disclosure
// is proof.VerifyDisclosure's, line for line and code for code. The
// disclosure is made from the sample invoice's real field secrets; with no
// certificate attached it must fail with disclose/no_certificate, and a
// changed value with the fields line crossed; a file that is not a
// disclosure is an error with its code.
func TestVerifyDisclosureIsCorridordVerify(t *testing.T) {
	gen := read(t, "proof/testdata/genesis.json")
	docs, err := formats.Parse(read(t, "docs/examples/invoice.xml"))
	if err != nil {
		t.Fatal(err)
	}
	sec, err := disclose.NewSecrets(&docs[0], rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	d, err := disclose.Make(sec, []string{"seller.id", "total"})
	if err != nil {
		t.Fatal(err)
	}
	trust, err := proof.LoadGenesisTrust(filepath.Join("..", "..", "proof/testdata/genesis.json"))
	if err != nil {
		t.Fatal(err)
	}
	same := func(data []byte) *proof.DisclosureVerdict {
		t.Helper()
		got := verifier.VerifyDisclosure(data, gen, nil)
		if got.Error != "" {
			t.Fatal(got.Error)
		}
		dd, err := disclose.Decode(data)
		if err != nil {
			t.Fatal(err)
		}
		want, err := proof.VerifyDisclosure(dd, trust, proof.Options{})
		if err != nil {
			t.Fatal(err)
		}
		var a, b bytes.Buffer
		got.Verdict.WriteText(&a)
		want.WriteText(&b)
		if a.String() != b.String() || got.Verdict.Code != want.Code {
			t.Fatalf("page verdict:\n%s\ncorridord verify --disclosure:\n%s", a.String(), b.String())
		}
		return got.Verdict
	}
	data, err := disclose.Encode(d)
	if err != nil {
		t.Fatal(err)
	}
	v := same(data)
	if v.Valid || v.Code != codes.DiscloseNoCertificate.Error() || len(v.Disclosed) != 0 {
		t.Fatalf("no certificate: valid %v code %q disclosed %v", v.Valid, v.Code, v.Disclosed)
	}
	if l := v.Line(proof.CheckFields); l == nil || !l.OK {
		t.Fatalf("fields line of an untouched disclosure: %+v", l)
	}
	changed := *d
	changed.Fields = append([]disclose.Revealed(nil), d.Fields...)
	changed.Fields[1].Value += "0"
	data, err = disclose.Encode(&changed)
	if err != nil {
		t.Fatal(err)
	}
	if l := same(data).Line(proof.CheckFields); l == nil || l.OK {
		t.Fatalf("fields line of a changed value: %+v", l)
	}
	if r := verifier.VerifyDisclosure([]byte(`{"format":"corridor-disclosure"`), gen, nil); r.Error == "" || !strings.HasPrefix(r.Error, "disclose/") {
		t.Fatalf("a truncated file: %+v", r)
	}
	if r := verifier.VerifyDisclosure(data, nil, nil); r.Error == "" {
		t.Fatal("no trust root gave a verdict")
	}
}

// TestOpenAttestationIsCorridordVerify: an OpenAttestation v2 document
// dropped as a disclosure gets proof.VerifyOpenAttestation's verdict, line
// for line and code for code, with no certificate (disclose/no_certificate)
// and with a certificate of another document (disclose/anchor_mismatch);
// an altered one fails its own line with disclose/openattestation_invalid.
func TestOpenAttestationIsCorridordVerify(t *testing.T) {
	oa, err := os.ReadFile(testdocs.Path(t, "openattestation/tradetrust-v2-invoice-obfuscated.json"))
	if err != nil {
		t.Fatal(err)
	}
	gen := read(t, "proof/testdata/genesis.json")
	certBytes := read(t, "proof/testdata/certificate.json")
	trust, err := proof.LoadGenesisTrust(filepath.Join("..", "..", "proof/testdata/genesis.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !verifier.IsOpenAttestation(oa) || verifier.IsOpenAttestation(certBytes) {
		t.Fatal("IsOpenAttestation does not tell an OpenAttestation document from a certificate")
	}
	same := func(data, certFile []byte) *proof.DisclosureVerdict {
		t.Helper()
		got := verifier.VerifyDisclosure(data, gen, certFile)
		if got.Error != "" || !got.OpenAttestation {
			t.Fatalf("%+v", got)
		}
		var cert *proof.Certificate
		if certFile != nil {
			if cert, err = proof.ParseCertificate(certFile); err != nil {
				t.Fatal(err)
			}
		}
		want, err := proof.VerifyOpenAttestation(data, cert, trust, proof.Options{})
		if err != nil {
			t.Fatal(err)
		}
		var a, b bytes.Buffer
		got.Verdict.WriteText(&a)
		want.WriteText(&b)
		if a.String() != b.String() || got.Verdict.Code != want.Code {
			t.Fatalf("page verdict:\n%s\ncorridord verify --disclosure:\n%s", a.String(), b.String())
		}
		return got.Verdict
	}
	if v := same(oa, nil); v.Valid || v.Code != codes.DiscloseNoCertificate.Error() || v.Document == "" {
		t.Fatalf("no certificate: valid %v code %q document %q", v.Valid, v.Code, v.Document)
	}
	if v := same(oa, certBytes); v.Valid || v.Code != codes.DiscloseAnchorMismatch.Error() || len(v.Disclosed) != 0 {
		t.Fatalf("another document's certificate: valid %v code %q", v.Valid, v.Code)
	}
	altered := bytes.Replace(oa, []byte(`:string:`), []byte(`:string:X`), 1)
	if v := same(altered, certBytes); v.Valid || v.Code != codes.DiscloseOAInvalid.Error() {
		t.Fatalf("an altered document: valid %v code %q", v.Valid, v.Code)
	}
	if r := verifier.VerifyDisclosure(oa, gen, []byte("{")); r.Error == "" || !strings.HasPrefix(r.Error, codes.DiscloseNoCertificate.Error()) {
		t.Fatalf("an unreadable certificate: %+v", r)
	}
}

// TestStatusListsAreRefusedAsTheCLIRefuses: a status-list file that does
// not decode is refused with status/bad_list_credential, and one the
// document does not name (or given for a document naming none) with
// status/bad_status_entry, before any verdict.
func TestStatusListsAreRefusedAsTheCLIRefuses(t *testing.T) {
	cert := read(t, "proof/testdata/certificate.json")
	gen := read(t, "proof/testdata/genesis.json")
	doc := read(t, "proof/testdata/invoice.txt")
	list := formats.NewStatusListCredential("https://example.org/status/1", "did:web:example.org", "revocation", make([]byte, 16<<10))
	if r := verifier.VerifyWith(cert, gen, doc, [][]byte{[]byte("{}")}); !strings.HasPrefix(r.Error, codes.StatusBadCredential.Error()) {
		t.Fatalf("a broken list: %+v", r)
	}
	if r := verifier.VerifyWith(cert, gen, doc, [][]byte{list}); !strings.HasPrefix(r.Error, codes.StatusBadEntry.Error()) {
		t.Fatalf("a list for a document that names none: %+v", r)
	}
	if r := verifier.VerifyWith(cert, gen, doc, nil); r.Error != "" || r.Verdict == nil {
		t.Fatalf("no lists: %+v", r)
	}
}
