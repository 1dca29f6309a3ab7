package app

import (
	"context"

	abci "github.com/cometbft/cometbft/abci/types"
)

// CheckGenesis runs InitChain for req on a throwaway in-memory state, so
// that a genesis is checked exactly as a node will apply it: every
// module's genesis against the others' (gov's invariants against
// membership's jurisdictions, operators and validators) and CometBFT's
// validators against app_state. Nothing is written anywhere.
func CheckGenesis(req *abci.RequestInitChain) error {
	a, err := New(Options{Backend: "memdb"})
	if err != nil {
		return err
	}
	defer a.Close()
	_, err = a.InitChain(context.Background(), req)
	return err
}
