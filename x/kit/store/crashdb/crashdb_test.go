package crashdb

import (
	"errors"
	"testing"
)

func get(t *testing.T, d *Disk, key string) string {
	t.Helper()
	db := Open(d)
	v, err := db.Get([]byte(key))
	if err != nil {
		t.Fatal(err)
	}
	return string(v)
}

// TestModel pins the durability model: a sync makes every earlier write
// durable, unsynced groups survive as a prefix, a batch is all or nothing,
// and a crash point stops the run.
func TestModel(t *testing.T) {
	disk := NewDisk()
	db := Open(disk, CrashAt(5))
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(db.Set([]byte("a"), []byte("1")))     // write 1, unsynced
	must(db.SetSync([]byte("b"), []byte("2"))) // write 2, syncs a too
	must(db.Set([]byte("c"), []byte("3")))     // write 3
	b := db.NewBatch()
	must(b.Set([]byte("d"), []byte("4")))
	must(b.Delete([]byte("a")))
	must(b.Write()) // write 4, one group
	if v, _ := db.Get([]byte("d")); string(v) != "4" {
		t.Fatal("a run reads its own unsynced writes")
	}
	if err := db.Set([]byte("e"), []byte("5")); !errors.Is(err, ErrCrashed) { // write 5 crashes
		t.Fatalf("write 5: %v, want ErrCrashed", err)
	}
	if _, err := db.Get([]byte("a")); !errors.Is(err, ErrCrashed) {
		t.Fatal("reads after the crash must fail")
	}
	if db.Writes() != 5 {
		t.Fatalf("writes = %d", db.Writes())
	}
	img := db.Image()
	if img.Unsynced() != 2 {
		t.Fatalf("unsynced = %d, want 2 (c, then the batch)", img.Unsynced())
	}
	for keep, want := range []string{"1 2  ", "1 2 3 ", " 2 3 4"} {
		d := img.Disk(keep)
		got := get(t, d, "a") + " " + get(t, d, "b") + " " + get(t, d, "c") + " " + get(t, d, "d")
		if got != want {
			t.Errorf("keep %d: a b c d = %q, want %q", keep, got, want)
		}
		if get(t, d, "e") != "" {
			t.Error("the crashing write must not survive")
		}
	}
	// A clean close loses nothing.
	d2 := NewDisk()
	db2 := Open(d2)
	must(db2.Set([]byte("x"), []byte("1")))
	must(db2.Close())
	if get(t, d2, "x") != "1" {
		t.Error("a clean close must keep unsynced writes")
	}
}
