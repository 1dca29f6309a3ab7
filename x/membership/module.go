package membership

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/store"
)

// Name is the module's name (its key in genesis app_state).
const Name = "membership"

// Module returns the membership module for the module list (x/wiring). It
// is a module like the others — routes, queries, genesis — and in addition
// records validator misbehaviour and provides the Accounts view through
// which the application checks every transaction's signer.
func Module() kit.Module {
	return kit.Module{
		Name:            Name,
		Routes:          Routes(),
		Queries:         Queries(),
		InitGenesis:     initGenesis,
		ValidateGenesis: validateGenesis,
		Misbehaviour: func(ctx *kit.Context, ev kit.Misbehaviour) {
			RecordMisbehaviour(ctx, ev.Validator, ev.Kind, ev.Height, ev.Power)
		},
		Accounts: Accounts{},
	}
}

// ParseGenesis decodes the membership part of app_state strictly: unknown
// fields are errors, so that a typo in genesis is caught before the chain
// starts. The part is required: a chain without jurisdictions, members and
// validators cannot run.
func ParseGenesis(raw []byte) (Genesis, error) {
	var g Genesis
	if len(bytes.TrimSpace(raw)) == 0 {
		return g, fmt.Errorf("app_state has no membership entry; the chain needs its jurisdictions, members and validators")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&g); err != nil {
		return g, err
	}
	return g, nil
}

func validateGenesis(raw []byte) error {
	g, err := ParseGenesis(raw)
	if err != nil {
		return err
	}
	return g.Validate()
}

func initGenesis(kv store.KV, raw []byte, env kit.GenesisEnv) error {
	g, err := ParseGenesis(raw)
	if err != nil {
		return err
	}
	return InitGenesis(kv, &g, env.Validators, env.At)
}
