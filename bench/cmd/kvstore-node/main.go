package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/cometbft/cometbft/abci/example/kvstore"
	cmtcfg "github.com/cometbft/cometbft/config"
	cmtflags "github.com/cometbft/cometbft/libs/cli/flags"
	cmtlog "github.com/cometbft/cometbft/libs/log"
	nm "github.com/cometbft/cometbft/node"
	"github.com/cometbft/cometbft/p2p"
	"github.com/cometbft/cometbft/privval"
	"github.com/cometbft/cometbft/proxy"
	"github.com/corridor-trade/corridor/internal/node"
)

func main() {
	home := flag.String("home", "", "node home directory")
	flag.Parse()
	if err := run(*home); err != nil {
		fmt.Fprintln(os.Stderr, "kvstore-node:", err)
		os.Exit(1)
	}
}

func run(home string) error {
	conf, err := node.LoadCometConfig(home)
	if err != nil {
		return err
	}
	logger, err := cmtflags.ParseLogLevel(conf.LogLevel, cmtlog.NewTMLogger(cmtlog.NewSyncWriter(os.Stderr)), "info")
	if err != nil {
		return err
	}
	app := kvstore.NewPersistentApplication(filepath.Join(conf.DBDir(), "kvstore"))
	nodeKey, err := p2p.LoadNodeKey(conf.NodeKeyFile())
	if err != nil {
		return err
	}
	pv := privval.LoadFilePV(conf.PrivValidatorKeyFile(), conf.PrivValidatorStateFile())
	n, err := nm.NewNode(conf, pv, nodeKey, proxy.NewLocalClientCreator(app),
		nm.DefaultGenesisDocProviderFunc(conf), cmtcfg.DefaultDBProvider,
		nm.DefaultMetricsProvider(conf.Instrumentation), logger)
	if err != nil {
		return err
	}
	if err := n.Start(); err != nil {
		return err
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	select {
	case <-sig:
	case <-n.Quit():
	}
	if n.IsRunning() {
		if err := n.Stop(); err != nil {
			return err
		}
		n.Wait()
	}
	return nil
}
