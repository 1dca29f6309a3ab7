package iavlstore

import (
	"bytes"
	"fmt"
	"testing"

	ics23 "github.com/cosmos/ics23/go"

	"github.com/corridor-trade/corridor/x/kit/store"
)

func TestCacheMergesAndFlushesInOrder(t *testing.T) {
	tree, err := Open(t.TempDir(), Options{Backend: "memdb"})
	if err != nil {
		t.Fatal(err)
	}
	w := tree.Working()
	w.Set([]byte("a/1"), []byte("x"))
	w.Set([]byte("a/3"), []byte("y"))
	c := store.NewCache(w)
	c.Set([]byte("a/2"), []byte("new"))
	c.Delete([]byte("a/3"))
	c.Set([]byte("b/1"), []byte("out of range"))
	var got []string
	store.IteratePrefix(c, []byte("a/"), func(k, v []byte) bool {
		got = append(got, string(k)+"="+string(v))
		return true
	})
	if want := "[a/1=x a/2=new]"; fmt.Sprint(got) != want {
		t.Fatalf("merged iteration = %v, want %s", got, want)
	}
	if w.Get([]byte("a/2")) != nil || !w.Has([]byte("a/3")) {
		t.Fatal("cache leaked writes before Write")
	}
	c.Write()
	if string(w.Get([]byte("a/2"))) != "new" || w.Has([]byte("a/3")) || c.Len() != 0 {
		t.Fatal("Write did not flush")
	}
}

// TestInsertionOrderIndependence shows why caches flush sorted: the same
// writes buffered in any order give the same root hash.
func TestInsertionOrderIndependence(t *testing.T) {
	hashOf := func(order []int) []byte {
		tree, _ := Open(t.TempDir(), Options{Backend: "memdb"})
		c := store.NewCache(tree.Working())
		for _, i := range order {
			c.Set([]byte(fmt.Sprintf("k%03d", i)), []byte{byte(i)})
		}
		c.Write()
		return tree.WorkingHash()
	}
	a := hashOf([]int{1, 2, 3, 4, 5, 6, 7, 8})
	b := hashOf([]int{8, 3, 5, 1, 7, 2, 6, 4})
	if !bytes.Equal(a, b) {
		t.Fatal("root hash depends on the order writes were buffered")
	}
}

func TestCommitReopenPruneAndProve(t *testing.T) {
	for _, backend := range []string{"goleveldb", "pebbledb"} {
		t.Run(backend, func(t *testing.T) {
			dir := t.TempDir()
			tree, err := Open(dir, Options{Backend: backend, KeepRecent: 2})
			if err != nil {
				t.Fatal(err)
			}
			var hashes [][]byte
			for v := 1; v <= 4; v++ {
				tree.Working().Set([]byte(fmt.Sprintf("key%d", v)), []byte(fmt.Sprintf("value%d", v)))
				h, ver, err := tree.Commit()
				if err != nil || ver != int64(v) {
					t.Fatalf("commit %d: %v (version %d)", v, err, ver)
				}
				hashes = append(hashes, h)
			}
			if err := tree.Close(); err != nil {
				t.Fatal(err)
			}
			tree, err = Open(dir, Options{Backend: backend, KeepRecent: 2})
			if err != nil {
				t.Fatal(err)
			}
			defer tree.Close()
			if tree.Version() != 4 || !bytes.Equal(tree.Hash(), hashes[3]) {
				t.Fatalf("reopened at version %d", tree.Version())
			}
			if _, err := tree.Snapshot(1); err == nil {
				t.Fatal("version 1 should have been pruned (keep_recent 2)")
			}
			snap, err := tree.Snapshot(3)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(snap.Hash(), hashes[2]) {
				t.Fatal("snapshot hash is not that version's commit hash")
			}
			v, p, err := snap.Prove([]byte("key2"))
			if err != nil || string(v) != "value2" {
				t.Fatalf("prove key2: %q %v", v, err)
			}
			if !ics23.VerifyMembership(ics23.IavlSpec, snap.Hash(), p, []byte("key2"), v) {
				t.Fatal("existence proof does not verify")
			}
			if ics23.VerifyMembership(ics23.IavlSpec, snap.Hash(), p, []byte("key2"), []byte("forged")) {
				t.Fatal("existence proof verifies a forged value")
			}
			v, p, err = snap.Prove([]byte("key4"))
			if err != nil || v != nil {
				t.Fatalf("key4 is absent at version 3: %q %v", v, err)
			}
			if !ics23.VerifyNonMembership(ics23.IavlSpec, snap.Hash(), p, []byte("key4")) {
				t.Fatal("non-existence proof does not verify")
			}
		})
	}
}

func TestUnknownBackend(t *testing.T) {
	if _, err := Open(t.TempDir(), Options{Backend: "rocksdb"}); err == nil {
		t.Fatal("rocksdb is not built in; Open must say so")
	}
}
