package bench

import (
	"bytes"
	"testing"

	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/tx"
)

// The benchmark's builder must produce exactly what tx.Build produces
// (secp signatures are deterministic, RFC 6979).
func TestBuildMatchesTxBuild(t *testing.T) {
	key, err := secp.GenPrivKey()
	if err != nil {
		t.Fatal(err)
	}
	a := NewAccounts("chain-x", []*secp.PrivKey{key})
	msg := DocMsg()
	want, err := tx.Build(key, "chain-x", 7, "", msg)
	if err != nil {
		t.Fatal(err)
	}
	if got := a.build(0, 7, msg); !bytes.Equal(got, want) {
		t.Fatal("bench builder differs from tx.Build")
	}
}

func TestKVStoreWorkloadShape(t *testing.T) {
	w := KVStoreWorkload(100, 4)
	for i, raw := range w.Txs {
		if len(raw) != 256 || bytes.Count(raw, []byte("=")) != 1 || bytes.Contains(raw, []byte(":")) {
			t.Fatalf("tx %d is not a 256-byte key=value: %q", i, raw)
		}
		if w.Node[i] != i%4 {
			t.Fatalf("tx %d goes to node %d", i, w.Node[i])
		}
	}
}
