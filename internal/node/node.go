package node

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	cmtcfg "github.com/cometbft/cometbft/config"
	cmtflags "github.com/cometbft/cometbft/libs/cli/flags"
	cmtlog "github.com/cometbft/cometbft/libs/log"
	nm "github.com/cometbft/cometbft/node"
	"github.com/cometbft/cometbft/p2p"
	"github.com/cometbft/cometbft/privval"
	"github.com/cometbft/cometbft/proxy"
	"github.com/corridor-trade/corridor/app"
	"github.com/corridor-trade/corridor/config"
	"github.com/corridor-trade/corridor/x/kit/store"
	"github.com/spf13/viper"
)

// Node is a running (or startable) Corridor node.
type Node struct {
	App  *app.App
	CMT  *nm.Node
	Home string
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

// New builds a node from home with the given application settings. Logs go
// to w.
func New(home string, appCfg config.Config, w io.Writer) (*Node, error) {
	if err := appCfg.Validate(); err != nil {
		return nil, err
	}
	conf, err := LoadCometConfig(home)
	if err != nil {
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
	application, err := app.New(app.Options{
		Dir: conf.DBDir(), Backend: appCfg.State.Backend, KeepRecent: appCfg.State.KeepRecent,
		CacheSize: appCfg.State.CacheSize, Logger: slogger.With("module", "corridor"),
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
	if _, err := os.Stat(conf.PrivValidatorKeyFile()); err != nil {
		application.Close()
		return nil, fmt.Errorf("consensus key %s: %w", conf.PrivValidatorKeyFile(), err)
	}
	pv := privval.LoadOrGenFilePV(conf.PrivValidatorKeyFile(), conf.PrivValidatorStateFile())
	n, err := nm.NewNode(conf, pv, nodeKey, proxy.NewLocalClientCreator(application),
		nm.DefaultGenesisDocProviderFunc(conf), cmtcfg.DefaultDBProvider,
		nm.DefaultMetricsProvider(conf.Instrumentation), logger)
	if err != nil {
		application.Close()
		return nil, fmt.Errorf("create CometBFT node: %w", err)
	}
	return &Node{App: application, CMT: n, Home: home}, nil
}

// snapshotOptions places state-sync snapshots in <home>/data/snapshots.
func snapshotOptions(conf *cmtcfg.Config, c config.StateSyncConfig) store.SnapshotOptions {
	return store.SnapshotOptions{Dir: filepath.Join(conf.DBDir(), "snapshots"), Interval: c.SnapshotInterval,
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
	if cerr := n.App.Close(); err == nil {
		err = cerr
	}
	return err
}
