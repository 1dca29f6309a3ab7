package iavlstore

import (
	"errors"
	"fmt"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"sync"

	corestore "cosmossdk.io/core/store"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/cosmos/iavl"
	ics23 "github.com/cosmos/ics23/go"
	"github.com/syndtr/goleveldb/leveldb/filter"
	"github.com/syndtr/goleveldb/leveldb/opt"

	"github.com/corridor-trade/corridor/x/kit/store"
)

// Backends names the database engines Open accepts.
var Backends = []string{string(dbm.GoLevelDBBackend), string(dbm.PebbleDBBackend), string(dbm.MemDBBackend)}

// Options configure Open.
type Options struct {
	Backend    string       // goleveldb (default), pebbledb or memdb
	CacheSize  int          // IAVL node cache, in nodes
	KeepRecent int64        // committed versions to keep; 0 keeps all
	Logger     *slog.Logger // receives what start-up recovery did; nil discards
	// NoFastIndex turns IAVL's fast index off: no second copy of every
	// live value, so about 190 fewer bytes per anchored invoice on disk,
	// but every read walks the tree (see newMutableTree). It changes no
	// app hash; turned on again, IAVL rebuilds the index on opening.
	NoFastIndex bool

	// legacyWrites makes the tree write the way Corridor did before
	// versions were made atomic and synced (IAVL's defaults: flushes every
	// 100,000 bytes, no sync), so that tests can produce the damage such a
	// crash leaves behind. Never set outside tests.
	legacyWrites bool
}

// Tree is the versioned state tree. It is not safe for concurrent writes;
// reads of committed snapshots (Snapshot) may run concurrently with writes.
type Tree struct {
	db   dbm.DB
	tree *iavl.MutableTree
	opts Options

	mu  sync.Mutex // guards err
	err error
}

// Open opens (or creates) the state database application.db in dir and loads
// the latest committed version, first repairing what a crash in the middle
// of a commit left behind (see recover.go).
func Open(dir string, opts Options) (*Tree, error) {
	if opts.Backend == "" {
		opts.Backend = string(dbm.GoLevelDBBackend)
	}
	var db dbm.DB
	var err error
	switch opts.Backend {
	case string(dbm.MemDBBackend):
		db = dbm.NewMemDB()
	case string(dbm.GoLevelDBBackend):
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, err
		}
		db, err = dbm.NewGoLevelDBWithOpts("application", dir, levelDBOptions())
		if err != nil {
			return nil, fmt.Errorf("open %s state database in %s: %w", opts.Backend, filepath.Join(dir, "application.db"), err)
		}
	case string(dbm.PebbleDBBackend):
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, err
		}
		db, err = dbm.NewDB("application", dbm.BackendType(opts.Backend), dir)
		if err != nil {
			return nil, fmt.Errorf("open %s state database in %s: %w", opts.Backend, filepath.Join(dir, "application.db"), err)
		}
	default:
		return nil, fmt.Errorf("unknown database backend %q (want one of %v)", opts.Backend, Backends)
	}
	t, err := OpenDB(db, opts)
	if err != nil {
		db.Close()
		if dir != "" && opts.Backend != string(dbm.MemDBBackend) {
			err = fmt.Errorf("%w (database %s)", err, filepath.Join(dir, "application.db"))
		}
		return nil, err
	}
	return t, nil
}

// OpenDB loads the state tree from an already open database, repairing it
// first if a crash left a version half written. Open uses it; tests use it
// directly with a crash-simulating database (package crashdb). The tree
// takes over db: Close closes it. On error db is left open.
func OpenDB(db dbm.DB, opts Options) (*Tree, error) {
	if opts.CacheSize <= 0 {
		opts.CacheSize = 100_000
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	t, err := loadTree(db, opts)
	if err != nil {
		return nil, err
	}
	return &Tree{db: db, tree: t, opts: opts}, nil
}

// newMutableTree makes the IAVL tree over db with Corridor's write rules:
// every version is written as ONE batch (IAVL's flusher never splits it)
// with a synced write, so that a crash or power cut leaves each version
// either wholly on disk or not at all (docs/operations.md).
//
// IAVL's fast index (a second copy of every live value, keyed by key)
// costs about 190 bytes per anchored invoice on disk, but without it
// every read walks the tree, and a read of an absent key (each anchor's
// duplicate-document and duplicate-fingerprint checks, in CheckTx and
// again in FinalizeBlock) walks it to a leaf, mostly through nodes that
// are not in the node cache (docs/performance.md, "Disk"). It is on
// unless Options.NoFastIndex.
func newMutableTree(db dbm.DB, opts Options) *iavl.MutableTree {
	iopts := []iavl.Option{iavl.SyncOption(true), iavl.FlushThresholdOption(atomicVersionThreshold)}
	if opts.legacyWrites {
		iopts = nil
	}
	return iavl.NewMutableTree(adapter{db}, opts.CacheSize, opts.NoFastIndex, iavl.NewNopLogger(), iopts...)
}

// atomicVersionThreshold is the batch size at which IAVL would flush a
// version's writes in the middle of SaveVersion: so large that it never
// does. (The adapter does not pre-allocate it; see NewBatchWithSize.)
const atomicVersionThreshold = math.MaxInt32

// levelDBOptions sizes goleveldb for IAVL's access pattern: random point
// reads of tree nodes. With goleveldb's defaults (an 8 MiB block cache) a
// state of 100,000 anchors already spent most of FinalizeBlock re-reading
// table index and data blocks from disk (docs/performance.md). Costs about
// 64 MiB of memory.
func levelDBOptions() *opt.Options {
	return &opt.Options{
		Filter:             filter.NewBloomFilter(10), // as cosmos-db's default
		BlockCacheCapacity: 48 << 20,
	}
}

// Close closes the database.
func (t *Tree) Close() error { return t.db.Close() }

// Version returns the last committed version (block height), 0 if none.
func (t *Tree) Version() int64 { return t.tree.Version() }

// Hash returns the root hash of the last committed version.
func (t *Tree) Hash() []byte { return t.tree.Hash() }

// WorkingHash returns the root hash the working tree would commit to.
func (t *Tree) WorkingHash() []byte { return t.tree.WorkingHash() }

// SetInitialVersion makes the first committed version v instead of 1.
func (t *Tree) SetInitialVersion(v uint64) { t.tree.SetInitialVersion(v) }

// Err returns the first database error seen through Working or a
// Snapshot's reads, if any. A non-nil error means a state transition may be
// incomplete; the node must stop rather than commit.
func (t *Tree) Err() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.err
}

func (t *Tree) fail(err error) {
	t.mu.Lock()
	if t.err == nil {
		t.err = err
	}
	t.mu.Unlock()
}

// Commit persists the working tree as a new version and prunes versions
// older than KeepRecent. When it returns without error the version is on
// disk: one synced batch, so a crash or power cut afterwards cannot lose it,
// and a crash before leaves the previous version intact. Pruning is a
// second synced batch; a crash between the two only delays the pruning to
// the next commit.
func (t *Tree) Commit() (hash []byte, version int64, err error) {
	if err := t.Err(); err != nil {
		return nil, 0, fmt.Errorf("refusing to commit after a database error: %w", err)
	}
	hash, version, err = t.tree.SaveVersion()
	if err != nil {
		return nil, 0, fmt.Errorf("save state version: %w", err)
	}
	if t.opts.KeepRecent > 0 && version > t.opts.KeepRecent {
		if err := t.tree.DeleteVersionsTo(version - t.opts.KeepRecent); err != nil {
			return nil, 0, fmt.Errorf("prune state versions: %w", err)
		}
	}
	return hash, version, nil
}

// Rollback discards every uncommitted change to the working tree.
func (t *Tree) Rollback() { t.tree.Rollback() }

// Working returns the KV view of the working (uncommitted) tree.
func (t *Tree) Working() store.KV { return working{t} }

// Snapshot returns a read-only view of committed version v (0 = latest).
func (t *Tree) Snapshot(v int64) (*Snapshot, error) {
	if v == 0 {
		v = t.tree.Version()
	}
	if v == 0 {
		// Nothing committed yet: an empty view.
		return &Snapshot{owner: t, version: 0}, nil
	}
	if !t.tree.VersionExists(v) {
		return nil, fmt.Errorf("state version %d is not available (pruned, or not yet committed; latest is %d)", v, t.tree.Version())
	}
	it, err := t.tree.GetImmutable(v)
	if err != nil {
		return nil, fmt.Errorf("state version %d is not available (pruned or not yet committed): %w", v, err)
	}
	return &Snapshot{owner: t, tree: it, version: v}, nil
}

type working struct{ t *Tree }

func (w working) Get(key []byte) []byte {
	v, err := w.t.tree.Get(key)
	if err != nil {
		w.t.fail(err)
	}
	return v
}

func (w working) Has(key []byte) bool { return w.Get(key) != nil }

func (w working) Set(key, value []byte) {
	if _, err := w.t.tree.Set(key, value); err != nil {
		w.t.fail(err)
	}
}

func (w working) Delete(key []byte) {
	if _, _, err := w.t.tree.Remove(key); err != nil {
		w.t.fail(err)
	}
}

func (w working) Iterate(start, end []byte, fn func(key, value []byte) bool) {
	it, err := w.t.tree.Iterator(start, end, true)
	if err != nil {
		w.t.fail(err)
		return
	}
	iterate(it, fn, w.t.fail)
}

func iterate(it corestore.Iterator, fn func(key, value []byte) bool, fail func(error)) {
	defer it.Close()
	for ; it.Valid(); it.Next() {
		if !fn(it.Key(), it.Value()) {
			return
		}
	}
	if err := it.Error(); err != nil {
		fail(err)
	}
}

// Snapshot is a read-only view of one committed version. Writes panic: a
// snapshot is never handed to code that writes.
type Snapshot struct {
	owner   *Tree
	tree    *iavl.ImmutableTree // nil for version 0
	version int64
}

// ErrReadOnly is the panic value of writes to a Snapshot.
var ErrReadOnly = errors.New("store: write to a read-only snapshot")

// Version returns the snapshot's version.
func (s *Snapshot) Version() int64 { return s.version }

// Hash returns the snapshot's root hash (the app hash of its height).
func (s *Snapshot) Hash() []byte {
	if s.tree == nil {
		return iavl.NewImmutableTree(nil, 0, false, iavl.NewNopLogger()).Hash()
	}
	return s.tree.Hash()
}

// Get returns the value at key, or nil.
func (s *Snapshot) Get(key []byte) []byte {
	if s.tree == nil {
		return nil
	}
	v, err := s.tree.Get(key)
	if err != nil {
		s.owner.fail(err)
	}
	return v
}

// Has reports whether key has a value.
func (s *Snapshot) Has(key []byte) bool { return s.Get(key) != nil }

// Set panics: snapshots are read-only.
func (s *Snapshot) Set(key, value []byte) { panic(ErrReadOnly) }

// Delete panics: snapshots are read-only.
func (s *Snapshot) Delete(key []byte) { panic(ErrReadOnly) }

// Iterate visits keys in [start, end) in ascending order.
func (s *Snapshot) Iterate(start, end []byte, fn func(key, value []byte) bool) {
	if s.tree == nil {
		return
	}
	it, err := s.tree.Iterator(start, end, true)
	if err != nil {
		s.owner.fail(err)
		return
	}
	iterate(it, fn, s.owner.fail)
}

// Prove returns the value at key with an ICS-23 existence proof, or, when
// the key is absent, a nil value with a non-existence proof. Both verify
// against Hash() with ics23.IavlSpec.
func (s *Snapshot) Prove(key []byte) ([]byte, *ics23.CommitmentProof, error) {
	if s.tree == nil {
		return nil, nil, errors.New("no committed state to prove against")
	}
	v, err := s.tree.Get(key)
	if err != nil {
		return nil, nil, err
	}
	if v != nil {
		p, err := s.tree.GetMembershipProof(key)
		return v, p, err
	}
	p, err := s.tree.GetNonMembershipProof(key)
	return nil, p, err
}

// adapter presents a cosmos-db database through the interface IAVL v1
// expects; the two differ only in the named types of iterators and batches.
type adapter struct{ dbm.DB }

func (a adapter) Iterator(start, end []byte) (corestore.Iterator, error) {
	return a.DB.Iterator(start, end)
}

func (a adapter) ReverseIterator(start, end []byte) (corestore.Iterator, error) {
	return a.DB.ReverseIterator(start, end)
}

func (a adapter) NewBatch() corestore.Batch { return a.DB.NewBatch() }

// NewBatchWithSize ignores IAVL's size hint: with versions written as one
// batch the hint is atomicVersionThreshold, and goleveldb would allocate it.
func (a adapter) NewBatchWithSize(int) corestore.Batch { return a.DB.NewBatch() }
