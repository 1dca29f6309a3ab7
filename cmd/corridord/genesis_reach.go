package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/cometbft/cometbft/privval"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/corridor-trade/corridor/internal/ceremony"
	"github.com/corridor-trade/corridor/internal/node"
)

// PowerReach is the voting power a node will be connected to at start: its
// own validator and the validators it knows among its persistent_peers.
type PowerReach struct {
	Power        int64    `json:"power"`
	TotalPower   int64    `json:"total_power"`
	Needed       int64    `json:"needed_power"` // more than two thirds
	Validators   []string `json:"validators"`   // "name (power)", own first
	UnknownPeers int      `json:"unknown_peers"`
}

// powerReach works out, for the node at home and the genesis at path, how
// much voting power it knows it will reach, and warns when that is not more
// than two thirds: such a chain waits at height 0. Peers are matched to
// validators through config/peer_validators.json ('genesis peers --write');
// without it only the node's own validator is known. A home without
// config.toml (a coordinator's) gets no reach and no warning.
func powerReach(home, path string) (*PowerReach, []string) {
	conf, err := node.LoadCometConfig(home)
	if err != nil {
		return nil, nil
	}
	doc, err := cmttypes.GenesisDocFromFile(path)
	if err != nil {
		return nil, nil
	}
	r := &PowerReach{}
	byName := map[string]cmttypes.GenesisValidator{}
	for _, v := range doc.Validators {
		r.TotalPower += v.Power
		byName[v.Name] = v
	}
	r.Needed = ceremony.NeededPower(r.TotalPower)
	counted := map[string]bool{}
	if _, err := os.Stat(conf.PrivValidatorKeyFile()); err == nil {
		pv := privval.LoadFilePVEmptyState(conf.PrivValidatorKeyFile(), "")
		for _, v := range doc.Validators {
			if v.PubKey.Equals(pv.Key.PubKey) {
				r.Power += v.Power
				r.Validators = append(r.Validators, fmt.Sprintf("%s (%d, this node)", v.Name, v.Power))
				counted[v.Name] = true
			}
		}
	}
	known := map[string]string{} // node id -> validator name
	if b, err := os.ReadFile(filepath.Join(home, "config", peerValidatorsFile)); err == nil {
		var list []peerValidator
		if json.Unmarshal(b, &list) == nil {
			for _, p := range list {
				known[strings.ToLower(p.NodeID)] = p.Validator
			}
		}
	}
	peers := 0
	for _, p := range strings.Split(conf.P2P.PersistentPeers, ",") {
		id, _, ok := strings.Cut(strings.TrimSpace(p), "@")
		if !ok {
			continue
		}
		peers++
		name, ok := known[strings.ToLower(id)]
		v, inGenesis := byName[name]
		if !ok || !inGenesis || counted[name] {
			if !ok || !inGenesis {
				r.UnknownPeers++
			}
			continue
		}
		counted[name] = true
		r.Power += v.Power
		r.Validators = append(r.Validators, fmt.Sprintf("%s (%d)", v.Name, v.Power))
	}
	var warnings []string
	if r.Power < r.Needed {
		w := fmt.Sprintf("this node knows validators holding %d of %d voting power; a block needs %d (more than two thirds), so the chain will wait at height 0",
			r.Power, r.TotalPower, r.Needed)
		switch {
		case peers == 0:
			w += "; config.toml has no persistent_peers: set them with 'corridord genesis peers CONTRIBUTIONS... --write' (or start --p2p.persistent_peers)"
		case r.UnknownPeers > 0:
			w += fmt.Sprintf(" unless its %d persistent peers not matched to a validator here bring the rest ('corridord genesis peers --write' records which validator each peer is)", r.UnknownPeers)
		default:
			w += "; add the missing validators to persistent_peers"
		}
		warnings = append(warnings, w)
	}
	return r, warnings
}
