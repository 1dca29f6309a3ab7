package iavlstore

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	"github.com/corridor-trade/corridor/x/kit/store/crashdb"
	"github.com/cosmos/iavl"
)

// TestRecoversPartialVersion builds the damage issue 12 found on pebbledb
// nodes: databases written the way Corridor wrote before (IAVL's defaults:
// a large version in several unsynced batches) and cut by a crash in the
// middle of a version, which leaves its nodes without its root, so that
// IAVL fails every start with "version does not exist". Open must roll back
// to the last complete version, with that version's exact contents, and
// the rollback itself must survive a crash at any of its write points.
func TestRecoversPartialVersion(t *testing.T) {
	t.Run("later version", func(t *testing.T) { recoversPartialVersion(t, crashPlan()) })
	// A partial first version: no complete version to go back to.
	t.Run("first version", func(t *testing.T) { recoversPartialVersion(t, crashPlan()[2:4]) })
}

func recoversPartialVersion(t *testing.T, plan []map[string][]byte) {
	legacy := Options{KeepRecent: 2, legacyWrites: true}
	hashes, states, writes := reference(t, legacy, plan)
	damagedSeen, rollbacks := 0, 0
	for k := 1; k <= writes; k++ {
		db := crashdb.Open(crashdb.NewDisk(), crashdb.CrashAt(k), crashdb.Silently())
		tree, err := OpenDB(db, legacy)
		for _, w := range plan {
			if err != nil {
				break
			}
			applyVersion(tree, w)
			_, _, err = tree.Commit()
		}
		img := db.Image()
		for _, keep := range keeps(img.Unsynced()) {
			where := fmt.Sprintf("crash at write %d, %d of %d unsynced writes kept", k, keep, img.Unsynced())
			disk := img.Disk(keep)
			// Is this the damage? Plain IAVL cannot load it.
			probe := iavl.NewMutableTree(adapter{crashdb.Open(disk.Clone())}, 1000, false, iavl.NewNopLogger())
			_, perr := probe.Load()
			if perr != nil && !errors.Is(perr, iavl.ErrVersionDoesNotExist) {
				t.Fatalf("%s: unexpected damage: %v", where, perr)
			}
			damaged := perr != nil
			if damaged {
				damagedSeen++
			}
			// Recover, crashing at every write point of the recovery in
			// turn, then once more without a crash.
			for j := 1; ; j++ {
				rdb := crashdb.Open(disk, crashdb.CrashAt(j))
				reopened, err := OpenDB(rdb, Options{KeepRecent: 2})
				if rdb.Crashed() {
					rollbacks++
					// The rollback crashed: the node starts again on what
					// reached the disk (all of it, or nothing unsynced).
					ri := rdb.Image()
					disk = ri.Disk(ri.Unsynced())
					continue
				}
				if err != nil {
					t.Fatalf("%s: recovery run %d: %v", where, j, err)
				}
				// Recovered; check it on a run without a crash point.
				reopened.Close()
				if reopened, err = OpenDB(crashdb.Open(disk), Options{KeepRecent: 2}); err != nil {
					t.Fatalf("%s: open after recovery: %v", where, err)
				}
				v := reopened.Version()
				if v > 0 && !bytes.Equal(reopened.Hash(), hashes[v]) {
					t.Fatalf("%s: recovered to version %d with hash %X, committed %X", where, v, reopened.Hash(), hashes[v])
				}
				if err := sameState(t, reopened, states[v], states); err != nil {
					t.Fatalf("%s: recovered to version %d: %v", where, v, err)
				}
				// The tree goes on from there.
				if v < int64(len(plan)) {
					applyVersion(reopened, plan[v])
					if h, _, err := reopened.Commit(); err != nil || !bytes.Equal(h, hashes[v+1]) {
						t.Fatalf("%s: commit %d after recovery: %X %v", where, v+1, h, err)
					}
				}
				reopened.Close()
				break
			}
		}
	}
	if damagedSeen == 0 {
		t.Fatal("no crash left a partial version: the test does not exercise the recovery")
	}
	t.Logf("%d write points; %d crash images held a partial version; %d recovery runs crashed and were retried", writes, damagedSeen, rollbacks)
}

// TestDamageBeyondRepairSaysWhatToDo checks that a database start-up cannot
// repair fails with store/damaged and the operator's way out, not with a
// bare IAVL error.
func TestDamageBeyondRepairSaysWhatToDo(t *testing.T) {
	disk := crashdb.NewDisk()
	db := crashdb.Open(disk)
	tree, err := OpenDB(db, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for v := 1; v <= 3; v++ {
		tree.Working().Set([]byte(fmt.Sprintf("k%d", v)), []byte("v"))
		if _, _, err := tree.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	tree.Close()
	// Overwrite the latest root node with bytes that do not decode.
	db = crashdb.Open(disk)
	root := append([]byte{'s'}, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 1) // node key (version 3, nonce 1)
	if ok, _ := db.Has(root); !ok {
		t.Fatal("no root node for version 3 where IAVL v1 keeps it")
	}
	if err := db.SetSync(root, []byte{0xff, 0xff, 0xff}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	for try := 0; try < 2; try++ { // the same clear answer every time
		_, err = OpenDB(crashdb.Open(disk), Options{})
		if err == nil {
			t.Fatal("a root that does not decode was accepted")
		}
		if !errors.Is(err, ErrDamaged) {
			t.Fatalf("error %v is not store/damaged", err)
		}
		for _, want := range []string{"move application.db aside", "replays every block"} {
			if !bytes.Contains([]byte(err.Error()), []byte(want)) {
				t.Fatalf("error does not say %q: %v", want, err)
			}
		}
	}
}
