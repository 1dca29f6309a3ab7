package main

import (
	"path/filepath"
	"testing"

	"github.com/corridor-trade/corridor/config"
	"github.com/spf13/cobra"
)

// TestAppConfigStatePruning writes the default app.toml and reads the
// state settings back (100 versions kept, the fast index on), then turns
// the fast index off and the pruning up through the environment.
func TestAppConfigStatePruning(t *testing.T) {
	home := t.TempDir()
	if err := config.Write(filepath.Join(home, "config", "app.toml"), config.Default()); err != nil {
		t.Fatal(err)
	}
	load := func() config.Config {
		t.Helper()
		cmd := &cobra.Command{Use: "x"}
		addAppConfigFlags(cmd)
		cfg, err := loadAppConfig(home, cmd)
		if err != nil {
			t.Fatal(err)
		}
		return cfg
	}
	if got := load().State; got.KeepRecent != 100 || !got.FastIndex || got != config.Default().State {
		t.Fatalf("app.toml round trip: %+v, want %+v", got, config.Default().State)
	}
	t.Setenv("CORRIDORD_STATE_FAST_INDEX", "false")
	t.Setenv("CORRIDORD_STATE_KEEP_RECENT", "5000")
	if got := load().State; got.FastIndex || got.KeepRecent != 5000 {
		t.Fatalf("environment: %+v, want the fast index off and 5000 versions", got)
	}
}
