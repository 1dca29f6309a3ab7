package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/corridor-trade/corridor/config"
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

// TestAppConfigAPILimits writes the default app.toml, reads its API limits
// back, overrides two through the environment, and checks that Validate
// refuses a document limit above the parsers' own.
func TestAppConfigAPILimits(t *testing.T) {
	home := t.TempDir()
	if err := config.Write(filepath.Join(home, "config", "app.toml"), config.Default()); err != nil {
		t.Fatal(err)
	}
	load := func() (config.Config, error) {
		cmd := &cobra.Command{Use: "x"}
		addAppConfigFlags(cmd)
		return loadAppConfig(home, cmd)
	}
	cfg, err := load()
	if err != nil || cfg.API != config.Default().API {
		t.Fatalf("app.toml round trip: %+v %v, want %+v", cfg.API, err, config.Default().API)
	}
	t.Setenv("CORRIDORD_API_MAX_CONCURRENT_CHECKS", "2")
	t.Setenv("CORRIDORD_API_READ_TIMEOUT", "15s")
	if cfg, err = load(); err != nil || cfg.API.MaxConcurrentChecks != 2 || cfg.API.ReadTimeout != 15*time.Second {
		t.Fatalf("environment: %+v %v", cfg.API, err)
	}
	t.Setenv("CORRIDORD_API_MAX_CHECK_BYTES", "8388609")
	if _, err = load(); err == nil || !strings.Contains(err.Error(), "api.max_check_bytes") {
		t.Fatalf("a check limit above the parsers' was accepted: %v", err)
	}
}
