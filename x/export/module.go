package export

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/store"
)

// Genesis is the module's part of app_state: rule sets in force from the
// start (recorded as published at genesis, by no member).
type Genesis struct {
	RuleSets []RuleSet `json:"rule_sets"`
}

// Module returns the export module for the module list (x/wiring).
func Module() kit.Module {
	return kit.Module{Name: Name, Routes: Routes(), Queries: Queries(), InitGenesis: initGenesis, ValidateGenesis: validateGenesis}
}

// ParseGenesis decodes and checks app_state.export strictly. Absent, null
// or {} is an empty genesis. Versions of one jurisdiction must increase.
func ParseGenesis(raw []byte) (Genesis, error) {
	var g Genesis
	switch string(bytes.TrimSpace(raw)) {
	case "", "null", "{}":
		return g, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&g); err != nil {
		return g, fmt.Errorf("app_state.export: %w", err)
	}
	for i := range g.RuleSets {
		rs := &g.RuleSets[i]
		if err := rs.Validate(); err != nil {
			return g, fmt.Errorf("app_state.export.rule_sets[%d]: %w", i, err)
		}
		for j := 0; j < i; j++ {
			if g.RuleSets[j].Jurisdiction == rs.Jurisdiction && g.RuleSets[j].Version >= rs.Version {
				return g, fmt.Errorf("app_state.export.rule_sets[%d]: version %d of %s does not follow version %d", i, rs.Version, rs.Jurisdiction, g.RuleSets[j].Version)
			}
		}
	}
	return g, nil
}

func validateGenesis(raw []byte) error {
	_, err := ParseGenesis(raw)
	return err
}

func initGenesis(kv store.KV, raw []byte, env kit.GenesisEnv) error {
	g, err := ParseGenesis(raw)
	if err != nil {
		return err
	}
	for i := range g.RuleSets {
		putRuleSet(kv, &Published{RuleSet: g.RuleSets[i], Published: env.At})
	}
	return nil
}
