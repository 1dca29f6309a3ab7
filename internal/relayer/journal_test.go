package relayer

import (
	"os"
	"path/filepath"
	"testing"
)

// TestJournalTornLine reopens a journal whose last write was cut short by
// a crash: the complete lines count, the torn one is dropped, and appending
// continues on a clean line.
func TestJournalTornLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j")
	j, err := OpenJournal(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range []Entry{
		{Op: OpFound, Hash: "aa", Height: 3}, {Op: OpScan, Height: 9},
		{Op: OpFound, Hash: "bb", Height: 4}, {Op: OpDone, Hash: "bb", Height: 7},
	} {
		if err := j.Append(e); err != nil {
			t.Fatal(err)
		}
	}
	j.Close()
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"op":"done","hash":"aa","hei`)
	f.Close()

	j, err = OpenJournal(path)
	if err != nil {
		t.Fatal(err)
	}
	if j.Done("aa") || !j.Done("bb") || j.Scanned() != 9 || len(j.Found()) != 2 {
		t.Fatalf("state after reopening: done aa=%v bb=%v scanned=%d found=%v", j.Done("aa"), j.Done("bb"), j.Scanned(), j.Found())
	}
	// A journal written before the outbox: its send lines are ignored.
	if err := j.Append(Entry{Op: "pending", Hash: "aa"}); err != nil {
		t.Fatal(err)
	}
	if err := j.Append(Entry{Op: OpDone, Hash: "aa", Height: 8}); err != nil {
		t.Fatal(err)
	}
	j.Close()
	j, err = OpenJournal(path)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	if !j.Done("aa") || len(j.Entries()) != 6 {
		t.Fatalf("after appending past the torn line: done=%v entries=%d", j.Done("aa"), len(j.Entries()))
	}
}
