package node

import (
	"fmt"
	"io"
	"log/slog"
	"path/filepath"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtcfg "github.com/cometbft/cometbft/config"
	cmtflags "github.com/cometbft/cometbft/libs/cli/flags"
	cmtlog "github.com/cometbft/cometbft/libs/log"
	nm "github.com/cometbft/cometbft/node"
	"github.com/cometbft/cometbft/p2p"
	"github.com/cometbft/cometbft/proxy"
	"github.com/corridor-trade/corridor/app"
	"github.com/corridor-trade/corridor/config"
	"github.com/corridor-trade/corridor/x/kit/store/iavlstore"
	"github.com/spf13/viper"
)

// Node is a running (or startable) Corridor node.
type Node struct {
	App  *app.App
	CMT  *nm.Node
	Home string

	releaseSigner func()     // closes a remote signer's listener (privval.go)
	dbs           *openedDBs // CometBFT's databases, closed by Stop (dbs.go)
}

// LoadCometConfig reads <home>/config/config.toml.
func LoadCometConfig(home string) (*cmtcfg.Config, error) {
	conf := cmtcfg.DefaultConfig()
	path := filepath.Join(home, "config", "config.toml")
	v := viper.New()
	v.SetConfigFile(path)
	if err := v.ReadInConfig(); err != nil {
		return nil, fmt.Errorf("read %s (run `corridord init` first?): %w", path, err)
	}
	if err := v.Unmarshal(conf); err != nil {
		return nil, fmt.Errorf("parse %s: %w", path, err)
	}
	conf.SetRoot(home)
	if err := conf.ValidateBasic(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return conf, nil
}

// Option adjusts how New builds a node.
type Option func(*options)

type options struct {
	wrap func(abci.Application) abci.Application
	tune []func(*cmtcfg.Config)
}

// TuneConfig lets tune change the CometBFT settings read from config.toml
// before they are used, e.g. listen addresses given as flags to start.
func TuneConfig(tune func(*cmtcfg.Config)) Option {
	return func(o *options) { o.tune = append(o.tune, tune) }
}

// WrapApp makes CometBFT talk to wrap(app) instead of the application
// itself; Node.App is still the real application. It exists for tests
// that make one node misbehave (a Byzantine proposer) or watch its ABCI
// calls; a production node never uses it.
func WrapApp(wrap func(abci.Application) abci.Application) Option {
	return func(o *options) { o.wrap = wrap }
}

// New builds a node from home with the given application settings. Logs go
// to w. Options may wrap the application for CometBFT (tests) or change
// the CometBFT settings read from config.toml before they are used (e.g.
// listen addresses given as flags).
func New(home string, appCfg config.Config, w io.Writer, opts ...Option) (*Node, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	if err := appCfg.Validate(); err != nil {
		return nil, err
	}
	conf, err := LoadCometConfig(home)
	if err != nil {
		return nil, err
	}
	for _, t := range o.tune {
		t(conf)
	}
	if err := conf.ValidateBasic(); err != nil {
		return nil, fmt.Errorf("CometBFT settings: %w", err)
	}
	if err := stateSyncTempDir(conf); err != nil {
		return nil, err
	}
	logger, err := newLogger(w, appCfg.Log)
	if err != nil {
		return nil, err
	}
	slogger := slog.New(slog.NewTextHandler(w, nil))
	if appCfg.Log.Format == "json" {
		slogger = slog.New(slog.NewJSONHandler(w, nil))
	}
	appMetrics, err := newMetrics(conf)
	if err != nil {
		return nil, err
	}
	application, err := app.New(app.Options{
		Dir: conf.DBDir(), Backend: appCfg.State.Backend, KeepRecent: appCfg.State.KeepRecent,
		CacheSize: appCfg.State.CacheSize, NoFastIndex: !appCfg.State.FastIndex, Logger: slogger.With("module", "corridor"), Metrics: appMetrics,
		Snapshots: snapshotOptions(conf, appCfg.StateSync),
	})
	if err != nil {
		return nil, err
	}
	nodeKey, err := p2p.LoadOrGenNodeKey(conf.NodeKeyFile())
	if err != nil {
		application.Close()
		return nil, fmt.Errorf("node key: %w", err)
	}
	dbs := &openedDBs{} // dbs.go
	pv, releaseSigner, err := privValidator(conf, logger)
	if err != nil {
		application.Close()
		return nil, err
	}
	// One mutex per ABCI connection: CheckTx (the mempool connection) no
	// longer waits for FinalizeBlock and Commit on the consensus
	// connection. The application serialises everything else itself and
	// guards its check state (app.App; docs/performance.md, "CheckTx off
	// the consensus lock"). A wrapped application (tests) keeps CometBFT's
	// single mutex: wrappers are written for one call at a time.
	var abciApp abci.Application = application
	clients := proxy.NewConnSyncLocalClientCreator(application)
	if o.wrap != nil {
		abciApp = o.wrap(application)
		clients = proxy.NewLocalClientCreator(abciApp)
	}
	n, err := nm.NewNode(conf, pv, nodeKey, clients,
		nm.DefaultGenesisDocProviderFunc(conf), dbs.provide,
		nm.DefaultMetricsProvider(conf.Instrumentation), logger)
	if err != nil {
		releaseSigner()
		dbs.closeAll()
		application.Close()
		return nil, fmt.Errorf("create CometBFT node: %w", err)
	}
	return &Node{App: application, CMT: n, Home: home, releaseSigner: releaseSigner, dbs: dbs}, nil
}

// snapshotOptions places state-sync snapshots in <home>/data/snapshots.
func snapshotOptions(conf *cmtcfg.Config, c config.StateSyncConfig) iavlstore.SnapshotOptions {
	return iavlstore.SnapshotOptions{Dir: filepath.Join(conf.DBDir(), "snapshots"), Interval: c.SnapshotInterval,
		KeepRecent: c.SnapshotKeepRecent, ChunkSize: c.SnapshotChunkBytes}
}

func newLogger(w io.Writer, lc config.LogConfig) (cmtlog.Logger, error) {
	var l cmtlog.Logger
	if lc.Format == "json" {
		l = cmtlog.NewTMJSONLogger(cmtlog.NewSyncWriter(w))
	} else {
		l = cmtlog.NewTMLogger(cmtlog.NewSyncWriter(w))
	}
	return cmtflags.ParseLogLevel(lc.Level, l, "info")
}

// Start starts CometBFT (which handshakes with the application, replaying
// any blocks the application has not committed).
func (n *Node) Start() error { return n.CMT.Start() }

// Stop stops CometBFT and closes the application state.
func (n *Node) Stop() error {
	var err error
	if n.CMT.IsRunning() {
		err = n.CMT.Stop()
		n.CMT.Wait()
	}
	if n.releaseSigner != nil {
		n.releaseSigner()
	}
	if n.dbs != nil {
		n.dbs.closeAll()
	}
	if cerr := n.App.Close(); err == nil {
		err = cerr
	}
	return err
}
