package ingest

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/corridor-trade/corridor/anchorplan"
	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/tx"
	"github.com/corridor-trade/corridor/x/invoice"
)

// writeOldJournal writes entries as ingest's format-0 journal did: one
// JSON line per entry, stamped with the time, followed by torn (a line cut
// short by a crash, without its newline).
func writeOldJournal(t *testing.T, path string, entries []oldEntry, torn string) {
	t.Helper()
	var buf bytes.Buffer
	for _, e := range entries {
		e.Time = time.Now().UTC()
		b, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		buf.Write(append(b, '\n'))
	}
	buf.WriteString(torn)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestMigrateOldJournal converts a format-0 journal holding a committed
// batch, a failed invoice, an open payment intent and a torn last line:
// the outbox's reader then sees the same intents (their meta intact, the
// signer read from the signed bytes), the same outcomes, the open intent
// still open; the old bytes are kept, and opening again changes nothing.
func TestMigrateOldJournal(t *testing.T) {
	key, err := secp.GenPrivKey()
	if err != nil {
		t.Fatal(err)
	}
	sign := func(seq uint64) ([]byte, string) {
		raw, err := tx.Build(key, "test-chain", seq, "", &invoice.MsgAnchorBatch{Root: invoice.Hash{byte(seq + 1)}, Count: 1, Profile: "raw"})
		if err != nil {
			t.Fatal(err)
		}
		h := tx.Hash(raw)
		return raw, strings.ToUpper(hex.EncodeToString(h[:]))
	}
	raw1, h1 := sign(4)
	raw2, h2 := sign(5)
	raw3, h3 := sign(6)
	member := anchorplan.Member{File: "a.xml", DocHash: invoice.Hash{7}, Index: 0, Path: []invoice.Hash{{8}}}
	path := filepath.Join(t.TempDir(), WorkDir, "journal.jsonl")
	writeOldJournal(t, path, []oldEntry{
		{Op: "intent", TxHash: h1, Kind: "batch", Sequence: 4, Tx: raw1, Files: []fileRef{{File: "a.xml", Raw: "aa"}},
			Root: invoice.Hash{5}.String(), Profile: "ubl-2.1", Count: 1, Members: []anchorplan.Member{member}},
		{Op: "outcome", TxHash: h1, Status: "committed", Height: 12, How: "submitted"},
		{Op: "intent", TxHash: h2, Kind: "invoice", Sequence: 5, Tx: raw2, Files: []fileRef{{File: "b.xml", Raw: "bb"}},
			DocHash: invoice.Hash{6}.String(), Salt: "c2FsdA"},
		{Op: "outcome", TxHash: h2, Status: "failed", Code: 1201, Codespace: "invoice", Log: "duplicate", How: "submitted, refused by CheckTx"},
		{Op: "intent", TxHash: h3, Kind: "payment", Sequence: 6, Tx: raw3, Files: []fileRef{{File: "p.xml", Raw: "cc"}}, Payments: []string{"P1", "P2"}},
	}, `{"op":"outcome","tx_hash":"`+h3)
	old, _ := os.ReadFile(path)

	var log strings.Builder
	j, err := openJournal(path, &log)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log.String(), "converted") {
		t.Errorf("log: %q", log.String())
	}
	ins := j.Intents()
	if len(ins) != 3 {
		t.Fatalf("%d intents", len(ins))
	}
	if ins[0].Label != "batch/"+(invoice.Hash{5}).String() || ins[1].Label != "invoice/"+(invoice.Hash{6}).String() || ins[2].Label != "payment/P1" {
		t.Errorf("labels %q %q %q", ins[0].Label, ins[1].Label, ins[2].Label)
	}
	for _, in := range ins {
		if in.Signer != key.PubKey().Address().String() {
			t.Errorf("%s: signer %s", in.Hash, in.Signer)
		}
	}
	m, err := decodeMeta(ins[0])
	if err != nil || len(m.Members) != 1 || m.Members[0].Path[0] != (invoice.Hash{8}) || m.Files[0].Raw != "aa" || m.Count != 1 {
		t.Errorf("batch meta %+v %v", m, err)
	}
	if m, _ := decodeMeta(ins[1]); m.Salt != "c2FsdA" {
		t.Errorf("invoice meta %+v", m)
	}
	if o, ok := j.Outcome(h1); !ok || o.Status != client.Committed || o.Height != 12 {
		t.Errorf("batch outcome %+v", o)
	}
	if o, ok := j.Outcome(h2); !ok || o.Status != client.Failed || o.Code != 1201 || o.Log != "duplicate" {
		t.Errorf("invoice outcome %+v", o)
	}
	if open := j.Open(); len(open) != 1 || open[0].Hash != h3 {
		t.Errorf("open intents %+v", open)
	}
	recs, err := committedRecords(j)
	if err != nil || len(recs) != 1 || byFile(recs)[fileRef{File: "a.xml", Raw: "aa"}.key()].in.Hash != h1 {
		t.Errorf("committed records %+v %v", recs, err)
	}
	j.Close()
	if kept, _ := os.ReadFile(path + OldJournalSuffix); !bytes.Equal(kept, old) {
		t.Error("the format-0 journal is not kept as it was")
	}

	// A second open reads the converted journal as it is.
	conv, _ := os.ReadFile(path)
	log.Reset()
	j, err = openJournal(path, &log)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := openJournal(path, nil); !errors.Is(err, codes.ClientJournalLocked) {
		t.Errorf("a second open of a journal in use: %v", err)
	}
	j.Close()
	if again, _ := os.ReadFile(path); !bytes.Equal(again, conv) || log.Len() != 0 {
		t.Errorf("the converted journal changed on reopening (log %q)", log.String())
	}
}

// TestMigrateRefusesCorruptOldJournal: a format-0 journal with a line that
// is not an entry, or an intent whose hash is not that of its bytes, is
// refused, not converted, and left as it was.
func TestMigrateRefusesCorruptOldJournal(t *testing.T) {
	for name, data := range map[string][]byte{
		"bad op":     []byte(`{"op":"intent","tx_hash":"AB","tx":"AAAA"}` + "\n" + `{"op":"nonsense"}` + "\n"),
		"wrong hash": []byte(`{"op":"intent","tx_hash":"AB","kind":"batch","tx":"AAAA"}` + "\n"),
	} {
		path := filepath.Join(t.TempDir(), "journal.jsonl")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := openJournal(path, nil); err == nil {
			t.Fatalf("%s: a corrupt format-0 journal was opened", name)
		}
		if got, _ := os.ReadFile(path); !bytes.Equal(got, data) {
			t.Errorf("%s: the corrupt journal was changed", name)
		}
		if _, err := os.Stat(path + OldJournalSuffix); err == nil {
			t.Errorf("%s: a backup was made of a journal that was not converted", name)
		}
	}
}

// TestMigrateLeavesLockedOldJournal: a format-0 journal locked by an old
// ingest still running is neither converted nor opened.
func TestMigrateLeavesLockedOldJournal(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	data := []byte(`{"op":"intent","tx_hash":"AB","kind":"batch","tx":"AAAA"}` + "\n")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		t.Fatal(err)
	}
	if _, err := openJournal(path, nil); !errors.Is(err, codes.ClientJournalLocked) {
		t.Fatalf("open of a locked format-0 journal: %v", err)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, data) {
		t.Error("the locked journal was changed")
	}
}
