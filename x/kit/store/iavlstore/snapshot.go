package iavlstore

import (
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/cosmos/iavl"
)

// SnapshotOptions configure a node's state-sync snapshots.
type SnapshotOptions struct {
	// Dir holds the snapshots, one directory per height.
	Dir string
	// Interval takes a snapshot at every height that is a multiple of it;
	// 0 takes none (the node can still restore one).
	Interval int64
	// KeepRecent is how many snapshots to keep; older ones are deleted.
	KeepRecent int
	// ChunkSize is the largest chunk, in bytes.
	ChunkSize int
	Logger    *slog.Logger
}

// DefaultChunkSize is the chunk size when none is configured: well under
// CometBFT's 16 MB limit on a state-sync chunk message.
const DefaultChunkSize = 4 << 20

// MaxChunkSize is the largest chunk size accepted.
const MaxChunkSize = 10 << 20

// SnapshotInfo describes one snapshot, as ListSnapshots offers it.
type SnapshotInfo struct {
	Height   uint64 `json:"height"`
	Format   uint32 `json:"format"`
	Chunks   uint32 `json:"chunks"`
	Hash     []byte `json:"hash"`
	Metadata []byte `json:"metadata"`
	// AppHash is the root hash of the version (not sent to peers: a
	// restoring node trusts only the light client's app hash).
	AppHash []byte `json:"app_hash"`
	// Nodes and Bytes size the snapshot: IAVL nodes and compressed bytes.
	Nodes int64 `json:"nodes"`
	Bytes int64 `json:"bytes"`
}

// Snapshots takes, keeps, serves and restores state-sync snapshots of a
// Tree. Snapshots are files: <dir>/<height>/info.json and chunk-<index>,
// written in a temporary directory and renamed into place when complete, so
// a crash never leaves a half snapshot that looks whole.
//
// Taking a snapshot runs in a goroutine (see Take); everything else runs
// on the caller's goroutine. The methods are safe for concurrent use.
type Snapshots struct {
	opts SnapshotOptions
	log  *slog.Logger

	mu      sync.Mutex
	running int64         // height of the snapshot being taken, 0 if none
	done    chan struct{} // closed when the running snapshot ends
	lastErr error
}

// OpenSnapshots opens (creating it if needed) the snapshot directory.
func OpenSnapshots(opts SnapshotOptions) (*Snapshots, error) {
	if opts.Dir == "" {
		return nil, errors.New("snapshot directory not set")
	}
	if opts.Interval < 0 {
		return nil, errors.New("snapshot interval must be >= 0")
	}
	if opts.KeepRecent <= 0 {
		opts.KeepRecent = 2
	}
	if opts.ChunkSize <= 0 {
		opts.ChunkSize = DefaultChunkSize
	}
	if opts.ChunkSize > MaxChunkSize {
		return nil, fmt.Errorf("snapshot chunk size %d is above the maximum %d", opts.ChunkSize, MaxChunkSize)
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if err := os.MkdirAll(opts.Dir, 0o700); err != nil {
		return nil, err
	}
	// Leftovers of a snapshot or restore interrupted by a crash.
	entries, err := os.ReadDir(opts.Dir)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			os.RemoveAll(filepath.Join(opts.Dir, e.Name()))
		}
	}
	return &Snapshots{opts: opts, log: opts.Logger}, nil
}

// Interval returns the configured snapshot interval.
func (s *Snapshots) Interval() int64 { return s.opts.Interval }

// BeforeCommit waits for a running snapshot whose version the coming
// commit would prune: IAVL refuses to delete a version that an exporter is
// still reading, and that refusal would halt the node.
func (s *Snapshots) BeforeCommit(t *Tree) {
	keep := t.opts.KeepRecent
	if keep <= 0 {
		return
	}
	next := t.Version() + 1
	s.mu.Lock()
	running, done := s.running, s.done
	s.mu.Unlock()
	if running != 0 && next > keep && running <= next-keep {
		s.log.Info("waiting for the state-sync snapshot before pruning its version", "height", running)
		<-done
	}
}

// MaybeTake starts a snapshot of version v of t if v is a multiple of the
// interval and no snapshot is being taken. It returns at once; the
// snapshot is written by a goroutine.
//
// Why a goroutine is safe here: the goroutine only reads version v through
// an ImmutableTree obtained before MaybeTake returns. A committed IAVL
// version never changes; later blocks write new nodes under new versions,
// and IAVL's node database serialises its own access. IAVL also counts the
// exporter as a reader of v and refuses to prune v meanwhile, which
// BeforeCommit turns into a wait instead of an error. No state transition
// reads anything the goroutine produces: the snapshot files are only read
// by peers that state-sync.
func (s *Snapshots) MaybeTake(t *Tree, v int64) {
	if s.opts.Interval <= 0 || v <= 0 || v%s.opts.Interval != 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.running != 0 {
		s.log.Info("skipping state-sync snapshot: the previous one is still being written", "height", v, "running", s.running)
		return
	}
	it, err := t.tree.GetImmutable(v)
	if err != nil {
		s.log.Error("state-sync snapshot: version not available", "height", v, "err", err)
		return
	}
	s.running, s.done = v, make(chan struct{})
	go func(done chan struct{}) {
		info, err := s.write(it, v)
		if err == nil {
			err = s.prune()
		}
		s.mu.Lock()
		s.running, s.lastErr = 0, err
		s.mu.Unlock()
		close(done)
		if err != nil {
			s.log.Error("state-sync snapshot failed", "height", v, "err", err)
			return
		}
		s.log.Info("state-sync snapshot taken", "height", v, "chunks", info.Chunks, "bytes", info.Bytes, "nodes", info.Nodes)
	}(s.done)
}

// Wait waits for a running snapshot and returns the error of the last one.
func (s *Snapshots) Wait() error {
	s.mu.Lock()
	running, done := s.running, s.done
	s.mu.Unlock()
	if running != 0 {
		<-done
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lastErr
}

// Take writes a snapshot of committed version v now, on the caller's
// goroutine (for tools and tests).
func (s *Snapshots) Take(t *Tree, v int64) (*SnapshotInfo, error) {
	it, err := t.tree.GetImmutable(v)
	if err != nil {
		return nil, fmt.Errorf("state version %d is not available: %w", v, err)
	}
	info, err := s.write(it, v)
	if err != nil {
		return nil, err
	}
	return info, s.prune()
}

// write exports it into a temporary directory and renames it to <height>.
func (s *Snapshots) write(it *iavl.ImmutableTree, v int64) (*SnapshotInfo, error) {
	tmp, err := os.MkdirTemp(s.opts.Dir, ".taking-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	info := &SnapshotInfo{Height: uint64(v), Format: SnapshotFormat, AppHash: it.Hash()}
	var metadata []byte
	cw := &chunkWriter{size: s.opts.ChunkSize, emit: func(chunk []byte) error {
		h := sha256.Sum256(chunk)
		metadata = append(metadata, h[:]...)
		info.Bytes += int64(len(chunk))
		name := filepath.Join(tmp, chunkName(info.Chunks))
		info.Chunks++
		return os.WriteFile(name, chunk, 0o600)
	}}
	next := func() (*iavl.ExportNode, error) { return nil, iavl.ErrorExportDone }
	if it.Size() > 0 {
		ex, err := it.Export()
		if err != nil {
			return nil, err
		}
		defer ex.Close()
		next = ex.Next
	}
	if info.Nodes, err = encodeNodes(cw, next); err != nil {
		return nil, fmt.Errorf("export version %d: %w", v, err)
	}
	if err := cw.flush(); err != nil {
		return nil, err
	}
	info.Metadata, info.Hash = metadata, snapshotHash(metadata)
	js, err := json.Marshal(info)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(tmp, "info.json"), js, 0o600); err != nil {
		return nil, err
	}
	final := filepath.Join(s.opts.Dir, strconv.FormatInt(v, 10))
	if err := os.RemoveAll(final); err != nil {
		return nil, err
	}
	if err := os.Rename(tmp, final); err != nil {
		return nil, err
	}
	return info, nil
}

func chunkName(i uint32) string { return fmt.Sprintf("chunk-%06d", i) }

// prune deletes all but the newest KeepRecent snapshots.
func (s *Snapshots) prune() error {
	heights, err := s.heights()
	if err != nil {
		return err
	}
	for len(heights) > s.opts.KeepRecent {
		if err := os.RemoveAll(filepath.Join(s.opts.Dir, strconv.FormatUint(heights[0], 10))); err != nil {
			return err
		}
		heights = heights[1:]
	}
	return nil
}

// heights lists the complete snapshots, oldest first.
func (s *Snapshots) heights() ([]uint64, error) {
	entries, err := os.ReadDir(s.opts.Dir)
	if err != nil {
		return nil, err
	}
	var out []uint64
	for _, e := range entries {
		h, err := strconv.ParseUint(e.Name(), 10, 64)
		if err != nil || !e.IsDir() {
			continue
		}
		out = append(out, h)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out, nil
}

// List returns the complete snapshots, newest first.
func (s *Snapshots) List() ([]SnapshotInfo, error) {
	heights, err := s.heights()
	if err != nil {
		return nil, err
	}
	var out []SnapshotInfo
	for i := len(heights) - 1; i >= 0; i-- {
		raw, err := os.ReadFile(filepath.Join(s.opts.Dir, strconv.FormatUint(heights[i], 10), "info.json"))
		if errors.Is(err, os.ErrNotExist) {
			continue // pruned meanwhile
		}
		if err != nil {
			return nil, err
		}
		var info SnapshotInfo
		if err := json.Unmarshal(raw, &info); err != nil {
			return nil, fmt.Errorf("snapshot %d: info.json: %w", heights[i], err)
		}
		out = append(out, info)
	}
	return out, nil
}

// LoadChunk returns chunk index of the snapshot at height in format, or
// nil if this node does not have it. It serves the bytes as stored: the
// restoring node checks them against the metadata's hashes.
func (s *Snapshots) LoadChunk(height uint64, format, index uint32) ([]byte, error) {
	if format != SnapshotFormat {
		return nil, nil
	}
	b, err := os.ReadFile(filepath.Join(s.opts.Dir, strconv.FormatUint(height, 10), chunkName(index)))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	return b, err
}

// ChunkPath returns where chunk index of the snapshot at height is stored
// (for tests that damage it).
func (s *Snapshots) ChunkPath(height uint64, index uint32) string {
	return filepath.Join(s.opts.Dir, strconv.FormatUint(height, 10), chunkName(index))
}
