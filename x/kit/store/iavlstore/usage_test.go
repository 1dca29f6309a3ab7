package iavlstore

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cosmos/iavl"
)

// TestUsageAccountsForEveryEntry builds a tree over three versions on a
// real goleveldb database and checks Usage against what is known of it:
// every live key is one leaf and one fast entry of its class, a tree of n
// leaves has n-1 inner nodes, updates leave orphans until pruning deletes
// the versions that held them, and the parts add up to the whole database.
func TestUsageAccountsForEveryEntry(t *testing.T) {
	for _, keep := range []int64{0, 1} {
		t.Run(fmt.Sprintf("keep_recent=%d", keep), func(t *testing.T) {
			tree, err := Open(t.TempDir(), Options{KeepRecent: keep})
			if err != nil {
				t.Fatal(err)
			}
			defer tree.Close()
			w := tree.Working()
			for v := 0; v < 3; v++ {
				for i := 0; i < 50; i++ {
					w.Set([]byte(fmt.Sprintf("aa/%03d", i)), []byte(fmt.Sprintf("value %d of version %d", i, v)))
				}
				w.Set([]byte(fmt.Sprintf("bb/%d", v)), []byte("x"))
				if _, _, err := tree.Commit(); err != nil {
					t.Fatal(err)
				}
			}
			u, err := tree.Usage(nil)
			if err != nil {
				t.Fatal(err)
			}
			if u.Leaves["aa/"].Count != 50 || u.Leaves["bb/"].Count != 3 || u.Fast["aa/"].Count != 50 || u.Fast["bb/"].Count != 3 {
				t.Fatalf("leaves %v, fast %v; want 50 aa/ and 3 bb/ of each", u.Leaves, u.Fast)
			}
			if u.Inner.Count != 52 {
				t.Fatalf("inner nodes = %d, want 52 for 53 leaves", u.Inner.Count)
			}
			if keep == 0 && u.Orphans.Count == 0 {
				t.Fatal("no orphans although two older versions are kept")
			}
			if keep == 1 && u.Orphans.Count != 0 {
				t.Fatalf("%d orphans after pruning every older version", u.Orphans.Count)
			}
			var all Bytes
			it, err := tree.db.Iterator(nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			for ; it.Valid(); it.Next() {
				all.add(len(it.Key()) + len(it.Value()))
			}
			it.Close()
			if u.Total() != all.Bytes {
				t.Fatalf("parts add up to %d bytes, the database holds %d", u.Total(), all.Bytes)
			}
		})
	}
}

// TestDecodeNodeAgreesWithIAVL decodes every node of a real tree and
// compares the key with IAVL's own decoder.
func TestDecodeNodeAgreesWithIAVL(t *testing.T) {
	tree, err := Open(t.TempDir(), Options{Backend: "memdb"})
	if err != nil {
		t.Fatal(err)
	}
	w := tree.Working()
	for i := 0; i < 100; i++ {
		w.Set([]byte(fmt.Sprintf("k/%d", i)), []byte{byte(i)})
	}
	if _, _, err := tree.Commit(); err != nil {
		t.Fatal(err)
	}
	it, err := tree.db.Iterator([]byte{nodePrefix}, []byte{nodePrefix + 1})
	if err != nil {
		t.Fatal(err)
	}
	defer it.Close()
	n, leaves := 0, map[string]bool{}
	for ; it.Valid(); it.Next() {
		got, err := decodeNode(it.Value())
		if err != nil {
			t.Fatal(err)
		}
		want, err := iavl.MakeNode(it.Key()[1:], it.Value())
		if err != nil {
			t.Fatal(err)
		}
		if got.leaf {
			leaves[string(got.key)] = true
		} else if children := fmt.Sprintf(":%x-%x ", got.left[1:], got.right[1:]); !strings.Contains(want.String(), children) {
			t.Fatalf("node %x: children %s, IAVL says %s", it.Key(), children, want)
		}
		n++
	}
	if n != 199 || len(leaves) != 100 || !leaves["k/0"] || !leaves["k/99"] {
		t.Fatalf("%d nodes and %d distinct leaf keys, want 199 and the 100 keys written", n, len(leaves))
	}
}

// FuzzDecodeNode feeds arbitrary bytes to the node decoder: it must fail
// cleanly, never panic, and accept only what IAVL's decoder accepts.
func FuzzDecodeNode(f *testing.F) {
	f.Add([]byte{0, 2, 3, 'k', '/', '1', 1, 7})
	f.Add([]byte{2, 4, 3, 'k', '/', '1', 32})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		n, err := decodeNode(b)
		if err != nil {
			return
		}
		if _, ierr := iavl.MakeNode(make([]byte, 12), b); ierr != nil && n.leaf {
			t.Fatalf("decodeNode accepted a leaf IAVL refuses: %v", ierr)
		}
	})
}
