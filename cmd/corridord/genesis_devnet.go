package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/corridor-trade/corridor/x/gov"
	"github.com/spf13/cobra"
)

// DevnetSetting is what `genesis devnet` prints with -o json.
type DevnetSetting struct {
	Devnet bool `json:"devnet"`
}

// newGenesisDevnetCmd sets gov.params.devnet, the visible genesis setting
// that lets a test chain run with the validators of one jurisdiction only
// (docs/governance.md, "Invariants"). It is refused by the chain once
// validators of two or more jurisdictions exist.
func newGenesisDevnetCmd(env *cliEnv) *cobra.Command {
	return &cobra.Command{
		Use:   "devnet [true|false]",
		Short: "Mark the genesis as a one-jurisdiction test chain (gov.params.devnet; default true)",
		Long: `A production network needs a validator in every jurisdiction and no
jurisdiction with two thirds of the voting power. A one-node chain edited by
hand (add-operator, add-validator) cannot meet that; 'genesis devnet' writes
gov.params.devnet: true so that it may, visibly. 'genesis devnet false'
removes the setting again.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			on := true
			if len(args) == 1 {
				switch args[0] {
				case "true":
				case "false":
					on = false
				default:
					return fmt.Errorf("genesis devnet takes true or false, not %q", args[0])
				}
			}
			g, err := loadGenesis(env.Home())
			if err != nil {
				return err
			}
			gg, err := gov.ParseGenesis(g.state["gov"])
			if err != nil {
				return fmt.Errorf("%s: app_state.gov: %w", g.path, err)
			}
			if gg.Params == nil {
				p := gov.DefaultParams()
				gg.Params = &p
			}
			gg.Params.Devnet = on
			b, err := json.Marshal(gg)
			if err != nil {
				return err
			}
			g.state["gov"] = b
			if err := g.save(); err != nil {
				return err
			}
			return env.print(cmd, DevnetSetting{Devnet: on}, func(w io.Writer) {
				fmt.Fprintf(w, "gov.params.devnet = %v in %s\n", on, g.path)
			})
		},
	}
}
