package ingest

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/corridor-trade/corridor/anchorplan"
	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/config"
	"github.com/corridor-trade/corridor/tx"
)

// oldEntry is one line of the journal ingest kept before it sent through
// the outbox (format 0: no "v" field). It is read only to convert such a
// journal once (migrateJournal).
type oldEntry struct {
	Op        string              `json:"op"` // intent or outcome
	TxHash    string              `json:"tx_hash"`
	Time      time.Time           `json:"time"`
	Kind      string              `json:"kind,omitempty"`
	Sequence  uint64              `json:"sequence,omitempty"`
	Tx        []byte              `json:"tx,omitempty"`
	Files     []fileRef           `json:"files,omitempty"`
	Root      string              `json:"root,omitempty"`
	DocHash   string              `json:"doc_hash,omitempty"`
	Payments  []string            `json:"payments,omitempty"`
	Profile   string              `json:"profile,omitempty"`
	Count     int                 `json:"count,omitempty"`
	Salt      string              `json:"buyer_salt,omitempty"`
	Members   []anchorplan.Member `json:"members,omitempty"`
	Status    string              `json:"status,omitempty"`
	Height    int64               `json:"height,omitempty"`
	Code      uint32              `json:"code,omitempty"`
	Codespace string              `json:"codespace,omitempty"`
	Log       string              `json:"log,omitempty"`
	How       string              `json:"how,omitempty"`
}

// OldJournalSuffix is appended to the path of a converted format-0 journal:
// its original bytes are kept there (a hard link), for the record.
const OldJournalSuffix = ".v0"

// migrateJournal converts, once, a journal of format 0 at path into the
// outbox's format (docs/transactions.md, "Durable submission"), keeping
// every intent — open ones stay open, so the outbox settles them — and
// every outcome. The conversion is atomic: the new journal is written to a
// temporary file in the same directory, fsynced, and renamed over path;
// the old bytes stay at path+OldJournalSuffix. A missing or empty journal,
// or one already in the outbox's format, is left alone. It reports whether
// it converted.
func migrateJournal(path string) (bool, error) {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	defer f.Close()
	if _, old, err := readOldJournal(f); err != nil || !old {
		// Not of format 0 (or unreadable): the outbox's reader, and its
		// lock, judge it.
		return false, err
	}
	// An old ingest still running holds this lock; read again under it.
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		return false, codes.ClientJournalLocked.Wrapf("journal %s (format 0): %v", path, err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return false, err
	}
	entries, old, err := readOldJournal(f)
	if err != nil || !old {
		return false, err
	}
	lines, err := convertOld(entries)
	if err != nil {
		return false, fmt.Errorf("journal %s (format 0): %w", path, err)
	}
	bak := path + OldJournalSuffix
	if err := os.Remove(bak); err != nil && !errors.Is(err, os.ErrNotExist) {
		return false, err
	}
	if err := os.Link(path, bak); err != nil {
		return false, fmt.Errorf("keep the format-0 journal: %w", err)
	}
	// WriteFileAtomic writes a temporary file, fsyncs it and renames it
	// over path; the directory's fsync makes the rename durable.
	if err := config.WriteFileAtomic(path, lines, 0o600); err != nil {
		return false, fmt.Errorf("convert journal %s: %w", path, err)
	}
	return true, syncDir(filepath.Dir(path))
}

// readOldJournal reads the complete lines of f if its first line is of
// format 0 (old false otherwise). A torn last line is ignored, as the old
// reader did.
func readOldJournal(f io.Reader) (entries []oldEntry, old bool, err error) {
	r := bufio.NewReader(f)
	for n := 1; ; n++ {
		b, err := r.ReadBytes('\n')
		if errors.Is(err, io.EOF) {
			return entries, old, nil
		}
		if err != nil {
			return nil, false, err
		}
		if n == 1 {
			var head map[string]json.RawMessage
			if json.Unmarshal(b, &head) != nil {
				return nil, false, nil // not ours to judge: the outbox's reader says why
			}
			_, hasV := head["v"]
			_, hasTxHash := head["tx_hash"]
			if hasV || !hasTxHash {
				return nil, false, nil
			}
			old = true
		}
		var e oldEntry
		if err := json.Unmarshal(b, &e); err != nil || (e.Op != "intent" && e.Op != "outcome") || e.TxHash == "" {
			return nil, false, fmt.Errorf("journal line %d (format 0) is corrupt: %v", n, err)
		}
		entries = append(entries, e)
	}
}

// convertOld returns the outbox journal lines of format-0 entries.
func convertOld(entries []oldEntry) ([]byte, error) {
	var buf bytes.Buffer
	labels := map[string]string{}
	write := func(v any) error {
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		buf.Write(append(b, '\n'))
		return nil
	}
	for _, e := range entries {
		switch e.Op {
		case "intent":
			e.TxHash = strings.ToUpper(e.TxHash)
			if _, dup := labels[e.TxHash]; dup {
				continue
			}
			if h := tx.Hash(e.Tx); !strings.EqualFold(e.TxHash, hex.EncodeToString(h[:])) {
				return nil, fmt.Errorf("intent %s: the hash is not that of its bytes", e.TxHash)
			}
			env, _, err := tx.Decode(e.Tx)
			if err != nil {
				return nil, fmt.Errorf("intent %s: %w", e.TxHash, err)
			}
			m := intentMeta{Kind: e.Kind, Files: e.Files, Root: e.Root, DocHash: e.DocHash, Payments: e.Payments,
				Profile: e.Profile, Count: e.Count, Salt: e.Salt, Members: e.Members}
			meta, err := json.Marshal(m)
			if err != nil {
				return nil, err
			}
			in := client.Intent{Hash: e.TxHash, Signer: env.PubKey.Address().String(), Sequence: e.Sequence,
				Label: m.label(), Meta: meta, Tx: e.Tx, Time: e.Time}
			labels[e.TxHash] = in.Label
			if err := write(struct {
				V  int    `json:"v"`
				Op string `json:"op"`
				*client.Intent
			}{client.JournalVersion, "intent", &in}); err != nil {
				return nil, err
			}
		case "outcome":
			e.TxHash = strings.ToUpper(e.TxHash)
			label, ok := labels[e.TxHash]
			if !ok {
				return nil, fmt.Errorf("an outcome of no journaled intent %s", e.TxHash)
			}
			if st := client.Status(e.Status); st != client.Committed && st != client.Failed && st != client.Abandoned {
				return nil, fmt.Errorf("outcome %s: status %q", e.TxHash, e.Status)
			}
			out := client.Outcome{Hash: e.TxHash, Label: label, Status: client.Status(e.Status), Height: e.Height,
				Code: e.Code, Codespace: e.Codespace, Log: e.Log, How: e.How, Time: e.Time}
			if out.How == "" {
				out.How = "sent"
			}
			if err := write(struct {
				V  int    `json:"v"`
				Op string `json:"op"`
				*client.Outcome
			}{client.JournalVersion, "outcome", &out}); err != nil {
				return nil, err
			}
		}
	}
	return buf.Bytes(), nil
}

// openJournal opens the ingest journal at path with the outbox's reader,
// converting a format-0 journal first (logged to log).
func openJournal(path string, log io.Writer) (*client.Journal, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	converted, err := migrateJournal(path)
	if err != nil {
		return nil, err
	}
	if converted && log != nil {
		fmt.Fprintf(log, "journal: converted %s from ingest's format 0 to the outbox format (the old file is kept as %s)\n", path, path+OldJournalSuffix)
	}
	return client.OpenJournal(path)
}
