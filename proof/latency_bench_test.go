package proof_test

import (
	"sort"
	"testing"
	"time"

	"github.com/corridor-trade/corridor/proof"
)

// BenchmarkVerifyCertificateLatency parses and verifies the golden
// certificate from its bytes, as an offline verifier does, and reports
// the p50 and p99 of single verifications (issue 18's target: p99 <= 2
// ms; make bench measures the same on a network's certificate):
// go test -run '^$' -bench VerifyCertificateLatency -benchtime 2000x ./proof.
func BenchmarkVerifyCertificateLatency(b *testing.B) {
	cert, trust, file := golden(b)
	raw, err := cert.Marshal()
	if err != nil {
		b.Fatal(err)
	}
	var ds []time.Duration
	for b.Loop() {
		t := time.Now()
		c, err := proof.ParseCertificate(raw)
		if err != nil {
			b.Fatal(err)
		}
		v, err := proof.VerifyCertificateWith(c, trust, proof.Options{File: file})
		ds = append(ds, time.Since(t))
		if err != nil || !v.Valid {
			b.Fatal("golden certificate does not verify")
		}
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	ms := func(q float64) float64 { return float64(ds[int(q*float64(len(ds)-1))].Microseconds()) / 1000 }
	b.ReportMetric(ms(0.5), "p50-ms")
	b.ReportMetric(ms(0.99), "p99-ms")
}
