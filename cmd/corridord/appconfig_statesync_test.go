package main

import (
	"path/filepath"
	"testing"

	"github.com/corridor-trade/corridor/config"
	"github.com/spf13/cobra"
)

// TestStateSyncSettings: the [statesync] section that config.Write puts in
// app.toml is read back, the environment overrides it, and bad values are
// refused.
func TestStateSyncSettings(t *testing.T) {
	home := t.TempDir()
	c := config.Default()
	if c.StateSync.SnapshotInterval != 0 || c.StateSync.SnapshotKeepRecent != 2 || c.StateSync.SnapshotChunkBytes != 4<<20 {
		t.Fatalf("defaults %+v", c.StateSync)
	}
	c.StateSync.SnapshotInterval, c.StateSync.SnapshotKeepRecent, c.StateSync.SnapshotChunkBytes = 500, 3, 1<<20
	if err := config.Write(filepath.Join(home, "config", "app.toml"), c); err != nil {
		t.Fatal(err)
	}
	load := func() (config.StateSyncConfig, error) {
		cmd := &cobra.Command{Use: "x"}
		addAppConfigFlags(cmd)
		cfg, err := loadAppConfig(home, cmd)
		return cfg.StateSync, err
	}
	got, err := load()
	if err != nil || got != c.StateSync {
		t.Fatalf("read back %+v (%v), want %+v", got, err, c.StateSync)
	}
	t.Setenv("CORRIDORD_STATESYNC_SNAPSHOT_INTERVAL", "250")
	if got, err := load(); err != nil || got.SnapshotInterval != 250 {
		t.Fatalf("environment: %+v %v", got, err)
	}
	t.Setenv("CORRIDORD_STATESYNC_SNAPSHOT_CHUNK_BYTES", "100")
	if _, err := load(); err == nil {
		t.Fatal("a 100-byte chunk size was accepted")
	}
}
