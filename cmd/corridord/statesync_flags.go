package main

import (
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"time"

	cmtcfg "github.com/cometbft/cometbft/config"
)

// cometStateSyncKeys are the settings of config.toml's [statesync] section
// that a node joining by state sync needs (docs/operations.md, "Joining a
// node by state sync"), taken by init and start as --statesync.* flags and
// CORRIDORD_STATESYNC_* environment variables. The snapshot settings of
// app.toml's own [statesync] section are app settings (appconfig.go).
var cometStateSyncKeys = []cometKey{
	{"statesync.enable", "join by state sync: restore a snapshot from peers instead of replaying every block (needs the other --statesync.* settings)", kindBool, func(c *cmtcfg.Config, v string) error {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return errors.New("want true or false")
		}
		c.StateSync.Enable = b
		return nil
	}},
	{"statesync.rpc_servers", "state sync: RPC servers of at least two nodes the light client takes headers from, comma-separated, e.g. http://sg-1:26657,http://hk-1:26657", kindString, func(c *cmtcfg.Config, v string) error {
		var servers []string
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				servers = append(servers, s)
			}
		}
		if len(servers) == 0 {
			return errors.New("want comma-separated RPC addresses")
		}
		c.StateSync.RPCServers = servers
		return nil
	}},
	{"statesync.trust_height", "state sync: height of the trusted header ('corridord statesync trust' prints it)", kindInt64, func(c *cmtcfg.Config, v string) error {
		h, err := strconv.ParseInt(v, 10, 64)
		if err != nil || h < 0 {
			return errors.New("want a height, a whole number >= 0")
		}
		c.StateSync.TrustHeight = h
		return nil
	}},
	{"statesync.trust_hash", "state sync: hash of the trusted header at the trust height, hex ('corridord statesync trust' prints it)", kindString, func(c *cmtcfg.Config, v string) error {
		if b, err := hex.DecodeString(v); err != nil || len(b) != 32 {
			return errors.New("want a header hash of 64 hex digits")
		}
		c.StateSync.TrustHash = strings.ToUpper(v)
		return nil
	}},
	{"statesync.trust_period", "state sync: how long the trusted header stays trusted, e.g. 168h0m0s", kindDuration, func(c *cmtcfg.Config, v string) error {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return errors.New("want a positive duration such as 168h0m0s")
		}
		c.StateSync.TrustPeriod = d
		return nil
	}},
}
