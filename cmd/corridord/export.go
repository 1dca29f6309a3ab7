package main

import (
	"fmt"
	"io"
	"strings"

	cmtjson "github.com/cometbft/cometbft/libs/json"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/corridor-trade/corridor/app"
	"github.com/corridor-trade/corridor/config"
	"github.com/corridor-trade/corridor/internal/node"
	"github.com/spf13/cobra"
)

// ExportResult is what `corridord export --out FILE` prints.
type ExportResult struct {
	Path          string `json:"path"`
	ChainID       string `json:"chain_id"`
	SourceChainID string `json:"source_chain_id"`
	Height        int64  `json:"height"`
	AppHash       string `json:"app_hash"`
	InitialHeight int64  `json:"initial_height"`
	Records       int    `json:"records"`
	Validators    int    `json:"validators"`
}

func newExportCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write the application state at a height as a genesis a new chain can start from",
		Long: `export reads the stopped node's state at --height (default: the last committed
height) and writes a genesis whose app_state.state holds every record of that
state, byte for byte (docs/operations.md, "Export"). The new chain's validators
are the state's validators, its initial height is height+1 and its genesis time
the block time of height. Stop the node first: the state database is locked
while it runs. Without --out the genesis goes to standard output.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			home := env.Home()
			conf, err := node.LoadCometConfig(home)
			if err != nil {
				return err
			}
			cfg, err := loadAppConfig(home, cmd)
			if err != nil {
				return err
			}
			source, err := cmttypes.GenesisDocFromFile(conf.GenesisFile())
			if err != nil {
				return err
			}
			a, err := app.New(app.Options{Dir: conf.DBDir(), Backend: cfg.State.Backend})
			if err != nil {
				if strings.Contains(err.Error(), "resource temporarily unavailable") || strings.Contains(err.Error(), "lock") {
					return fmt.Errorf("%w (is the node running? stop it before exporting)", err)
				}
				return err
			}
			defer a.Close()
			height, _ := cmd.Flags().GetInt64("height")
			chainID, _ := cmd.Flags().GetString("chain-id")
			gen, err := a.ExportGenesis(height, chainID, source)
			if err != nil {
				return err
			}
			st, err := app.ParseAppState(gen.AppState)
			if err != nil {
				return err
			}
			// Encoded as CometBFT writes genesis.json (amino-style JSON).
			js, err := cmtjson.MarshalIndent(gen, "", "  ")
			if err != nil {
				return err
			}
			out, _ := cmd.Flags().GetString("out")
			if out == "" {
				_, err = cmd.OutOrStdout().Write(append(js, '\n'))
				return err
			}
			if err := config.WriteFileAtomic(out, append(js, '\n'), 0o644); err != nil {
				return err
			}
			res := ExportResult{Path: out, ChainID: gen.ChainID, SourceChainID: st.State.ChainID, Height: st.State.Height,
				AppHash: fmt.Sprintf("%X", []byte(st.State.AppHash)), InitialHeight: gen.InitialHeight, Records: len(st.State.Records), Validators: len(gen.Validators)}
			return env.print(cmd, res, func(w io.Writer) {
				fmt.Fprintf(w, "exported %s at height %d (app hash %s): %d records, %d validators\nwrote %s: chain %s starting at height %d\n",
					res.SourceChainID, res.Height, res.AppHash, res.Records, res.Validators, res.Path, res.ChainID, res.InitialHeight)
			})
		},
	}
	cmd.Flags().Int64("height", 0, "height to export (0 = the last committed height; must not be pruned, see state.keep_recent)")
	cmd.Flags().String("chain-id", "", "chain-id of the new chain (default: the exported chain's)")
	cmd.Flags().String("out", "", "write the genesis to this file instead of standard output")
	cmd.Flags().String("state.backend", config.Default().State.Backend, "state database: goleveldb or pebbledb")
	return cmd
}
