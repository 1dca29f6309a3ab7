package secp

import (
	"crypto/sha256"
	"errors"
	"strings"
	"testing"
)

// FuzzVerify feeds arbitrary key, digest and signature bytes to Verify. It
// must never panic, and must accept only what a correct verifier accepts:
// anything it accepts must be low-S and in range, which Verify checks first.
func FuzzVerify(f *testing.F) {
	k, err := PrivKeyFromBytes(sha256.New().Sum(nil))
	if err != nil {
		f.Fatal(err)
	}
	d := sha256.Sum256([]byte("fuzz"))
	sig := k.Sign(d)
	pk := k.PubKey()
	f.Add(pk[:], d[:], sig[:])
	f.Add(pk[:], d[:], sig[:63])
	f.Add([]byte{0x02}, d[:], sig[:])
	f.Add(make([]byte, 33), make([]byte, 32), make([]byte, 64))
	f.Fuzz(func(t *testing.T, pub, digest, sig []byte) {
		var p PubKey
		copy(p[:], pub)
		var dg [32]byte
		copy(dg[:], digest)
		err := Verify(p, dg, sig)
		if err == nil {
			if _, perr := ParsePubKey(p[:]); perr != nil {
				t.Fatalf("accepted a signature under an invalid key %x", p)
			}
			if len(sig) != SignatureSize {
				t.Fatalf("accepted a %d-byte signature", len(sig))
			}
			return
		}
		known := []error{ErrSigLength, ErrSigRange, ErrSigHighS, ErrSigMismatch, ErrBadPubKey}
		for _, e := range known {
			if errors.Is(err, e) {
				return
			}
		}
		t.Fatalf("unexpected error %v", err)
	})
}

// FuzzParseAddress checks that ParseAddress never panics and that whatever
// it accepts is the canonical encoding of the address, up to letter case.
func FuzzParseAddress(f *testing.F) {
	var a Address
	for i := range a {
		a[i] = byte(i * 7)
	}
	f.Add(a.String())
	f.Add("cor1")
	f.Add("")
	f.Add("cosmos1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqnrql8a")
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseAddress(s)
		if err != nil {
			if !errors.Is(err, ErrBadAddress) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		if enc := got.String(); enc != strings.ToLower(s) {
			t.Fatalf("ParseAddress(%q) accepted a non-canonical form of %s", s, enc)
		}
	})
}
