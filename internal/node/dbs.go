package node

import (
	"sync"
	"sync/atomic"

	dbm "github.com/cometbft/cometbft-db"
	cmtcfg "github.com/cometbft/cometbft/config"
)

// openedDBs is a CometBFT database provider that remembers every database
// it opens, so that Stop can close those CometBFT's own shutdown leaves
// open (the transaction index): a node stopped in-process can then be
// started again from the same home, as the governance tests do after a
// key replacement or an upgrade halt.
type openedDBs struct {
	mu  sync.Mutex
	dbs []*stoppableDB
}

func (o *openedDBs) provide(ctx *cmtcfg.DBContext) (dbm.DB, error) {
	db, err := cmtcfg.DefaultDBProvider(ctx)
	if err != nil {
		return nil, err
	}
	s := &stoppableDB{DB: db}
	o.mu.Lock()
	o.dbs = append(o.dbs, s)
	o.mu.Unlock()
	return s, nil
}

// closeAll closes every database opened; closing one already closed is
// harmless and its error ignored.
func (o *openedDBs) closeAll() {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, db := range o.dbs {
		_ = db.Close()
	}
	o.dbs = nil
}

// stoppableDB answers reads made after Close as "not found" instead of
// with an error. CometBFT v0.38's consensus reactor keeps a goroutine per
// peer (queryMaj23Routine) that can wake from a sleep after the node has
// stopped and closed its block store, and the block store panics on any
// read error ("leveldb: closed"), killing a process that stopped a node
// in-process (tests, devnet). After Close nothing is served: a late read
// sees an empty store and the goroutine exits at its next check.
type stoppableDB struct {
	dbm.DB
	closed atomic.Bool
}

// Get returns nil, as for an absent key, once the database is closed.
func (s *stoppableDB) Get(key []byte) ([]byte, error) {
	if s.closed.Load() {
		return nil, nil
	}
	return s.DB.Get(key)
}

// Has reports false once the database is closed.
func (s *stoppableDB) Has(key []byte) (bool, error) {
	if s.closed.Load() {
		return false, nil
	}
	return s.DB.Has(key)
}

// Close closes the database once; later calls do nothing.
func (s *stoppableDB) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	return s.DB.Close()
}
