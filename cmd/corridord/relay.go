package main

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"time"

	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/internal/relayer"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/spf13/cobra"
)

// newRelayCmd builds `relay`: carry invoice anchors from one Corridor chain
// to another through the destination's docking light client.
func newRelayCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "relay --src NODE --dst NODE --from NAME [--hash H ... | --filter issuer=ADDR | --all] [--titles]",
		Short: "Relay invoice anchors from a source chain to a destination chain's docking client",
		Long: `Watch the source chain, keep the destination's light client of the source
up to date, and dock the anchors asked for: --hash (repeatable), every anchor
of one issuer (--filter issuer=ADDR), or every anchor (--all), found with
tx_search on the source's invoice events. With --titles it also carries
transferable records moved from the source to the destination: a record's
lock (tx title send-away on the source) becomes its mirror on the
destination, and a mirror's return (tx title send-home) unlocks it there.

The key named by --from signs on the destination and must be an active
member there; it needs no role. The destination verifies every header and
proof itself, so a relayer is trusted with nothing: one that lies only
wastes its own transactions. An operator of the destination must first register the source:

  corridord tx docking register-cometbft --counterparty-node SRC --node DST --from OPERATOR

Progress is journaled (--journal, default <home>/relay/<src>-<dst>.journal)
so that a restarted relayer neither repeats nor skips a document.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f := cmd.Flags()
			srcNode, _ := f.GetString("src")
			dstNode, _ := f.GetString("dst")
			from := env.flag(cmd, "from")
			if srcNode == "" || dstNode == "" || from == "" {
				return fmt.Errorf("--src, --dst and --from are required")
			}
			cfg := relayer.Config{Log: cmd.ErrOrStderr()}
			hashes, _ := f.GetStringArray("hash")
			for _, s := range hashes {
				h, err := invoice.ParseHash(s)
				if err != nil {
					return fmt.Errorf("--hash %q: %w", s, err)
				}
				cfg.Hashes = append(cfg.Hashes, h)
			}
			if filter, _ := f.GetString("filter"); filter != "" {
				issuer, ok := strings.CutPrefix(filter, "issuer=")
				if !ok {
					return fmt.Errorf("--filter %q: the only filter is issuer=ADDRESS", filter)
				}
				cfg.Issuer = issuer
			}
			cfg.All, _ = f.GetBool("all")
			cfg.Titles, _ = f.GetBool("titles")
			if len(cfg.Hashes) == 0 && cfg.Issuer == "" && !cfg.All && !cfg.Titles {
				return fmt.Errorf("name what to carry: --hash, --filter issuer=ADDR, --all or --titles")
			}
			cfg.Interval, _ = f.GetDuration("interval")
			cfg.CommitWait, _ = f.GetDuration("timeout")
			kr, err := openKeyring(env, cmd)
			if err != nil {
				return err
			}
			if cfg.Key, err = kr.Key(from); err != nil {
				return err
			}
			if cfg.Src, err = client.New(srcNode); err != nil {
				return err
			}
			if cfg.Dst, err = client.New(dstNode); err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(ctxOf(cmd), os.Interrupt)
			defer stop()
			srcChain, err := cfg.Src.ChainID(ctx)
			if err != nil {
				return err
			}
			dstChain, err := cfg.Dst.ChainID(ctx)
			if err != nil {
				return err
			}
			path, _ := f.GetString("journal")
			if path == "" {
				path = filepath.Join(env.Home(), "relay", srcChain+"-"+dstChain+".journal")
			}
			if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
				return err
			}
			if cfg.Journal, err = relayer.OpenJournal(path); err != nil {
				return err
			}
			defer cfg.Journal.Close()
			r, err := relayer.New(ctx, cfg)
			if err != nil {
				return err
			}
			if once, _ := f.GetBool("once"); once {
				st, err := r.Round(ctx)
				if perr := env.print(cmd, st, func(w io.Writer) {
					fmt.Fprintf(w, "%d anchors: %d docked, %d already held, %d waiting; %d client updates; %d title moves\n", st.Found, st.Docked, st.Held, st.Waiting, st.Updates, st.Titles)
				}); perr != nil {
					return perr
				}
				return err
			}
			err = r.Run(ctx)
			if ctx.Err() != nil {
				return nil
			}
			return err
		},
	}
	f := cmd.Flags()
	f.String("src", "", "CometBFT RPC address of a source chain node (required)")
	f.String("dst", "", "CometBFT RPC address of a destination chain node (required)")
	f.String("from", "", "keyring name of the key that signs on the destination (required)")
	f.String("keyring-backend", "file", "keyring backend: file (encrypted) or test (plain, devnets only)")
	f.StringArray("hash", nil, "document hash to carry (repeatable)")
	f.String("filter", "", "carry every anchor of one issuer: issuer=ADDRESS")
	f.Bool("all", false, "carry every anchor of the source")
	f.Bool("titles", false, "also carry transferable records moved from the source to the destination (locks and returns; docs/transferable.md)")
	f.String("journal", "", "journal file (default <home>/relay/<src chain>-<dst chain>.journal)")
	f.Duration("interval", 2*time.Second, "pause between rounds")
	f.Duration("timeout", 30*time.Second, "how long to wait for each transaction to commit")
	f.Bool("once", false, "run one round and exit")
	return cmd
}
