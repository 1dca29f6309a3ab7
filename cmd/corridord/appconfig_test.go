package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/spf13/cobra"
)

// TestAppConfigPrecedence checks the documented order for app settings:
// flag > CORRIDORD_<SECTION>_<KEY> > config/app.toml > default.
func TestAppConfigPrecedence(t *testing.T) {
	home := t.TempDir()
	load := func(args ...string) string {
		t.Helper()
		cmd := &cobra.Command{Use: "x", RunE: func(*cobra.Command, []string) error { return nil }}
		addAppConfigFlags(cmd)
		if err := cmd.ParseFlags(args); err != nil {
			t.Fatal(err)
		}
		cfg, err := loadAppConfig(home, cmd)
		if err != nil {
			t.Fatal(err)
		}
		return cfg.Log.Level + " " + cfg.API.Address
	}
	t.Setenv("CORRIDORD_LOG_LEVEL", "")
	os.Unsetenv("CORRIDORD_LOG_LEVEL")
	if got := load(); got != "info 127.0.0.1:1318" {
		t.Fatalf("defaults: %q", got)
	}
	if err := os.MkdirAll(filepath.Join(home, "config"), 0o700); err != nil {
		t.Fatal(err)
	}
	toml := "[log]\nlevel = \"debug\"\n[api]\naddress = \"127.0.0.1:9000\"\n"
	if err := os.WriteFile(filepath.Join(home, "config", "app.toml"), []byte(toml), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := load(); got != "debug 127.0.0.1:9000" {
		t.Fatalf("app.toml over default: %q", got)
	}
	t.Setenv("CORRIDORD_LOG_LEVEL", "warn")
	if got := load(); got != "warn 127.0.0.1:9000" {
		t.Fatalf("environment over app.toml: %q", got)
	}
	if got := load("--log.level", "error"); got != "error 127.0.0.1:9000" {
		t.Fatalf("flag over environment: %q", got)
	}
}
