package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

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
no members yet. For a network of several cities, each city then writes its
signed contribution ('corridord genesis contribute'), a coordinator collects
them ('corridord genesis collect') and every city checks the result
('corridord genesis check-contribution'): see docs/operations.md. For a
one-node chain, add operators with 'corridord genesis add-operator' and check
with 'corridord genesis validate'.

Addresses: --rpc.laddr (default tcp://127.0.0.1:26657), --p2p.laddr (default
tcp://127.0.0.1:26656), --p2p.external_address, --p2p.persistent_peers go into
config.toml and --api.address (and the other app settings) into app.toml;
each may also come from CORRIDORD_<SECTION>_<KEY>, e.g. CORRIDORD_RPC_LADDR.
A node that will join by state sync can be given config.toml's [statesync]
settings here too: --statesync.enable, --statesync.rpc_servers,
--statesync.trust_height, --statesync.trust_hash, --statesync.trust_period
(docs/operations.md, "Joining a node by state sync").`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			home := env.Home()
			chainID, _ := cmd.Flags().GetString("chain-id")
			jur, _ := cmd.Flags().GetString("jurisdiction")
			overwrite, _ := cmd.Flags().GetBool("overwrite")
			if chainID == "" {
				return fmt.Errorf("--chain-id is required")
			}
			tune, err := applyCometAddresses(cometAddressOverrides(cmd))
			if err != nil {
				return err
			}
			appCfg, err := loadAppConfig(home, cmd)
			if err != nil {
				return err
			}
			gpath := filepath.Join(home, "config", "genesis.json")
			if _, err := os.Stat(gpath); err == nil && !overwrite {
				return fmt.Errorf("%s already exists; use --overwrite to replace it (keys are kept)", gpath)
			}
			spec := netgen.Spec{
				ChainID: chainID, GenesisTime: time.Now().UTC().Truncate(time.Second),
				Jurisdictions: netgen.DefaultJurisdictions(),
				Validators:    []netgen.Validator{{Name: args[0], Jurisdiction: jur, Power: 10, P2PPort: 26656, RPCPort: 26657}},
				App:           appCfg,
				Tune:          tune,
			}
			res, err := netgen.GenerateUnchecked(spec, home)
			if err != nil {
				return err
			}
			out := InitResult{Home: home, Moniker: args[0], ChainID: chainID, NodeID: res.NodeIDs[0], Genesis: gpath,
				NextStep: "corridord genesis contribute --jurisdiction " + jur + " --from OPERATOR-KEY"}
			return env.print(cmd, out, func(w io.Writer) {
				fmt.Fprintf(w, "initialised %s in %s (chain %s, node id %s)\n", args[0], home, chainID, out.NodeID)
				fmt.Fprintf(w, "genesis: %s — it has no members yet. Next, for a network of cities:\n", gpath)
				fmt.Fprintf(w, "  corridord keys add my-operator --home %s\n", home)
				fmt.Fprintf(w, "  corridord genesis contribute --jurisdiction %s --from my-operator --home %s\n", jur, home)
				fmt.Fprintf(w, "  and send the file to the coordinator (docs/operations.md, \"Genesis ceremony\")\n")
			})
		},
	}
	cmd.Flags().String("chain-id", "", "chain identifier, e.g. corridor-1 (required)")
	cmd.Flags().String("jurisdiction", "CN-SH", "jurisdiction of this node's validator")
	cmd.Flags().Bool("overwrite", false, "replace an existing genesis.json and config files")
	addAppConfigFlags(cmd)
	addCometAddressFlags(cmd)
	return cmd
}
