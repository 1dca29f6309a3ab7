package docking

import (
	"errors"
	"time"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/x/kit"
)

// Proved says where a counterparty value was proved: the counterparty's
// chain-id, the height of the header whose app hash the proof leads to,
// that header's time, and the epoch of this chain's client that holds it.
type Proved struct {
	ChainID    string
	Height     int64
	HeaderTime time.Time
	Epoch      uint64
}

// VerifyValue checks that key holds exactly value in the state of
// counterparty chainID committed by its header height, as this chain's
// cometbft light client holds that header. The client must be registered
// (client_not_found), a cometbft client (wrong_client_type) and not frozen
// (client_frozen); it must hold a header at height (height_unknown) that is
// within the trusting period at the block time (client_expired); and proof
// must be an ICS-23 existence proof of key and value against that header's
// app hash (bad_proof).
//
// It is the general check behind a docked anchor and behind every other
// module that acts on what a counterparty committed (a transferable record
// locked there, or sent back from there): the caller decides what the key
// and value mean.
func VerifyValue(ctx *kit.Context, chainID string, height int64, key, value, proof []byte) (Proved, error) {
	c, cs, err := heldHeader(ctx, chainID, height)
	if err != nil {
		return Proved{}, err
	}
	if err := VerifyMembership(cs.AppHash, key, value, proof); err != nil {
		return Proved{}, codes.DockingBadProof.Wrapf("against header %d of %s (app hash %X): %v", cs.Height, c.ChainID, cs.AppHash, err)
	}
	return Proved{ChainID: c.ChainID, Height: cs.Height, HeaderTime: cs.HeaderTime(), Epoch: c.Epoch}, nil
}

// VerifyAbsence checks that key holds no value in the state of counterparty
// chainID committed by its header height, as this chain's cometbft light
// client holds that header: the same client checks as VerifyValue
// (client_not_found, wrong_client_type, client_frozen, height_unknown,
// client_expired), then proof must be an ICS-23 non-existence proof of key
// against that header's app hash (VerifyNonMembership; bad_proof).
//
// When proof is instead a valid existence proof of key at that header —
// the key is there — the error is present (wrapped), so that the caller
// can say what the key's presence means; a nil present leaves it
// bad_proof.
//
// An absence proves something only as long as the key is never deleted on
// the counterparty once written: the caller chooses keys of that kind (a
// receipt), and that is the counterparty's module's promise, not this
// check's.
func VerifyAbsence(ctx *kit.Context, chainID string, height int64, key, proof []byte, present *codes.Error) (Proved, error) {
	c, cs, err := heldHeader(ctx, chainID, height)
	if err != nil {
		return Proved{}, err
	}
	if err := VerifyNonMembership(cs.AppHash, key, proof); err != nil {
		if present != nil && errors.Is(err, ErrKeyPresent) {
			return Proved{}, present.Wrapf("key %x is present in the state of %s committed by its header %d", key, c.ChainID, cs.Height)
		}
		return Proved{}, codes.DockingBadProof.Wrapf("against header %d of %s (app hash %X): %v", cs.Height, c.ChainID, cs.AppHash, err)
	}
	return Proved{ChainID: c.ChainID, Height: cs.Height, HeaderTime: cs.HeaderTime(), Epoch: c.Epoch}, nil
}

// heldHeader returns the active cometbft client of chainID and the header
// it holds at height, within the trusting period at the block time.
func heldHeader(ctx *kit.Context, chainID string, height int64) (Client, Consensus, error) {
	c, err := activeClient(ctx, chainID, TypeCometBFT)
	if err != nil {
		return Client{}, Consensus{}, err
	}
	cs, ok := GetConsensus(ctx.KV, c.ChainID, height)
	if !ok {
		return Client{}, Consensus{}, codes.DockingHeightUnknown.Wrapf("the client of %s holds no header at height %d (it holds %s)",
			c.ChainID, height, heightsSummary(Heights(ctx.KV, c.ChainID)))
	}
	if expired(&c, &cs, ctx.Time) {
		return Client{}, Consensus{}, codes.DockingClientExpired.Wrapf("header %d of %s (time %s) is older than the trusting period %s at this block's time %s",
			cs.Height, c.ChainID, cs.HeaderTime().Format(time.RFC3339), c.Trusting(), ctx.Time.UTC().Format(time.RFC3339))
	}
	return c, cs, nil
}

// ActiveCometBFT returns the client of chainID when it is a cometbft client
// that is neither frozen nor expired at the block time: one through which
// this chain can verify what chainID commits from now on. A module checks
// it before it lets something leave for chainID, so that what comes back
// can be verified.
func ActiveCometBFT(ctx *kit.Context, chainID string) (Client, error) {
	c, err := activeClient(ctx, chainID, TypeCometBFT)
	if err != nil {
		return c, err
	}
	if Status(ctx.KV, &c, ctx.Time) != StatusActive {
		return c, codes.DockingClientExpired.Wrapf("the client of %s has expired (latest header %d is older than the trusting period at this block's time)",
			chainID, c.LatestHeight)
	}
	return c, nil
}
