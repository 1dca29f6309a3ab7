package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
)

// NodeStatus is what `corridord status` prints.
type NodeStatus struct {
	Moniker     string `json:"moniker"`
	ChainID     string `json:"chain_id"`
	NodeID      string `json:"node_id"`
	Height      int64  `json:"latest_height"`
	BlockTime   string `json:"latest_block_time,omitempty"` // empty before the first block
	BlockHash   string `json:"latest_block_hash"`
	AppHash     string `json:"latest_app_hash"`
	CatchingUp  bool   `json:"catching_up"`
	Validator   string `json:"validator_address"`
	VotingPower int64  `json:"voting_power"`
	Version     string `json:"cometbft"`
}

func newStatusCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Show a node's chain, height, app hash and sync state",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := env.rpc(cmd)
			if err != nil {
				return err
			}
			st, err := c.Status(cmd.Context())
			if err != nil {
				return fmt.Errorf("cannot reach node %s: %w", env.flag(cmd, "node"), err)
			}
			out := NodeStatus{
				Moniker: st.NodeInfo.Moniker, ChainID: st.NodeInfo.Network, NodeID: string(st.NodeInfo.DefaultNodeID),
				Height:    st.SyncInfo.LatestBlockHeight,
				BlockHash: strings.ToUpper(st.SyncInfo.LatestBlockHash.String()), AppHash: strings.ToUpper(st.SyncInfo.LatestAppHash.String()),
				CatchingUp: st.SyncInfo.CatchingUp, Validator: st.ValidatorInfo.Address.String(), VotingPower: st.ValidatorInfo.VotingPower,
				Version: st.NodeInfo.Version,
			}
			// Before the first block CometBFT reports the zero time (1970):
			// there is no block time to show.
			if out.Height > 0 {
				out.BlockTime = st.SyncInfo.LatestBlockTime.UTC().Format("2006-01-02T15:04:05Z07:00")
			}
			if err := env.print(cmd, out, func(w io.Writer) {
				if out.Height == 0 {
					fmt.Fprintf(w, "%s on %s: no block yet (the node's log says how much voting power it hears from)\n", out.Moniker, out.ChainID)
				} else {
					fmt.Fprintf(w, "%s on %s: height %d at %s\napp hash   %s\nblock hash %s\n", out.Moniker, out.ChainID, out.Height, out.BlockTime, out.AppHash, out.BlockHash)
				}
				fmt.Fprintf(w, "catching up: %v; validator %s (power %d)\n", out.CatchingUp, out.Validator, out.VotingPower)
			}); err != nil {
				return err
			}
			if healthy, _ := cmd.Flags().GetBool("healthy"); healthy && (out.CatchingUp || out.Height < 1) {
				return &exitError{code: 1, msg: "node is catching up or has no block yet"}
			}
			return nil
		},
	}
	env.addNodeFlag(cmd)
	cmd.Flags().Bool("healthy", false, "exit with status 1 unless the node has a block and is not catching up (container health checks)")
	return cmd
}
