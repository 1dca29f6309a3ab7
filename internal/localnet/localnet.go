package localnet

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtcfg "github.com/cometbft/cometbft/config"
	coretypes "github.com/cometbft/cometbft/rpc/core/types"
	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/config"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/internal/netgen"
	"github.com/corridor-trade/corridor/internal/node"
)

// Options configure Start.
type Options struct {
	ChainID    string
	Validators int      // default 4
	Cities     []string // validator names; default shanghai, singapore, hongkong, lingang
	AppState   map[string]json.RawMessage
	// Tune adjusts each node's CometBFT config (fast timeouts are set first).
	Tune func(*cmtcfg.Config)
	// WrapApp, when set, is called each time node i starts; CometBFT then
	// talks to what it returns instead of the real application (returning
	// app unchanged leaves the node honest). Tests use it to make one node
	// Byzantine, e.g. a proposer that puts invalid transactions into its
	// blocks, without changing the application.
	WrapApp func(i int, app abci.Application) abci.Application
	// App adjusts the application settings of the node named name each
	// time it starts (e.g. to take state-sync snapshots).
	App func(name string, c *config.Config)
}

// Node is one validator of the network.
type Node struct {
	Name string
	Home string
	RPC  string // tcp://127.0.0.1:port
	*node.Node
	log *os.File
}

// Network is a running in-process network.
type Network struct {
	T       testing.TB
	ChainID string
	Dir     string
	Nodes   []*Node
	Keys    map[string]*secp.PrivKey // member keys by name, e.g. "sg-trader"
	Gen     *netgen.Result
	// WrapApp is Options.WrapApp; StartNode applies it.
	WrapApp func(i int, app abci.Application) abci.Application
	opts    Options
}

// DefaultCities are the validators of the default 4-node network and their
// jurisdictions.
var DefaultCities = []struct{ Name, Jurisdiction string }{
	{"shanghai", "CN-SH"}, {"singapore", "SG"}, {"hongkong", "HK"}, {"lingang", "CN-SH"},
}

// FreePorts returns n distinct free TCP ports on 127.0.0.1.
func FreePorts(n int) ([]int, error) {
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	var ports []int
	for i := 0; i < n; i++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// FastConsensus shortens CometBFT's timeouts for tests.
func FastConsensus(c *cmtcfg.Config) {
	c.Consensus.TimeoutPropose = 1 * time.Second
	c.Consensus.TimeoutPrevote = 200 * time.Millisecond
	c.Consensus.TimeoutPrecommit = 200 * time.Millisecond
	c.Consensus.TimeoutCommit = 300 * time.Millisecond
	c.P2P.FlushThrottleTimeout = 10 * time.Millisecond
	c.P2P.PexReactor = false
	c.Instrumentation.Prometheus = false
}

// Generate writes the homes of a network without starting it.
func Generate(dir string, opts Options) (*netgen.Result, []netgen.Validator, error) {
	if opts.Validators == 0 {
		opts.Validators = 4
	}
	if opts.ChainID == "" {
		opts.ChainID = "corridor-localnet-1"
	}
	ports, err := FreePorts(2 * opts.Validators)
	if err != nil {
		return nil, nil, err
	}
	var vals []netgen.Validator
	for i := 0; i < opts.Validators; i++ {
		c := DefaultCities[i%len(DefaultCities)]
		name := c.Name
		if i >= len(DefaultCities) {
			name = fmt.Sprintf("%s%d", c.Name, i/len(DefaultCities)+1)
		}
		vals = append(vals, netgen.Validator{Name: name, Jurisdiction: c.Jurisdiction, Power: 10,
			Host: "127.0.0.1", P2PPort: ports[2*i], RPCPort: ports[2*i+1]})
	}
	js := netgen.DefaultJurisdictions()
	appCfg := config.Default()
	appCfg.Log.Level = "error"
	spec := netgen.Spec{
		ChainID: opts.ChainID, GenesisTime: time.Now().UTC().Truncate(time.Second),
		Jurisdictions: js, Validators: vals, Members: netgen.DefaultMembers(js),
		AppState: opts.AppState, App: appCfg,
		Tune: func(c *cmtcfg.Config) {
			FastConsensus(c)
			if opts.Tune != nil {
				opts.Tune(c)
			}
		},
	}
	res, err := netgen.Generate(spec, dir, false, nil)
	return res, vals, err
}

// startAttempts bounds how often Start generates the network again on new
// ports after a node found one of its ports taken.
const startAttempts = 3

// Start generates and starts a network, stopping it when the test ends.
//
// FreePorts releases the ports it finds before the nodes bind them, and in
// between another test process (make test runs the packages in parallel)
// or an outgoing connection can take one. A network that lost a port that
// way is stopped and generated again, on new ports.
func Start(t testing.TB, opts Options) *Network {
	t.Helper()
	var n *Network
	for attempt := 1; ; attempt++ {
		var err error
		if n, err = start(t, opts); err == nil {
			break
		}
		if !PortTaken(err) || attempt == startAttempts {
			t.Fatal(err)
		}
		t.Logf("start the network (attempt %d): %v; again on new ports", attempt, err)
	}
	// Queries read committed state, which holds the genesis (members,
	// keys, rules) only once block 1 is committed: a test that queried or
	// submitted before it would see no members.
	n.WaitForHeight(1, 2*time.Minute)
	return n
}

// start generates a network in a new directory and starts its nodes; when
// a node does not start, the ones started are stopped.
func start(t testing.TB, opts Options) (*Network, error) {
	dir := t.TempDir()
	res, vals, err := Generate(dir, opts)
	if err != nil {
		return nil, err
	}
	n := &Network{T: t, ChainID: res.Genesis.ChainID, Dir: dir, Keys: res.Keys, Gen: res, WrapApp: opts.WrapApp, opts: opts}
	for i, v := range vals {
		n.Nodes = append(n.Nodes, &Node{Name: v.Name, Home: res.Homes[i], RPC: fmt.Sprintf("tcp://127.0.0.1:%d", v.RPCPort)})
	}
	t.Cleanup(n.Stop)
	for i := range n.Nodes {
		if err := n.StartNode(i); err != nil {
			n.Stop()
			return nil, err
		}
	}
	return n, nil
}

// PortTaken reports whether err says a listen address was already in use
// (CometBFT's RPC server reports it as text, without wrapping).
func PortTaken(err error) bool {
	return err != nil && (errors.Is(err, syscall.EADDRINUSE) || strings.Contains(err.Error(), "address already in use"))
}

// StartNode (re)starts node i from its home.
func (n *Network) StartNode(i int) error {
	nd := n.Nodes[i]
	cfg := config.Default()
	cfg.Log.Level = "error"
	if n.opts.App != nil {
		n.opts.App(nd.Name, &cfg)
	}
	logf, err := os.OpenFile(filepath.Join(nd.Home, "node.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	var w io.Writer = logf
	var opts []node.Option
	if n.WrapApp != nil {
		opts = append(opts, node.WrapApp(func(app abci.Application) abci.Application { return n.WrapApp(i, app) }))
	}
	cn, err := node.New(nd.Home, cfg, w, opts...)
	if err != nil {
		logf.Close()
		return fmt.Errorf("node %s: %w", nd.Name, err)
	}
	if err := cn.Start(); err != nil {
		cn.App.Close()
		logf.Close()
		return fmt.Errorf("start %s: %w", nd.Name, err)
	}
	nd.Node, nd.log = cn, logf
	return nil
}

// StopNode stops node i cleanly.
func (n *Network) StopNode(i int) {
	nd := n.Nodes[i]
	if nd.Node == nil {
		return
	}
	if err := nd.Node.Stop(); err != nil {
		n.T.Logf("stop %s: %v", nd.Name, err)
	}
	nd.Node = nil
	nd.log.Close()
}

// Stop stops every node.
func (n *Network) Stop() {
	for i := range n.Nodes {
		n.StopNode(i)
	}
}

// Client returns a client for node i.
func (n *Network) Client(i int) *client.Client {
	c, err := client.New(n.Nodes[i].RPC)
	if err != nil {
		n.T.Fatal(err)
	}
	return c
}

// WaitForHeight waits until every running node has committed height h.
func (n *Network) WaitForHeight(h int64, timeout time.Duration) {
	n.T.Helper()
	for i, nd := range n.Nodes {
		if nd.Node == nil {
			continue
		}
		if err := n.Client(i).WaitForHeight(context.Background(), h, timeout); err != nil {
			n.T.Fatal(err)
		}
	}
}

// TxSearch runs a tx_search query on node i until it finds want
// transactions or timeout passes, and returns the last answer. A node
// indexes a block's transactions only after it has committed the block, so
// a transaction already visible in state (or in /status's height) can be
// missing from the index for a moment; asking once would make tests flaky.
func (n *Network) TxSearch(i int, query string, want int, timeout time.Duration) *coretypes.ResultTxSearch {
	n.T.Helper()
	c := n.Client(i)
	deadline := time.Now().Add(timeout)
	for {
		res, err := c.RPC.TxSearch(context.Background(), query, false, nil, nil, "asc")
		switch {
		case err == nil && res.TotalCount == want:
			return res
		case time.Now().After(deadline):
			if err != nil {
				n.T.Fatalf("tx_search %s on node %d: %v", query, i, err)
			}
			return res
		}
		time.Sleep(200 * time.Millisecond)
	}
}
