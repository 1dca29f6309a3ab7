package recognition

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/store"
)

// Genesis is the recognition part of genesis app_state: the rules the chain
// starts with, e.g.
//
//	{"rules": [{"in": "SG", "attester_jurisdiction": "CN-SH", "claims": ["aeo", "legal-entity"]},
//	           {"in": "HK", "attester": "cor1…", "claims": ["legal-entity"]}],
//	 "profiles": [{"in": "SG", "profiles": ["cii-d16b", "ubl-2.1"]}]}
type Genesis struct {
	Rules    []GenesisRule     `json:"rules"`
	Profiles []GenesisProfiles `json:"profiles"`
}

// GenesisRule is an attester rule (Attester set) or a jurisdiction rule
// (AttesterJurisdiction set) of jurisdiction In.
type GenesisRule struct {
	In                   string        `json:"in"`
	Attester             *secp.Address `json:"attester,omitempty"`
	AttesterJurisdiction string        `json:"attester_jurisdiction,omitempty"`
	Claims               []string      `json:"claims"`
}

// GenesisProfiles lists the profiles jurisdiction In accepts.
type GenesisProfiles struct {
	In       string   `json:"in"`
	Profiles []string `json:"profiles"`
}

// ParseGenesis decodes raw strictly; nil or "null" is an empty genesis.
func ParseGenesis(raw []byte) (Genesis, error) {
	var g Genesis
	if t := bytes.TrimSpace(raw); len(t) == 0 || string(t) == "null" {
		return g, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&g); err != nil {
		return g, fmt.Errorf("recognition genesis: %w", err)
	}
	return g, nil
}

// msgs turns the genesis into the messages that would set the same rules,
// in genesis order.
func (g *Genesis) msgs() []MsgSet {
	var out []MsgSet
	for _, r := range g.Rules {
		m := MsgSet{In: r.In, AttesterJurisdiction: r.AttesterJurisdiction, Claims: r.Claims}
		if r.Attester != nil {
			m.Attester = *r.Attester
		}
		out = append(out, m)
	}
	for _, p := range g.Profiles {
		out = append(out, MsgSet{In: p.In, Profiles: p.Profiles})
	}
	return out
}

// Validate checks every rule's shape and that no rule is given twice.
func (g *Genesis) Validate() error {
	seen := map[string]bool{}
	for i, m := range g.msgs() {
		if err := m.ValidateBasic(); err != nil {
			return fmt.Errorf("rule %d: %w", i, err)
		}
		var key []byte
		switch {
		case len(m.Profiles) > 0:
			key = ProfilesKey(m.In)
		case m.AttesterJurisdiction != "":
			key = JurisdictionRuleKey(m.In, m.AttesterJurisdiction)
		default:
			key = AttesterRuleKey(m.In, m.Attester)
		}
		if seen[string(key)] {
			return fmt.Errorf("rule %d: the same rule is given twice", i)
		}
		seen[string(key)] = true
	}
	return nil
}

// InitGenesis writes the genesis rules. Membership genesis must already be
// written: rules are checked against its jurisdictions and members.
func InitGenesis(kv store.KV, g *Genesis, at kit.Stamp) error {
	if err := g.Validate(); err != nil {
		return err
	}
	for i, m := range g.msgs() {
		key, rec, err := checkSet(kv, &m)
		if err != nil {
			return fmt.Errorf("rule %d: %w", i, err)
		}
		switch r := rec.(type) {
		case *Rule:
			r.Set = at
		case *ProfileRule:
			r.Set = at
		}
		kit.Put(kv, key, rec)
	}
	return nil
}

// Name is the module's name (its key in genesis app_state).
const Name = "recognition"

// Module returns the recognition module. deps supplies the facts of
// anchored documents for the recognition query.
func Module(deps Deps) kit.Module {
	return kit.Module{
		Name:    Name,
		Routes:  Routes(),
		Queries: Queries(deps),
		InitGenesis: func(kv store.KV, raw []byte, env kit.GenesisEnv) error {
			g, err := ParseGenesis(raw)
			if err != nil {
				return err
			}
			return InitGenesis(kv, &g, env.At)
		},
		ValidateGenesis: func(raw []byte) error {
			g, err := ParseGenesis(raw)
			if err != nil {
				return err
			}
			return g.Validate()
		},
	}
}
