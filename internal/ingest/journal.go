package ingest

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/corridor-trade/corridor/anchorplan"
)

// Journal entry operations.
const (
	opIntent  = "intent"  // a signed transaction about to be broadcast
	opOutcome = "outcome" // what became of it
)

// Outcome statuses.
const (
	outCommitted = "committed" // committed with code 0: its files are anchored
	outFailed    = "failed"    // refused by CheckTx or committed with a non-zero code
	outAbandoned = "abandoned" // never committed and can no longer commit (its sequence was used)
)

// entry is one journal line.
type entry struct {
	Op     string    `json:"op"`
	TxHash string    `json:"tx_hash"`
	Time   time.Time `json:"time"`
	// Intent fields.
	Kind     string    `json:"kind,omitempty"` // batch, invoice, payment
	Sequence uint64    `json:"sequence,omitempty"`
	Tx       []byte    `json:"tx,omitempty"` // the signed bytes, rebroadcast on recovery
	Files    []fileRef `json:"files,omitempty"`
	Root     string    `json:"root,omitempty"`       // batch
	DocHash  string    `json:"doc_hash,omitempty"`   // single invoice
	Payments []string  `json:"payments,omitempty"`   // payment ids
	Profile  string    `json:"profile,omitempty"`    // batch / invoice
	Count    int       `json:"count,omitempty"`      // batch
	Salt     string    `json:"buyer_salt,omitempty"` // single invoice with a buyer commitment
	// Members are a batch's documents with their inclusion paths (the batch
	// file's members; the root is Root). Lines of the first format, whose
	// members were written with the same field names, read the same.
	Members []anchorplan.Member `json:"members,omitempty"`
	// Outcome fields.
	Status    string `json:"status,omitempty"`
	Height    int64  `json:"height,omitempty"`
	Code      uint32 `json:"code,omitempty"`
	Codespace string `json:"codespace,omitempty"`
	Log       string `json:"log,omitempty"`
	How       string `json:"how,omitempty"` // how the outcome was established on recovery
}

// fileRef names a file by its path relative to the directory and the
// SHA-256 of its bytes: a changed file is a new document.
type fileRef struct {
	File string `json:"file"`
	Raw  string `json:"raw_sha256"`
}

func (f fileRef) key() string { return f.File + "\x00" + f.Raw }

// journal is the append-only, fsynced log of a directory's submissions.
type journal struct {
	f       *os.File
	path    string
	entries []entry
}

// openJournal opens (creating) the journal at path, takes an exclusive
// lock on it (released by the kernel if the process dies) and reads it. A
// torn last line, left by a crash in the middle of a write, is ignored and
// cut off.
func openJournal(path string) (*journal, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, fmt.Errorf("journal %s is in use by another ingest (%v)", path, err)
	}
	if err := syncDir(filepath.Dir(path)); err != nil {
		f.Close()
		return nil, err
	}
	j := &journal{f: f, path: path}
	r := bufio.NewReader(f)
	var good int64
	for line := 1; ; line++ {
		b, err := r.ReadBytes('\n')
		if errors.Is(err, io.EOF) {
			break // b, if any, is a torn line without its newline
		}
		if err != nil {
			f.Close()
			return nil, err
		}
		var e entry
		if jerr := json.Unmarshal(b, &e); jerr != nil || (e.Op != opIntent && e.Op != opOutcome) || e.TxHash == "" {
			f.Close()
			return nil, fmt.Errorf("journal %s line %d is corrupt: %v", path, line, jerr)
		}
		j.entries = append(j.entries, e)
		good += int64(len(b))
	}
	if err := f.Truncate(good); err != nil {
		f.Close()
		return nil, err
	}
	if _, err := f.Seek(good, io.SeekStart); err != nil {
		f.Close()
		return nil, err
	}
	return j, nil
}

// append writes e and fsyncs before returning.
func (j *journal) append(e entry) error {
	e.Time = time.Now().UTC()
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	if _, err := j.f.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("write journal %s: %w", j.path, err)
	}
	if err := j.f.Sync(); err != nil {
		return fmt.Errorf("sync journal %s: %w", j.path, err)
	}
	j.entries = append(j.entries, e)
	return nil
}

func (j *journal) close() error { return j.f.Close() }

// state is what the journal says: every intent with its outcome, if any.
type state struct {
	intents  []entry
	outcomes map[string]entry
}

func (j *journal) state() *state {
	s := &state{outcomes: map[string]entry{}}
	for _, e := range j.entries {
		switch e.Op {
		case opIntent:
			s.intents = append(s.intents, e)
		case opOutcome:
			s.outcomes[e.TxHash] = e
		}
	}
	return s
}

// open returns the intents without an outcome, in journal order.
func (s *state) open() []entry {
	var out []entry
	for _, e := range s.intents {
		if _, ok := s.outcomes[e.TxHash]; !ok {
			out = append(out, e)
		}
	}
	return out
}

// committed maps each file key to the committed intent that anchored it.
func (s *state) committed() map[string]entry {
	m := map[string]entry{}
	for _, e := range s.intents {
		if o, ok := s.outcomes[e.TxHash]; ok && o.Status == outCommitted {
			for _, f := range e.Files {
				m[f.key()] = e
			}
		}
	}
	return m
}

// syncDir fsyncs a directory so that a file created in it survives a crash.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
