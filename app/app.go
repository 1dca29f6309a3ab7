package app

import (
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/store"
	"github.com/corridor-trade/corridor/x/kit/store/iavlstore"
	"github.com/corridor-trade/corridor/x/wiring"
	dbm "github.com/cosmos/cosmos-db"
)

// Options configure New.
type Options struct {
	Dir        string // state database directory
	Backend    string // goleveldb, pebbledb or memdb
	KeepRecent int64  // committed versions to keep (0 = all)
	CacheSize  int    // IAVL node cache size
	// NoFastIndex turns IAVL's fast index off (iavlstore.Options; app.toml
	// state.fast_index = false): less disk, slower reads, same app hashes.
	NoFastIndex bool
	Logger      *slog.Logger
	// DB, if set, is the state database, used instead of opening one in
	// Dir (tests pass a crash-simulating one, package crashdb).
	DB      dbm.DB
	Metrics Metrics // observes the application (nil: none; app/metrics.go)
	// Snapshots configures state-sync snapshots (app/snapshot.go); no
	// Dir means the node neither takes, serves nor restores snapshots.
	Snapshots iavlstore.SnapshotOptions
}

// App is the Corridor ABCI application.
type App struct {
	abci.BaseApplication

	// mu serialises every ABCI call but CheckTx: the consensus, query and
	// state-sync connections, as CometBFT's single local mutex did.
	// checkMu guards the check state (check, committed, limits, chainID):
	// CheckTx holds it, and so does whatever replaces the check state
	// (Commit, InitChain, a state-sync restore). CheckTx thus runs beside
	// FinalizeBlock instead of waiting for it (docs/performance.md,
	// "CheckTx off the consensus lock"); it reads only the last committed
	// snapshot, never the working tree a block is written to.
	mu      sync.Mutex
	checkMu sync.Mutex
	// checkOnWorking is set from InitChain to the first Commit, while the
	// check state is a cache over the working tree: CheckTx then also
	// takes mu.
	checkOnWorking atomic.Bool

	log  *slog.Logger
	tree *iavlstore.Tree
	// reg holds the modules (x/wiring), their routes and query handlers;
	// accounts is the membership view the transaction checks read.
	reg      *kit.Registry
	accounts kit.Accounts

	chainID string
	// dataDir is where upgrade-info.json is written at a scheduled
	// upgrade (Options.Dir, the node's data directory).
	dataDir string
	// block is the per-block cache over the working tree, created by
	// FinalizeBlock and flushed before it returns.
	block *store.Cache
	// check is the CheckTx state: a cache over the last committed snapshot.
	check     *store.Cache
	committed *iavlstore.Snapshot
	// memo remembers the check state's signers and committed sequences
	// (app/checkmemo.go); nil from InitChain to the first Commit, and
	// always when noCheckMemo is set (tests).
	memo        *checkMemo
	noCheckMemo bool
	// limits are the transaction limits of the committed state, read
	// once per commit for CheckTx.
	limits kit.TxLimits

	// sigs remembers transactions whose signatures verified here;
	// sigWorkers is the parallelism of FinalizeBlock's signature pre-pass
	// (1 turns it off); sigVerified counts signature verifications.
	sigs *sigCache
	// admitted remembers what CheckTx learned about the transactions it
	// admitted, so that mempool rechecks repeat only the state-dependent
	// checks (app/recheck.go); noFastRecheck turns that off (tests).
	admitted      *admitCache
	noFastRecheck bool
	fastRechecks  atomic.Uint64
	sigWorkers    int
	sigVerified   atomic.Uint64

	metrics Metrics // observer only, never read back (app/metrics.go)

	// sync is the state-sync part: snapshots taken, served and restored.
	sync snapshotState
}

// New opens the state and wires the modules of x/wiring, in their fixed
// order. A message type or query path registered twice is refused here,
// before the node starts.
func New(opts Options) (*App, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	reg, err := wiring.Register()
	if err != nil {
		return nil, fmt.Errorf("wiring the modules: %w", err)
	}
	if reg.Accounts == nil {
		return nil, fmt.Errorf("wiring the modules: no module provides the accounts that transactions are checked against")
	}
	// Opening the state repairs a commit a crash cut short (iavlstore.Open).
	sopts := iavlstore.Options{Backend: opts.Backend, CacheSize: opts.CacheSize, KeepRecent: opts.KeepRecent, NoFastIndex: opts.NoFastIndex, Logger: opts.Logger}
	var tree *iavlstore.Tree
	if opts.DB != nil {
		tree, err = iavlstore.OpenDB(opts.DB, sopts)
	} else {
		tree, err = iavlstore.Open(opts.Dir, sopts)
	}
	if err != nil {
		return nil, err
	}
	a := &App{log: opts.Logger, tree: tree, dataDir: opts.Dir, reg: reg, accounts: reg.Accounts, sigs: newSigCache(sigCacheSize), admitted: newAdmitCache(admitCacheSize), sigWorkers: defaultSigWorkers()}
	if a.metrics = opts.Metrics; a.metrics == nil {
		a.metrics = nopMetrics{}
	}
	if err := a.openSnapshots(opts.Snapshots); err != nil {
		tree.Close()
		return nil, err
	}
	if err := a.resetCheckState(); err != nil {
		return nil, err
	}
	a.chainID = string(a.committed.Get([]byte(kit.ChainIDKey)))
	return a, nil
}

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
// The caller holds checkMu (or is New, before any call).
func (a *App) resetCheckState() error {
	snap, err := a.tree.Snapshot(0)
	if err != nil {
		return err
	}
	a.committed = snap
	a.check = store.NewCache(snap)
	a.memo = nil
	if !a.noCheckMemo {
		a.memo = newCheckMemo()
	}
	a.limits = a.accounts.Limits(snap)
	a.checkOnWorking.Store(false)
	return nil
}

// MessageTypes returns a new zero value of every message type the
// application accepts, by type name.
func (a *App) MessageTypes() map[string]any {
	out := map[string]any{}
	for name, r := range a.reg.Routes {
		out[name] = r.New()
	}
	return out
}
