package netgen

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	cmtcfg "github.com/cometbft/cometbft/config"
	"github.com/cometbft/cometbft/p2p"
	"github.com/cometbft/cometbft/privval"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/corridor-trade/corridor/config"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/export"
	"github.com/corridor-trade/corridor/x/gov"
	"github.com/corridor-trade/corridor/x/membership"
	"github.com/corridor-trade/corridor/x/recognition"
	"github.com/corridor-trade/corridor/x/title"
)

// Validator describes one validator node to generate.
type Validator struct {
	Name         string // moniker and home directory name, e.g. "shanghai"
	Jurisdiction string
	Power        int64
	Host         string // IP the node listens on and peers dial, e.g. "127.0.0.2"
	P2PPort      int
	RPCPort      int
}

// Member describes a genesis member whose key is generated.
type Member struct {
	KeyName      string // keyring name, also the on-chain label
	Jurisdiction string
	Roles        []string
}

// Spec describes a network.
type Spec struct {
	ChainID       string
	GenesisTime   time.Time
	Jurisdictions []membership.Jurisdiction
	Validators    []Validator
	Members       []Member
	// AppState holds the genesis of modules other than membership, by name.
	AppState map[string]json.RawMessage
	// Tune adjusts each CometBFT config before it is written (may be nil).
	Tune func(*cmtcfg.Config)
	// App is the app.toml written to every home.
	App config.Config

	skipValidate bool
}

// KeySink receives every generated member key, e.g. to store it in a keyring.
type KeySink func(name string, key *secp.PrivKey) error

// DefaultJurisdictions are the three partner jurisdictions.
func DefaultJurisdictions() []membership.Jurisdiction {
	return []membership.Jurisdiction{
		{Code: "CN-SH", Name: "Shanghai"},
		{Code: "HK", Name: "Hong Kong"},
		{Code: "SG", Name: "Singapore"},
	}
}

// ShortName returns the key-name prefix of a jurisdiction: "sh" for CN-SH.
func ShortName(code string) string {
	if i := strings.LastIndex(code, "-"); i >= 0 {
		code = code[i+1:]
	}
	return strings.ToLower(code)
}

// DefaultMembers returns an operator, attester, trader, bank and customs
// member for each jurisdiction, named like "sg-trader".
func DefaultMembers(js []membership.Jurisdiction) []Member {
	var out []Member
	for _, j := range js {
		for _, role := range []string{membership.RoleOperator, membership.RoleAttester, membership.RoleTrader, membership.RoleBank, membership.RoleCustoms} {
			out = append(out, Member{KeyName: ShortName(j.Code) + "-" + role, Jurisdiction: j.Code, Roles: []string{role}})
		}
	}
	return out
}

// Result is what Generate wrote.
type Result struct {
	Homes   []string // one per validator, in Spec order
	Genesis *cmttypes.GenesisDoc
	Keys    map[string]*secp.PrivKey // member keys by name
	NodeIDs []string
}

// Generate writes one home per validator under dir (dir itself when there
// is exactly one validator and single is true), with config.toml, app.toml,
// keys and the shared genesis.json, and hands every member key to sink.
func Generate(spec Spec, dir string, single bool, sink KeySink) (*Result, error) {
	if len(spec.Validators) == 0 {
		return nil, fmt.Errorf("no validators")
	}
	res := &Result{Keys: map[string]*secp.PrivKey{}}
	type built struct {
		conf *cmtcfg.Config
		pv   *privval.FilePV
		id   string
	}
	var nodes []built
	for _, v := range spec.Validators {
		home := filepath.Join(dir, v.Name)
		if single {
			home = dir
		}
		conf := cmtcfg.DefaultConfig()
		conf.SetRoot(home)
		conf.Moniker = v.Name
		for _, d := range []string{filepath.Join(home, "config"), filepath.Join(home, "data")} {
			if err := os.MkdirAll(d, 0o700); err != nil {
				return nil, err
			}
		}
		nk, err := p2p.LoadOrGenNodeKey(conf.NodeKeyFile())
		if err != nil {
			return nil, err
		}
		pv := privval.LoadOrGenFilePV(conf.PrivValidatorKeyFile(), conf.PrivValidatorStateFile())
		host := v.Host
		if host == "" {
			host = "127.0.0.1"
		}
		conf.P2P.ListenAddress = fmt.Sprintf("tcp://%s:%d", host, v.P2PPort)
		conf.RPC.ListenAddress = fmt.Sprintf("tcp://%s:%d", host, v.RPCPort)
		conf.P2P.AddrBookStrict = false
		conf.P2P.AllowDuplicateIP = true
		conf.ProxyApp = "corridor" // the application runs in-process; this is only a label
		conf.TxIndex.Indexer = "kv"
		nodes = append(nodes, built{conf: conf, pv: pv, id: string(nk.ID())})
		res.Homes = append(res.Homes, home)
		res.NodeIDs = append(res.NodeIDs, string(nk.ID()))
	}
	// Peers: every validator dials every other.
	for i, n := range nodes {
		var peers []string
		for j, other := range spec.Validators {
			if j == i {
				continue
			}
			host := other.Host
			if host == "" {
				host = "127.0.0.1"
			}
			peers = append(peers, fmt.Sprintf("%s@%s:%d", nodes[j].id, host, other.P2PPort))
		}
		n.conf.P2P.PersistentPeers = strings.Join(peers, ",")
		if spec.Tune != nil {
			spec.Tune(n.conf)
		}
		cmtcfg.WriteConfigFile(filepath.Join(res.Homes[i], "config", "config.toml"), n.conf)
		if err := config.Write(filepath.Join(res.Homes[i], "config", "app.toml"), spec.App); err != nil {
			return nil, err
		}
	}
	// Members.
	mg := membership.Genesis{Jurisdictions: spec.Jurisdictions}
	names := make([]string, 0, len(spec.Members))
	for _, m := range spec.Members {
		key, err := secp.GenPrivKey()
		if err != nil {
			return nil, err
		}
		res.Keys[m.KeyName] = key
		names = append(names, m.KeyName)
		roles := append([]string(nil), m.Roles...)
		sort.Strings(roles)
		mg.Members = append(mg.Members, membership.GenesisMember{PubKey: key.PubKey(), Jurisdiction: m.Jurisdiction, Roles: roles, Label: m.KeyName})
	}
	sort.Strings(names)
	if sink != nil {
		for _, n := range names {
			if err := sink(n, res.Keys[n]); err != nil {
				return nil, fmt.Errorf("store key %s: %w", n, err)
			}
		}
	}
	// Genesis.
	gen := &cmttypes.GenesisDoc{
		ChainID:         spec.ChainID,
		GenesisTime:     spec.GenesisTime,
		ConsensusParams: cmttypes.DefaultConsensusParams(),
		InitialHeight:   1,
	}
	for i, v := range spec.Validators {
		pub := nodes[i].pv.Key.PubKey
		gen.Validators = append(gen.Validators, cmttypes.GenesisValidator{Address: pub.Address(), PubKey: pub, Power: v.Power, Name: v.Name})
		mg.Validators = append(mg.Validators, membership.GenesisValidator{Name: v.Name, Jurisdiction: v.Jurisdiction, PubKey: pub.Bytes(), Power: v.Power})
	}
	if !spec.skipValidate {
		if err := mg.Validate(); err != nil {
			return nil, fmt.Errorf("genesis: %w", err)
		}
	}
	appState := map[string]json.RawMessage{}
	for k, v := range spec.AppState {
		appState[k] = v
	}
	mb, err := json.Marshal(mg)
	if err != nil {
		return nil, err
	}
	appState["membership"] = mb
	// `corridord init` (skipValidate) starts a ceremony whose validators
	// are added afterwards: it writes no gov entry, so that a finished
	// multi-jurisdiction genesis is never a devnet by accident (the
	// defaults apply; a lone validator is then refused with a clear error
	// naming gov.params.devnet).
	if _, set := appState["gov"]; !set && !spec.skipValidate {
		if appState["gov"], err = json.Marshal(GovGenesis(spec)); err != nil {
			return nil, err
		}
	}
	if gen.AppState, err = json.MarshalIndent(appState, "", "  "); err != nil {
		return nil, err
	}
	if err := gen.ValidateAndComplete(); err != nil {
		return nil, err
	}
	for _, h := range res.Homes {
		if err := gen.SaveAs(filepath.Join(h, "config", "genesis.json")); err != nil {
			return nil, err
		}
	}
	res.Genesis = gen
	return res, nil
}

// GenerateUnchecked writes a single home like Generate but skips the
// genesis validation that requires an operator per jurisdiction, for
// `corridord init`, whose user adds operators afterwards.
func GenerateUnchecked(spec Spec, home string) (*Result, error) {
	spec.skipValidate = true
	return Generate(spec, home, true, nil)
}

// SampleRecognition returns recognition genesis in which every jurisdiction
// recognises every other jurisdiction's attesters for every claim type and
// accepts every document profile: the devnet's starting point, so that a
// document anchored in one city is recognised in the others.
func SampleRecognition(js []membership.Jurisdiction) json.RawMessage {
	g := recognition.Genesis{}
	for _, in := range js {
		for _, from := range js {
			if from.Code != in.Code {
				g.Rules = append(g.Rules, recognition.GenesisRule{In: in.Code, AttesterJurisdiction: from.Code,
					Claims: []string{"aeo", "legal-entity", "signatory"}})
			}
		}
		g.Profiles = append(g.Profiles, recognition.GenesisProfiles{In: in.Code, Profiles: append([]string(nil), recognition.Profiles...)})
	}
	b, err := json.Marshal(g)
	if err != nil {
		panic(err) // unreachable: plain structs
	}
	return b
}

// GovGenesis returns the gov genesis Generate writes when the spec gives
// none: a threshold of one operator per jurisdiction, written out, and,
// when every validator belongs to one jurisdiction (a devnet), the
// visible setting gov.params.devnet that allows it.
func GovGenesis(spec Spec) gov.Genesis {
	g := gov.Genesis{}
	js := map[string]bool{}
	for _, v := range spec.Validators {
		js[v.Jurisdiction] = true
	}
	if len(js) == 1 {
		g = gov.DevnetGenesis()
	}
	for _, j := range spec.Jurisdictions {
		g.Thresholds = append(g.Thresholds, gov.Threshold{Jurisdiction: j.Code, M: 1})
	}
	return g
}

// SampleExport returns export genesis holding the sample rule set of
// CN-SH (export.SampleRuleSet): the national thresholds of the CAC
// Provisions of March 2024 and a negative list in the shape of Shanghai's,
// whose content is invented and labelled as a sample.
func SampleExport() json.RawMessage {
	b, err := json.Marshal(export.Genesis{RuleSets: []export.RuleSet{export.SampleRuleSet()}})
	if err != nil {
		panic(err) // unreachable: plain structs
	}
	return b
}

// SampleTitle returns title genesis holding the sample legal-effect table
// (title.SampleLegalEffect): what the cited sources say, on the date
// they were read, of CN-SH, HK and SG.
func SampleTitle() json.RawMessage {
	b, err := json.Marshal(title.Genesis{LegalEffect: title.SampleLegalEffect()})
	if err != nil {
		panic(err) // unreachable: plain structs
	}
	return b
}
