package main

import (
	abci "github.com/cometbft/cometbft/abci/types"
	cryptoenc "github.com/cometbft/cometbft/crypto/encoding"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/corridor-trade/corridor/app"
)

// checkInitChain applies the genesis to a throwaway in-memory application,
// as a node's first start will (app.CheckGenesis): `genesis validate` then
// refuses what InitChain would, e.g. a jurisdiction holding two thirds of
// the power or a devnet setting with validators of several jurisdictions.
func checkInitChain(doc *cmttypes.GenesisDoc) error {
	req := &abci.RequestInitChain{ChainId: doc.ChainID, Time: doc.GenesisTime, InitialHeight: doc.InitialHeight, AppStateBytes: doc.AppState}
	for _, v := range doc.Validators {
		pk, err := cryptoenc.PubKeyToProto(v.PubKey)
		if err != nil {
			return err
		}
		req.Validators = append(req.Validators, abci.ValidatorUpdate{PubKey: pk, Power: v.Power})
	}
	return app.CheckGenesis(req)
}
