package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/corridor-trade/corridor/config"
	"github.com/spf13/cobra"
	"github.com/spf13/viper"
)

// addAppConfigFlags adds the flags that override app.toml settings.
func addAppConfigFlags(cmd *cobra.Command) {
	d := config.Default()
	cmd.Flags().String("state.backend", d.State.Backend, "state database: goleveldb or pebbledb")
	cmd.Flags().Int64("state.keep_recent", d.State.KeepRecent, "committed state versions to keep (0 = all)")
	cmd.Flags().Bool("api.enable", d.API.Enable, "serve the single-window HTTP API")
	cmd.Flags().String("api.address", d.API.Address, "HTTP API listen address")
	cmd.Flags().String("log.level", d.Log.Level, "log level, e.g. info or consensus:info,*:error")
	cmd.Flags().String("log.format", d.Log.Format, "log format: plain or json")
	cmd.Flags().Int64("statesync.snapshot_interval", d.StateSync.SnapshotInterval, "take a state-sync snapshot at every height that is a multiple of this (0 = none)")
	cmd.Flags().Int("statesync.snapshot_keep_recent", d.StateSync.SnapshotKeepRecent, "state-sync snapshots kept on disk")
	cmd.Flags().Int("statesync.snapshot_chunk_bytes", d.StateSync.SnapshotChunkBytes, "largest state-sync snapshot chunk, 1024 to 10485760 bytes")
}

// loadAppConfig merges app settings: flag > CORRIDORD_<SECTION>_<KEY> >
// <home>/config/app.toml > default.
func loadAppConfig(home string, cmd *cobra.Command) (config.Config, error) {
	v := viper.New()
	for k, val := range config.Defaults() {
		v.SetDefault(k, val)
	}
	path := filepath.Join(home, "config", "app.toml")
	if _, err := os.Stat(path); err == nil {
		v.SetConfigFile(path)
		if err := v.ReadInConfig(); err != nil {
			return config.Config{}, fmt.Errorf("read %s: %w", path, err)
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return config.Config{}, err
	}
	v.SetEnvPrefix("CORRIDORD")
	v.SetEnvKeyReplacer(strings.NewReplacer(".", "_"))
	v.AutomaticEnv()
	for k := range config.Defaults() {
		if f := cmd.Flags().Lookup(k); f != nil {
			if err := v.BindPFlag(k, f); err != nil {
				return config.Config{}, err
			}
		}
	}
	var c config.Config
	if err := v.Unmarshal(&c); err != nil {
		return c, fmt.Errorf("app settings: %w", err)
	}
	return c, c.Validate()
}

// readAppTOML reads <home>/config/app.toml over the defaults, without
// flags or environment: what the file itself says.
func readAppTOML(home string) (config.Config, error) {
	v := viper.New()
	for k, val := range config.Defaults() {
		v.SetDefault(k, val)
	}
	path := filepath.Join(home, "config", "app.toml")
	v.SetConfigFile(path)
	if err := v.ReadInConfig(); err != nil {
		return config.Config{}, fmt.Errorf("read %s: %w", path, err)
	}
	var c config.Config
	if err := v.Unmarshal(&c); err != nil {
		return c, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}
