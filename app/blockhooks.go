package app

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtcrypto "github.com/cometbft/cometbft/proto/tendermint/crypto"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	"github.com/corridor-trade/corridor/x/kit"
)

// UpgradeInfoFile is the file, in the node's data directory, that a node
// writes when it stops at a scheduled upgrade it has no handler for; it
// has the form cosmovisor reads ({"name", "height", "info"}).
const UpgradeInfoFile = "upgrade-info.json"

// beginBlock runs the modules' BeginBlock hooks. At a scheduled upgrade
// this binary does not know, it writes upgrade-info.json and returns the
// error that stops the node at this height.
func (a *App) beginBlock(ctx *kit.Context) error {
	for _, m := range a.reg.Modules {
		if m.BeginBlock == nil {
			continue
		}
		err := m.BeginBlock(ctx)
		var up *kit.UpgradeNeeded
		if errors.As(err, &up) {
			if werr := a.writeUpgradeInfo(up); werr != nil {
				return fmt.Errorf("%v (and writing %s failed: %v)", err, UpgradeInfoFile, werr)
			}
			a.log.Error("stopping at a scheduled upgrade", "name", up.Name, "height", up.Height, "info", up.Info)
		}
		if err != nil {
			return fmt.Errorf("halting at block %d: %s: %w", ctx.Height, m.Name, err)
		}
	}
	return nil
}

func (a *App) writeUpgradeInfo(up *kit.UpgradeNeeded) error {
	if a.dataDir == "" {
		return nil // an in-memory application has no data directory
	}
	b, err := json.Marshal(struct {
		Name   string `json:"name"`
		Height int64  `json:"height"`
		Info   string `json:"info"`
	}{up.Name, up.Height, up.Info})
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(a.dataDir, UpgradeInfoFile), b, 0o600)
}

// endBlock runs the modules' EndBlock hooks and puts their validator and
// consensus updates into resp, in the form CometBFT takes.
func (a *App) endBlock(ctx *kit.Context, resp *abci.ResponseFinalizeBlock) {
	for _, m := range a.reg.Modules {
		if m.EndBlock == nil {
			continue
		}
		u := m.EndBlock(ctx)
		for _, v := range u.Validators {
			resp.ValidatorUpdates = append(resp.ValidatorUpdates, abci.ValidatorUpdate{
				PubKey: cmtcrypto.PublicKey{Sum: &cmtcrypto.PublicKey_Ed25519{Ed25519: v.PubKey}}, Power: v.Power})
		}
		if c := u.Consensus; c != nil {
			resp.ConsensusParamUpdates = &cmtproto.ConsensusParams{
				Block: &cmtproto.BlockParams{MaxBytes: c.BlockMaxBytes, MaxGas: c.BlockMaxGas},
				Evidence: &cmtproto.EvidenceParams{MaxAgeNumBlocks: c.EvidenceMaxAgeBlocks,
					MaxAgeDuration: time.Duration(c.EvidenceMaxAgeSeconds) * time.Second, MaxBytes: c.EvidenceMaxBytes},
			}
		}
	}
}
