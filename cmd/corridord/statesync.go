package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
)

// TrustPoint is what `corridord statesync trust` prints: the values a new
// node's [statesync] section in config.toml needs.
type TrustPoint struct {
	ChainID     string `json:"chain_id"`
	TrustHeight int64  `json:"trust_height"`
	TrustHash   string `json:"trust_hash"`
	Node        string `json:"node"`
}

func newStatesyncCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "statesync",
		Short: "Help a new node join by state sync",
	}
	trust := &cobra.Command{
		Use:   "trust",
		Short: "Print a trust height and hash from a node you trust, for config.toml's [statesync]",
		Long: `trust asks the node given by --node (one you operate or trust: the light client
believes this hash) for its latest committed header and prints its height and
hash, with the [statesync] lines to put in the new node's config.toml
(docs/operations.md, "State sync").`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := env.rpc(cmd)
			if err != nil {
				return err
			}
			st, err := c.Status(cmd.Context())
			if err != nil {
				return fmt.Errorf("cannot reach node %s: %w", env.flag(cmd, "node"), err)
			}
			h := st.SyncInfo.LatestBlockHeight
			if h < 1 {
				return fmt.Errorf("node %s has no block yet", env.flag(cmd, "node"))
			}
			commit, err := c.Commit(cmd.Context(), &h)
			if err != nil {
				return fmt.Errorf("commit of height %d: %w", h, err)
			}
			tp := TrustPoint{ChainID: commit.ChainID, TrustHeight: h, TrustHash: strings.ToUpper(commit.SignedHeader.Hash().String()), Node: env.flag(cmd, "node")}
			return env.print(cmd, tp, func(w io.Writer) {
				fmt.Fprintf(w, "chain %s: trusted header at height %d from %s\n\n[statesync]\nenable = true\nrpc_servers = \"<rpc of a node>,<rpc of another node>\"\ntrust_height = %d\ntrust_hash = \"%s\"\ntrust_period = \"168h0m0s\"\n",
					tp.ChainID, tp.TrustHeight, tp.Node, tp.TrustHeight, tp.TrustHash)
			})
		},
	}
	env.addNodeFlag(trust)
	cmd.AddCommand(trust)
	return cmd
}
