package payment

import (
	"bytes"
	"fmt"

	"github.com/corridor-trade/corridor/x/kit"
)

// Name is the module's name (its key in genesis app_state).
const Name = "payment"

// Module returns the payment module for the module list (x/wiring). It has no genesis
// state: app_state.payment must be absent, null or {}.
func Module() kit.Module {
	return kit.Module{Name: Name, Routes: Routes(), Queries: Queries(), ValidateGenesis: validateGenesis}
}

func validateGenesis(raw []byte) error {
	switch string(bytes.TrimSpace(raw)) {
	case "", "null", "{}":
		return nil
	}
	return fmt.Errorf("the payment module has no genesis state; app_state.payment must be {} or absent")
}
