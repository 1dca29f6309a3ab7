package ingest

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/tx"
	"github.com/corridor-trade/corridor/x/invoice"
)

// FuzzMigrateOldJournal opens arbitrary bytes as an ingest journal: it must
// never panic, and a journal it opens (converted or not) opens again to the
// same intents and the same bytes.
func FuzzMigrateOldJournal(f *testing.F) {
	f.Add([]byte(`{"op":"intent","tx_hash":"AB","kind":"batch","tx":"AAAA"}` + "\n"))
	f.Add([]byte(`{"op":"outcome","tx_hash":"AB","status":"committed"}` + "\n" + `{"op":"intent"`))
	f.Add([]byte(`{"v":1,"op":"intent","hash":"AB"}` + "\n"))
	f.Add([]byte("\n"))
	// A valid format-0 journal: a committed batch and an open one.
	if key, err := secp.GenPrivKey(); err == nil {
		var seed []byte
		for seq := uint64(0); seq < 2; seq++ {
			raw, _ := tx.Build(key, "c", seq, "", &invoice.MsgAnchorBatch{Root: invoice.Hash{1}, Count: 1, Profile: "raw"})
			h := tx.Hash(raw)
			hash := strings.ToUpper(hex.EncodeToString(h[:]))
			b, _ := json.Marshal(oldEntry{Op: "intent", TxHash: hash, Kind: "batch", Sequence: seq, Tx: raw, Root: "01"})
			seed = append(append(seed, b...), '\n')
			if seq == 0 {
				b, _ = json.Marshal(oldEntry{Op: "outcome", TxHash: hash, Status: "committed", Height: 3})
				seed = append(append(seed, b...), '\n')
			}
		}
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "journal.jsonl")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		j, err := openJournal(path, nil)
		if err != nil {
			return
		}
		n := len(j.Intents())
		j.Close()
		first, _ := os.ReadFile(path)
		j, err = openJournal(path, nil)
		if err != nil {
			t.Fatalf("a journal that opened does not open again: %v", err)
		}
		defer j.Close()
		if again, _ := os.ReadFile(path); len(j.Intents()) != n || !bytes.Equal(again, first) {
			t.Fatal("reopening changed the journal")
		}
	})
}
