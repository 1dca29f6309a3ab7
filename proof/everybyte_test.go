package proof_test

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/corridor-trade/corridor/proof"
)

// priorities finds the proposer priorities of a certificate's validator
// set: the one part of a certificate that no hash covers and no check
// reads (the verdict does not use them; docs/certificate.md).
var priorities = regexp.MustCompile(`"proposer_priority": "-?[0-9]+"`)

// TestEveryByteOfTheCertificateMatters changes every byte of the golden
// certificate, one at a time (its lowest bit flipped), and verifies the
// result offline: each change must be refused, when it is decoded or by a
// verdict line, except a change to a proposer priority's digits.
func TestEveryByteOfTheCertificateMatters(t *testing.T) {
	noNetwork(t)
	_, trust, file := golden(t)
	raw, err := os.ReadFile(filepath.Join("testdata", "certificate.json"))
	if err != nil {
		t.Fatal(err)
	}
	skip := make([]bool, len(raw))
	for _, m := range priorities.FindAllIndex(raw, -1) {
		for i := m[0] + len(`"proposer_priority": "`); i < m[1]-1; i++ {
			skip[i] = true
		}
	}
	var refusedAtParse, refusedByVerdict, skipped int
	b := make([]byte, len(raw))
	for i := range raw {
		if skip[i] {
			skipped++
			continue
		}
		copy(b, raw)
		b[i] ^= 0x01
		c, err := proof.ParseCertificate(b)
		if err != nil {
			refusedAtParse++
			continue
		}
		v, err := proof.VerifyCertificateWith(c, trust, proof.Options{File: file})
		if err != nil || !v.Valid {
			refusedByVerdict++
			continue
		}
		lo, hi := max(0, i-60), min(len(raw), i+20)
		t.Errorf("byte %d changed from %q to %q and the certificate still verifies: …%s…", i, raw[i], b[i], bytes.ReplaceAll(raw[lo:hi], []byte("\n"), []byte(" ")))
	}
	t.Logf("%d bytes: %d changes refused when decoded, %d by the verdict, %d proposer-priority digits left alone",
		len(raw), refusedAtParse, refusedByVerdict, skipped)
}
