package gov

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/store"
	"github.com/corridor-trade/corridor/x/membership"
)

// Genesis is the gov part of app_state. Every field may be left out; the
// defaults are DefaultParams, DefaultClasses and a threshold of 1 for a
// jurisdiction not listed.
type Genesis struct {
	Params     *Params     `json:"params,omitempty"`
	Classes    []ClassRule `json:"classes,omitempty"`
	Thresholds []Threshold `json:"operator_thresholds,omitempty"`
}

// ParseGenesis decodes the gov part strictly (unknown fields are errors);
// an absent part is the defaults.
func ParseGenesis(raw []byte) (Genesis, error) {
	var g Genesis
	if len(bytes.TrimSpace(raw)) == 0 {
		return g, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	err := dec.Decode(&g)
	return g, err
}

// Validate checks the gov genesis without state.
func (g *Genesis) Validate() error {
	if p := g.Params; p != nil {
		switch {
		case p.VotingPeriodSeconds <= 0:
			return fmt.Errorf("params.voting_period_seconds must be positive")
		case p.MinDelaySeconds < 0 || p.ExecutionWindowSeconds <= 0:
			return fmt.Errorf("params.min_delay_seconds must not be negative and params.execution_window_seconds must be positive")
		case p.ProposalQuota == 0:
			return fmt.Errorf("params.proposal_quota must be positive")
		case p.MaxValidatorPower <= 0 || p.MaxTotalPower < p.MaxValidatorPower || p.MaxTotalPower > 1<<50:
			return fmt.Errorf("params: need 0 < max_validator_power <= max_total_power <= 2^50")
		}
	}
	seen := map[string]bool{}
	for _, c := range g.Classes {
		if seen[c.Class] {
			return fmt.Errorf("class %s listed twice", c.Class)
		}
		seen[c.Class] = true
		switch {
		case c.Class == ClassOwn:
			if c.Num != 1 || c.Den != 1 {
				return fmt.Errorf("class own is the jurisdiction concerned alone: its rule is 1/1")
			}
		case c.Class != ClassAll && c.Class != ClassOthers:
			return fmt.Errorf("unknown class %q (want all, others or own)", c.Class)
		case c.Den == 0 || c.Num > c.Den || 2*c.Num <= c.Den:
			return fmt.Errorf("class %s: num/den must be more than one half and at most one", c.Class)
		}
	}
	js := map[string]bool{}
	for _, t := range g.Thresholds {
		if js[t.Jurisdiction] || t.M == 0 {
			return fmt.Errorf("operator threshold of %q: listed twice or zero", t.Jurisdiction)
		}
		js[t.Jurisdiction] = true
	}
	return nil
}

// InitGenesis writes the gov genesis and checks the network's invariants
// against membership's genesis (written before it): every jurisdiction
// must have a validator, unless params.devnet allows the validators of a
// single jurisdiction.
func InitGenesis(kv store.KV, g *Genesis) error {
	if err := g.Validate(); err != nil {
		return err
	}
	p := DefaultParams()
	if g.Params != nil {
		p = *g.Params
	}
	SetParams(kv, p)
	for _, c := range DefaultClasses() {
		setClass(kv, c)
	}
	for _, c := range g.Classes {
		setClass(kv, c)
	}
	for _, t := range g.Thresholds {
		if _, ok := membership.GetJurisdiction(kv, t.Jurisdiction); !ok {
			return fmt.Errorf("operator threshold for unknown jurisdiction %s", t.Jurisdiction)
		}
		setThreshold(kv, t.Jurisdiction, t.M)
	}
	for _, j := range membership.Jurisdictions(kv) {
		if kv.Get(thresholdKey(j.Code)) == nil {
			setThreshold(kv, j.Code, 1)
		}
	}
	power := map[string]int64{}
	for _, v := range membership.Validators(kv) {
		power[v.Jurisdiction] += v.Power
	}
	for _, j := range membership.Jurisdictions(kv) {
		if power[j.Code] > 0 {
			seat(kv, j.Code)
		} else if !p.Devnet {
			return fmt.Errorf("jurisdiction %s has no validator; every jurisdiction needs one (a single-jurisdiction devnet must say so with gov.params.devnet: true)", j.Code)
		}
	}
	if err := CheckInvariants(kv); err != nil {
		if !p.Devnet && len(power) == 1 {
			return fmt.Errorf("%v (a single-jurisdiction devnet must say so with gov.params.devnet: true)", err)
		}
		return err
	}
	return nil
}

// DevnetGenesis is the gov genesis of a devnet whose validators all
// belong to one jurisdiction: params.devnet set, visibly, and a short
// voting period so that a tour can watch proposals close.
func DevnetGenesis() Genesis {
	p := DefaultParams()
	p.Devnet = true
	p.VotingPeriodSeconds = 3600
	return Genesis{Params: &p}
}

func initGenesis(kv store.KV, raw []byte, _ kit.GenesisEnv) error {
	g, err := ParseGenesis(raw)
	if err != nil {
		return err
	}
	return InitGenesis(kv, &g)
}

func validateGenesis(raw []byte) error {
	g, err := ParseGenesis(raw)
	if err != nil {
		return err
	}
	return g.Validate()
}
