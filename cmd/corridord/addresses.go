package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	cmtcfg "github.com/cometbft/cometbft/config"
	"github.com/spf13/cobra"
)

// cometAddressKeys are the CometBFT settings (config.toml) that init, start
// and devnet take as flags and as CORRIDORD_<SECTION>_<KEY> environment
// variables, e.g. --rpc.laddr or CORRIDORD_RPC_LADDR.
var cometAddressKeys = []struct {
	key, usage string
	set        func(c *cmtcfg.Config, v string)
}{
	{"rpc.laddr", "CometBFT RPC listen address, e.g. tcp://127.0.0.1:26657", func(c *cmtcfg.Config, v string) { c.RPC.ListenAddress = v }},
	{"p2p.laddr", "CometBFT P2P listen address, e.g. tcp://0.0.0.0:26656", func(c *cmtcfg.Config, v string) { c.P2P.ListenAddress = v }},
	{"p2p.external_address", "P2P address to advertise to peers, host:port (when p2p.laddr binds 0.0.0.0)", func(c *cmtcfg.Config, v string) { c.P2P.ExternalAddress = v }},
	{"p2p.persistent_peers", "peers to stay connected to, id@host:port,... ('corridord genesis peers' writes them)", func(c *cmtcfg.Config, v string) { c.P2P.PersistentPeers = v }},
}

// addCometAddressFlags adds --rpc.laddr, --p2p.laddr, --p2p.external_address
// and --p2p.persistent_peers. Unset, config.toml (or init's default) holds.
func addCometAddressFlags(cmd *cobra.Command) {
	for _, k := range cometAddressKeys {
		cmd.Flags().String(k.key, "", k.usage+" (env CORRIDORD_"+envName(k.key)+")")
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
	for _, k := range cometAddressKeys {
		if f := cmd.Flags().Lookup(k.key); f != nil && f.Changed {
			out[k.key] = f.Value.String()
		} else if v, ok := os.LookupEnv("CORRIDORD_" + envName(k.key)); ok && v != "" {
			out[k.key] = v
		}
	}
	return out
}

// applyCometAddresses returns a function that sets the overridden
// addresses on a CometBFT config, and checks the listen addresses.
func applyCometAddresses(over map[string]string) (func(*cmtcfg.Config), error) {
	for _, key := range []string{"rpc.laddr", "p2p.laddr"} {
		if v, ok := over[key]; ok && !strings.Contains(v, "://") {
			return nil, fmt.Errorf("--%s %q: give a URL such as tcp://127.0.0.1:26657", key, v)
		}
	}
	return func(c *cmtcfg.Config) {
		for _, k := range cometAddressKeys {
			if v, ok := over[k.key]; ok {
				k.set(c, v)
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
