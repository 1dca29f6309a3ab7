package main

import (
	"context"
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
	rpc := local.New(n.CMT)
	srv := api.New(rpc, api.Options{Logger: logger, MaxChecks: cfg.API.MaxConcurrentChecks, MaxCheckBytes: cfg.API.MaxCheckBytes,
		MaxConns: cfg.API.MaxConnections, ReadHeaderTimeout: cfg.API.ReadHeaderTimeout, ReadTimeout: cfg.API.ReadTimeout})
	run, err := api.Start(cfg.API.Address, srv)
	if err != nil {
		return func() {}, err
	}
	fmt.Fprintf(cmd.ErrOrStderr(), "single-window HTTP API listening on http://%s (do not expose it on a validator)\n", run.Addr)
	if isValidator(rpc, n) {
		logger.Warn("this node is a validator: serve the HTTP API from a separate full node instead (docs/api.md)")
	}
	return func() {
		if err := run.Stop(5 * time.Second); err != nil {
			logger.Warn("api stop", "err", err)
		}
	}, nil
}

// isValidator reports whether the node's consensus key is in the current
// validator set.
func isValidator(rpc *local.Local, n *node.Node) bool {
	pv := n.CMT.PrivValidator()
	if pv == nil {
		return false
	}
	pk, err := pv.GetPubKey()
	if err != nil {
		return false
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	perPage := 100
	for page := 1; page <= 10; page++ {
		p := page
		vals, err := rpc.Validators(ctx, nil, &p, &perPage)
		if err != nil {
			return false
		}
		for _, v := range vals.Validators {
			if v.Address.String() == pk.Address().String() {
				return true
			}
		}
		if page*perPage >= vals.Total {
			return false
		}
	}
	return false
}
