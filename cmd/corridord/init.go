package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/corridor-trade/corridor/config"
	"github.com/corridor-trade/corridor/internal/netgen"
	"github.com/spf13/cobra"
)

// InitResult is what `corridord init` prints.
type InitResult struct {
	Home     string `json:"home"`
	Moniker  string `json:"moniker"`
	ChainID  string `json:"chain_id"`
	NodeID   string `json:"node_id"`
	Genesis  string `json:"genesis"`
	NextStep string `json:"next_step"`
}

func newInitCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "init MONIKER",
		Short: "Create a node home: CometBFT config.toml, app.toml, node and consensus keys, and a genesis",
		Long: `init writes a new node home (--home). The genesis names this node as the only
validator, in --jurisdiction, with the default jurisdictions CN-SH, SG and HK and
no members yet: add operators with 'corridord genesis add-operator', other
validators with 'corridord genesis add-validator', then check with
'corridord genesis validate'. Nodes that join an existing chain replace
config/genesis.json with the network's genesis.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			home := env.Home()
			chainID, _ := cmd.Flags().GetString("chain-id")
			jur, _ := cmd.Flags().GetString("jurisdiction")
			overwrite, _ := cmd.Flags().GetBool("overwrite")
			if chainID == "" {
				return fmt.Errorf("--chain-id is required")
			}
			gpath := filepath.Join(home, "config", "genesis.json")
			if _, err := os.Stat(gpath); err == nil && !overwrite {
				return fmt.Errorf("%s already exists; use --overwrite to replace it (keys are kept)", gpath)
			}
			spec := netgen.Spec{
				ChainID: chainID, GenesisTime: time.Now().UTC().Truncate(time.Second),
				Jurisdictions: netgen.DefaultJurisdictions(),
				Validators:    []netgen.Validator{{Name: args[0], Jurisdiction: jur, Power: 10, P2PPort: 26656, RPCPort: 26657}},
				App:           config.Default(),
			}
			res, err := netgen.GenerateUnchecked(spec, home)
			if err != nil {
				return err
			}
			out := InitResult{Home: home, Moniker: args[0], ChainID: chainID, NodeID: res.NodeIDs[0], Genesis: gpath,
				NextStep: "corridord genesis add-operator --jurisdiction " + jur + " --key NAME"}
			return env.print(cmd, out, func(w io.Writer) {
				fmt.Fprintf(w, "initialised %s in %s (chain %s, node id %s)\n", args[0], home, chainID, out.NodeID)
				fmt.Fprintf(w, "genesis: %s — it has no members yet. Next:\n", gpath)
				fmt.Fprintf(w, "  corridord keys add my-operator --home %s\n", home)
				fmt.Fprintf(w, "  corridord genesis add-operator --jurisdiction %s --key my-operator --home %s\n", jur, home)
				fmt.Fprintf(w, "  (one operator per jurisdiction), then: corridord genesis validate && corridord start\n")
			})
		},
	}
	cmd.Flags().String("chain-id", "", "chain identifier, e.g. corridor-1 (required)")
	cmd.Flags().String("jurisdiction", "CN-SH", "jurisdiction of this node's validator")
	cmd.Flags().Bool("overwrite", false, "replace an existing genesis.json and config files")
	return cmd
}
