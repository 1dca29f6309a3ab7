package node

import (
	"os"
	"path/filepath"
	"testing"

	cmtcfg "github.com/cometbft/cometbft/config"
)

// TestStateSyncTempDir: with state sync on and no usable temporary
// directory (as in the FROM-scratch image, which has no /tmp), the chunks
// go to <home>/data/statesync-tmp; a [statesync] temp_dir is honoured,
// relative to the home; with state sync off nothing changes.
func TestStateSyncTempDir(t *testing.T) {
	home := t.TempDir()
	conf := cmtcfg.DefaultConfig()
	conf.SetRoot(home)
	missing := filepath.Join(home, "no-such-tmp")
	t.Setenv("TMPDIR", missing)

	if err := stateSyncTempDir(conf); err != nil || os.Getenv("TMPDIR") != missing {
		t.Fatalf("state sync off: %v, TMPDIR %q", err, os.Getenv("TMPDIR"))
	}
	conf.StateSync.Enable = true
	if err := stateSyncTempDir(conf); err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(home, "data", "statesync-tmp")
	if got := os.Getenv("TMPDIR"); got != want {
		t.Fatalf("TMPDIR %q, want %q", got, want)
	}
	// What CometBFT's chunk queue does with it.
	if d, err := os.MkdirTemp("", "tm-statesync"); err != nil || filepath.Dir(d) != want {
		t.Fatalf("chunk directory %q: %v", d, err)
	}

	conf.StateSync.TempDir = "chunks"
	if err := stateSyncTempDir(conf); err != nil || os.Getenv("TMPDIR") != filepath.Join(home, "chunks") {
		t.Fatalf("temp_dir: %v, TMPDIR %q", err, os.Getenv("TMPDIR"))
	}
	if st, err := os.Stat(filepath.Join(home, "chunks")); err != nil || !st.IsDir() {
		t.Fatalf("temp_dir not created: %v", err)
	}

	// A usable TMPDIR is kept.
	ok := t.TempDir()
	t.Setenv("TMPDIR", ok)
	conf.StateSync.TempDir = ""
	if err := stateSyncTempDir(conf); err != nil || os.Getenv("TMPDIR") != ok {
		t.Fatalf("usable TMPDIR: %v, TMPDIR %q", err, os.Getenv("TMPDIR"))
	}
}
