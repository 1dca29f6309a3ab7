package bench

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	cmtcfg "github.com/cometbft/cometbft/config"
	rpchttp "github.com/cometbft/cometbft/rpc/client/http"
	"github.com/corridor-trade/corridor/config"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/internal/localnet"
	"github.com/corridor-trade/corridor/internal/netgen"
	"github.com/corridor-trade/corridor/x/membership"
)

// Consensus holds the CometBFT settings both networks share.
type Consensus struct {
	// Fast selects localnet.FastConsensus timeouts instead of CometBFT's
	// defaults.
	Fast bool
	// MempoolSize is the mempool capacity in transactions (CometBFT's
	// default is 5,000).
	MempoolSize int
}

// Tune applies the settings to one node's configuration.
func (c Consensus) Tune(conf *cmtcfg.Config) {
	if c.Fast {
		localnet.FastConsensus(conf)
	}
	conf.P2P.PexReactor = false
	conf.Instrumentation.Prometheus = false
	if c.MempoolSize > 0 {
		conf.Mempool.Size = c.MempoolSize
	}
	// Broadcast load comes from one client on one address.
	conf.RPC.MaxOpenConnections = 0
	conf.RPC.MaxSubscriptionClients = 10
	conf.LogLevel = "error"
}

// Net is a generated (and possibly running) 4-validator network.
type Net struct {
	Name    string
	Dir     string
	ChainID string
	Homes   []string
	RPC     []string // http://127.0.0.1:port
	Traders []*secp.PrivKey
	Procs   []*Proc
	Gen     *netgen.Result
}

// TraderName names the i-th load-generating trader in genesis.
func TraderName(i int) string { return fmt.Sprintf("bench-trader-%05d", i) }

// Generate writes the homes of a network of n validators on 127.0.0.1 with
// distinct ports, with traders extra trader members for the load.
func Generate(name, dir string, n, traders int, tune func(*cmtcfg.Config)) (*Net, error) {
	ports, err := localnet.FreePorts(2 * n)
	if err != nil {
		return nil, err
	}
	var vals []netgen.Validator
	for i := 0; i < n; i++ {
		c := localnet.DefaultCities[i%len(localnet.DefaultCities)]
		vals = append(vals, netgen.Validator{Name: fmt.Sprintf("%s%d", c.Name, i), Jurisdiction: c.Jurisdiction, Power: 10,
			Host: "127.0.0.1", P2PPort: ports[2*i], RPCPort: ports[2*i+1]})
	}
	js := netgen.DefaultJurisdictions()
	members := netgen.DefaultMembers(js)
	for i := 0; i < traders; i++ {
		members = append(members, netgen.Member{KeyName: TraderName(i), Jurisdiction: js[i%len(js)].Code, Roles: []string{membership.RoleTrader}})
	}
	appCfg := config.Default()
	appCfg.Log.Level = "error"
	chainID := "bench-" + name
	spec := netgen.Spec{
		ChainID: chainID, GenesisTime: time.Now().UTC().Truncate(time.Second),
		Jurisdictions: js, Validators: vals, Members: members, App: appCfg, Tune: tune,
	}
	res, err := netgen.Generate(spec, dir, false, nil)
	if err != nil {
		return nil, err
	}
	net := &Net{Name: name, Dir: dir, ChainID: chainID, Homes: res.Homes, Gen: res}
	for _, v := range vals {
		net.RPC = append(net.RPC, fmt.Sprintf("http://127.0.0.1:%d", v.RPCPort))
	}
	for i := 0; i < traders; i++ {
		net.Traders = append(net.Traders, res.Keys[TraderName(i)])
	}
	return net, nil
}

// Start launches one process per validator: bin with args followed by
// "--home <home>", logging to <home>/node.log.
func (n *Net) Start(g *Group, bin string, args ...string) error {
	for i, h := range n.Homes {
		p, err := g.Start(fmt.Sprintf("%s-%d", n.Name, i), bin, append(append([]string(nil), args...), "--home", h), filepath.Join(h, "node.log"))
		if err != nil {
			return err
		}
		n.Procs = append(n.Procs, p)
	}
	return nil
}

// WaitHeight waits until every node reports at least height h.
func (n *Net) WaitHeight(ctx context.Context, h int64, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for i, addr := range n.RPC {
		c, err := rpchttp.New(addr, "/websocket")
		if err != nil {
			return err
		}
		for {
			if n.Procs != nil && n.Procs[i].Exited() {
				return fmt.Errorf("%s node %d exited (see %s)", n.Name, i, filepath.Join(n.Homes[i], "node.log"))
			}
			st, err := c.Status(ctx)
			if err == nil && st.SyncInfo.LatestBlockHeight >= h {
				break
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("%s node %d did not reach height %d in %s (last error: %v)", n.Name, i, h, timeout, err)
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(100 * time.Millisecond):
			}
		}
	}
	return nil
}

// Stop stops the network's processes.
func (n *Net) Stop() {
	for _, p := range n.Procs {
		p.Stop(10 * time.Second)
	}
}
