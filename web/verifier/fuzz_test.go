package verifier_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/corridor-trade/corridor/internal/testdocs"
	"github.com/corridor-trade/corridor/web/verifier"
)

// FuzzVerify: whatever certificate bytes a page is handed, Verify answers
// a verdict or an error, never a panic (a panic would kill the page's
// WebAssembly instance).
func FuzzVerify(f *testing.F) {
	cert, err := os.ReadFile(filepath.Join("..", "..", "proof", "testdata", "certificate.json"))
	if err != nil {
		f.Fatal(err)
	}
	gen, err := os.ReadFile(filepath.Join("..", "..", "proof", "testdata", "genesis.json"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(cert)
	f.Add([]byte(`{"format":"corridor-certificate/1"}`))
	f.Add([]byte("null"))
	f.Fuzz(func(t *testing.T, b []byte) {
		r := verifier.Verify(b, gen, nil)
		if (r.Verdict == nil) == (r.Error == "") {
			t.Fatalf("Verify answered both or neither: %+v", r)
		}
		verifier.Hash(b)
	})
}

// FuzzVerifyDisclosure: whatever bytes are dropped as a disclosure,
// VerifyDisclosure answers a verdict or an error, never a panic.
func FuzzVerifyDisclosure(f *testing.F) {
	gen, err := os.ReadFile(filepath.Join("..", "..", "proof", "testdata", "genesis.json"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte(`{"format":"corridor-disclosure","version":1}`))
	f.Add([]byte(`{"format":"corridor-disclosure","version":1,"profile":"ubl-2.1","document":"00","fields":[],"certificate":null}`))
	f.Add([]byte("null"))
	// An OpenAttestation document takes the other branch.
	if d := testdocs.Find(); d != "" {
		if b, err := os.ReadFile(filepath.Join(d, "openattestation", "tradetrust-v2-invoice-obfuscated.json")); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		r := verifier.VerifyDisclosure(b, gen, nil)
		if (r.Verdict == nil) == (r.Error == "") {
			t.Fatalf("VerifyDisclosure answered both or neither: %+v", r)
		}
		if r.Verdict != nil && !r.Verdict.Valid && len(r.Verdict.Disclosed) != 0 {
			t.Fatalf("an invalid disclosure shows fields: %+v", r.Verdict.Disclosed)
		}
	})
}
