package title

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/store"
)

// Genesis is the module's part of app_state: the legal-effect table at the
// start (records are created by messages only).
type Genesis struct {
	LegalEffect []LegalEffect `json:"legal_effect"`
}

// Module returns the title module for the module list (x/wiring).
func Module() kit.Module {
	return kit.Module{Name: Name, Routes: Routes(), Queries: Queries(), InitGenesis: initGenesis, ValidateGenesis: validateGenesis}
}

// ParseGenesis decodes and checks app_state.title strictly. Absent, null
// or {} is an empty genesis. A jurisdiction has one entry at most.
func ParseGenesis(raw []byte) (Genesis, error) {
	var g Genesis
	switch string(bytes.TrimSpace(raw)) {
	case "", "null", "{}":
		return g, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&g); err != nil {
		return g, fmt.Errorf("app_state.title: %w", err)
	}
	seen := map[string]bool{}
	for i, l := range g.LegalEffect {
		if err := l.Validate(); err != nil {
			return g, fmt.Errorf("app_state.title.legal_effect[%d]: %w", i, err)
		}
		if seen[l.Jurisdiction] {
			return g, fmt.Errorf("app_state.title.legal_effect[%d]: a second entry for %s", i, l.Jurisdiction)
		}
		seen[l.Jurisdiction] = true
	}
	return g, nil
}

func validateGenesis(raw []byte) error {
	_, err := ParseGenesis(raw)
	return err
}

func initGenesis(kv store.KV, raw []byte, _ kit.GenesisEnv) error {
	g, err := ParseGenesis(raw)
	if err != nil {
		return err
	}
	for _, l := range g.LegalEffect {
		SetLegalEffect(kv, l)
	}
	return nil
}
