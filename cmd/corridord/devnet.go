package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/config"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/internal/keyring"
	"github.com/corridor-trade/corridor/internal/netgen"
	"github.com/corridor-trade/corridor/internal/node"
	"github.com/spf13/cobra"
)

// DevnetChainID is the chain-id of `make run`'s devnet.
const DevnetChainID = "corridor-devnet-1"

func newDevnetCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "devnet",
		Short: "Run a single-validator devnet with sample members in every jurisdiction (what `make run` does)",
		Long: `devnet creates, on first use, a complete single-validator network in --home
(make run uses ./.devnet): the jurisdictions CN-SH, SG and HK, an operator,
attester, trader, bank and customs member in each (keys in an unencrypted test
keyring: devnet only), and recognition rules between them. It then starts the
node, runs a short demonstration against it, prints what to try next, and keeps
running until interrupted. Run it again to resume the same chain; --reset
starts over.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			home := env.Home()
			reset, _ := cmd.Flags().GetBool("reset")
			noDemo, _ := cmd.Flags().GetBool("no-demo")
			log := cmd.ErrOrStderr()
			if reset {
				if err := os.RemoveAll(home); err != nil {
					return err
				}
			}
			if _, err := os.Stat(filepath.Join(home, "config", "genesis.json")); err != nil {
				fmt.Fprintf(log, "creating a new devnet in %s\n", home)
				if err := createDevnet(home); err != nil {
					return err
				}
			} else {
				fmt.Fprintf(log, "resuming the devnet in %s (make run RESET=1 starts over)\n", home)
			}
			cfg, err := loadAppConfig(home, cmd)
			if err != nil {
				return err
			}
			logFile, err := os.OpenFile(filepath.Join(home, "node.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
			if err != nil {
				return err
			}
			defer logFile.Close()
			n, err := node.New(home, cfg, logFile)
			if err != nil {
				return err
			}
			if err := n.Start(); err != nil {
				n.App.Close()
				return fmt.Errorf("start: %w", err)
			}
			defer n.Stop()
			stopAPI, err := startAPI(cmd, cfg, n)
			if err != nil {
				return err
			}
			defer stopAPI()
			fmt.Fprintf(log, "node running: RPC %s, logs in %s\n", n.CMT.Config().RPC.ListenAddress, filepath.Join(home, "node.log"))
			if !noDemo {
				demoHome = home
				if err := runDemo(cmd, env, home, n.CMT.Config().RPC.ListenAddress); err != nil {
					return fmt.Errorf("demonstration failed: %w", err)
				}
			}
			printTryNext(cmd.OutOrStdout(), home)
			sig := make(chan os.Signal, 1)
			signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
			select {
			case s := <-sig:
				fmt.Fprintf(log, "received %s, stopping (run again to resume)\n", s)
			case <-n.CMT.Quit():
			}
			return nil
		},
	}
	cmd.Flags().Bool("reset", false, "delete the devnet home and start a new chain")
	cmd.Flags().Bool("no-demo", false, "skip the demonstration transactions")
	addAppConfigFlags(cmd)
	return cmd
}

// createDevnet writes the devnet home: one validator in SG, the default
// members, and the sample genesis of the other modules.
func createDevnet(home string) error {
	js := netgen.DefaultJurisdictions()
	kr, err := keyring.Open("test", filepath.Join(home, "keyring"), nil)
	if err != nil {
		return err
	}
	// The devnet is a single-window sandbox: its HTTP API is on (on
	// 127.0.0.1 only), unlike a validator's.
	appCfg := config.Default()
	appCfg.API.Enable = true
	spec := netgen.Spec{
		ChainID: DevnetChainID, GenesisTime: time.Now().UTC().Truncate(time.Second),
		Jurisdictions: js,
		Validators:    []netgen.Validator{{Name: "devnet", Jurisdiction: "SG", Power: 10, Host: "127.0.0.1", P2PPort: 26656, RPCPort: 26657}},
		Members:       netgen.DefaultMembers(js),
		App:           appCfg,
		AppState:      devnetAppState(js),
	}
	_, err = netgen.Generate(spec, home, true, func(name string, key *secp.PrivKey) error {
		_, err := kr.Import(name, key.Bytes())
		return err
	})
	return err
}

// runDemo shows the node working: it waits for the first blocks and runs
// the demonstration steps, each idempotent so that a resumed devnet can run
// them again.
func runDemo(cmd *cobra.Command, env *cliEnv, home, rpcAddr string) error {
	c, err := client.New(rpcAddr)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctxOf(cmd), 2*time.Minute)
	defer cancel()
	if err := c.WaitForHeight(ctx, 2, time.Minute); err != nil {
		return err
	}
	kr, err := keyring.Open("test", filepath.Join(home, "keyring"), nil)
	if err != nil {
		return err
	}
	w := cmd.OutOrStdout()
	for _, step := range demoSteps() {
		fmt.Fprintf(w, "demo: %s\n", step.what)
		if err := step.run(ctx, c, kr, w); err != nil {
			return fmt.Errorf("%s: %w", step.what, err)
		}
	}
	return nil
}

type demoStep struct {
	what string
	run  func(ctx context.Context, c *client.Client, kr keyring.Keyring, w io.Writer) error
}

func printTryNext(w io.Writer, home string) {
	flags := fmt.Sprintf("--home %s --keyring-backend test", home)
	fmt.Fprintf(w, `
Corridor devnet is running (chain %s). In another terminal, try:

  ./build/corridord status
  ./build/corridord keys list %[2]s
  ./build/corridord keys add my-trader %[2]s
  ./build/corridord tx member add my-trader --roles trader --from sg-operator %[2]s
  ./build/corridord query member my-trader %[2]s
  ./build/corridord query members SG
  curl -s http://127.0.0.1:1318/v1/status        # the single-window HTTP API (docs/api.md)

Stop with Ctrl-C; 'make run' resumes the same chain, 'make run RESET=1' starts over.
`, DevnetChainID, flags)
}
