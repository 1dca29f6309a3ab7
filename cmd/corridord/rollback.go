package main

import (
	"bytes"
	"fmt"
	"io"

	cmtcfg "github.com/cometbft/cometbft/config"
	cmtstate "github.com/cometbft/cometbft/state"
	cmtstore "github.com/cometbft/cometbft/store"
	"github.com/corridor-trade/corridor/config"
	"github.com/corridor-trade/corridor/internal/node"
	"github.com/corridor-trade/corridor/x/kit/store/iavlstore"
	"github.com/spf13/cobra"
)

// RollbackResult is what `corridord rollback` prints.
type RollbackResult struct {
	Height       int64  `json:"height"`   // the height both states are at now
	AppHash      string `json:"app_hash"` // the app hash after that height
	StateFrom    int64  `json:"application_state_was"`
	RemovedBlock bool   `json:"removed_block"`
}

func newRollbackCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rollback",
		Short: "Roll CometBFT's state and the application state back by one block (the node must be stopped)",
		Long: `rollback undoes the last executed block of a stopped node: CometBFT's state goes
back one height (CometBFT's own rollback), and the application state (the IAVL
tree in data/application.db) is rolled back to the same height, its later
versions deleted. The block itself stays in the block store, so the next
start re-executes it; with --hard it is removed too and fetched again from
peers. rollback checks that the application's app hash at the new height is
the one CometBFT recorded, and refuses when the version was pruned
(state.keep_recent). Use it after a block was executed wrongly (a bug fixed
in a new binary); docs/operations.md says when and how. Never roll back a
validator and start it on the same priv_validator_state.json expecting to sign
the undone height differently: the key refuses, as it should.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			hard, _ := cmd.Flags().GetBool("hard")
			conf, err := node.LoadCometConfig(env.Home())
			if err != nil {
				return err
			}
			appCfg, err := loadAppConfig(env.Home(), cmd)
			if err != nil {
				return err
			}
			res, err := rollback(conf, appCfg.State.Backend, hard)
			if err != nil {
				return err
			}
			return env.print(cmd, res, func(w io.Writer) {
				fmt.Fprintf(w, "rolled back to height %d (application state was at %d), app hash %s\n", res.Height, res.StateFrom, res.AppHash)
				if res.RemovedBlock {
					fmt.Fprintf(w, "block %d was removed from the block store\n", res.Height+1)
				}
			})
		},
	}
	cmd.Flags().Bool("hard", false, "also remove the last block from the block store")
	cmd.Flags().String("state.backend", config.Default().State.Backend, "state database: goleveldb or pebbledb (app.toml's unless given)")
	return cmd
}

// rollback runs CometBFT's rollback on the block and state stores of conf,
// then rolls the application state back to the height it returns.
func rollback(conf *cmtcfg.Config, backend string, hard bool) (*RollbackResult, error) {
	height, hash, err := rollbackComet(conf, hard)
	if err != nil {
		return nil, err
	}
	tree, err := iavlstore.Open(conf.DBDir(), iavlstore.Options{Backend: backend})
	if err != nil {
		return nil, fmt.Errorf("CometBFT's state is rolled back to height %d, but the application state did not open: %w", height, err)
	}
	defer tree.Close()
	res := &RollbackResult{Height: height, AppHash: fmt.Sprintf("%X", hash), StateFrom: tree.Version(), RemovedBlock: hard}
	if tree.Version() > height {
		if err := tree.RollbackTo(height); err != nil {
			return nil, fmt.Errorf("CometBFT's state is rolled back to height %d, but the application state is not: %w", height, err)
		}
	}
	if tree.Version() != height || !bytes.Equal(tree.Hash(), hash) {
		return nil, fmt.Errorf("after the rollback the application state is at version %d with app hash %X, but CometBFT's state is at height %d with app hash %X",
			tree.Version(), tree.Hash(), height, hash)
	}
	return res, nil
}

// rollbackComet is CometBFT's rollback (state.Rollback) on the node's
// block store and state store.
func rollbackComet(conf *cmtcfg.Config, hard bool) (int64, []byte, error) {
	blockDB, err := cmtcfg.DefaultDBProvider(&cmtcfg.DBContext{ID: "blockstore", Config: conf})
	if err != nil {
		return 0, nil, fmt.Errorf("open the block store (is the node still running?): %w", err)
	}
	defer blockDB.Close()
	stateDB, err := cmtcfg.DefaultDBProvider(&cmtcfg.DBContext{ID: "state", Config: conf})
	if err != nil {
		return 0, nil, fmt.Errorf("open CometBFT's state (is the node still running?): %w", err)
	}
	defer stateDB.Close()
	ss := cmtstate.NewStore(stateDB, cmtstate.StoreOptions{DiscardABCIResponses: conf.Storage.DiscardABCIResponses})
	bs := cmtstore.NewBlockStore(blockDB)
	before, err := ss.Load()
	if err != nil {
		return 0, nil, fmt.Errorf("load CometBFT's state: %w", err)
	}
	height, hash, err := cmtstate.Rollback(bs, ss, hard)
	if err != nil {
		return 0, nil, fmt.Errorf("roll back CometBFT's state: %w", err)
	}
	if err := keepAppVersion(bs, ss, height, before.Version.Consensus.App); err != nil {
		return 0, nil, err
	}
	return height, hash, nil
}

// keepAppVersion repairs the application protocol version of the rolled
// back state. CometBFT's rollback takes it from the consensus parameters,
// which are 0 when genesis does not set consensus_params.version.app
// (Corridor's does not: the application reports its version in Info), so
// re-executing the next block would fail with "wrong Block.Header.Version".
// The right version is the one the next block's header carries, or the
// version before the rollback when that block was removed (--hard).
func keepAppVersion(bs *cmtstore.BlockStore, ss cmtstate.Store, height int64, before uint64) error {
	st, err := ss.Load()
	if err != nil {
		return fmt.Errorf("load the rolled-back state: %w", err)
	}
	want := before
	if meta := bs.LoadBlockMeta(height + 1); meta != nil {
		want = meta.Header.Version.App
	}
	if st.Version.Consensus.App == want {
		return nil
	}
	st.Version.Consensus.App = want
	if err := ss.Save(st); err != nil {
		return fmt.Errorf("save the rolled-back state's app version: %w", err)
	}
	return nil
}
