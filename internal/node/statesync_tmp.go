package node

import (
	"fmt"
	"os"
	"path/filepath"

	cmtcfg "github.com/cometbft/cometbft/config"
)

// stateSyncTempDir makes sure that a node joining by state sync has a
// directory for the snapshot chunks it receives. CometBFT v0.38 writes
// them under os.TempDir() and ignores [statesync] temp_dir, and the
// FROM-scratch image (testnet/Dockerfile) has no /tmp: state sync then
// failed on every snapshot with "failed to create chunk queue". So, with
// state sync on: a temp_dir that is set is used (relative to the home),
// else os.TempDir() if it can hold a directory, else <home>/data/statesync-tmp;
// the one chosen is created and given to the process as TMPDIR. A node not
// state-syncing is left as it is.
func stateSyncTempDir(conf *cmtcfg.Config) error {
	if !conf.StateSync.Enable {
		return nil
	}
	dir := conf.StateSync.TempDir
	switch {
	case dir != "" && !filepath.IsAbs(dir):
		dir = filepath.Join(conf.RootDir, dir)
	case dir == "":
		if probe, err := os.MkdirTemp("", "corridor-statesync-probe"); err == nil {
			os.Remove(probe)
			return nil
		}
		dir = filepath.Join(conf.DBDir(), "statesync-tmp")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("state sync: directory for snapshot chunks: %w", err)
	}
	return os.Setenv("TMPDIR", dir)
}
