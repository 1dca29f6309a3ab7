package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	cmtcfg "github.com/cometbft/cometbft/config"
	"github.com/spf13/cobra"
)

// cometKind is the flag type of a CometBFT setting.
type cometKind int

const (
	kindString cometKind = iota
	kindBool
	kindInt64
	kindDuration
)

// cometKey is one CometBFT setting (config.toml) that init, start and
// devnet take as a flag and as a CORRIDORD_<SECTION>_<KEY> environment
// variable. set parses the value as given on the command line or in the
// environment and stores it in c.
type cometKey struct {
	key, usage string
	kind       cometKind
	set        func(c *cmtcfg.Config, v string) error
}

// cometAddressKeys are the CometBFT addresses taken as flags and
// environment variables, e.g. --rpc.laddr or CORRIDORD_RPC_LADDR.
var cometAddressKeys = []cometKey{
	{"rpc.laddr", "CometBFT RPC listen address, e.g. tcp://127.0.0.1:26657", kindString, func(c *cmtcfg.Config, v string) error {
		c.RPC.ListenAddress = v
		return nil
	}},
	{"p2p.laddr", "CometBFT P2P listen address, e.g. tcp://0.0.0.0:26656", kindString, func(c *cmtcfg.Config, v string) error {
		c.P2P.ListenAddress = v
		return nil
	}},
	{"p2p.external_address", "P2P address to advertise to peers, host:port (when p2p.laddr binds 0.0.0.0)", kindString, func(c *cmtcfg.Config, v string) error {
		c.P2P.ExternalAddress = v
		return nil
	}},
	{"p2p.persistent_peers", "peers to stay connected to, id@host:port,... ('corridord genesis peers' writes them)", kindString, func(c *cmtcfg.Config, v string) error {
		c.P2P.PersistentPeers = v
		return nil
	}},
}

// cometKeys are every CometBFT setting taken as a flag: the addresses and
// the state-sync settings (statesync_flags.go).
func cometKeys() []cometKey {
	return append(append([]cometKey(nil), cometAddressKeys...), cometStateSyncKeys...)
}

// addCometAddressFlags adds the flags of cometKeys: --rpc.laddr,
// --p2p.laddr, --p2p.external_address, --p2p.persistent_peers and the
// --statesync.* flags. Unset, config.toml (or init's default) holds.
func addCometAddressFlags(cmd *cobra.Command) {
	for _, k := range cometKeys() {
		usage := k.usage + " (env CORRIDORD_" + envName(k.key) + ")"
		switch k.kind {
		case kindBool:
			cmd.Flags().Bool(k.key, false, usage)
		case kindInt64:
			cmd.Flags().Int64(k.key, 0, usage)
		case kindDuration:
			cmd.Flags().Duration(k.key, 0, usage)
		default:
			cmd.Flags().String(k.key, "", usage)
		}
	}
}

// envName is the environment variable suffix of a setting: rpc.laddr is
// RPC_LADDR.
func envName(key string) string {
	return strings.ToUpper(strings.NewReplacer(".", "_", "-", "_").Replace(key))
}

// cometAddressOverrides returns what the flags and environment set, by
// key: an explicitly given flag wins over CORRIDORD_<SECTION>_<KEY>.
func cometAddressOverrides(cmd *cobra.Command) map[string]string {
	out := map[string]string{}
	for _, k := range cometKeys() {
		if f := cmd.Flags().Lookup(k.key); f != nil && f.Changed {
			out[k.key] = f.Value.String()
		} else if v, ok := os.LookupEnv("CORRIDORD_" + envName(k.key)); ok && v != "" {
			out[k.key] = v
		}
	}
	return out
}

// applyCometAddresses returns a function that sets the overridden settings
// on a CometBFT config. It checks every value first (listen addresses must
// be URLs; booleans, numbers and durations must parse), so that a bad one
// is refused before anything is written or started.
func applyCometAddresses(over map[string]string) (func(*cmtcfg.Config), error) {
	for _, key := range []string{"rpc.laddr", "p2p.laddr"} {
		if v, ok := over[key]; ok && !strings.Contains(v, "://") {
			return nil, fmt.Errorf("--%s %q: give a URL such as tcp://127.0.0.1:26657", key, v)
		}
	}
	keys := cometKeys()
	scratch := cmtcfg.DefaultConfig()
	for _, k := range keys {
		if v, ok := over[k.key]; ok {
			if err := k.set(scratch, v); err != nil {
				return nil, fmt.Errorf("--%s (or CORRIDORD_%s) %q: %w", k.key, envName(k.key), v, err)
			}
		}
	}
	return func(c *cmtcfg.Config) {
		for _, k := range keys {
			if v, ok := over[k.key]; ok {
				_ = k.set(c, v) // checked above
			}
		}
	}, nil
}

// writeCometConfig writes conf back to <home>/config/config.toml.
func writeCometConfig(home string, conf *cmtcfg.Config) error {
	path := filepath.Join(home, "config", "config.toml")
	if _, err := os.Stat(path); err != nil {
		return err
	}
	cmtcfg.WriteConfigFile(path, conf)
	return nil
}
