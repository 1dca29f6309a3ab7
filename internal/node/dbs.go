package node

import (
	"sync"

	dbm "github.com/cometbft/cometbft-db"
	cmtcfg "github.com/cometbft/cometbft/config"
)

// openDBs remembers every database CometBFT opens, so that Stop can close
// them all: CometBFT v0.38 closes its block, state and evidence stores on
// Stop but never the transaction index (tx_index.db), whose lock then
// keeps a node restarted in the same process (tests, `devnet`) from
// opening it again. Closing a store twice is harmless.
type openDBs struct {
	mu  sync.Mutex
	dbs []dbm.DB
}

// provider is CometBFT's default DBProvider, remembering what it opens.
func (o *openDBs) provider(ctx *cmtcfg.DBContext) (dbm.DB, error) {
	db, err := cmtcfg.DefaultDBProvider(ctx)
	if err == nil {
		o.mu.Lock()
		o.dbs = append(o.dbs, db)
		o.mu.Unlock()
	}
	return db, err
}

// closeAll closes every remembered database.
func (o *openDBs) closeAll() {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, db := range o.dbs {
		_ = db.Close()
	}
	o.dbs = nil
}
