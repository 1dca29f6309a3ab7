package main

import (
	"context"
	"fmt"
	"log/slog"
	"os/signal"
	"syscall"
	"time"

	"github.com/corridor-trade/corridor/config"

	"github.com/corridor-trade/corridor/internal/node"
	"github.com/spf13/cobra"
)

func newStartCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "start",
		Short: "Run the node: CometBFT with the Corridor application in-process",
		Long: `start runs the node in the foreground until interrupted (SIGINT/SIGTERM stop it
cleanly; after a crash or kill -9 it resumes from the last committed block).
CometBFT settings come from <home>/config/config.toml, Corridor settings from
<home>/config/app.toml, overridden by CORRIDORD_<SECTION>_<KEY> and by flags
(e.g. --rpc.laddr or CORRIDORD_RPC_LADDR, --p2p.laddr, --api.address; given
this way they apply to this run only, config.toml is not changed).
A node joining by state sync takes config.toml's [statesync] settings the
same way: --statesync.enable, --statesync.rpc_servers, --statesync.trust_height,
--statesync.trust_hash, --statesync.trust_period (CORRIDORD_STATESYNC_ENABLE, ...;
'corridord statesync trust' prints the trust height and hash); the snapshots
this node serves are app.toml's --statesync.snapshot_interval and friends.
The node's output is its log: with -o json it is written as JSON lines
unless --log.format says otherwise. Until the first block is committed it
logs every few seconds how much voting power it hears from and how much a
block needs (more than two thirds), so that a chain that cannot start says why.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := loadAppConfig(env.Home(), cmd)
			if err != nil {
				return err
			}
			if env.outputJSON() && !cmd.Flags().Changed("log.format") {
				cfg.Log.Format = "json"
			}
			// Catch SIGINT/SIGTERM before the node starts, so that one
			// arriving during a long start-up (replay, handshake) still
			// stops the node cleanly once it is up, instead of killing it
			// in the middle of a write.
			ctx, stopSignals := signal.NotifyContext(ctxOf(cmd), syscall.SIGINT, syscall.SIGTERM)
			defer stopSignals()
			tune, err := applyCometAddresses(cometAddressOverrides(cmd))
			if err != nil {
				return err
			}
			n, err := node.New(env.Home(), cfg, cmd.ErrOrStderr(), node.TuneConfig(tune))
			if err != nil {
				return err
			}
			if err := n.Start(); err != nil {
				n.App.Close()
				return fmt.Errorf("start: %w", err)
			}
			go n.ReportWhileNoBlock(ctx, waitReportInterval, waitLogger(cmd, cfg))
			stopAPI, err := startAPI(cmd, cfg, n)
			if err != nil {
				n.Stop()
				return err
			}
			select {
			case <-ctx.Done():
				fmt.Fprintf(cmd.ErrOrStderr(), "%v, stopping\n", context.Cause(ctx))
			case <-n.CMT.Quit():
			}
			stopAPI()
			return n.Stop()
		},
	}
	addAppConfigFlags(cmd)
	addCometAddressFlags(cmd)
	return cmd
}

// waitReportInterval is how often start says, before the first block, how
// much voting power the node hears from.
const waitReportInterval = 5 * time.Second

// waitLogger logs a node.WaitReport in the node's log format.
func waitLogger(cmd *cobra.Command, cfg config.Config) func(node.WaitReport) {
	logger := slog.New(slog.NewTextHandler(cmd.ErrOrStderr(), nil))
	if cfg.Log.Format == "json" {
		logger = slog.New(slog.NewJSONHandler(cmd.ErrOrStderr(), nil))
	}
	logger = logger.With("module", "corridor")
	return func(r node.WaitReport) {
		level := slog.LevelInfo
		if r.HeardPower < r.NeededPower {
			level = slog.LevelWarn
		}
		logger.Log(context.Background(), level, r.String(), "heard_power", r.HeardPower, "needed_power", r.NeededPower,
			"total_power", r.TotalPower, "peers", r.Peers)
	}
}
