package gov

import "github.com/corridor-trade/corridor/x/kit"

// Name is the module's name (its key in genesis app_state).
const Name = "gov"

// Module returns the gov module for the module list (x/wiring). Besides
// its routes, queries and genesis, it has a BeginBlock hook (the upgrade
// halt) and an EndBlock hook (tallies, execution, and the validator and
// consensus updates for CometBFT).
func Module() kit.Module {
	return kit.Module{
		Name:            Name,
		Routes:          Routes(),
		Queries:         Queries(),
		InitGenesis:     initGenesis,
		ValidateGenesis: validateGenesis,
		BeginBlock:      BeginBlock,
		EndBlock:        EndBlock,
	}
}
