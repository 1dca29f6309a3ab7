package localnet

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	cmtcfg "github.com/cometbft/cometbft/config"
	"github.com/cometbft/cometbft/p2p"
	"github.com/cometbft/cometbft/privval"
	"github.com/corridor-trade/corridor/internal/node"
)

// AddFullNode writes the home of a new non-validator node that peers with
// every validator, adds it to the network (not started) and returns its
// index. tune adjusts its CometBFT config, e.g. to join by state sync.
func (n *Network) AddFullNode(name string, tune func(*cmtcfg.Config)) (int, error) {
	base, err := node.LoadCometConfig(n.Nodes[0].Home)
	if err != nil {
		return 0, err
	}
	var peers []string
	for i, nd := range n.Nodes[:len(n.Gen.Homes)] {
		c, err := node.LoadCometConfig(nd.Home)
		if err != nil {
			return 0, err
		}
		peers = append(peers, n.Gen.NodeIDs[i]+"@"+strings.TrimPrefix(c.P2P.ListenAddress, "tcp://"))
	}
	ports, err := FreePorts(2)
	if err != nil {
		return 0, err
	}
	home := filepath.Join(n.Dir, name)
	conf := *base
	conf.SetRoot(home)
	conf.Moniker = name
	conf.P2P.ListenAddress = fmt.Sprintf("tcp://127.0.0.1:%d", ports[0])
	conf.RPC.ListenAddress = fmt.Sprintf("tcp://127.0.0.1:%d", ports[1])
	conf.P2P.PersistentPeers = strings.Join(peers, ",")
	if tune != nil {
		tune(&conf)
	}
	for _, d := range []string{filepath.Join(home, "config"), filepath.Join(home, "data")} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return 0, err
		}
	}
	if _, err := p2p.LoadOrGenNodeKey(conf.NodeKeyFile()); err != nil {
		return 0, err
	}
	privval.LoadOrGenFilePV(conf.PrivValidatorKeyFile(), conf.PrivValidatorStateFile())
	if err := n.Gen.Genesis.SaveAs(conf.GenesisFile()); err != nil {
		return 0, err
	}
	cmtcfg.WriteConfigFile(filepath.Join(home, "config", "config.toml"), &conf)
	n.Nodes = append(n.Nodes, &Node{Name: name, Home: home, RPC: conf.RPC.ListenAddress})
	return len(n.Nodes) - 1, nil
}
