package localnet

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	cmtcfg "github.com/cometbft/cometbft/config"
	"github.com/cometbft/cometbft/crypto"
	"github.com/cometbft/cometbft/p2p"
	"github.com/cometbft/cometbft/privval"
	"github.com/corridor-trade/corridor/config"
	"github.com/corridor-trade/corridor/internal/node"
)

// AddNode writes the home of a new node that joins the running network as
// a full node (it becomes a validator only if governance adds its key):
// the network's genesis, every existing node as a persistent peer, a new
// consensus key unless keyFrom names a node whose key it copies (a
// double-signing twin, for tests). It returns the node's index (not yet
// started; use StartNode) and its consensus public key.
func (n *Network) AddNode(name, keyFrom string) (int, crypto.PubKey, error) {
	home := filepath.Join(n.Dir, name)
	for _, d := range []string{filepath.Join(home, "config"), filepath.Join(home, "data")} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return 0, nil, err
		}
	}
	ports, err := FreePorts(2)
	if err != nil {
		return 0, nil, err
	}
	conf := cmtcfg.DefaultConfig()
	conf.SetRoot(home)
	conf.Moniker = name
	var peers []string
	for _, nd := range n.Nodes {
		c, err := node.LoadCometConfig(nd.Home)
		if err != nil {
			return 0, nil, err
		}
		nk, err := p2p.LoadNodeKey(c.NodeKeyFile())
		if err != nil {
			return 0, nil, err
		}
		peers = append(peers, string(nk.ID())+"@"+strings.TrimPrefix(c.P2P.ListenAddress, "tcp://"))
	}
	if _, err := p2p.LoadOrGenNodeKey(conf.NodeKeyFile()); err != nil {
		return 0, nil, err
	}
	if keyFrom != "" {
		src := ""
		for _, nd := range n.Nodes {
			if nd.Name == keyFrom {
				src = filepath.Join(nd.Home, "config", "priv_validator_key.json")
			}
		}
		b, err := os.ReadFile(src)
		if err != nil {
			return 0, nil, fmt.Errorf("key of %q: %w", keyFrom, err)
		}
		if err := os.WriteFile(conf.PrivValidatorKeyFile(), b, 0o600); err != nil {
			return 0, nil, err
		}
	}
	var pv *privval.FilePV
	if keyFrom != "" {
		// The twin's own, empty sign state: it will sign what its
		// original already signed, which is the point.
		pv = privval.LoadFilePVEmptyState(conf.PrivValidatorKeyFile(), conf.PrivValidatorStateFile())
		pv.Save()
	} else {
		pv = privval.LoadOrGenFilePV(conf.PrivValidatorKeyFile(), conf.PrivValidatorStateFile())
	}
	conf.P2P.ListenAddress = fmt.Sprintf("tcp://127.0.0.1:%d", ports[0])
	conf.RPC.ListenAddress = fmt.Sprintf("tcp://127.0.0.1:%d", ports[1])
	conf.P2P.AddrBookStrict = false
	conf.P2P.AllowDuplicateIP = true
	conf.P2P.PersistentPeers = strings.Join(peers, ",")
	conf.ProxyApp = "corridor"
	conf.TxIndex.Indexer = "kv"
	FastConsensus(conf)
	cmtcfg.WriteConfigFile(filepath.Join(home, "config", "config.toml"), conf)
	appCfg := config.Default()
	appCfg.Log.Level = "error"
	if err := config.Write(filepath.Join(home, "config", "app.toml"), appCfg); err != nil {
		return 0, nil, err
	}
	if err := n.Gen.Genesis.SaveAs(conf.GenesisFile()); err != nil {
		return 0, nil, err
	}
	n.Nodes = append(n.Nodes, &Node{Name: name, Home: home, RPC: conf.RPC.ListenAddress})
	return len(n.Nodes) - 1, pv.Key.PubKey, nil
}

// NewKey writes a fresh consensus key beside node i's current one
// (priv_validator_key.json.next), for a key replacement proposed before
// the node switches to it with UseNextKey.
func (n *Network) NewKey(i int) (crypto.PubKey, error) {
	conf, err := node.LoadCometConfig(n.Nodes[i].Home)
	if err != nil {
		return nil, err
	}
	pv := privval.GenFilePV(conf.PrivValidatorKeyFile()+".next", conf.PrivValidatorStateFile()+".next")
	pv.Save()
	return pv.Key.PubKey, nil
}

// UseNextKey makes node i (stopped) sign with the key NewKey wrote.
func (n *Network) UseNextKey(i int) error {
	conf, err := node.LoadCometConfig(n.Nodes[i].Home)
	if err != nil {
		return err
	}
	for _, f := range []string{conf.PrivValidatorKeyFile(), conf.PrivValidatorStateFile()} {
		if err := os.Rename(f, f+".old"); err != nil {
			return err
		}
		if err := os.Rename(f+".next", f); err != nil {
			return err
		}
	}
	return nil
}
