package disclose

import (
	"testing"

	"github.com/cometbft/cometbft/crypto/merkle"
)

// TestPathLenMatchesCometBFT: the path length Check expects is the length
// of the paths CometBFT builds, for every position of trees up to 300 leaves.
func TestPathLenMatchesCometBFT(t *testing.T) {
	for n := 1; n <= 300; n++ {
		items := make([][]byte, n)
		for i := range items {
			items[i] = []byte{byte(i), byte(i >> 8)}
		}
		_, proofs := merkle.ProofsFromByteSlices(items)
		for i, p := range proofs {
			if got := pathLen(i, n); got != len(p.Aunts) {
				t.Fatalf("leaf %d of %d: pathLen %d, CometBFT %d", i, n, got, len(p.Aunts))
			}
		}
	}
	if pathLen(MaxFields-1, MaxFields) > MaxPath {
		t.Fatalf("MaxPath %d is below the path of a full tree", MaxPath)
	}
}
