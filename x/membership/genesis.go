package membership

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"

	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/store"
)

// Genesis is the membership part of the chain's genesis app_state.
type Genesis struct {
	Params        *Params            `json:"params,omitempty"`
	Jurisdictions []Jurisdiction     `json:"jurisdictions"`
	Members       []GenesisMember    `json:"members"`
	Validators    []GenesisValidator `json:"validators"`
}

// GenesisMember is a member present from the first block. Its address is
// derived from PubKey.
type GenesisMember struct {
	PubKey       secp.PubKey `json:"pubkey"`
	Jurisdiction string      `json:"jurisdiction"`
	Roles        []string    `json:"roles"`
	Label        string      `json:"label,omitempty"`
}

// GenesisValidator names a CometBFT validator (by its ed25519 consensus
// public key) and its jurisdiction. The CometBFT genesis must list the same
// keys.
type GenesisValidator struct {
	Name         string `json:"name"`
	Jurisdiction string `json:"jurisdiction"`
	PubKey       []byte `json:"pub_key"` // 32-byte ed25519 key, base64 in JSON
	Power        int64  `json:"power"`
}

var jurisdictionCode = regexp.MustCompile(`^[A-Z]{2}(-[A-Z0-9]{1,3})?$`)

// Validate checks the genesis for internal consistency.
func (g *Genesis) Validate() error {
	if len(g.Jurisdictions) == 0 {
		return fmt.Errorf("genesis defines no jurisdiction")
	}
	known := map[string]bool{}
	for _, j := range g.Jurisdictions {
		if !jurisdictionCode.MatchString(j.Code) {
			return fmt.Errorf("jurisdiction code %q must look like SG or CN-SH (ISO 3166-1 alpha-2, optional subdivision)", j.Code)
		}
		if known[j.Code] {
			return fmt.Errorf("jurisdiction %s defined twice", j.Code)
		}
		known[j.Code] = true
	}
	keys := map[secp.PubKey]bool{}
	operators := map[string]int{}
	for i, m := range g.Members {
		if _, err := secp.ParsePubKey(m.PubKey[:]); err != nil {
			return fmt.Errorf("member %d: %v", i, err)
		}
		if keys[m.PubKey] {
			return fmt.Errorf("member %d: public key %s listed twice", i, m.PubKey)
		}
		keys[m.PubKey] = true
		if !known[m.Jurisdiction] {
			return fmt.Errorf("member %d (%s): unknown jurisdiction %q", i, m.Label, m.Jurisdiction)
		}
		if err := ValidateRoles(m.Roles); err != nil {
			return fmt.Errorf("member %d (%s): %v", i, m.Label, err)
		}
		if err := validText("label", m.Label, MaxLabel); err != nil {
			return fmt.Errorf("member %d: %v", i, err)
		}
		for _, r := range m.Roles {
			if r == RoleOperator {
				operators[m.Jurisdiction]++
			}
		}
	}
	for _, j := range g.Jurisdictions {
		if operators[j.Code] == 0 {
			return fmt.Errorf("jurisdiction %s has no operator member: nobody could admit members there", j.Code)
		}
	}
	if len(g.Validators) == 0 {
		return fmt.Errorf("genesis defines no validator")
	}
	names := map[string]bool{}
	vkeys := map[string]bool{}
	for _, v := range g.Validators {
		if v.Name == "" || names[v.Name] {
			return fmt.Errorf("validator name %q is empty or used twice", v.Name)
		}
		names[v.Name] = true
		if len(v.PubKey) != 32 || vkeys[string(v.PubKey)] {
			return fmt.Errorf("validator %s: pub_key must be a unique 32-byte ed25519 key", v.Name)
		}
		vkeys[string(v.PubKey)] = true
		if !known[v.Jurisdiction] {
			return fmt.Errorf("validator %s: unknown jurisdiction %q", v.Name, v.Jurisdiction)
		}
		if v.Power <= 0 {
			return fmt.Errorf("validator %s: power must be positive", v.Name)
		}
	}
	if g.Params != nil && (g.Params.MaxTxBytes == 0 || g.Params.MaxMsgs == 0 || g.Params.PendingQuota == 0) {
		return fmt.Errorf("params: max_tx_bytes, max_msgs and pending_quota must be positive")
	}
	return nil
}

// ConsensusValidator is what InitChain receives from CometBFT for each
// genesis validator.
type ConsensusValidator = kit.ConsensusValidator

// InitGenesis writes the genesis state. vals are CometBFT's genesis
// validators; each must be listed in g.Validators with the same power.
func InitGenesis(kv store.KV, g *Genesis, vals []ConsensusValidator, at kit.Stamp) error {
	if err := g.Validate(); err != nil {
		return err
	}
	params := DefaultParams()
	if g.Params != nil {
		params = *g.Params
	}
	kit.Put(kv, []byte(keyParams), &params)
	for i := range g.Jurisdictions {
		kit.Put(kv, JurisdictionKey(g.Jurisdictions[i].Code), &g.Jurisdictions[i])
	}
	members := append([]GenesisMember(nil), g.Members...)
	sort.Slice(members, func(i, j int) bool { return bytes.Compare(members[i].PubKey[:], members[j].PubKey[:]) < 0 })
	for _, gm := range members {
		addr := gm.PubKey.Address()
		m := Member{Address: addr, PubKey: gm.PubKey, Jurisdiction: gm.Jurisdiction, Roles: gm.Roles,
			Status: StatusActive, Label: gm.Label,
			History: []StatusChange{{At: at, Event: "admitted", Reason: "genesis"}}}
		putMember(kv, &m)
	}
	if len(vals) != len(g.Validators) {
		return fmt.Errorf("CometBFT genesis has %d validators but app_state lists %d", len(vals), len(g.Validators))
	}
	for _, cv := range vals {
		var match *GenesisValidator
		for i := range g.Validators {
			if bytes.Equal(g.Validators[i].PubKey, cv.PubKey) {
				match = &g.Validators[i]
			}
		}
		if match == nil {
			return fmt.Errorf("CometBFT validator %X is not listed in app_state.membership.validators", cv.Address)
		}
		if match.Power != cv.Power {
			return fmt.Errorf("validator %s: power %d in app_state but %d in CometBFT genesis", match.Name, match.Power, cv.Power)
		}
		kit.Put(kv, ValidatorKey(cv.Address), &Validator{ConsAddress: cv.Address, Name: match.Name,
			Jurisdiction: match.Jurisdiction, PubKey: cv.PubKey, Power: cv.Power})
	}
	return nil
}
