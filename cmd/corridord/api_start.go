package main

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/cometbft/cometbft/rpc/client/local"
	"github.com/corridor-trade/corridor/api"
	"github.com/corridor-trade/corridor/config"
	"github.com/corridor-trade/corridor/internal/node"
	"github.com/spf13/cobra"
)

// startAPI starts the single-window HTTP API when api.enable is set and
// returns a function that stops it. The API reaches the application only
// through the node's in-process CometBFT RPC client (queries, broadcast,
// events); see docs/api.md.
func startAPI(cmd *cobra.Command, cfg config.Config, n *node.Node) (func(), error) {
	if !cfg.API.Enable {
		return func() {}, nil
	}
	logger := slog.New(slog.NewTextHandler(cmd.ErrOrStderr(), nil)).With("module", "api")
	if cfg.Log.Format == "json" {
		logger = slog.New(slog.NewJSONHandler(cmd.ErrOrStderr(), nil)).With("module", "api")
	}
	srv := api.New(local.New(n.CMT), api.Options{Logger: logger})
	run, err := api.Start(cfg.API.Address, srv)
	if err != nil {
		return func() {}, err
	}
	fmt.Fprintf(cmd.ErrOrStderr(), "single-window HTTP API listening on http://%s (do not expose it on a validator)\n", run.Addr)
	return func() {
		if err := run.Stop(5 * time.Second); err != nil {
			logger.Warn("api stop", "err", err)
		}
	}, nil
}
