package disclose_test

import (
	"crypto/rand"
	"testing"

	"github.com/corridor-trade/corridor/disclose"
	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/internal/testdocs"
)

// benchDoc parses one shared sample for the benchmarks.
func benchDoc(b *testing.B, rel string) formats.Document {
	docs, err := formats.Parse(testdocs.Read(b, rel))
	if err != nil {
		b.Fatal(err)
	}
	return docs[0]
}

// BenchmarkCommit measures NewSecrets (fields, salts, root) for a Peppol
// invoice and for the 107-field camt.054.
func BenchmarkCommit(b *testing.B) {
	for _, rel := range []string{"ubl/peppol-bis3-base-example.xml", "iso20022/camt054-fi-fffs-sample.xml"} {
		doc := benchDoc(b, rel)
		b.Run(rel, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := disclose.NewSecrets(&doc, rand.Reader); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDecodeCheck measures what a verifier does with a two-field
// disclosure file: Decode and Check. It reports the file size.
func BenchmarkDecodeCheck(b *testing.B) {
	for _, rel := range []string{"ubl/peppol-bis3-base-example.xml", "iso20022/camt054-fi-fffs-sample.xml"} {
		doc := benchDoc(b, rel)
		sec, err := disclose.NewSecrets(&doc, rand.Reader)
		if err != nil {
			b.Fatal(err)
		}
		d, err := disclose.Make(sec, []string{sec.Fields[0].Name, sec.Fields[len(sec.Fields)-1].Name})
		if err != nil {
			b.Fatal(err)
		}
		file, err := disclose.Encode(d)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(rel, func(b *testing.B) {
			b.ReportMetric(float64(len(file)), "file-bytes")
			b.ReportMetric(float64(len(sec.Fields)), "fields")
			for i := 0; i < b.N; i++ {
				d, err := disclose.Decode(file)
				if err != nil {
					b.Fatal(err)
				}
				if err := d.Check(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
