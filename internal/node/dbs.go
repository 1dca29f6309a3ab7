package node

import (
	"sync"

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
	dbs []dbm.DB
}

func (o *openedDBs) provide(ctx *cmtcfg.DBContext) (dbm.DB, error) {
	db, err := cmtcfg.DefaultDBProvider(ctx)
	if err == nil {
		o.mu.Lock()
		o.dbs = append(o.dbs, db)
		o.mu.Unlock()
	}
	return db, err
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
