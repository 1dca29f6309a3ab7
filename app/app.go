package app

import (
	"fmt"
	"log/slog"
	"sync/atomic"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/store"
	"github.com/corridor-trade/corridor/x/membership"
)

// Options configure New.
type Options struct {
	Dir        string // state database directory
	Backend    string // goleveldb, pebbledb or memdb
	KeepRecent int64  // committed versions to keep (0 = all)
	CacheSize  int    // IAVL node cache size
	Logger     *slog.Logger
	// Snapshots configures state-sync snapshots (app/snapshot.go); no
	// Dir means the node neither takes, serves nor restores snapshots.
	Snapshots store.SnapshotOptions
}

// App is the Corridor ABCI application.
type App struct {
	abci.BaseApplication

	log     *slog.Logger
	tree    *store.Tree
	routes  map[string]kit.Route
	queries map[string]kit.QueryFunc

	chainID string
	// block is the per-block cache over the working tree, created by
	// FinalizeBlock and flushed before it returns.
	block *store.Cache
	// check is the CheckTx state: a cache over the last committed snapshot.
	check     *store.Cache
	committed *store.Snapshot
	// params are the membership parameters of the committed state, read
	// once per commit for CheckTx.
	params membership.Params

	// sigs remembers transactions whose signatures verified here;
	// sigWorkers is the parallelism of FinalizeBlock's signature pre-pass
	// (1 turns it off); sigVerified counts signature verifications.
	sigs        *sigCache
	sigWorkers  int
	sigVerified atomic.Uint64

	// sync is the state-sync part: snapshots taken, served and restored.
	sync snapshotState
}

// New opens the state and wires the modules, in a fixed order.
func New(opts Options) (*App, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	tree, err := store.Open(opts.Dir, store.Options{Backend: opts.Backend, CacheSize: opts.CacheSize, KeepRecent: opts.KeepRecent})
	if err != nil {
		return nil, err
	}
	a := &App{log: opts.Logger, tree: tree, routes: map[string]kit.Route{}, sigs: newSigCache(sigCacheSize), sigWorkers: defaultSigWorkers()}
	groups := [][]kit.Route{membership.Routes()}
	for _, m := range modules() {
		groups = append(groups, m.Routes)
	}
	for _, group := range groups {
		for _, r := range group {
			if _, dup := a.routes[r.Type]; dup {
				return nil, fmt.Errorf("message type %s registered twice", r.Type)
			}
			a.routes[r.Type] = r
		}
	}
	a.queries = a.queryHandlers()
	if err := a.openSnapshots(opts.Snapshots); err != nil {
		tree.Close()
		return nil, err
	}
	if err := a.resetCheckState(); err != nil {
		return nil, err
	}
	a.chainID = string(a.committed.Get([]byte(keyChainID)))
	return a, nil
}

// keyChainID stores the chain-id given at InitChain, so that a restarted
// node knows it before the first block.
const keyChainID = "meta/chain-id"

// KeyBlockTime stores the time of the last executed block as 8-byte
// big-endian Unix nanoseconds (see x/kit.BlockTime).
const KeyBlockTime = "meta/block-time"

// Close waits for a snapshot being written, then releases the state
// database.
func (a *App) Close() error {
	if a.sync.snaps != nil {
		a.sync.snaps.Wait()
	}
	return a.tree.Close()
}

// ChainID returns the chain-id this application was initialised with.
func (a *App) ChainID() string { return a.chainID }

// resetCheckState points the check state at the latest committed version.
func (a *App) resetCheckState() error {
	snap, err := a.tree.Snapshot(0)
	if err != nil {
		return err
	}
	a.committed = snap
	a.check = store.NewCache(snap)
	a.params = membership.GetParams(snap)
	return nil
}

// MessageTypes returns a new zero value of every message type the
// application accepts, by type name.
func (a *App) MessageTypes() map[string]any {
	out := map[string]any{}
	for name, r := range a.routes {
		out[name] = r.New()
	}
	return out
}
