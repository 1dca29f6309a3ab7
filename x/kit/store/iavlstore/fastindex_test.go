package iavlstore

import (
	"bytes"
	"fmt"
	"testing"
)

// TestFastIndexOffChangesNoHash writes the same versions to a tree with
// IAVL's fast index and to one without, on goleveldb, and compares every
// root hash and every read; the tree without the index holds no fast
// entries at all.
func TestFastIndexOffChangesNoHash(t *testing.T) {
	with, err := Open(t.TempDir(), Options{KeepRecent: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer with.Close()
	without, err := Open(t.TempDir(), Options{KeepRecent: 2, NoFastIndex: true})
	if err != nil {
		t.Fatal(err)
	}
	defer without.Close()
	for v := 0; v < 5; v++ {
		for _, tr := range []*Tree{with, without} {
			w := tr.Working()
			for i := 0; i < 40; i++ {
				w.Set([]byte(fmt.Sprintf("k/%02d", (i*7+v)%60)), []byte(fmt.Sprintf("v%d-%d", v, i)))
			}
			w.Delete([]byte(fmt.Sprintf("k/%02d", v*3)))
			if _, _, err := tr.Commit(); err != nil {
				t.Fatal(err)
			}
		}
		if !bytes.Equal(with.Hash(), without.Hash()) {
			t.Fatalf("version %d: hash %x with the fast index, %x without", v+1, with.Hash(), without.Hash())
		}
	}
	a, _ := with.Snapshot(0)
	b, _ := without.Snapshot(0)
	for i := 0; i < 60; i++ {
		k := []byte(fmt.Sprintf("k/%02d", i))
		if !bytes.Equal(a.Get(k), b.Get(k)) {
			t.Fatalf("%s: %q with the fast index, %q without", k, a.Get(k), b.Get(k))
		}
	}
	u, err := without.Usage(nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(u.Fast) != 0 {
		t.Fatalf("fast entries without the fast index: %v", u.Fast)
	}
}

// TestFastIndexTurnedBackOnIsRebuilt runs a database with the fast index,
// then without it (the old index goes stale), then with it again: the
// index must be rebuilt on opening, so that reads see the latest values.
func TestFastIndexTurnedBackOnIsRebuilt(t *testing.T) {
	dir := t.TempDir()
	write := func(opts Options, value string) {
		tr, err := Open(dir, opts)
		if err != nil {
			t.Fatal(err)
		}
		defer tr.Close()
		w := tr.Working()
		for i := 0; i < 30; i++ {
			w.Set([]byte(fmt.Sprintf("k/%02d", i)), []byte(value))
		}
		if _, _, err := tr.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	write(Options{}, "first")
	write(Options{NoFastIndex: true}, "second")
	tr, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	s, _ := tr.Snapshot(0)
	for i := 0; i < 30; i++ {
		if got := string(s.Get([]byte(fmt.Sprintf("k/%02d", i)))); got != "second" {
			t.Fatalf("k/%02d = %q after the fast index was turned back on, want the latest value", i, got)
		}
	}
	u, err := tr.Usage(nil)
	if err != nil {
		t.Fatal(err)
	}
	if u.Fast["k/"].Count != 30 {
		t.Fatalf("%d fast entries after turning the index back on, want 30", u.Fast["k/"].Count)
	}
}
