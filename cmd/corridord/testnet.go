package main

import (
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	cmtcfg "github.com/cometbft/cometbft/config"
	"github.com/corridor-trade/corridor/config"
	"github.com/corridor-trade/corridor/internal/keyring"
	"github.com/corridor-trade/corridor/internal/netgen"
	"github.com/corridor-trade/corridor/internal/node"
	"github.com/corridor-trade/corridor/x/membership"
	"github.com/spf13/cobra"
)

// TestnetChainID is the default chain-id of `corridord testnet init-files`.
const TestnetChainID = "corridor-testnet-1"

// defaultCities are the validators of the default four-validator testnet:
// Shanghai, Singapore, Hong Kong and the Lin-gang data hub in the Shanghai
// free-trade zone, so that CN-SH runs two of the four.
const defaultCities = "shanghai:CN-SH,singapore:SG,hongkong:HK,lingang:CN-SH"

// TestnetValidator is one validator written by `testnet init-files`.
type TestnetValidator struct {
	Name         string   `json:"name"`
	Jurisdiction string   `json:"jurisdiction"`
	Power        int64    `json:"power"`
	Home         string   `json:"home"`
	NodeID       string   `json:"node_id"`
	Address      string   `json:"address"` // consensus address, hex
	P2P          string   `json:"p2p"`     // address peers dial
	RPC          string   `json:"rpc"`     // address clients use
	Listen       string   `json:"listen"`  // host the node binds
	Peers        string   `json:"persistent_peers"`
	Keys         []string `json:"keys"` // member keys in <home>/keyring (test backend)
}

// TestnetMember is one genesis member written by `testnet init-files`.
type TestnetMember struct {
	Name         string   `json:"name"`
	Jurisdiction string   `json:"jurisdiction"`
	Roles        []string `json:"roles"`
	Address      string   `json:"address"`
}

// TestnetResult is what `testnet init-files -o json` prints.
type TestnetResult struct {
	ChainID    string             `json:"chain_id"`
	OutputDir  string             `json:"output_dir"`
	Genesis    string             `json:"genesis"` // the copy in the first home; every home holds the same file
	Validators []TestnetValidator `json:"validators"`
	Members    []TestnetMember    `json:"members"`
}

func newTestnetCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "testnet",
		Short: "Multi-validator test networks (one home per validator and a shared genesis)",
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(newTestnetInitFilesCmd(env))
	return cmd
}

func newTestnetInitFilesCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "init-files",
		Short: "Write one home per validator and a shared genesis for a multi-city testnet",
		Long: `init-files writes, under --output-dir, one node home per validator (named after
its city) holding config.toml with persistent_peers naming every other
validator, app.toml, node and consensus keys, and the same genesis.json.

The default network has four validators of equal power: shanghai (CN-SH),
singapore (SG), hongkong (HK) and lingang (CN-SH, the Lin-gang data hub in the
Shanghai free-trade zone). --cities name:JURISDICTION,... changes the mix and
--validators N the count (cities are reused, numbered, when N exceeds them).

Every jurisdiction gets an operator, attester, trader, bank and customs member
(e.g. sg-trader); each home's keyring/ directory holds, in the UNENCRYPTED test
backend, the keys of its validator's jurisdiction: use --keyring-backend test.
These are test networks only.

Addresses: without --hosts or --starting-ip every node binds 127.0.0.1 with
ports stepped by 10 (26656/26657, 26666/26667, ...), for plain processes. With
--starting-ip 192.168.77.10 the nodes get consecutive IPs and the same ports,
for containers (add --listen-all so that each binds 0.0.0.0 and advertises its
IP). --hosts a,b,c,d names each node's host explicitly.`,
		Example: `  corridord testnet init-files --output-dir ./mytestnet
  corridord testnet init-files --validators 3 --cities shanghai:CN-SH,singapore:SG,hongkong:HK -o json
  corridord testnet init-files --starting-ip 192.168.77.10 --listen-all --output-dir build/localnet`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts, err := testnetOptionsFrom(cmd)
			if err != nil {
				return err
			}
			res, err := writeTestnet(opts)
			if err != nil {
				return err
			}
			return env.print(cmd, res, func(w io.Writer) { printTestnet(w, res) })
		},
	}
	f := cmd.Flags()
	f.String("output-dir", "./testnet-files", "directory to write the validator homes into")
	f.Int("validators", 4, "number of validators")
	f.String("cities", defaultCities, "validators as name:JURISDICTION, comma-separated, in order")
	f.String("chain-id", TestnetChainID, "chain identifier")
	f.Int64("power", 10, "voting power of every validator")
	f.StringSlice("hosts", nil, "host (IP or DNS name) of each validator, in order; overrides --starting-ip")
	f.String("starting-ip", "", "IP of the first validator; the others get the following addresses")
	f.Bool("listen-all", false, "bind 0.0.0.0 and advertise the host address (for containers)")
	f.Int("p2p-port", 26656, "P2P port of the first validator")
	f.Int("rpc-port", 26657, "RPC port of the first validator")
	f.Int("port-step", -1, "added to both ports for each following validator (default: 10 if two validators share a host, else 0)")
	f.Duration("timeout-propose", 3*time.Second, "CometBFT timeout_propose")
	f.Duration("timeout-vote", time.Second, "CometBFT timeout_prevote and timeout_precommit")
	f.Duration("timeout-commit", time.Second, "CometBFT timeout_commit (the pause between blocks)")
	f.Bool("overwrite", false, "replace existing validator homes of the same names in --output-dir")
	return cmd
}

// testnetOptions are the resolved flags of `testnet init-files`.
type testnetOptions struct {
	dir, chainID  string
	validators    []netgen.Validator
	listenAll     bool
	overwrite     bool
	propose, vote time.Duration
	commit        time.Duration
	genesisTime   time.Time
	jurisdictions []membership.Jurisdiction
}

func testnetOptionsFrom(cmd *cobra.Command) (*testnetOptions, error) {
	f := cmd.Flags()
	o := &testnetOptions{genesisTime: time.Now().UTC().Truncate(time.Second)}
	o.dir, _ = f.GetString("output-dir")
	o.chainID, _ = f.GetString("chain-id")
	o.listenAll, _ = f.GetBool("listen-all")
	o.overwrite, _ = f.GetBool("overwrite")
	o.propose, _ = f.GetDuration("timeout-propose")
	o.vote, _ = f.GetDuration("timeout-vote")
	o.commit, _ = f.GetDuration("timeout-commit")
	if o.dir == "" || o.chainID == "" {
		return nil, fmt.Errorf("--output-dir and --chain-id must not be empty")
	}
	if o.propose <= 0 || o.vote <= 0 || o.commit <= 0 {
		return nil, fmt.Errorf("consensus timeouts must be positive")
	}
	citiesFlag, _ := f.GetString("cities")
	cities, err := parseCities(citiesFlag)
	if err != nil {
		return nil, err
	}
	n, _ := f.GetInt("validators")
	if !f.Changed("validators") && f.Changed("cities") {
		n = len(cities)
	}
	if n < 1 || n > 64 {
		return nil, fmt.Errorf("--validators %d: want 1 to 64", n)
	}
	power, _ := f.GetInt64("power")
	if power < 1 {
		return nil, fmt.Errorf("--power must be at least 1")
	}
	hosts, _ := f.GetStringSlice("hosts")
	start, _ := f.GetString("starting-ip")
	switch {
	case len(hosts) > 0:
		if len(hosts) != n {
			return nil, fmt.Errorf("--hosts names %d hosts for %d validators", len(hosts), n)
		}
	case start != "":
		ip := net.ParseIP(start).To4()
		if ip == nil {
			return nil, fmt.Errorf("--starting-ip %q is not an IPv4 address", start)
		}
		for i := 0; i < n; i++ {
			if int(ip[3])+i > 254 {
				return nil, fmt.Errorf("--starting-ip %s leaves no room for %d validators", start, n)
			}
			hosts = append(hosts, net.IPv4(ip[0], ip[1], ip[2], ip[3]+byte(i)).String())
		}
	default:
		for i := 0; i < n; i++ {
			hosts = append(hosts, "127.0.0.1")
		}
	}
	step, _ := f.GetInt("port-step")
	if step < 0 {
		step = 0
		seen := map[string]bool{}
		for _, h := range hosts {
			if seen[h] {
				step = 10
			}
			seen[h] = true
		}
	}
	p2p, _ := f.GetInt("p2p-port")
	rpc, _ := f.GetInt("rpc-port")
	used := map[string]bool{}
	counts := map[string]int{}
	for i := 0; i < n; i++ {
		c := cities[i%len(cities)]
		counts[c.name]++
		name := c.name
		if i >= len(cities) {
			name = fmt.Sprintf("%s%d", c.name, counts[c.name])
		}
		if used[name] {
			return nil, fmt.Errorf("validator name %q is used twice", name)
		}
		used[name] = true
		v := netgen.Validator{Name: name, Jurisdiction: c.jurisdiction, Power: power, Host: hosts[i],
			P2PPort: p2p + i*step, RPCPort: rpc + i*step}
		if v.P2PPort > 65535 || v.RPCPort > 65535 {
			return nil, fmt.Errorf("ports of validator %s exceed 65535", name)
		}
		for _, a := range []string{net.JoinHostPort(v.Host, strconv.Itoa(v.P2PPort)), net.JoinHostPort(v.Host, strconv.Itoa(v.RPCPort))} {
			if used[a] {
				return nil, fmt.Errorf("address %s is used twice (set --port-step)", a)
			}
			used[a] = true
		}
		o.validators = append(o.validators, v)
	}
	o.jurisdictions = netgen.DefaultJurisdictions()
	for _, v := range o.validators {
		if !slices.ContainsFunc(o.jurisdictions, func(j membership.Jurisdiction) bool { return j.Code == v.Jurisdiction }) {
			o.jurisdictions = append(o.jurisdictions, membership.Jurisdiction{Code: v.Jurisdiction, Name: v.Jurisdiction})
		}
	}
	return o, nil
}

type city struct{ name, jurisdiction string }

// parseCities parses "shanghai:CN-SH,singapore:SG".
func parseCities(s string) ([]city, error) {
	var out []city
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, jur, ok := strings.Cut(part, ":")
		if !ok || name == "" || jur == "" {
			return nil, fmt.Errorf("--cities entry %q: want name:JURISDICTION, e.g. shanghai:CN-SH", part)
		}
		if err := keyring.ValidateName(name); err != nil || strings.ContainsAny(name, "/\\.") {
			return nil, fmt.Errorf("--cities: %q is not a usable validator name (letters, digits, - and _)", name)
		}
		out = append(out, city{name: name, jurisdiction: strings.ToUpper(jur)})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("--cities names no validator")
	}
	return out, nil
}

// writeTestnet generates the homes and fills each keyring.
func writeTestnet(o *testnetOptions) (*TestnetResult, error) {
	for _, v := range o.validators {
		home := filepath.Join(o.dir, v.Name)
		if _, err := os.Stat(home); err == nil {
			if !o.overwrite {
				return nil, fmt.Errorf("%s already exists; use --overwrite to replace it", home)
			}
			if err := os.RemoveAll(home); err != nil {
				return nil, err
			}
		}
	}
	spec := netgen.Spec{
		ChainID: o.chainID, GenesisTime: o.genesisTime,
		Jurisdictions: o.jurisdictions,
		Validators:    o.validators,
		Members:       netgen.DefaultMembers(o.jurisdictions),
		App:           config.Default(),
		AppState:      devnetAppState(o.jurisdictions),
		Tune:          func(c *cmtcfg.Config) { tuneTestnetNode(c, o) },
	}
	res, err := netgen.Generate(spec, o.dir, false, nil)
	if err != nil {
		return nil, err
	}
	out := &TestnetResult{ChainID: o.chainID, OutputDir: o.dir, Genesis: filepath.Join(res.Homes[0], "config", "genesis.json")}
	for _, m := range spec.Members {
		roles := append([]string(nil), m.Roles...)
		sort.Strings(roles)
		out.Members = append(out.Members, TestnetMember{Name: m.KeyName, Jurisdiction: m.Jurisdiction, Roles: roles,
			Address: res.Keys[m.KeyName].PubKey().Address().String()})
	}
	for i, v := range o.validators {
		kr, err := keyring.Open(keyring.BackendTest, filepath.Join(res.Homes[i], "keyring"), nil)
		if err != nil {
			return nil, err
		}
		var names []string
		for _, m := range spec.Members {
			if m.Jurisdiction != v.Jurisdiction {
				continue
			}
			if _, err := kr.Import(m.KeyName, res.Keys[m.KeyName].Bytes()); err != nil {
				return nil, fmt.Errorf("keyring of %s: %w", v.Name, err)
			}
			names = append(names, m.KeyName)
		}
		conf, err := node.LoadCometConfig(res.Homes[i])
		if err != nil {
			return nil, err
		}
		gv := res.Genesis.Validators[i]
		out.Validators = append(out.Validators, TestnetValidator{
			Name: v.Name, Jurisdiction: v.Jurisdiction, Power: v.Power, Home: res.Homes[i], NodeID: res.NodeIDs[i],
			Address: gv.Address.String(),
			P2P:     net.JoinHostPort(v.Host, strconv.Itoa(v.P2PPort)),
			RPC:     "tcp://" + net.JoinHostPort(v.Host, strconv.Itoa(v.RPCPort)),
			Listen:  hostOf(conf.RPC.ListenAddress), Peers: conf.P2P.PersistentPeers, Keys: names,
		})
	}
	return out, nil
}

// tuneTestnetNode applies the consensus timeouts and, with --listen-all,
// binds every interface while advertising the node's own address.
func tuneTestnetNode(c *cmtcfg.Config, o *testnetOptions) {
	c.Consensus.TimeoutPropose = o.propose
	c.Consensus.TimeoutProposeDelta = o.propose / 6
	c.Consensus.TimeoutPrevote = o.vote
	c.Consensus.TimeoutPrevoteDelta = o.vote / 2
	c.Consensus.TimeoutPrecommit = o.vote
	c.Consensus.TimeoutPrecommitDelta = o.vote / 2
	c.Consensus.TimeoutCommit = o.commit
	if o.listenAll {
		c.P2P.ExternalAddress = strings.TrimPrefix(c.P2P.ListenAddress, "tcp://")
		c.P2P.ListenAddress = withHost(c.P2P.ListenAddress, "0.0.0.0")
		c.RPC.ListenAddress = withHost(c.RPC.ListenAddress, "0.0.0.0")
	}
}

// withHost replaces the host of a tcp://host:port address.
func withHost(addr, host string) string {
	u, err := url.Parse(addr)
	if err != nil {
		return addr
	}
	u.Host = net.JoinHostPort(host, u.Port())
	return u.String()
}

// hostOf returns the host of a tcp://host:port address.
func hostOf(addr string) string {
	u, err := url.Parse(addr)
	if err != nil {
		return addr
	}
	return u.Hostname()
}

func printTestnet(w io.Writer, r *TestnetResult) {
	fmt.Fprintf(w, "wrote a %d-validator testnet (chain %s) in %s\n\n", len(r.Validators), r.ChainID, r.OutputDir)
	fmt.Fprintf(w, "%-12s %-6s %-5s %-24s %-30s %s\n", "VALIDATOR", "JUR", "POWER", "P2P", "RPC", "HOME")
	for _, v := range r.Validators {
		fmt.Fprintf(w, "%-12s %-6s %-5d %-24s %-30s %s\n", v.Name, v.Jurisdiction, v.Power, v.P2P, v.RPC, v.Home)
	}
	fmt.Fprintf(w, "\ngenesis: %s (the same in every home)\n", r.Genesis)
	fmt.Fprintf(w, "member keys (test keyring, unencrypted) are in each home's keyring/, by jurisdiction, e.g.:\n")
	if len(r.Validators) > 0 {
		v := r.Validators[0]
		fmt.Fprintf(w, "  corridord keys list --home %s --keyring-backend test\n", v.Home)
		fmt.Fprintf(w, "start each node with: corridord start --home %s (one per home)\n", v.Home)
	}
}
