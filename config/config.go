package config

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"text/template"
	"time"

	"github.com/corridor-trade/corridor/formats"
)

// Config is the content of app.toml.
type Config struct {
	State StateConfig `mapstructure:"state"`
	API   APIConfig   `mapstructure:"api"`
	Log   LogConfig   `mapstructure:"log"`
	// StateSync configures the snapshots this node takes and serves to
	// nodes that join by state sync. Joining itself is configured in
	// CometBFT's config.toml, section [statesync].
	StateSync StateSyncConfig `mapstructure:"statesync"`
}

// StateSyncConfig configures state-sync snapshots (docs/operations.md,
// "State sync").
type StateSyncConfig struct {
	// SnapshotInterval takes a snapshot of the application state at every
	// height that is a multiple of it; 0 (the default) takes none. A node
	// restores snapshots whatever this says.
	SnapshotInterval int64 `mapstructure:"snapshot_interval"`
	// SnapshotKeepRecent is how many snapshots to keep on disk.
	SnapshotKeepRecent int `mapstructure:"snapshot_keep_recent"`
	// SnapshotChunkBytes is the largest chunk a snapshot is cut into.
	SnapshotChunkBytes int `mapstructure:"snapshot_chunk_bytes"`
}

// StateConfig configures the application state database.
type StateConfig struct {
	// Backend is the cosmos-db engine: goleveldb (default) or pebbledb.
	Backend string `mapstructure:"backend"`
	// KeepRecent is how many committed state versions to keep for proofs at
	// past heights; older versions are pruned. 0 keeps every version.
	KeepRecent int64 `mapstructure:"keep_recent"`
	// CacheSize is the IAVL node cache size, in nodes.
	CacheSize int `mapstructure:"cache_size"`
	// FastIndex keeps IAVL's fast index: a second copy of every live
	// value, which makes reads (above all of absent keys) cheap and costs
	// about 190 bytes per anchored invoice on disk. It changes no app hash.
	FastIndex bool `mapstructure:"fast_index"`
}

// APIConfig configures the single-window HTTP API.
type APIConfig struct {
	// Enable turns the HTTP API on. Off by default: validators should not
	// expose it; run it on a separate full node.
	Enable bool `mapstructure:"enable"`
	// Address is the listen address, host:port.
	Address string `mapstructure:"address"`
	// MaxConcurrentChecks bounds POST /v1/documents/check requests in
	// progress; more are answered 503 api/checks_busy at once. Parsing
	// holds up to about 24 times the document in memory (docs/api.md).
	MaxConcurrentChecks int `mapstructure:"max_concurrent_checks"`
	// MaxCheckBytes bounds the document of one check, at most
	// formats.MaxDocumentSize (8 MiB).
	MaxCheckBytes int `mapstructure:"max_check_bytes"`
	// MaxConnections bounds open client connections; further connections
	// wait in the listen backlog until one closes.
	MaxConnections int `mapstructure:"max_connections"`
	// ReadHeaderTimeout bounds how long a client may take to send its
	// request headers.
	ReadHeaderTimeout time.Duration `mapstructure:"read_header_timeout"`
	// ReadTimeout bounds how long a client may take to send a whole
	// request, headers and body; a slower body is answered 408
	// api/body_timeout. Event streams lift it once they start.
	ReadTimeout time.Duration `mapstructure:"read_timeout"`
}

// LogConfig configures logging.
type LogConfig struct {
	// Level is CometBFT-style: "info", "error", "debug", or per module
	// "consensus:info,*:error".
	Level string `mapstructure:"level"`
	// Format is "plain" or "json".
	Format string `mapstructure:"format"`
}

// Default returns the defaults used for any setting not given.
func Default() Config {
	return Config{
		State: StateConfig{Backend: "goleveldb", KeepRecent: 100, CacheSize: 100_000, FastIndex: true},
		API: APIConfig{Enable: false, Address: "127.0.0.1:1318", MaxConcurrentChecks: 4, MaxCheckBytes: formats.MaxDocumentSize,
			MaxConnections: 256, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute},
		Log:       LogConfig{Level: "info", Format: "plain"},
		StateSync: StateSyncConfig{SnapshotInterval: 0, SnapshotKeepRecent: 2, SnapshotChunkBytes: 4 << 20},
	}
}

// Validate checks the settings.
func (c Config) Validate() error {
	switch c.State.Backend {
	case "goleveldb", "pebbledb", "memdb":
	default:
		return fmt.Errorf("state.backend = %q: use goleveldb or pebbledb", c.State.Backend)
	}
	if c.State.KeepRecent < 0 {
		return fmt.Errorf("state.keep_recent must be >= 0")
	}
	if c.State.CacheSize < 0 {
		return fmt.Errorf("state.cache_size must be >= 0")
	}
	if c.API.Enable && c.API.Address == "" {
		return fmt.Errorf("api.enable is true but api.address is empty")
	}
	if c.API.MaxConcurrentChecks < 1 || c.API.MaxConnections < 1 {
		return fmt.Errorf("api.max_concurrent_checks and api.max_connections must be at least 1")
	}
	if c.API.MaxCheckBytes < 1 || c.API.MaxCheckBytes > formats.MaxDocumentSize {
		return fmt.Errorf("api.max_check_bytes = %d: use 1 to %d (the parsers' limit)", c.API.MaxCheckBytes, formats.MaxDocumentSize)
	}
	if c.API.ReadHeaderTimeout <= 0 || c.API.ReadTimeout < c.API.ReadHeaderTimeout {
		return fmt.Errorf("api.read_header_timeout must be positive and api.read_timeout at least as long")
	}
	switch c.Log.Format {
	case "plain", "json":
	default:
		return fmt.Errorf("log.format = %q: use plain or json", c.Log.Format)
	}
	return c.StateSync.validate()
}

func (s StateSyncConfig) validate() error {
	if s.SnapshotInterval < 0 {
		return fmt.Errorf("statesync.snapshot_interval must be >= 0 (0 takes no snapshots)")
	}
	if s.SnapshotKeepRecent < 1 {
		return fmt.Errorf("statesync.snapshot_keep_recent must be >= 1")
	}
	if s.SnapshotChunkBytes < 1024 || s.SnapshotChunkBytes > 10<<20 {
		return fmt.Errorf("statesync.snapshot_chunk_bytes must be between 1024 and %d", 10<<20)
	}
	return nil
}

// Defaults returns the defaults as a flat key → value map, for viper.
func Defaults() map[string]any {
	d := Default()
	return map[string]any{
		"state.backend":             d.State.Backend,
		"state.keep_recent":         d.State.KeepRecent,
		"state.cache_size":          d.State.CacheSize,
		"state.fast_index":          d.State.FastIndex,
		"api.enable":                d.API.Enable,
		"api.address":               d.API.Address,
		"api.max_concurrent_checks": d.API.MaxConcurrentChecks,
		"api.max_check_bytes":       d.API.MaxCheckBytes,
		"api.max_connections":       d.API.MaxConnections,
		"api.read_header_timeout":   d.API.ReadHeaderTimeout.String(),
		"api.read_timeout":          d.API.ReadTimeout.String(),
		"log.level":                 d.Log.Level,
		"log.format":                d.Log.Format,

		"statesync.snapshot_interval":    d.StateSync.SnapshotInterval,
		"statesync.snapshot_keep_recent": d.StateSync.SnapshotKeepRecent,
		"statesync.snapshot_chunk_bytes": d.StateSync.SnapshotChunkBytes,
	}
}

var appTOML = template.Must(template.New("app.toml").Parse(`# Corridor application settings. CometBFT's own settings are in config.toml.
# Every key can be overridden by an environment variable CORRIDORD_<SECTION>_<KEY>
# (e.g. CORRIDORD_STATE_BACKEND=pebbledb) and by the matching command-line flag.

[state]
# Database engine for application state: goleveldb or pebbledb.
backend = "{{.State.Backend}}"
# Committed state versions kept for proofs at past heights (0 = keep all).
# Each kept version holds the tree paths its block rewrote: on disk this is
# the largest cost per anchor after the live state (docs/performance.md, Disk).
keep_recent = {{.State.KeepRecent}}
# IAVL node cache size, in nodes.
cache_size = {{.State.CacheSize}}
# IAVL's fast index: a second copy of every live value that makes reads
# cheap; false saves about 190 bytes per anchor on disk and costs CPU on
# every read. Changes no app hash; turned back on, it is rebuilt at start.
fast_index = {{.State.FastIndex}}

[api]
# Single-window HTTP API. Off by default; do not expose it on validators.
enable = {{.API.Enable}}
address = "{{.API.Address}}"
# Document checks in progress at once; more get 503 api/checks_busy at once.
# Parsing holds up to about 24 times the document in memory, so the worst
# case is max_concurrent_checks x 24 x max_check_bytes (about 0.8 GiB).
max_concurrent_checks = {{.API.MaxConcurrentChecks}}
# Largest document a check accepts, in bytes (at most 8388608).
max_check_bytes = {{.API.MaxCheckBytes}}
# Open client connections; more wait in the listen backlog.
max_connections = {{.API.MaxConnections}}
# Time a client has to send its request headers, and its whole request
# (headers and body; a slower body gets 408 api/body_timeout).
read_header_timeout = "{{.API.ReadHeaderTimeout}}"
read_timeout = "{{.API.ReadTimeout}}"

[log]
# "info", "error", "debug", or per module, e.g. "consensus:info,*:error".
level = "{{.Log.Level}}"
# plain or json.
format = "{{.Log.Format}}"

[statesync]
# Snapshots of the application state for nodes that join by state sync
# (docs/operations.md, "State sync"). Take one every snapshot_interval blocks
# (0 = none; a node restores snapshots whatever this says). Enable it on at
# least two nodes a joining node can reach, with an interval well below
# state.keep_recent.
snapshot_interval = {{.StateSync.SnapshotInterval}}
# Snapshots kept on disk (older ones are deleted).
snapshot_keep_recent = {{.StateSync.SnapshotKeepRecent}}
# Largest chunk a snapshot is cut into, in bytes (1024 to 10485760).
snapshot_chunk_bytes = {{.StateSync.SnapshotChunkBytes}}
`))

// Write writes c to path as a commented app.toml, atomically.
func Write(path string, c Config) error {
	var buf bytes.Buffer
	if err := appTOML.Execute(&buf, c); err != nil {
		return err
	}
	return WriteFileAtomic(path, buf.Bytes(), 0o600)
}

// WriteFileAtomic writes data to a temporary file beside path and renames
// it into place, so a crash leaves either the old or the new file.
func WriteFileAtomic(path string, data []byte, perm os.FileMode) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
