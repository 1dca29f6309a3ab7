package store

import (
	"testing"

	dbm "github.com/cosmos/cosmos-db"
	"github.com/cosmos/iavl"
)

// A state database written by an earlier build, with IAVL's fast index,
// opens and keeps working without it: reads walk the tree, so the stale
// index copies are never consulted, and the app hash is the same.
func TestOpensStateWrittenWithFastIndex(t *testing.T) {
	dir := t.TempDir()
	db, err := dbm.NewDB("application", dbm.GoLevelDBBackend, dir)
	if err != nil {
		t.Fatal(err)
	}
	old := iavl.NewMutableTree(adapter{db}, 1000, false, iavl.NewNopLogger())
	if _, err := old.Load(); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"a", "b", "c"} {
		if _, err := old.Set([]byte(k), []byte("v1-"+k)); err != nil {
			t.Fatal(err)
		}
	}
	hash, _, err := old.SaveVersion()
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	tr, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if string(tr.Hash()) != string(hash) {
		t.Fatal("app hash changed on reopen")
	}
	w := tr.Working()
	w.Set([]byte("b"), []byte("v2-b"))
	w.Delete([]byte("c"))
	if _, _, err := tr.Commit(); err != nil {
		t.Fatal(err)
	}
	tr.Close()

	tr, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	snap, err := tr.Snapshot(0)
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]string{"a": "v1-a", "b": "v2-b", "c": ""} {
		if got := string(snap.Get([]byte(k))); got != want {
			t.Fatalf("%s = %q, want %q", k, got, want)
		}
		if got := string(tr.Working().Get([]byte(k))); got != want {
			t.Fatalf("working %s = %q, want %q", k, got, want)
		}
	}
}
