package main

import (
	"context"
	"fmt"
	"os/signal"
	"syscall"

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
<home>/config/app.toml, overridden by CORRIDORD_<SECTION>_<KEY> and by flags.
The node's output is its log: with -o json it is written as JSON lines
unless --log.format says otherwise.`,
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
			n, err := node.New(env.Home(), cfg, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			if err := n.Start(); err != nil {
				n.App.Close()
				return fmt.Errorf("start: %w", err)
			}
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
	return cmd
}
