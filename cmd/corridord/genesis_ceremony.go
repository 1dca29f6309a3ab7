package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/cometbft/cometbft/crypto/ed25519"
	"github.com/cometbft/cometbft/p2p"
	"github.com/cometbft/cometbft/privval"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/corridor-trade/corridor/config"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/internal/ceremony"
	"github.com/corridor-trade/corridor/internal/netgen"
	"github.com/corridor-trade/corridor/internal/node"
	"github.com/spf13/cobra"
)

// ceremonyCmds are the genesis ceremony's commands under `genesis`
// (docs/operations.md, "Genesis ceremony").
func ceremonyCmds(env *cliEnv) []*cobra.Command {
	return []*cobra.Command{newGenesisContributeCmd(env), newGenesisCollectCmd(env), newGenesisCheckContributionCmd(env),
		newGenesisHashCmd(env), newGenesisPeersCmd(env)}
}

// ContributeResult is what `genesis contribute` prints.
type ContributeResult struct {
	File         string               `json:"file"`
	Jurisdiction string               `json:"jurisdiction"`
	ChainID      string               `json:"chain_id"`
	Signer       string               `json:"signer"` // the signing operator's address
	Operators    []ceremony.Operator  `json:"operators"`
	Validators   []ceremony.Validator `json:"validators"`
}

func newGenesisContributeCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "contribute --jurisdiction CODE --from OPERATOR-KEY",
		Short: "Write this city's signed genesis contribution: its operators, validators and jurisdiction",
		Long: `contribute writes the file a city sends to the genesis coordinator: its
jurisdiction, its operators' public keys (the --from key and any --operator),
and its validators' consensus keys, powers, node ids and P2P addresses (from
--home, or from each --validator-home). It is signed with the --from key, an
operator key of this city, so the coordinator and every other city can check
that nobody changed it on the way. Run 'corridord init' first.`,
		Example: `  corridord genesis contribute --jurisdiction SG --from sg-operator --out sg.json`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f := cmd.Flags()
			jur, _ := f.GetString("jurisdiction")
			name, _ := f.GetString("jurisdiction-name")
			from, _ := f.GetString("from")
			label, _ := f.GetString("label")
			extra, _ := f.GetStringArray("operator")
			homes, _ := f.GetStringArray("validator-home")
			power, _ := f.GetInt64("power")
			p2pAddr, _ := f.GetString("p2p-address")
			chainID, _ := f.GetString("chain-id")
			out, _ := f.GetString("out")
			if name == "" {
				name = jurisdictionName(jur)
			}
			if name == "" {
				return fmt.Errorf("--jurisdiction-name is required for %s (e.g. Macau)", jur)
			}
			if len(homes) == 0 {
				homes = []string{env.Home()}
			}
			if len(homes) > 1 && p2pAddr != "" {
				return fmt.Errorf("--p2p-address names one validator's address; with several --validator-home set p2p.external_address in each config.toml")
			}
			if chainID == "" {
				g, err := cmttypes.GenesisDocFromFile(filepath.Join(env.Home(), "config", "genesis.json"))
				if err != nil {
					return fmt.Errorf("no --chain-id, and no genesis to take it from: %w", err)
				}
				chainID = g.ChainID
			}
			kr, err := openKeyring(env, cmd)
			if err != nil {
				return err
			}
			key, err := kr.Key(from)
			if err != nil {
				return err
			}
			if label == "" {
				label = from
			}
			c := ceremony.Contribution{Format: ceremony.Format, ChainID: chainID, Jurisdiction: jur, JurisdictionName: name,
				Operators: []ceremony.Operator{{PubKey: key.PubKey(), Label: label}}}
			for _, o := range extra {
				op, err := parseOperator(o)
				if err != nil {
					return err
				}
				c.Operators = append(c.Operators, op)
			}
			for _, h := range homes {
				v, err := validatorOfHome(h, power, p2pAddr)
				if err != nil {
					return err
				}
				c.Validators = append(c.Validators, v)
			}
			signed, err := ceremony.Sign(c, key)
			if err != nil {
				return err
			}
			b, err := signed.Encode()
			if err != nil {
				return err
			}
			if out == "" {
				out = filepath.Join(env.Home(), "config", "contribution-"+jur+".json")
			}
			if err := config.WriteFileAtomic(out, b, 0o644); err != nil {
				return err
			}
			res := ContributeResult{File: out, Jurisdiction: jur, ChainID: chainID, Signer: key.PubKey().Address().String(),
				Operators: c.Operators, Validators: c.Validators}
			return env.print(cmd, res, func(w io.Writer) {
				fmt.Fprintf(w, "wrote %s: %s (%s) for chain %s, signed by %s\n", out, jur, name, chainID, res.Signer)
				for _, o := range c.Operators {
					fmt.Fprintf(w, "  operator  %s %s\n", o.Label, o.PubKey)
				}
				for _, v := range c.Validators {
					fmt.Fprintf(w, "  validator %s power %d, node %s at %s\n", v.Name, v.Power, v.NodeID, v.P2PAddress)
				}
				fmt.Fprintf(w, "Send this file to the coordinator ('corridord genesis collect').\n")
			})
		},
	}
	f := cmd.Flags()
	f.String("jurisdiction", "", "this city's jurisdiction code, e.g. SG (required)")
	f.String("jurisdiction-name", "", "the jurisdiction's name (default: Shanghai, Singapore or Hong Kong for CN-SH, SG, HK)")
	f.String("from", "", "the operator key (in the keyring) that signs; it is listed as an operator (required)")
	f.String("label", "", "public handle of the --from operator (default: the key name)")
	f.StringArray("operator", nil, "another operator of this city, as HEXPUBKEY:LABEL (repeatable)")
	f.StringArray("validator-home", nil, "home of one of this city's validators (repeatable; default --home)")
	f.Int64("power", 10, "voting power of each validator")
	f.String("p2p-address", "", "host:port other validators dial (default: p2p.external_address, else p2p.laddr, of the home)")
	f.String("chain-id", "", "chain identifier (default: the home genesis's)")
	f.String("out", "", "contribution file to write (default <home>/config/contribution-<CODE>.json)")
	f.String("keyring-backend", "file", "keyring backend of --from: file or test")
	_ = cmd.MarkFlagRequired("jurisdiction")
	_ = cmd.MarkFlagRequired("from")
	return cmd
}

// jurisdictionName is the default name of a known jurisdiction code.
func jurisdictionName(code string) string {
	for _, j := range netgen.DefaultJurisdictions() {
		if j.Code == code {
			return j.Name
		}
	}
	return ""
}

// parseOperator reads --operator HEXPUBKEY:LABEL.
func parseOperator(s string) (ceremony.Operator, error) {
	hexKey, label, ok := strings.Cut(s, ":")
	if !ok || label == "" {
		return ceremony.Operator{}, fmt.Errorf("--operator %q: want HEXPUBKEY:LABEL", s)
	}
	pk, err := secp.ParsePubKeyHex(hexKey)
	if err != nil {
		return ceremony.Operator{}, fmt.Errorf("--operator %q: %w", s, err)
	}
	return ceremony.Operator{PubKey: pk, Label: label}, nil
}

// validatorOfHome reads a validator's moniker, consensus key, node id and
// P2P address from its home.
func validatorOfHome(home string, power int64, p2pAddr string) (ceremony.Validator, error) {
	conf, err := node.LoadCometConfig(home)
	if err != nil {
		return ceremony.Validator{}, err
	}
	nk, err := p2p.LoadNodeKey(conf.NodeKeyFile())
	if err != nil {
		return ceremony.Validator{}, fmt.Errorf("node key of %s: %w", home, err)
	}
	keyFile := conf.PrivValidatorKeyFile()
	if _, err := os.Stat(keyFile); err != nil {
		return ceremony.Validator{}, fmt.Errorf("consensus key: %w", err)
	}
	pv := privval.LoadFilePVEmptyState(keyFile, "")
	pub, ok := pv.Key.PubKey.(ed25519.PubKey)
	if !ok {
		return ceremony.Validator{}, fmt.Errorf("%s: not an ed25519 key", keyFile)
	}
	if p2pAddr == "" {
		p2pAddr = conf.P2P.ExternalAddress
	}
	if p2pAddr == "" {
		p2pAddr = conf.P2P.ListenAddress
	}
	p2pAddr = strings.TrimPrefix(p2pAddr, "tcp://")
	if host, _, err := net.SplitHostPort(p2pAddr); err == nil && (host == "0.0.0.0" || host == "") {
		return ceremony.Validator{}, fmt.Errorf("%s listens on %s: give --p2p-address HOST:PORT (or p2p.external_address) that other validators can dial", home, p2pAddr)
	}
	return ceremony.Validator{Name: conf.Moniker, PubKey: pub.Bytes(), Power: power, NodeID: string(nk.ID()), P2PAddress: p2pAddr}, nil
}

// readContributions reads and verifies contribution files.
func readContributions(files []string) ([]*ceremony.Signed, error) {
	var out []*ceremony.Signed
	for _, f := range files {
		b, err := readBounded(f, ceremony.MaxFileSize)
		if err != nil {
			return nil, err
		}
		s, err := ceremony.Decode(b)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		out = append(out, s)
	}
	return out, nil
}

// readBounded reads a file of at most max bytes (one more is read to tell
// an oversized file from one exactly at the limit).
func readBounded(path string, max int64) ([]byte, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	return io.ReadAll(io.LimitReader(fh, max+1))
}

// fileHash is the SHA-256 of a file's bytes, hex: what the cities compare.
func fileHash(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:]), nil
}

// CollectResult is what `genesis collect` prints.
type CollectResult struct {
	Genesis       string   `json:"genesis"`
	SHA256        string   `json:"sha256"`
	ChainID       string   `json:"chain_id"`
	GenesisTime   string   `json:"genesis_time"`
	Jurisdictions []string `json:"jurisdictions"`
	Validators    int      `json:"validators"`
	TotalPower    int64    `json:"total_power"`
	Needed        int64    `json:"needed_power"`
}

func newGenesisCollectCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "collect CONTRIBUTION.json...",
		Short: "Coordinator: verify every city's contribution and write the genesis that holds them all",
		Long: `collect verifies each contribution file's signature and refuses duplicates and
conflicts (the same jurisdiction, operator key, label, validator name,
consensus key, node id or P2P address twice, or different chain-ids). It then
writes the genesis (default <home>/config/genesis.json): one jurisdiction per
contribution, its operators as members with the role operator, its validators.
Consensus parameters and other modules' genesis are kept from the existing
file at --out, if there is one. Send the genesis and every contribution file to
every city; each runs 'corridord genesis check-contribution' and publishes the
hash printed here.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			chainID, _ := cmd.Flags().GetString("chain-id")
			gt, _ := cmd.Flags().GetString("genesis-time")
			out, _ := cmd.Flags().GetString("out")
			if out == "" {
				out = filepath.Join(env.Home(), "config", "genesis.json")
			}
			at := time.Now().UTC().Truncate(time.Second)
			if gt != "" {
				t, err := time.Parse(time.RFC3339, gt)
				if err != nil {
					return fmt.Errorf("--genesis-time: %w", err)
				}
				at = t
			}
			contribs, err := readContributions(args)
			if err != nil {
				return err
			}
			opts := ceremony.CollectOptions{ChainID: chainID, GenesisTime: at}
			if base, err := cmttypes.GenesisDocFromFile(out); err == nil {
				opts.Base = base
			}
			doc, err := ceremony.Collect(contribs, opts)
			if err != nil {
				return err
			}
			if err := os.MkdirAll(filepath.Dir(out), 0o700); err != nil {
				return err
			}
			if err := doc.SaveAs(out); err != nil {
				return err
			}
			var check GenesisCheck
			if err := validateGenesisFile(out, &check); err != nil {
				return fmt.Errorf("the collected genesis %s does not validate: %w", out, err)
			}
			sum, err := fileHash(out)
			if err != nil {
				return err
			}
			res := CollectResult{Genesis: out, SHA256: sum, ChainID: doc.ChainID, GenesisTime: doc.GenesisTime.Format(time.RFC3339), Validators: len(doc.Validators)}
			for _, c := range contribs {
				res.Jurisdictions = append(res.Jurisdictions, c.Contribution.Jurisdiction)
			}
			for _, v := range doc.Validators {
				res.TotalPower += v.Power
			}
			res.Needed = ceremony.NeededPower(res.TotalPower)
			return env.print(cmd, res, func(w io.Writer) {
				fmt.Fprintf(w, "wrote %s: chain %s, %s, %d validators, total power %d (a block needs %d)\nsha256 %s\n",
					out, res.ChainID, strings.Join(res.Jurisdictions, ", "), res.Validators, res.TotalPower, res.Needed, sum)
				fmt.Fprintf(w, "Send it with the contribution files to every city: each runs 'corridord genesis check-contribution' and publishes the hash.\n")
			})
		},
	}
	cmd.Flags().String("chain-id", "", "refuse contributions for another chain-id (default: theirs, which must agree)")
	cmd.Flags().String("genesis-time", "", "genesis time, RFC 3339 (default: now)")
	cmd.Flags().String("out", "", "genesis file to write (default <home>/config/genesis.json)")
	return cmd
}

// CheckResult is what `genesis check-contribution` prints.
type CheckResult struct {
	Genesis string `json:"genesis"`
	SHA256  string `json:"sha256"`
	ceremony.Report
}

func newGenesisCheckContributionCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "check-contribution MY-CONTRIBUTION.json",
		Short: "City: check that the collected genesis holds this city's contribution exactly, and print its hash",
		Long: `check-contribution verifies the contribution file (this city's own, as it was
sent) and checks the genesis (default <home>/config/genesis.json) against it:
the same chain-id, the jurisdiction, exactly these operators and validators for
it, with the same keys and powers, and nothing added for it. It also checks the
genesis as 'genesis validate' does, then prints the genesis file's SHA-256, which
every city publishes and compares before starting. Exits 1 on a mismatch.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			path, _ := cmd.Flags().GetString("genesis")
			if path == "" {
				path = filepath.Join(env.Home(), "config", "genesis.json")
			}
			contribs, err := readContributions(args)
			if err != nil {
				return err
			}
			var check GenesisCheck
			if err := validateGenesisFile(path, &check); err != nil {
				return fmt.Errorf("%s is not a valid genesis: %w", path, err)
			}
			doc, err := cmttypes.GenesisDocFromFile(path)
			if err != nil {
				return err
			}
			rep, err := ceremony.Check(doc, contribs[0])
			if err != nil {
				return err
			}
			sum, err := fileHash(path)
			if err != nil {
				return err
			}
			res := CheckResult{Genesis: path, SHA256: sum, Report: *rep}
			return env.print(cmd, res, func(w io.Writer) {
				fmt.Fprintf(w, "ok: %s holds %s's contribution as signed (%d operators, %d validators, power %d of %d; a block needs %d)\nsha256 %s\n",
					path, rep.Jurisdiction, rep.Operators, rep.Validators, rep.Power, rep.TotalPower, rep.Needed, sum)
			})
		},
	}
	cmd.Flags().String("genesis", "", "genesis file to check (default <home>/config/genesis.json)")
	return cmd
}

func newGenesisHashCmd(env *cliEnv) *cobra.Command {
	return &cobra.Command{
		Use:   "hash [FILE]",
		Short: "Print the SHA-256 of a genesis file (default <home>/config/genesis.json), to compare between cities",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			path := filepath.Join(env.Home(), "config", "genesis.json")
			if len(args) == 1 {
				path = args[0]
			}
			sum, err := fileHash(path)
			if err != nil {
				return err
			}
			return env.print(cmd, map[string]string{"file": path, "sha256": sum}, func(w io.Writer) { fmt.Fprintf(w, "%s  %s\n", sum, path) })
		},
	}
}

// peerValidatorsFile maps the node ids in persistent_peers to validator
// names, so that `genesis validate` can tell how much voting power this
// node will be connected to.
const peerValidatorsFile = "peer_validators.json"

// peerValidator is one entry of peer_validators.json.
type peerValidator struct {
	NodeID    string `json:"node_id"`
	Validator string `json:"validator"`
}

// PeersResult is what `genesis peers` prints.
type PeersResult struct {
	PersistentPeers string `json:"persistent_peers"`
	Written         string `json:"written,omitempty"` // config.toml, with --write
}

func newGenesisPeersCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "peers CONTRIBUTION.json...",
		Short: "Set persistent_peers from the contributions: every other validator's node id and P2P address",
		Long: `peers prints CometBFT's persistent_peers for this node (--home): every validator
of the contribution files except this node itself. With --write it also sets
p2p.persistent_peers in <home>/config/config.toml and records which validator
each peer is (config/peer_validators.json), for 'genesis validate'.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			write, _ := cmd.Flags().GetBool("write")
			contribs, err := readContributions(args)
			if err != nil {
				return err
			}
			conf, err := node.LoadCometConfig(env.Home())
			if err != nil {
				return err
			}
			nk, err := p2p.LoadNodeKey(conf.NodeKeyFile())
			if err != nil {
				return fmt.Errorf("node key: %w", err)
			}
			self := string(nk.ID())
			res := PeersResult{PersistentPeers: ceremony.Peers(contribs, self)}
			if write {
				conf.P2P.PersistentPeers = res.PersistentPeers
				if err := writeCometConfig(env.Home(), conf); err != nil {
					return err
				}
				var known []peerValidator
				for _, c := range contribs {
					for _, v := range c.Contribution.Validators {
						if !strings.EqualFold(v.NodeID, self) {
							known = append(known, peerValidator{NodeID: strings.ToLower(v.NodeID), Validator: v.Name})
						}
					}
				}
				b, _ := json.MarshalIndent(known, "", "  ")
				if err := config.WriteFileAtomic(filepath.Join(env.Home(), "config", peerValidatorsFile), append(b, '\n'), 0o600); err != nil {
					return err
				}
				res.Written = filepath.Join(env.Home(), "config", "config.toml")
			}
			return env.print(cmd, res, func(w io.Writer) {
				if write {
					fmt.Fprintf(w, "persistent_peers in %s set to:\n", res.Written)
				}
				fmt.Fprintln(w, res.PersistentPeers)
			})
		},
	}
	cmd.Flags().Bool("write", false, "write persistent_peers into <home>/config/config.toml")
	return cmd
}
