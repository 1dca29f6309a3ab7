package invoice

import (
	"bytes"
	"fmt"

	"github.com/corridor-trade/corridor/x/kit"
)

// Name is the module's name (its key in genesis app_state).
const Name = "invoice"

// Module returns the invoice module for the module list (x/wiring). It has no genesis
// state: app_state.invoice must be absent, null or {}.
func Module() kit.Module {
	return kit.Module{Name: Name, Routes: Routes(), Queries: Queries(), ValidateGenesis: validateGenesis}
}

func validateGenesis(raw []byte) error {
	switch string(bytes.TrimSpace(raw)) {
	case "", "null", "{}":
		return nil
	}
	return fmt.Errorf("the invoice module has no genesis state; app_state.invoice must be {} or absent")
}
