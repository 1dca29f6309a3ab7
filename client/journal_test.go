package client_test

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/codes"
)

// intentLine is a journal line of an intent for the bytes tx.
func intentLine(v int, tx string, seq uint64) (string, string) {
	h := sha256.Sum256([]byte(tx))
	hash := strings.ToUpper(hex.EncodeToString(h[:]))
	return hash, fmt.Sprintf(`{"v":%d,"op":"intent","hash":%q,"signer":"corr1x","sequence":%d,"label":"l","tx":%q,"time":"2026-12-04T00:00:00Z"}`+"\n",
		v, hash, seq, base64.StdEncoding.EncodeToString([]byte(tx)))
}

func outcomeLine(hash, status string) string {
	return fmt.Sprintf(`{"v":1,"op":"outcome","hash":%q,"status":%q,"height":5,"how":"sent","time":"2026-12-04T00:00:01Z"}`+"\n", hash, status)
}

func writeJournal(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "outbox.jsonl")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestJournalTornLine reopens a journal whose last write a crash cut
// short: the complete lines count and the torn one is cut off the file.
func TestJournalTornLine(t *testing.T) {
	h1, l1 := intentLine(1, "tx one", 3)
	h2, l2 := intentLine(1, "tx two", 4)
	good := l1 + outcomeLine(h1, "committed") + l2
	path := writeJournal(t, good+`{"v":1,"op":"outcome","hash":"`+h2[:10])
	j, err := client.OpenJournal(path)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	if out, ok := j.Outcome(h1); !ok || out.Status != client.Committed || out.Height != 5 {
		t.Fatalf("outcome of the first intent: %+v %v", out, ok)
	}
	if open := j.Open(); len(open) != 1 || open[0].Hash != h2 || open[0].Sequence != 4 || string(open[0].Tx) != "tx two" {
		t.Fatalf("open intents: %+v", open)
	}
	if b, _ := os.ReadFile(path); string(b) != good {
		t.Fatalf("the torn line was not cut off:\n%s", b)
	}
}

// TestJournalRefusesCorruption: a bad line that is not the last, a line of
// another format version, an intent whose hash is not its bytes' and an
// outcome of no intent all refuse to open, with journal_corrupt.
func TestJournalRefusesCorruption(t *testing.T) {
	h1, l1 := intentLine(1, "tx one", 3)
	_, v2 := intentLine(2, "tx one", 3)
	for name, body := range map[string]string{
		"garbage line":      l1 + "not json\n" + outcomeLine(h1, "committed"),
		"unknown version":   v2,
		"hash not bytes":    strings.Replace(l1, h1, strings.Repeat("A", 64), 1),
		"orphan outcome":    outcomeLine(h1, "committed"),
		"pending outcome":   l1 + outcomeLine(h1, "pending"),
		"unknown op":        `{"v":1,"op":"scan","hash":"x"}` + "\n",
		"missing version":   strings.Replace(l1, `"v":1,`, "", 1),
		"intent without tx": strings.Replace(l1, `"tx":`, `"raw":`, 1),
	} {
		if _, err := client.OpenJournal(writeJournal(t, body)); !errors.Is(err, codes.ClientJournalCorrupt) {
			t.Errorf("%s: %v, want %s", name, err, codes.ClientJournalCorrupt)
		}
	}
}

// TestJournalLocked: while one outbox journal is open, a second open of the
// same file (as another process would) is refused; after Close it opens.
func TestJournalLocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "outbox.jsonl")
	j, err := client.OpenJournal(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.OpenJournal(path); !errors.Is(err, codes.ClientJournalLocked) {
		t.Fatalf("second open: %v", err)
	}
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	j, err = client.OpenJournal(path)
	if err != nil {
		t.Fatal(err)
	}
	j.Close()
}
