package identity

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/store"
)

// Genesis is the identity part of genesis app_state. Attestations are made
// by transactions, never in genesis (an attestation's id derives from the
// transaction that made it), so the only accepted value is an empty object.
type Genesis struct{}

// ParseGenesis decodes raw strictly; nil or "null" is an empty genesis.
func ParseGenesis(raw []byte) (Genesis, error) {
	var g Genesis
	if len(bytes.TrimSpace(raw)) == 0 || string(bytes.TrimSpace(raw)) == "null" {
		return g, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&g); err != nil {
		return g, fmt.Errorf("identity genesis must be an empty object: %w", err)
	}
	return g, nil
}

// Name is the module's name (its key in genesis app_state).
const Name = "identity"

// Module returns the identity module for the application's module list.
func Module() kit.Module {
	return kit.Module{
		Name:    Name,
		Routes:  Routes(),
		Queries: Queries(),
		InitGenesis: func(_ store.KV, raw []byte, _ kit.GenesisEnv) error {
			_, err := ParseGenesis(raw)
			return err
		},
		ValidateGenesis: func(raw []byte) error {
			_, err := ParseGenesis(raw)
			return err
		},
	}
}
