package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
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
starts over.

Its HTTP API is on (on 127.0.0.1:1318 unless --api.address says otherwise;
--api.enable=false turns it off). The addresses given when the devnet is
created, or on any later run (--rpc-port, --p2p-port, --api.address), are
written into its config.toml and app.toml, so that a resumed devnet listens
where the last run did.

With -o json, stdout carries one JSON object per line: "created" or
"resumed", "running", one "demo" per demonstration step (its lines of
output), "ready" (the chain-id and addresses), and "stopping".`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			home := env.Home()
			reset, _ := cmd.Flags().GetBool("reset")
			noDemo, _ := cmd.Flags().GetBool("no-demo")
			rpcPort, _ := cmd.Flags().GetInt("rpc-port")
			p2pPort, _ := cmd.Flags().GetInt("p2p-port")
			rep := devnetReport{json: env.outputJSON(), out: cmd.OutOrStdout(), log: cmd.ErrOrStderr()}
			// From here on Ctrl-C or SIGTERM stops the devnet cleanly, also
			// during the demonstration or right after "ready".
			ctx, stopSignals := signal.NotifyContext(ctxOf(cmd), syscall.SIGINT, syscall.SIGTERM)
			defer stopSignals()
			stopping := func() {
				why := context.Cause(ctx).Error()
				rep.note("stopping", map[string]any{"reason": why}, fmt.Sprintf("%s, stopping (run again to resume)", why))
			}
			if reset {
				if err := os.RemoveAll(home); err != nil {
					return err
				}
			}
			if _, err := os.Stat(filepath.Join(home, "config", "genesis.json")); err != nil {
				rep.note("created", map[string]any{"home": home}, fmt.Sprintf("creating a new devnet in %s", home))
				appCfg, err := loadAppConfig(home, cmd)
				if err != nil {
					return err
				}
				if _, set := os.LookupEnv("CORRIDORD_API_ENABLE"); !set && !cmd.Flags().Changed("api.enable") {
					appCfg.API.Enable = true // the devnet's API is on unless turned off
				}
				if err := createDevnet(home, p2pPort, rpcPort, appCfg); err != nil {
					return err
				}
			} else {
				rep.note("resumed", map[string]any{"home": home}, fmt.Sprintf("resuming the devnet in %s (make run RESET=1 starts over)", home))
				if err := rememberDevnetAddresses(cmd, home); err != nil {
					return err
				}
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
			rpc := n.CMT.Config().RPC.ListenAddress
			api := ""
			if cfg.API.Enable {
				api = "http://" + cfg.API.Address
			}
			nodeLog := filepath.Join(home, "node.log")
			rep.note("running", map[string]any{"rpc": rpc, "api": api, "log": nodeLog},
				fmt.Sprintf("node running: RPC %s, logs in %s", rpc, nodeLog))
			if !noDemo {
				demoHome = home
				if err := runDemo(ctx, rep, home, rpc); err != nil {
					if ctx.Err() != nil {
						stopping()
						return nil
					}
					return fmt.Errorf("demonstration failed: %w", err)
				}
			}
			if rep.json {
				rep.emit("ready", map[string]any{"chain_id": DevnetChainID, "home": home, "rpc": rpc, "api": api})
			} else {
				printTryNext(rep.out, home, rpc, api)
			}
			select {
			case <-ctx.Done():
				stopping()
			case <-n.CMT.Quit():
			}
			return nil
		},
	}
	cmd.Flags().Bool("reset", false, "delete the devnet home and start a new chain")
	cmd.Flags().Bool("no-demo", false, "skip the demonstration transactions")
	cmd.Flags().Int("rpc-port", 26657, "CometBFT RPC port on 127.0.0.1 (remembered for later runs)")
	cmd.Flags().Int("p2p-port", 26656, "CometBFT P2P port on 127.0.0.1 (remembered for later runs)")
	addAppConfigFlags(cmd)
	// Unlike a node's, the devnet's API is on by default: say so in --help.
	// Setting the value this way does not mark the flag as given.
	apiEnable := cmd.Flags().Lookup("api.enable")
	_ = apiEnable.Value.Set("true")
	apiEnable.DefValue = "true"
	apiEnable.Usage = "serve the single-window HTTP API (on in the devnet; --api.enable=false turns it off)"
	cmd.Flags().Lookup("api.address").Usage = "HTTP API listen address (remembered for later runs)"
	return cmd
}

// rememberDevnetAddresses writes the addresses given on this run of an
// existing devnet (flags, or CORRIDORD_API_ADDRESS) into its config.toml and
// app.toml, so that this run and the next listen there.
func rememberDevnetAddresses(cmd *cobra.Command, home string) error {
	f := cmd.Flags()
	if f.Changed("rpc-port") || f.Changed("p2p-port") {
		conf, err := node.LoadCometConfig(home)
		if err != nil {
			return err
		}
		if f.Changed("rpc-port") {
			p, _ := f.GetInt("rpc-port")
			conf.RPC.ListenAddress = fmt.Sprintf("tcp://127.0.0.1:%d", p)
		}
		if f.Changed("p2p-port") {
			p, _ := f.GetInt("p2p-port")
			conf.P2P.ListenAddress = fmt.Sprintf("tcp://127.0.0.1:%d", p)
		}
		if err := writeCometConfig(home, conf); err != nil {
			return err
		}
	}
	addr, given := os.LookupEnv("CORRIDORD_API_ADDRESS")
	if f.Changed("api.address") {
		addr, given = f.Lookup("api.address").Value.String(), true
	}
	if !given {
		return nil
	}
	stored, err := readAppTOML(home)
	if err != nil {
		return err
	}
	if stored.API.Address == addr {
		return nil
	}
	stored.API.Address = addr
	return config.Write(filepath.Join(home, "config", "app.toml"), stored)
}

// createDevnet writes the devnet home: one validator in SG, the default
// members, the sample genesis of the other modules, and appCfg as its
// app.toml (the devnet is a single-window sandbox: its HTTP API is on, on
// 127.0.0.1, unlike a validator's).
func createDevnet(home string, p2pPort, rpcPort int, appCfg config.Config) error {
	js := netgen.DefaultJurisdictions()
	kr, err := keyring.Open("test", filepath.Join(home, "keyring"), nil)
	if err != nil {
		return err
	}
	spec := netgen.Spec{
		ChainID: DevnetChainID, GenesisTime: time.Now().UTC().Truncate(time.Second),
		Jurisdictions: js,
		Validators:    []netgen.Validator{{Name: "devnet", Jurisdiction: "SG", Power: 10, Host: "127.0.0.1", P2PPort: p2pPort, RPCPort: rpcPort}},
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
func runDemo(ctx context.Context, rep devnetReport, home, rpcAddr string) error {
	c, err := client.New(rpcAddr)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	if err := c.WaitForHeight(ctx, 2, time.Minute); err != nil {
		return err
	}
	kr, err := keyring.Open("test", filepath.Join(home, "keyring"), nil)
	if err != nil {
		return err
	}
	for _, step := range demoSteps() {
		if !rep.json {
			fmt.Fprintf(rep.out, "demo: %s\n", step.what)
			if err := step.run(ctx, c, kr, rep.out); err != nil {
				return fmt.Errorf("%s: %w", step.what, err)
			}
			continue
		}
		var buf bytes.Buffer
		if err := step.run(ctx, c, kr, &buf); err != nil {
			return fmt.Errorf("%s: %w", step.what, err)
		}
		var lines []string
		for _, l := range strings.Split(strings.TrimRight(buf.String(), "\n"), "\n") {
			lines = append(lines, strings.TrimSpace(l))
		}
		rep.emit("demo", map[string]any{"step": step.what, "lines": lines})
	}
	return nil
}

type demoStep struct {
	what string
	run  func(ctx context.Context, c *client.Client, kr keyring.Keyring, w io.Writer) error
}

// printTryNext tells a person what to run next against the devnet.
func printTryNext(w io.Writer, home, rpc, api string) {
	flags := fmt.Sprintf("--home %s --keyring-backend test", home)
	node := ""
	if rpc != defaultNode {
		node = " --node " + rpc
	}
	fmt.Fprintf(w, `
Corridor devnet is running (chain %s). In another terminal, try:

  ./build/corridord status%[3]s
  ./build/corridord keys list %[2]s
  ./build/corridord keys add my-trader %[2]s
  ./build/corridord tx member add my-trader --roles trader --from sg-operator %[2]s%[3]s
  ./build/corridord query member my-trader %[2]s%[3]s
  ./build/corridord query members SG%[3]s
  ./build/corridord verify --disclosure %[4]s --trust %[5]s --jurisdiction SG   # the demo's disclosure, offline
`, DevnetChainID, flags, node, filepath.Join(home, "invoice-disclosure.json"), filepath.Join(home, "config", "genesis.json"))
	if api != "" {
		fmt.Fprintf(w, "  curl -s %s/v1/status        # the single-window HTTP API (docs/api.md)\n", api)
		fmt.Fprintf(w, "  %s/web/        # the verification page, in a browser (docs/web.md)\n", api)
	}
	fmt.Fprintf(w, "\nStop with Ctrl-C; 'make run' resumes the same chain, 'make run RESET=1' starts over.\n")
}
