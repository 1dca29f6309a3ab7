package relayer

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"sync"

	"github.com/corridor-trade/corridor/client"
)

// Journal records what a relayer did, so that a restarted relayer neither
// repeats nor skips work. It is an append-only file of JSON lines; a torn
// last line (a crash during a write) is ignored when reading. It holds the
// relayer's progress: how far the source's events were searched, the
// anchors found, and those known to be on the destination.
//
// The transactions the relayer sends are journaled apart, by the client
// package's outbox, in a second file beside it (the journal's path with
// ".outbox" appended; see Sends and docs/transactions.md, "Durable
// submission").
type Journal struct {
	mu      sync.Mutex
	path    string
	f       *os.File
	sends   *client.Journal
	done    map[string]int64 // doc hash → destination height of the dock
	scanned int64            // source height up to which events were searched
	found   []string         // anchors found by searching, in order
	isFound map[string]bool
	entries []Entry
}

// Journal operations. (Journals written before the outbox also hold
// "pending", "abandon" and "update" lines; they are ignored.)
const (
	OpScan  = "scan"  // Height: source events searched up to this height
	OpDone  = "done"  // Hash, Height: the destination holds the anchor
	OpFound = "found" // Hash, Height: an anchor found by searching the source's events
)

// Entry is one journal line.
type Entry struct {
	Op     string `json:"op"`
	Hash   string `json:"hash,omitempty"`
	Height int64  `json:"height,omitempty"`
}

// OpenJournal reads (or creates) the journal at path, and opens (and
// locks) the outbox journal of its transactions at path+".outbox". An
// empty path gives in-memory journals that forget everything on exit.
func OpenJournal(path string) (*Journal, error) {
	j := &Journal{path: path, done: map[string]int64{}, isFound: map[string]bool{}}
	sendsPath := ""
	if path != "" {
		sendsPath = path + ".outbox"
	}
	var err error
	if j.sends, err = client.OpenJournal(sendsPath); err != nil {
		return nil, err
	}
	if path == "" {
		return j, nil
	}
	b, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		j.sends.Close()
		return nil, err
	}
	lines := bytes.Split(b, []byte("\n"))
	for i, line := range lines {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var e Entry
		if err := json.Unmarshal(line, &e); err != nil {
			if i == len(lines)-1 {
				break // torn last line: the write never completed
			}
			j.sends.Close()
			return nil, fmt.Errorf("journal %s line %d: %v", path, i+1, err)
		}
		j.apply(e)
	}
	if len(b) > 0 && b[len(b)-1] != '\n' {
		// Drop a torn tail so that the next line starts cleanly.
		if k := bytes.LastIndexByte(b, '\n'); k >= 0 {
			b = b[:k+1]
		} else {
			b = nil
		}
		if err := os.WriteFile(path, b, 0o600); err != nil {
			j.sends.Close()
			return nil, err
		}
	}
	j.f, err = os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		j.sends.Close()
		return nil, err
	}
	return j, nil
}

func (j *Journal) apply(e Entry) {
	j.entries = append(j.entries, e)
	switch e.Op {
	case OpScan:
		if e.Height > j.scanned {
			j.scanned = e.Height
		}
	case OpFound:
		if !j.isFound[e.Hash] {
			j.isFound[e.Hash] = true
			j.found = append(j.found, e.Hash)
		}
	case OpDone:
		j.done[e.Hash] = e.Height
	}
}

// Append writes e and syncs the file before returning.
func (j *Journal) Append(e Entry) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.f != nil {
		b, err := json.Marshal(e)
		if err != nil {
			return err
		}
		if _, err := j.f.Write(append(b, '\n')); err != nil {
			return fmt.Errorf("journal: %w", err)
		}
		if err := j.f.Sync(); err != nil {
			return fmt.Errorf("journal: %w", err)
		}
	}
	j.apply(e)
	return nil
}

// Done reports whether the anchor of hash is known to be on the destination.
func (j *Journal) Done(hash string) bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	_, ok := j.done[hash]
	return ok
}

// Sends returns the outbox journal of the relayer's transactions.
func (j *Journal) Sends() *client.Journal { return j.sends }

// Scanned returns the source height up to which events were searched.
func (j *Journal) Scanned() int64 {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.scanned
}

// Found returns the anchors found by searching, in the order found.
func (j *Journal) Found() []string {
	j.mu.Lock()
	defer j.mu.Unlock()
	return append([]string(nil), j.found...)
}

// IsFound reports whether hash was found by searching.
func (j *Journal) IsFound(hash string) bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.isFound[hash]
}

// Entries returns every entry read or written, in order.
func (j *Journal) Entries() []Entry {
	j.mu.Lock()
	defer j.mu.Unlock()
	return append([]Entry(nil), j.entries...)
}

// Close closes both files.
func (j *Journal) Close() error {
	err := j.sends.Close()
	if j.f == nil {
		return err
	}
	if ferr := j.f.Close(); ferr != nil {
		return ferr
	}
	return err
}
