package main

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"github.com/cometbft/cometbft/crypto/ed25519"
	"github.com/cometbft/cometbft/privval"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/corridor-trade/corridor/app"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/proof"
	"github.com/corridor-trade/corridor/x/membership"
	"github.com/spf13/cobra"
)

// genesisFile is the genesis being edited: CometBFT's document plus the
// decoded membership part of app_state; other modules' parts are kept as is.
type genesisFile struct {
	path  string
	doc   *cmttypes.GenesisDoc
	state map[string]json.RawMessage
	mem   membership.Genesis
}

func loadGenesis(home string) (*genesisFile, error) {
	path := filepath.Join(home, "config", "genesis.json")
	doc, err := proof.ReadGenesisDoc(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	g := &genesisFile{path: path, doc: doc, state: map[string]json.RawMessage{}}
	if len(doc.AppState) > 0 {
		if err := json.Unmarshal(doc.AppState, &g.state); err != nil {
			return nil, fmt.Errorf("%s: app_state: %w", path, err)
		}
	}
	if raw, ok := g.state["membership"]; ok {
		if err := json.Unmarshal(raw, &g.mem); err != nil {
			return nil, fmt.Errorf("%s: app_state.membership: %w", path, err)
		}
	}
	return g, nil
}

func (g *genesisFile) save() error {
	b, err := json.Marshal(g.mem)
	if err != nil {
		return err
	}
	g.state["membership"] = b
	if g.doc.AppState, err = json.MarshalIndent(g.state, "", "  "); err != nil {
		return err
	}
	return g.doc.SaveAs(g.path)
}

func newGenesisCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{Use: "genesis", Short: "Build (genesis ceremony), edit and check <home>/config/genesis.json before the chain starts",
		Long: `The cities of a network agree on one genesis in a ceremony: each city runs
'contribute' (a signed file of its operators and validators), a coordinator runs
'collect', each city runs 'check-contribution' and compares the hash, then
'peers --write' and 'validate' before 'corridord start' (docs/operations.md,
"Genesis ceremony"). add-* edit a genesis by hand, e.g. for a one-node chain.`}
	cmd.AddCommand(newGenesisAddJurisdictionCmd(env), newGenesisAddMemberCmd(env, true), newGenesisAddMemberCmd(env, false),
		newGenesisAddValidatorCmd(env), newGenesisValidateCmd(env), newGenesisDevnetCmd(env))
	cmd.AddCommand(ceremonyCmds(env)...)
	return cmd
}

func newGenesisAddJurisdictionCmd(env *cliEnv) *cobra.Command {
	return &cobra.Command{
		Use:   "add-jurisdiction CODE NAME",
		Short: "Add a partner jurisdiction (e.g. add-jurisdiction MO Macau)",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			g, err := loadGenesis(env.Home())
			if err != nil {
				return err
			}
			for _, j := range g.mem.Jurisdictions {
				if j.Code == args[0] {
					return fmt.Errorf("jurisdiction %s already exists", args[0])
				}
			}
			g.mem.Jurisdictions = append(g.mem.Jurisdictions, membership.Jurisdiction{Code: args[0], Name: args[1]})
			sort.Slice(g.mem.Jurisdictions, func(i, j int) bool { return g.mem.Jurisdictions[i].Code < g.mem.Jurisdictions[j].Code })
			if err := g.save(); err != nil {
				return err
			}
			return env.print(cmd, g.mem.Jurisdictions, func(w io.Writer) { fmt.Fprintf(w, "added jurisdiction %s (%s)\n", args[0], args[1]) })
		},
	}
}

// newGenesisAddMemberCmd builds add-operator (operator=true) or add-member.
func newGenesisAddMemberCmd(env *cliEnv, operator bool) *cobra.Command {
	use, short := "add-member", "Add a genesis member with --roles"
	if operator {
		use, short = "add-operator", "Add a jurisdiction's partner operator (a member with role operator)"
	}
	cmd := &cobra.Command{
		Use:   use,
		Short: short,
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			jur, _ := cmd.Flags().GetString("jurisdiction")
			keyName, _ := cmd.Flags().GetString("key")
			pubHex, _ := cmd.Flags().GetString("pubkey")
			label, _ := cmd.Flags().GetString("label")
			roles := []string{membership.RoleOperator}
			if !operator {
				r, _ := cmd.Flags().GetString("roles")
				roles = splitList(r)
				sort.Strings(roles)
			}
			var pub secp.PubKey
			switch {
			case pubHex != "":
				p, err := secp.ParsePubKeyHex(pubHex)
				if err != nil {
					return fmt.Errorf("--pubkey: %w", err)
				}
				pub = p
			case keyName != "":
				kr, err := openKeyring(env, cmd)
				if err != nil {
					return err
				}
				info, err := kr.Show(keyName)
				if err != nil {
					return err
				}
				pub = info.PubKey
				if label == "" {
					label = keyName
				}
			default:
				return fmt.Errorf("give the member's key: --key NAME (from the keyring) or --pubkey HEX")
			}
			if err := membership.ValidateRoles(roles); err != nil {
				return err
			}
			g, err := loadGenesis(env.Home())
			if err != nil {
				return err
			}
			for _, m := range g.mem.Members {
				if m.PubKey == pub {
					return fmt.Errorf("key %s is already a genesis member", pub.Address())
				}
			}
			g.mem.Members = append(g.mem.Members, membership.GenesisMember{PubKey: pub, Jurisdiction: jur, Roles: roles, Label: label})
			if err := g.save(); err != nil {
				return err
			}
			out := map[string]any{"address": pub.Address(), "jurisdiction": jur, "roles": roles, "label": label}
			return env.print(cmd, out, func(w io.Writer) {
				fmt.Fprintf(w, "added %s %s in %s with roles %v\n", label, pub.Address(), jur, roles)
			})
		},
	}
	cmd.Flags().String("jurisdiction", "", "jurisdiction code, e.g. SG (required)")
	cmd.Flags().String("key", "", "take the public key from this keyring key")
	cmd.Flags().String("pubkey", "", "the member's compressed secp256k1 public key, hex")
	cmd.Flags().String("label", "", "public handle, e.g. sg-operator (never personal data)")
	cmd.Flags().String("keyring-backend", "file", "keyring backend for --key: file or test")
	if !operator {
		cmd.Flags().String("roles", "", "comma-separated roles: trader, bank, customs, attester, operator")
	}
	_ = cmd.MarkFlagRequired("jurisdiction")
	return cmd
}

func newGenesisAddValidatorCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "add-validator NAME",
		Short: "Add a validator by its consensus key (--pubkey base64, or --from-home DIR of that node)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			jur, _ := cmd.Flags().GetString("jurisdiction")
			power, _ := cmd.Flags().GetInt64("power")
			pubB64, _ := cmd.Flags().GetString("pubkey")
			fromHome, _ := cmd.Flags().GetString("from-home")
			var pub ed25519.PubKey
			switch {
			case pubB64 != "":
				b, err := base64.StdEncoding.DecodeString(pubB64)
				if err != nil || len(b) != ed25519.PubKeySize {
					return fmt.Errorf("--pubkey must be a base64 ed25519 public key (32 bytes)")
				}
				pub = b
			case fromHome != "":
				keyFile := filepath.Join(fromHome, "config", "priv_validator_key.json")
				pv := privval.LoadFilePVEmptyState(keyFile, "")
				pk, ok := pv.Key.PubKey.(ed25519.PubKey)
				if !ok {
					return fmt.Errorf("%s: not an ed25519 key", keyFile)
				}
				pub = pk
			default:
				return fmt.Errorf("give --pubkey BASE64 or --from-home DIR")
			}
			g, err := loadGenesis(env.Home())
			if err != nil {
				return err
			}
			for _, v := range g.doc.Validators {
				if v.PubKey.Equals(pub) || v.Name == args[0] {
					return fmt.Errorf("validator %s or its key is already in genesis", args[0])
				}
			}
			g.doc.Validators = append(g.doc.Validators, cmttypes.GenesisValidator{Address: pub.Address(), PubKey: pub, Power: power, Name: args[0]})
			g.mem.Validators = append(g.mem.Validators, membership.GenesisValidator{Name: args[0], Jurisdiction: jur, PubKey: pub, Power: power})
			if err := g.save(); err != nil {
				return err
			}
			out := map[string]any{"name": args[0], "address": pub.Address().String(), "jurisdiction": jur, "power": power}
			return env.print(cmd, out, func(w io.Writer) {
				fmt.Fprintf(w, "added validator %s (%s) in %s with power %d\n", args[0], pub.Address(), jur, power)
			})
		},
	}
	cmd.Flags().String("jurisdiction", "", "jurisdiction code (required)")
	cmd.Flags().Int64("power", 10, "voting power")
	cmd.Flags().String("pubkey", "", "ed25519 consensus public key, base64")
	cmd.Flags().String("from-home", "", "read the consensus key from that node home's priv_validator_key.json")
	_ = cmd.MarkFlagRequired("jurisdiction")
	return cmd
}

// GenesisCheck is what `genesis validate` prints.
type GenesisCheck struct {
	File          string `json:"file"`
	Valid         bool   `json:"valid"`
	Error         string `json:"error,omitempty"`
	ChainID       string `json:"chain_id"`
	Jurisdictions int    `json:"jurisdictions"`
	Members       int    `json:"members"`
	Validators    int    `json:"validators"`
	// Reach is, for the node at --home, the voting power it will be
	// connected to (its own validator and the validators among its
	// persistent_peers) against what a block needs.
	Reach    *PowerReach `json:"reach,omitempty"`
	Warnings []string    `json:"warnings,omitempty"`
}

func newGenesisValidateCmd(env *cliEnv) *cobra.Command {
	return &cobra.Command{
		Use:   "validate [FILE]",
		Short: "Check a genesis file (default <home>/config/genesis.json)",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			path := filepath.Join(env.Home(), "config", "genesis.json")
			if len(args) == 1 {
				path = args[0]
			}
			out := GenesisCheck{File: path}
			err := validateGenesisFile(path, &out)
			if err != nil {
				out.Error = err.Error()
			} else {
				out.Valid = true
				out.Reach, out.Warnings = powerReach(env.Home(), path)
			}
			if perr := env.print(cmd, out, func(w io.Writer) {
				if err != nil {
					fmt.Fprintf(w, "INVALID %s: %v\n", path, err)
					return
				}
				fmt.Fprintf(w, "valid: chain %s, %d jurisdictions, %d members, %d validators\n", out.ChainID, out.Jurisdictions, out.Members, out.Validators)
				if r := out.Reach; r != nil {
					fmt.Fprintf(w, "this node reaches %d of %d voting power (%s); a block needs %d\n", r.Power, r.TotalPower, strings.Join(r.Validators, ", "), r.Needed)
				}
				for _, warn := range out.Warnings {
					fmt.Fprintf(w, "WARNING: %s\n", warn)
				}
			}); perr != nil {
				return perr
			}
			if err != nil {
				return &exitError{code: 1, msg: "invalid genesis"}
			}
			return nil
		},
	}
}

func validateGenesisFile(path string, out *GenesisCheck) error {
	doc, err := proof.ReadGenesisDoc(path)
	if err != nil {
		return err
	}
	out.ChainID = doc.ChainID
	st, err := app.ParseAppState(doc.AppState)
	if err != nil {
		return err
	}
	if st.State != nil {
		// An exported state (corridord export): its validators are
		// checked against its records by InitChain.
		out.Validators = len(doc.Validators)
		return st.Validate()
	}
	mem, err := membership.ParseGenesis(st.Modules[membership.Name])
	if err != nil {
		return fmt.Errorf("app_state.membership: %w", err)
	}
	out.Jurisdictions, out.Members, out.Validators = len(mem.Jurisdictions), len(mem.Members), len(mem.Validators)
	if err := st.Validate(); err != nil {
		return err
	}
	if len(doc.Validators) != len(mem.Validators) {
		return fmt.Errorf("CometBFT lists %d validators, app_state.membership %d", len(doc.Validators), len(mem.Validators))
	}
	for _, v := range doc.Validators {
		found := false
		for _, mv := range mem.Validators {
			if string(mv.PubKey) == string(v.PubKey.Bytes()) && mv.Power == v.Power {
				found = true
			}
		}
		if !found {
			return fmt.Errorf("validator %s (%s) is not in app_state.membership.validators with the same power", v.Name, v.Address)
		}
	}
	return checkInitChain(doc)
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
