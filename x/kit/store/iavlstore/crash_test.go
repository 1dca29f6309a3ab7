package iavlstore

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	"github.com/corridor-trade/corridor/x/kit/store"
	"github.com/corridor-trade/corridor/x/kit/store/crashdb"
)

// crashPlan is the writes of each version of a crash test: small versions,
// one version far above IAVL's default 100,000-byte flush threshold (which
// it used to write in several batches), deletions, and pruning.
func crashPlan() []map[string][]byte {
	var plan []map[string][]byte
	for v := 1; v <= 6; v++ {
		w := map[string][]byte{fmt.Sprintf("meta/height"): []byte(fmt.Sprint(v))}
		n := 3
		if v == 3 {
			n = 2500
		}
		for i := 0; i < n; i++ {
			w[fmt.Sprintf("k/%d/%05d", v, i)] = bytes.Repeat([]byte{byte(v)}, 48)
		}
		if v == 5 {
			for i := 0; i < 400; i++ {
				w[fmt.Sprintf("k/3/%05d", i*5)] = nil // delete
			}
		}
		plan = append(plan, w)
	}
	return plan
}

// applyVersion writes one version of the plan through a Cache (sorted).
func applyVersion(t *Tree, w map[string][]byte) {
	c := store.NewCache(t.Working())
	for k, v := range w {
		if v == nil {
			c.Delete([]byte(k))
		} else {
			c.Set([]byte(k), v)
		}
	}
	c.Write()
}

// reference commits the whole plan on a fresh disk and returns the hash and
// full contents of every version, and the number of write points.
func reference(t *testing.T, opts Options, plan []map[string][]byte) (hashes [][]byte, states []map[string]string, writes int) {
	t.Helper()
	db := crashdb.Open(crashdb.NewDisk())
	tree, err := OpenDB(db, opts)
	if err != nil {
		t.Fatal(err)
	}
	hashes, states = [][]byte{nil}, []map[string]string{{}}
	for _, w := range plan {
		applyVersion(tree, w)
		h, _, err := tree.Commit()
		if err != nil {
			t.Fatal(err)
		}
		hashes = append(hashes, h)
		states = append(states, dump(t, tree, 0))
	}
	return hashes, states, db.Writes()
}

// dump returns every key and value of version v (0 = latest) read by
// iteration, after checking that point reads (through the fast index)
// agree.
func dump(t *testing.T, tree *Tree, v int64) map[string]string {
	t.Helper()
	snap, err := tree.Snapshot(v)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	snap.Iterate(nil, nil, func(k, v []byte) bool {
		out[string(k)] = string(v)
		return true
	})
	for k, v := range out {
		if got := snap.Get([]byte(k)); string(got) != v {
			t.Fatalf("version %d: Get(%s) = %q, iteration says %q", snap.Version(), k, got, v)
		}
	}
	return out
}

// sameState checks the latest version of tree against the reference state,
// including keys that exist in other versions only (which must read nil).
func sameState(t *testing.T, tree *Tree, want map[string]string, all []map[string]string) error {
	got := dump(t, tree, 0)
	if len(got) != len(want) {
		return fmt.Errorf("%d keys, want %d", len(got), len(want))
	}
	for k, v := range want {
		if got[k] != v {
			return fmt.Errorf("key %s = %q, want %q", k, got[k], v)
		}
	}
	for _, st := range all {
		for k := range st {
			if _, ok := want[k]; ok {
				continue
			}
			if v := tree.Working().Get([]byte(k)); v != nil {
				return fmt.Errorf("key %s reads %q through the working tree, but does not exist at this version", k, v)
			}
		}
	}
	return tree.Err()
}

// keeps returns the unsynced prefixes to try for a crash that interrupted n
// unsynced write groups: all of them when few, else a spread.
func keeps(n int) []int {
	if n <= 8 {
		out := make([]int, n+1)
		for i := range out {
			out[i] = i
		}
		return out
	}
	return []int{0, 1, n / 2, n - 1, n}
}

// TestCrashAtEveryWritePoint crashes the tree at every write point of a
// run of commits in turn (crashdb), builds every disk the crash can leave
// (each prefix of the unsynced writes), reopens, and checks: the tree is at
// the last committed version or one before it, with that version's hash
// and exact contents; the commits after it redo to the same hashes.
func TestCrashAtEveryWritePoint(t *testing.T) {
	opts := Options{KeepRecent: 2}
	plan := crashPlan()
	hashes, states, writes := reference(t, opts, plan)
	if writes > 2*len(plan) {
		t.Errorf("%d write points for %d commits: a version must be one batch (plus one for pruning)", writes, len(plan))
	}
	for k := 1; k <= writes+1; k++ {
		db := crashdb.Open(crashdb.NewDisk(), crashdb.CrashAt(k))
		acked := int64(0) // versions whose Commit returned
		tree, err := OpenDB(db, opts)
		if err != nil && !db.Crashed() {
			t.Fatalf("crash at write %d: open: %v", k, err)
		}
		for _, w := range plan {
			if err != nil {
				break
			}
			applyVersion(tree, w)
			if _, _, err = tree.Commit(); err != nil {
				if !errors.Is(err, crashdb.ErrCrashed) {
					t.Fatalf("crash at write %d: commit %d: %v", k, acked+1, err)
				}
				break
			}
			acked++
		}
		img := db.Image()
		for _, keep := range keeps(img.Unsynced()) {
			where := fmt.Sprintf("crash at write %d during commit %d, %d of %d unsynced writes kept", k, acked+1, keep, img.Unsynced())
			reopened, err := OpenDB(crashdb.Open(img.Disk(keep)), opts)
			if err != nil {
				t.Fatalf("%s: reopen: %v", where, err)
			}
			v := reopened.Version()
			if v != acked && v != acked+1 || v > int64(len(plan)) {
				t.Fatalf("%s: reopened at version %d, want %d or %d", where, v, acked, acked+1)
			}
			if v > 0 && !bytes.Equal(reopened.Hash(), hashes[v]) {
				t.Fatalf("%s: version %d hash %X, committed %X", where, v, reopened.Hash(), hashes[v])
			}
			if err := sameState(t, reopened, states[v], states); err != nil {
				t.Fatalf("%s: version %d: %v", where, v, err)
			}
			for next := v + 1; next <= int64(len(plan)); next++ {
				applyVersion(reopened, plan[next-1])
				h, _, err := reopened.Commit()
				if err != nil || !bytes.Equal(h, hashes[next]) {
					t.Fatalf("%s: redo commit %d: %X %v, want %X", where, next, h, err, hashes[next])
				}
			}
			reopened.Close()
		}
	}
}
