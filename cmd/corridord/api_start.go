package main

import (
	"github.com/corridor-trade/corridor/config"
	"github.com/corridor-trade/corridor/internal/node"
	"github.com/spf13/cobra"
)

// startAPI starts the single-window HTTP API when api.enable is set and
// returns a function that stops it.
func startAPI(cmd *cobra.Command, cfg config.Config, n *node.Node) (func(), error) {
	if !cfg.API.Enable {
		return func() {}, nil
	}
	return func() {}, errAPINotBuilt
}
