package crashdb

import (
	"bytes"
	"errors"
	"fmt"
	"sync"

	dbm "github.com/cosmos/cosmos-db"
)

// ErrCrashed is returned by every call after the simulated crash.
var ErrCrashed = errors.New("crashdb: the process crashed (simulated)")

var (
	errKeyEmpty    = errors.New("crashdb: key cannot be empty")
	errValueNil    = errors.New("crashdb: value cannot be nil")
	errBatchClosed = errors.New("crashdb: batch has been written or closed")
)

// op is one Set (del false) or Delete.
type op struct {
	key, value []byte
	del        bool
}

// group is what one write point writes: applied whole or not at all.
type group []op

// Disk is the durable state: what a crash leaves. A Disk outlives the DBs
// opened on it, and only one DB may use it at a time.
type Disk struct{ data *dbm.MemDB }

// NewDisk returns an empty disk.
func NewDisk() *Disk { return &Disk{data: dbm.NewMemDB()} }

// Clone returns an independent copy of the disk.
func (d *Disk) Clone() *Disk {
	c := NewDisk()
	copyInto(c.data, d.data)
	return c
}

func (d *Disk) apply(g group) {
	for _, o := range g {
		if o.del {
			_ = d.data.Delete(o.key)
		} else {
			_ = d.data.Set(o.key, o.value)
		}
	}
}

// copyInto copies every pair of src into dst.
func copyInto(dst, src *dbm.MemDB) {
	it, err := src.Iterator(nil, nil)
	if err != nil {
		panic(err) // a MemDB iterator over the whole range cannot fail
	}
	var pairs [][2][]byte
	for ; it.Valid(); it.Next() {
		pairs = append(pairs, [2][]byte{it.Key(), it.Value()})
	}
	it.Close()
	for _, p := range pairs {
		_ = dst.Set(p[0], p[1])
	}
}

// Option adjusts Open.
type Option func(*DB)

// CrashAt makes the DB crash as write point k (counted from 1) begins;
// k <= 0 never crashes.
func CrashAt(k int) Option { return func(db *DB) { db.crashAt = k } }

// Silently makes the writes from the crash on succeed without effect (and
// reads go on seeing the state at the crash) instead of failing with
// ErrCrashed. Use it for code that cannot survive a failed write: IAVL's
// batch flusher dies with "unlock of unlocked mutex" when a flush in the
// middle of a version fails. The Image is the same either way.
func Silently() Option { return func(db *DB) { db.silent = true } }

// DB is one run of the process over a Disk. It implements dbm.DB and is
// safe for concurrent use.
type DB struct {
	mu      sync.Mutex
	disk    *Disk
	live    *dbm.MemDB // the disk plus every unsynced write
	pending []group    // unsynced writes, oldest first
	writes  int
	crashAt int
	crashed bool
	silent  bool
	closed  bool
}

var _ dbm.DB = (*DB)(nil)

// Open starts a run over disk: the process sees exactly what the disk holds.
func Open(disk *Disk, opts ...Option) *DB {
	db := &DB{disk: disk, live: dbm.NewMemDB()}
	copyInto(db.live, disk.data)
	for _, o := range opts {
		o(db)
	}
	return db
}

// Writes returns how many write points this run has passed (the crashing
// one included).
func (db *DB) Writes() int {
	db.mu.Lock()
	defer db.mu.Unlock()
	return db.writes
}

// Crashed reports whether the simulated crash happened.
func (db *DB) Crashed() bool {
	db.mu.Lock()
	defer db.mu.Unlock()
	return db.crashed
}

// Unsynced returns how many write groups wait unsynced.
func (db *DB) Unsynced() int {
	db.mu.Lock()
	defer db.mu.Unlock()
	return len(db.pending)
}

// Image is the state of the disk and the volatile layer at a crash.
type Image struct {
	disk    *Disk
	pending []group
}

// Image returns what a crash now (or at the crash that happened) leaves to
// recover from. A DB that has not crashed crashes now.
func (db *DB) Image() *Image {
	db.mu.Lock()
	defer db.mu.Unlock()
	db.crashed = true
	return &Image{disk: db.disk, pending: append([]group(nil), db.pending...)}
}

// Unsynced returns how many unsynced write groups the crash interrupted.
func (img *Image) Unsynced() int { return len(img.pending) }

// Disk returns the disk after the crash if the first keep unsynced groups
// reached it (keep is clamped to [0, Unsynced]); each call returns a new
// copy.
func (img *Image) Disk(keep int) *Disk {
	keep = max(0, min(keep, len(img.pending)))
	d := img.disk.Clone()
	for _, g := range img.pending[:keep] {
		d.apply(g)
	}
	return d
}

// write applies g as one write point.
func (db *DB) write(g group, sync bool) error {
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.crashed || db.closed {
		return db.crashErr()
	}
	db.writes++
	if db.crashAt > 0 && db.writes >= db.crashAt {
		db.crashed = true
		return db.crashErr()
	}
	for _, o := range g {
		if o.del {
			_ = db.live.Delete(o.key)
		} else {
			_ = db.live.Set(o.key, o.value)
		}
	}
	db.pending = append(db.pending, g)
	if sync {
		for _, p := range db.pending {
			db.disk.apply(p)
		}
		db.pending = nil
	}
	return nil
}

// crashErr is what a write after the crash returns.
func (db *DB) crashErr() error {
	if db.silent && !db.closed {
		return nil
	}
	return ErrCrashed
}

// alive is what a read returns before reading: nil while the process runs
// (or after a silent crash).
func (db *DB) alive() error {
	if db.closed || db.crashed && !db.silent {
		return ErrCrashed
	}
	return nil
}

// Get implements dbm.DB.
func (db *DB) Get(key []byte) ([]byte, error) {
	if len(key) == 0 {
		return nil, errKeyEmpty
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	if err := db.alive(); err != nil {
		return nil, err
	}
	return db.live.Get(key)
}

// Has implements dbm.DB.
func (db *DB) Has(key []byte) (bool, error) {
	v, err := db.Get(key)
	return v != nil, err
}

func setOp(key, value []byte) (group, error) {
	if len(key) == 0 {
		return nil, errKeyEmpty
	}
	if value == nil {
		return nil, errValueNil
	}
	return group{{key: bytes.Clone(key), value: bytes.Clone(value)}}, nil
}

func deleteOp(key []byte) (group, error) {
	if len(key) == 0 {
		return nil, errKeyEmpty
	}
	return group{{key: bytes.Clone(key), del: true}}, nil
}

// Set implements dbm.DB (unsynced).
func (db *DB) Set(key, value []byte) error {
	g, err := setOp(key, value)
	if err != nil {
		return err
	}
	return db.write(g, false)
}

// SetSync implements dbm.DB.
func (db *DB) SetSync(key, value []byte) error {
	g, err := setOp(key, value)
	if err != nil {
		return err
	}
	return db.write(g, true)
}

// Delete implements dbm.DB (unsynced).
func (db *DB) Delete(key []byte) error {
	g, err := deleteOp(key)
	if err != nil {
		return err
	}
	return db.write(g, false)
}

// DeleteSync implements dbm.DB.
func (db *DB) DeleteSync(key []byte) error {
	g, err := deleteOp(key)
	if err != nil {
		return err
	}
	return db.write(g, true)
}

// Iterator implements dbm.DB. It iterates over a copy of the range taken
// now, so writes while it is open neither block nor show.
func (db *DB) Iterator(start, end []byte) (dbm.Iterator, error) {
	return db.iterator(start, end, false)
}

// ReverseIterator implements dbm.DB, like Iterator.
func (db *DB) ReverseIterator(start, end []byte) (dbm.Iterator, error) {
	return db.iterator(start, end, true)
}

func (db *DB) iterator(start, end []byte, reverse bool) (dbm.Iterator, error) {
	if (start != nil && len(start) == 0) || (end != nil && len(end) == 0) {
		return nil, errKeyEmpty
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	if err := db.alive(); err != nil {
		return nil, err
	}
	var it dbm.Iterator
	var err error
	if reverse {
		it, err = db.live.ReverseIterator(start, end)
	} else {
		it, err = db.live.Iterator(start, end)
	}
	if err != nil {
		return nil, err
	}
	defer it.Close()
	s := &sliceIterator{start: start, end: end}
	for ; it.Valid(); it.Next() {
		s.pairs = append(s.pairs, [2][]byte{bytes.Clone(it.Key()), bytes.Clone(it.Value())})
	}
	return s, it.Error()
}

// Close implements dbm.DB. A clean close loses nothing: the unsynced
// writes reach the disk, as both engines flush their log on close.
func (db *DB) Close() error {
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.crashed || db.closed {
		return nil
	}
	for _, p := range db.pending {
		db.disk.apply(p)
	}
	db.pending, db.closed = nil, true
	return nil
}

// NewBatch implements dbm.DB.
func (db *DB) NewBatch() dbm.Batch { return &batch{db: db} }

// NewBatchWithSize implements dbm.DB; the size is only a hint.
func (db *DB) NewBatchWithSize(int) dbm.Batch { return db.NewBatch() }

// Print implements dbm.DB.
func (db *DB) Print() error {
	db.mu.Lock()
	defer db.mu.Unlock()
	fmt.Printf("crashdb: %d write points, %d unsynced groups, crashed %v\n", db.writes, len(db.pending), db.crashed)
	return nil
}

// Stats implements dbm.DB.
func (db *DB) Stats() map[string]string {
	db.mu.Lock()
	defer db.mu.Unlock()
	return map[string]string{"writes": fmt.Sprint(db.writes), "unsynced": fmt.Sprint(len(db.pending))}
}

// batch collects writes until Write or WriteSync makes them one write point.
type batch struct {
	db     *DB
	ops    group
	size   int
	closed bool
}

func (b *batch) Set(key, value []byte) error {
	if b.closed {
		return errBatchClosed
	}
	g, err := setOp(key, value)
	if err != nil {
		return err
	}
	b.ops = append(b.ops, g...)
	b.size += len(key) + len(value)
	return nil
}

func (b *batch) Delete(key []byte) error {
	if b.closed {
		return errBatchClosed
	}
	g, err := deleteOp(key)
	if err != nil {
		return err
	}
	b.ops = append(b.ops, g...)
	b.size += len(key)
	return nil
}

func (b *batch) Write() error     { return b.commit(false) }
func (b *batch) WriteSync() error { return b.commit(true) }

func (b *batch) commit(sync bool) error {
	if b.closed {
		return errBatchClosed
	}
	b.closed = true
	return b.db.write(b.ops, sync)
}

func (b *batch) Close() error { b.closed = true; return nil }

func (b *batch) GetByteSize() (int, error) {
	if b.closed {
		return 0, errBatchClosed
	}
	return b.size, nil
}

// sliceIterator walks a copy of a range.
type sliceIterator struct {
	start, end []byte
	pairs      [][2][]byte
	i          int
}

func (s *sliceIterator) Domain() ([]byte, []byte) { return s.start, s.end }
func (s *sliceIterator) Valid() bool              { return s.i < len(s.pairs) }
func (s *sliceIterator) Next() {
	if !s.Valid() {
		panic("crashdb: Next on an exhausted iterator")
	}
	s.i++
}
func (s *sliceIterator) Key() []byte   { s.mustValid(); return s.pairs[s.i][0] }
func (s *sliceIterator) Value() []byte { s.mustValid(); return s.pairs[s.i][1] }
func (s *sliceIterator) Error() error  { return nil }
func (s *sliceIterator) Close() error  { return nil }
func (s *sliceIterator) mustValid() {
	if !s.Valid() {
		panic("crashdb: iterator is not valid")
	}
}
