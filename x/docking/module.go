package docking

import (
	"bytes"
	"fmt"

	"github.com/corridor-trade/corridor/x/kit"
)

// Name is the module's name (its key in genesis app_state).
const Name = "docking"

// Module returns the docking module for the module list (x/wiring). It has no genesis
// state: counterparties are registered by transactions, so that each
// registration is signed by the operator who vouches for it.
func Module() kit.Module {
	return kit.Module{Name: Name, Routes: Routes(), Queries: Queries(), ValidateGenesis: validateGenesis}
}

func validateGenesis(raw []byte) error {
	switch string(bytes.TrimSpace(raw)) {
	case "", "null", "{}":
		return nil
	}
	return fmt.Errorf("the docking module has no genesis state; app_state.docking must be {} or absent")
}
