package app_test

import (
	"fmt"
	"testing"

	"github.com/corridor-trade/corridor/app/apptest"
)

// TestAnAnchorWritesTwoKeys anchors invoices through real blocks and
// reads the state database's usage: each anchor adds exactly one invoice
// record (iv/) and one fingerprint index entry (if/) to the live state,
// each with its fast-index copy, and nothing else per anchor
// (the signer's sequence is updated in place).
func TestAnAnchorWritesTwoKeys(t *testing.T) {
	h := apptest.New(t)
	// The signer's first transaction creates its sequence key: once per
	// account, not per anchor.
	h.Block(h.Tx("sg-trader", anchorMsg("usage-first")))
	before, err := h.App.StateUsage()
	if err != nil {
		t.Fatal(err)
	}
	const n = 30
	for b := 0; b < 3; b++ {
		var txs [][]byte
		for i := 0; i < n/3; i++ {
			txs = append(txs, h.Tx("sg-trader", anchorMsg(fmt.Sprintf("usage-%d-%d", b, i))))
		}
		for i, r := range h.Block(txs...).TxResults {
			if r.Code != 0 {
				t.Fatalf("block %d tx %d: code %d %s", b, i, r.Code, r.Log)
			}
		}
	}
	after, err := h.App.StateUsage()
	if err != nil {
		t.Fatal(err)
	}
	for _, class := range after.Classes() {
		leaves := after.Leaves[class].Count - before.Leaves[class].Count
		fast := after.Fast[class].Count - before.Fast[class].Count
		want := int64(0)
		if class == "iv/" || class == "if/" {
			want = n
		}
		if leaves != want || fast != want {
			t.Errorf("%s: %d new leaves and %d new fast entries for %d anchors, want %d of each", class, leaves, fast, n, want)
		}
	}
	if grown := after.Inner.Count - before.Inner.Count; grown != 2*n {
		t.Errorf("the tree grew by %d inner nodes for %d new leaves", grown, 2*n)
	}
}
