package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/corridor-trade/corridor/internal/node"
)

const testTrustHash = "8A3E52B5AB1F1A28D1F7C6C0A08B1E6E0E11C9D2B4F4F3A1A7C0B0E2D3C4B5A6"

// TestInitTakesStateSyncSettings: init writes the --statesync.* flags and
// CORRIDORD_STATESYNC_* variables into config.toml's [statesync] (a flag
// winning over the environment) and the snapshot flags into app.toml's.
func TestInitTakesStateSyncSettings(t *testing.T) {
	home := t.TempDir()
	t.Setenv("CORRIDORD_STATESYNC_RPC_SERVERS", "http://sg-1:26657, http://hk-1:26657")
	t.Setenv("CORRIDORD_STATESYNC_TRUST_HEIGHT", "7") // the flag below wins
	mustCLI(t, home, "init", "joiner", "--chain-id", "c-1", "--statesync.enable", "--statesync.trust_height", "1234",
		"--statesync.trust_hash", strings.ToLower(testTrustHash), "--statesync.trust_period", "72h",
		"--statesync.snapshot_interval", "500", "--statesync.snapshot_keep_recent", "3")
	conf, err := node.LoadCometConfig(home)
	if err != nil {
		t.Fatal(err)
	}
	ss := conf.StateSync
	if !ss.Enable || strings.Join(ss.RPCServers, ",") != "http://sg-1:26657,http://hk-1:26657" || ss.TrustHeight != 1234 ||
		ss.TrustHash != testTrustHash || ss.TrustPeriod != 72*time.Hour {
		t.Errorf("config.toml [statesync]: %+v", ss)
	}
	app, err := readAppTOML(home)
	if err != nil {
		t.Fatal(err)
	}
	if app.StateSync.SnapshotInterval != 500 || app.StateSync.SnapshotKeepRecent != 3 {
		t.Errorf("app.toml [statesync]: %+v", app.StateSync)
	}
	// Without the flags, init leaves state sync off.
	other := t.TempDir()
	os.Unsetenv("CORRIDORD_STATESYNC_RPC_SERVERS")
	os.Unsetenv("CORRIDORD_STATESYNC_TRUST_HEIGHT")
	mustCLI(t, other, "init", "plain", "--chain-id", "c-1")
	if conf, err := node.LoadCometConfig(other); err != nil || conf.StateSync.Enable {
		t.Errorf("a plain init enabled state sync: %v", err)
	}
}

// TestStateSyncFlagsRefuseBadValues: a value that does not parse is
// refused, naming the flag and its variable, before anything is written.
func TestStateSyncFlagsRefuseBadValues(t *testing.T) {
	for _, tc := range []struct {
		args []string
		env  [2]string
		want string
	}{
		{[]string{"--statesync.trust_hash", "abc"}, [2]string{}, "--statesync.trust_hash (or CORRIDORD_STATESYNC_TRUST_HASH) \"abc\": want a header hash of 64 hex digits"},
		{nil, [2]string{"CORRIDORD_STATESYNC_ENABLE", "perhaps"}, "--statesync.enable (or CORRIDORD_STATESYNC_ENABLE) \"perhaps\": want true or false"},
		{nil, [2]string{"CORRIDORD_STATESYNC_TRUST_HEIGHT", "-5"}, "want a height"},
		{nil, [2]string{"CORRIDORD_STATESYNC_TRUST_PERIOD", "a week"}, "want a positive duration"},
		{[]string{"--statesync.rpc_servers", " , "}, [2]string{}, "want comma-separated RPC addresses"},
	} {
		if tc.env[0] != "" {
			t.Setenv(tc.env[0], tc.env[1])
		}
		home := t.TempDir()
		_, _, err := runCLI(t, home, append([]string{"init", "x", "--chain-id", "c"}, tc.args...)...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("init %v %v: %v, want %q", tc.args, tc.env, err, tc.want)
		}
		if _, err := os.Stat(filepath.Join(home, "config", "config.toml")); err == nil {
			t.Errorf("init %v %v wrote config.toml", tc.args, tc.env)
		}
		_, _, err = runCLI(t, home, append([]string{"start"}, tc.args...)...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("start %v %v: %v, want %q", tc.args, tc.env, err, tc.want)
		}
		if tc.env[0] != "" {
			os.Unsetenv(tc.env[0])
		}
	}
}

// TestStartAppliesStateSyncSettings: start applies the --statesync.*
// flags and variables to the node it runs, for that run only. A node told
// to state-sync with one RPC server is refused by CometBFT's own check of
// its settings (the light client needs two), and so is one given the
// servers by the environment but no trust height: the settings reached the
// node. config.toml stays as init wrote it.
func TestStartAppliesStateSyncSettings(t *testing.T) {
	home := t.TempDir()
	mustCLI(t, home, "init", "joiner", "--chain-id", "c-1")
	before, err := os.ReadFile(filepath.Join(home, "config", "config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	common := []string{"--statesync.trust_height", "10", "--statesync.trust_hash", testTrustHash}
	_, _, err = runCLI(t, home, append([]string{"start", "--statesync.enable", "--statesync.rpc_servers", "http://sg-1:26657"}, common...)...)
	if err == nil || !strings.Contains(err.Error(), "at least two rpc_servers entries is required") {
		t.Fatalf("start with one RPC server: %v, want CometBFT's rpc_servers error", err)
	}
	t.Setenv("CORRIDORD_STATESYNC_ENABLE", "true")
	t.Setenv("CORRIDORD_STATESYNC_RPC_SERVERS", "http://sg-1:26657,http://hk-1:26657")
	_, _, err = runCLI(t, home, "start", "--statesync.trust_hash", testTrustHash)
	if err == nil || !strings.Contains(err.Error(), "trusted_height is required") {
		t.Fatalf("start from the environment without a trust height: %v, want CometBFT's trusted_height error", err)
	}
	after, err := os.ReadFile(filepath.Join(home, "config", "config.toml"))
	if err != nil || string(after) != string(before) {
		t.Errorf("start changed config.toml (%v)", err)
	}
}
