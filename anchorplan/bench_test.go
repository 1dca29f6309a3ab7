package anchorplan_test

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"testing"

	"github.com/corridor-trade/corridor/anchorplan"
	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/x/invoice"
)

// batchFiles is n one-invoice files of distinct documents, the shape of a
// directory of exported invoices.
func batchFiles(n int) []anchorplan.File {
	files := make([]anchorplan.File, n)
	for i := range files {
		var seed [8]byte
		binary.BigEndian.PutUint64(seed[:], uint64(i))
		d := inv(0)
		d.CanonicalHash = formats.Hash(sha256.Sum256(seed[:]))
		files[i] = anchorplan.File{Name: fmt.Sprintf("inv-%05d.xml", i), Docs: []formats.Document{d}}
	}
	return files
}

// BenchmarkMakeBatch plans 10,000 parsed invoices into one batch (root and
// every member's inclusion path): the client-side cost of batched
// anchoring per document (issue 18's target: 300,000 documents/s).
func BenchmarkMakeBatch(b *testing.B) {
	const n = 10000
	files := batchFiles(n)
	pol := anchorplan.Policy{Mode: anchorplan.ModeBatch}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p, err := anchorplan.Make(files, pol)
		if err != nil || len(p.Batches) != 1 || p.Batches[0].Count != n {
			b.Fatalf("plan: %v", err)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkMerkleRoot10000 is the batch root alone (what the load
// generator of make bench computes per batch).
func BenchmarkMerkleRoot10000(b *testing.B) {
	const n = 10000
	leaves := make([][32]byte, n)
	for i := range leaves {
		var seed [8]byte
		binary.BigEndian.PutUint64(seed[:], uint64(i))
		leaves[i] = sha256.Sum256(seed[:])
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = invoice.MerkleRoot(leaves)
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
}
