package verifier

import (
	cmttypes "github.com/cometbft/cometbft/types"
)

// cmtGenesis decodes a genesis file as `corridord verify --trust` does
// (proof.ReadGenesisDoc without the file).
func cmtGenesis(b []byte) (*cmttypes.GenesisDoc, error) {
	return cmttypes.GenesisDocFromJSON(b)
}
