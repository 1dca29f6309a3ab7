package status

import (
	"bytes"
	"fmt"

	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/store"
)

// Module returns the status module for the module list (x/wiring). It has
// no genesis state: lists and stores are anchored by transactions.
func Module() kit.Module {
	return kit.Module{Name: Name, Routes: Routes(), Queries: Queries(), InitGenesis: initGenesis, ValidateGenesis: validateGenesis}
}

func validateGenesis(raw []byte) error {
	switch string(bytes.TrimSpace(raw)) {
	case "", "null", "{}":
		return nil
	}
	return fmt.Errorf("app_state.status: the status module has no genesis state; want {} or nothing")
}

func initGenesis(_ store.KV, raw []byte, _ kit.GenesisEnv) error { return validateGenesis(raw) }
