package client

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"syscall"
	"time"

	"github.com/corridor-trade/corridor/codes"
)

// JournalVersion is the format version of the outbox journal, written in
// every line as "v". A reader refuses a line of a version it does not know.
const JournalVersion = 1

// Journal line operations.
const (
	opIntent  = "intent"  // a signed transaction about to be broadcast
	opOutcome = "outcome" // what became of it
)

// Intent is a signed transaction the outbox is about to send, as written
// to the journal before it is broadcast.
type Intent struct {
	// Hash is the transaction hash (SHA-256 of Tx), upper-case hex as
	// CometBFT prints it.
	Hash string `json:"hash"`
	// Signer is the signing member's address and Sequence the sequence the
	// transaction is signed with: once the signer's committed sequence
	// passes it, these bytes can never commit.
	Signer   string `json:"signer"`
	Sequence uint64 `json:"sequence"`
	// Label is the caller's name for what the transaction does, e.g.
	// "dock/<document hash>" or "batch/<root>"; the outbox only stores it.
	Label string `json:"label,omitempty"`
	// Meta is whatever else the caller needs to act on the outcome after a
	// crash (a batch's members and their inclusion paths, the files it
	// covers); the outbox only stores it.
	Meta json.RawMessage `json:"meta,omitempty"`
	// Tx is the signed bytes, rebroadcast unchanged after a crash.
	Tx   []byte    `json:"tx"`
	Time time.Time `json:"time"`
}

// line is one journal line: the format version, the op, and the fields of
// an intent or of an outcome.
type line struct {
	V       int
	Op      string
	Intent  *Intent
	Outcome *Outcome
}

// MarshalJSON writes the op and version followed by the intent's or the
// outcome's fields.
func (l line) MarshalJSON() ([]byte, error) {
	head, _ := json.Marshal(struct {
		V  int    `json:"v"`
		Op string `json:"op"`
	}{l.V, l.Op})
	var body []byte
	var err error
	switch {
	case l.Intent != nil:
		body, err = json.Marshal(l.Intent)
	case l.Outcome != nil:
		body, err = json.Marshal(l.Outcome)
	default:
		return head, nil
	}
	if err != nil {
		return nil, err
	}
	return append(append(head[:len(head)-1], ','), body[1:]...), nil
}

// Journal is the outbox's append-only file of JSON lines: each intent is
// written (and fsynced) before its transaction is broadcast, and each
// outcome once it is known. It is locked with flock while open, so that two
// processes cannot send from one journal; the kernel drops the lock when
// the process dies. A torn last line, left by a crash in the middle of a
// write, is ignored and cut off when the journal is opened.
type Journal struct {
	mu       sync.Mutex
	path     string
	f        *os.File // nil: in memory, or closed
	intents  []Intent
	byHash   map[string]int // hash → index in intents
	outcomes map[string]Outcome
}

// OpenJournal opens (creating, with its directory) the journal at path and
// takes its lock. An empty path gives an in-memory journal that forgets
// everything on exit (what Submit uses).
func OpenJournal(path string) (*Journal, error) {
	j := &Journal{path: path, byHash: map[string]int{}, outcomes: map[string]Outcome{}}
	if path == "" {
		return j, nil
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, codes.ClientJournalLocked.Wrapf("journal %s: %v", path, err)
	}
	// The file may have just been created: make its directory entry durable.
	if err := syncDir(dir); err != nil {
		f.Close()
		return nil, err
	}
	good, err := j.read(f)
	if err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Truncate(good); err != nil {
		f.Close()
		return nil, err
	}
	if _, err := f.Seek(good, io.SeekStart); err != nil {
		f.Close()
		return nil, err
	}
	j.f = f
	return j, nil
}

// read applies every complete line of f and returns the length of the
// complete lines.
func (j *Journal) read(f io.Reader) (int64, error) {
	r := bufio.NewReader(f)
	var good int64
	for n := 1; ; n++ {
		b, err := r.ReadBytes('\n')
		if errors.Is(err, io.EOF) {
			return good, nil // b, if any, is a torn line without its newline
		}
		if err != nil {
			return 0, err
		}
		if err := j.apply(b); err != nil {
			return 0, codes.ClientJournalCorrupt.Wrapf("journal %s line %d: %v", j.path, n, err)
		}
		good += int64(len(b))
	}
}

// apply decodes one line and adds it to the journal's state.
func (j *Journal) apply(b []byte) error {
	var head struct {
		V  int    `json:"v"`
		Op string `json:"op"`
	}
	if err := json.Unmarshal(b, &head); err != nil {
		return err
	}
	if head.V != JournalVersion {
		return fmt.Errorf("format version %d, want %d", head.V, JournalVersion)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	switch head.Op {
	case opIntent:
		var in Intent
		if err := dec.Decode(&in); err != nil {
			return err
		}
		if in.Hash == "" || len(in.Tx) == 0 || in.Hash != hashHex(in.Tx) {
			return errors.New("an intent whose hash is not that of its bytes")
		}
		j.addIntent(in)
	case opOutcome:
		var out Outcome
		if err := dec.Decode(&out); err != nil {
			return err
		}
		if _, ok := j.byHash[out.Hash]; !ok || !out.Status.final() {
			return fmt.Errorf("an outcome %q of no journaled intent %s", out.Status, out.Hash)
		}
		j.outcomes[out.Hash] = out
	default:
		return fmt.Errorf("unknown op %q", head.Op)
	}
	return nil
}

func (j *Journal) addIntent(in Intent) {
	if _, dup := j.byHash[in.Hash]; dup {
		return
	}
	j.byHash[in.Hash] = len(j.intents)
	j.intents = append(j.intents, in)
}

// write appends one line and fsyncs the file before returning.
func (j *Journal) write(l line) error {
	l.V = JournalVersion
	b, err := json.Marshal(l)
	if err != nil {
		return err
	}
	if j.path == "" {
		return nil // in memory
	}
	if j.f == nil {
		return fmt.Errorf("journal %s is closed", j.path)
	}
	if _, err := j.f.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("write journal %s: %w", j.path, err)
	}
	if err := j.f.Sync(); err != nil {
		return fmt.Errorf("sync journal %s: %w", j.path, err)
	}
	return nil
}

// writeIntent journals an intent (once per hash).
func (j *Journal) writeIntent(in Intent) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if _, dup := j.byHash[in.Hash]; dup {
		return nil
	}
	if err := j.write(line{Op: opIntent, Intent: &in}); err != nil {
		return err
	}
	j.addIntent(in)
	return nil
}

// writeOutcome journals the outcome of a journaled intent.
func (j *Journal) writeOutcome(out Outcome) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if _, ok := j.byHash[out.Hash]; !ok {
		return fmt.Errorf("journal: outcome of unknown intent %s", out.Hash)
	}
	if err := j.write(line{Op: opOutcome, Outcome: &out}); err != nil {
		return err
	}
	j.outcomes[out.Hash] = out
	return nil
}

// Intents returns every journaled intent, in the order written.
func (j *Journal) Intents() []Intent {
	j.mu.Lock()
	defer j.mu.Unlock()
	return append([]Intent(nil), j.intents...)
}

// Intent returns the journaled intent of a transaction hash.
func (j *Journal) Intent(hash string) (Intent, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	i, ok := j.byHash[hash]
	if !ok {
		return Intent{}, false
	}
	return j.intents[i], true
}

// Outcome returns the journaled outcome of a transaction hash; false while
// its intent is open (or unknown).
func (j *Journal) Outcome(hash string) (Outcome, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	o, ok := j.outcomes[hash]
	return o, ok
}

// Open returns the intents without an outcome, by signer and sequence
// (the order in which they can commit).
func (j *Journal) Open() []Intent {
	j.mu.Lock()
	defer j.mu.Unlock()
	var out []Intent
	for _, in := range j.intents {
		if _, ok := j.outcomes[in.Hash]; !ok {
			out = append(out, in)
		}
	}
	sort.SliceStable(out, func(a, b int) bool {
		if out[a].Signer != out[b].Signer {
			return out[a].Signer < out[b].Signer
		}
		return out[a].Sequence < out[b].Sequence
	})
	return out
}

// Path returns the journal's file ("" in memory).
func (j *Journal) Path() string { return j.path }

// Close releases the lock and closes the file.
func (j *Journal) Close() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.f == nil {
		return nil
	}
	err := j.f.Close()
	j.f = nil
	return err
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
