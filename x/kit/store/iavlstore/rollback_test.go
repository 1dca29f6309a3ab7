package iavlstore

import (
	"bytes"
	"fmt"
	"testing"
)

// TestRollbackTo commits five versions on disk, rolls back to 3, and checks
// that the reopened tree is at 3 with 3's hash and contents, that
// re-committing the same writes gives version 4 its old hash again, and
// that rolling forward, to 0 or to a pruned version is refused.
func TestRollbackTo(t *testing.T) {
	dir := t.TempDir()
	tree, err := Open(dir, Options{KeepRecent: 3})
	if err != nil {
		t.Fatal(err)
	}
	hashes := map[int64][]byte{}
	// Every version writes a few keys, as every block writes its time: an
	// IAVL root that stays live in later versions (a one-key tree) would
	// confuse IAVL's search for the first version after a rollback.
	write := func(tr *Tree, v int64) {
		for i := 0; i < 4; i++ {
			tr.Working().Set([]byte(fmt.Sprintf("k/%d/%d", v, i)), []byte(fmt.Sprintf("v%d", v)))
		}
		h, got, err := tr.Commit()
		if err != nil || got != v {
			t.Fatalf("commit %d: version %d, %v", v, got, err)
		}
		if want, ok := hashes[v]; ok && !bytes.Equal(h, want) {
			t.Fatalf("version %d re-committed to %X, was %X", v, h, want)
		}
		hashes[v] = h
	}
	for v := int64(1); v <= 5; v++ {
		write(tree, v)
	}
	for _, bad := range []int64{0, 1, 6} { // 1 is pruned (keep_recent 3)
		if err := tree.RollbackTo(bad); err == nil {
			t.Fatalf("rollback to %d accepted", bad)
		}
	}
	if err := tree.RollbackTo(3); err != nil {
		t.Fatal(err)
	}
	if tree.Version() != 3 || !bytes.Equal(tree.Hash(), hashes[3]) {
		t.Fatalf("after rollback: version %d hash %X", tree.Version(), tree.Hash())
	}
	tree.Close()
	tree, err = Open(dir, Options{KeepRecent: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer tree.Close()
	if tree.Version() != 3 || !bytes.Equal(tree.Hash(), hashes[3]) || tree.Working().Get([]byte("k/4/0")) != nil {
		t.Fatalf("reopened: version %d hash %X", tree.Version(), tree.Hash())
	}
	write(tree, 4)
	write(tree, 5)
	write(tree, 6)
	if tree.Version() != 6 {
		t.Fatalf("version %d after three commits from 3", tree.Version())
	}
}
