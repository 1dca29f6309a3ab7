package main

import (
	"github.com/corridor-trade/corridor/x/kit/paths"
	"github.com/spf13/cobra"
)

// newQueryDockingCmd builds `query docking`: counterparty clients, foreign
// anchors, and what a counterparty needs to verify this chain.
func newQueryDockingCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{Use: "docking", Short: "Counterparty clients, foreign anchors and this chain's light-client parameters"}
	for _, c := range []*cobra.Command{
		simpleQuery(env, "clients", "List the counterparty clients with their status at the latest block time", noArg(paths.DockingClients), 0),
		simpleQuery(env, "client CHAIN_ID", "Show one counterparty client and the header heights it holds", paths.DockingClient, 1),
		simpleQuery(env, "anchors DOC_HASH", "List the foreign anchors of a document, with their provenance", paths.DockingAnchors, 1),
		simpleQuery(env, "self", "Show what an external light client needs to verify this chain", noArg(paths.DockingSelf), 0),
	} {
		env.addNodeFlag(c)
		cmd.AddCommand(c)
	}
	return cmd
}
