package relayer

import (
	"context"
	"fmt"
	"time"

	rpcclient "github.com/cometbft/cometbft/rpc/client"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/x/docking"
	"github.com/corridor-trade/corridor/x/kit/paths"
)

// LightBlock is a source header with its commit and validator set.
type LightBlock struct {
	SignedHeader *cmttypes.SignedHeader
	Validators   *cmttypes.ValidatorSet
}

// FetchLightBlock fetches the signed header and validator set of height h
// (0: the latest) from a node. Nothing is trusted here: the destination
// verifies what it is sent.
func FetchLightBlock(ctx context.Context, c *client.Client, h int64) (*LightBlock, error) {
	var hp *int64
	if h > 0 {
		hp = &h
	}
	res, err := c.RPC.Commit(ctx, hp)
	if err != nil {
		return nil, fmt.Errorf("commit of height %d from %s: %w", h, c.Node, err)
	}
	if res.SignedHeader.Header == nil || res.SignedHeader.Commit == nil {
		return nil, fmt.Errorf("%s sent no signed header for height %d", c.Node, h)
	}
	h = res.SignedHeader.Height
	var vals []*cmttypes.Validator
	for page := 1; ; page++ {
		p, per := page, 100
		r, err := c.RPC.Validators(ctx, &h, &p, &per)
		if err != nil {
			return nil, fmt.Errorf("validators of height %d from %s: %w", h, c.Node, err)
		}
		vals = append(vals, r.Validators...)
		if len(vals) >= r.Total || len(r.Validators) == 0 {
			break
		}
	}
	set, err := cmttypes.ValidatorSetFromExistingValidators(vals)
	if err != nil {
		return nil, fmt.Errorf("validators of height %d: %w", h, err)
	}
	sh := res.SignedHeader
	return &LightBlock{SignedHeader: &sh, Validators: set}, nil
}

// RegisterMsg builds the registration of the source chain as a cometbft
// counterparty, trusting the source's latest header as fetched from src.
// The operator who signs it vouches for that header: check its hash
// against another source (the counterparty's operators, a second node)
// before signing.
func RegisterMsg(ctx context.Context, src *client.Client, trustingPeriod, maxDrift time.Duration, description string) (*docking.MsgRegisterClient, *LightBlock, error) {
	chainID, err := src.ChainID(ctx)
	if err != nil {
		return nil, nil, err
	}
	lb, err := FetchLightBlock(ctx, src, 0)
	if err != nil {
		return nil, nil, err
	}
	hb, err := docking.EncodeSignedHeader(lb.SignedHeader)
	if err != nil {
		return nil, nil, err
	}
	vb, err := docking.EncodeValidatorSet(lb.Validators)
	if err != nil {
		return nil, nil, err
	}
	return &docking.MsgRegisterClient{ChainID: chainID, ClientType: docking.TypeCometBFT, Description: description,
		TrustedHeader: hb, TrustedValidators: vb, TrustingPeriod: int64(trustingPeriod), MaxClockDrift: int64(maxDrift)}, lb, nil
}

// UpdateMsg builds a client update to the source's header of height h,
// verified on the destination from its stored header trusted.
func UpdateMsg(ctx context.Context, src *client.Client, chainID string, h, trusted int64) (*docking.MsgUpdateClient, error) {
	lb, err := FetchLightBlock(ctx, src, h)
	if err != nil {
		return nil, err
	}
	hb, err := docking.EncodeSignedHeader(lb.SignedHeader)
	if err != nil {
		return nil, err
	}
	vb, err := docking.EncodeValidatorSet(lb.Validators)
	if err != nil {
		return nil, err
	}
	return &docking.MsgUpdateClient{ChainID: chainID, Header: hb, Validators: vb, TrustedHeight: trusted}, nil
}

// ProveAt returns the value of key in the source's state after block
// version (committed by header version+1) and its ICS-23 proof. A nil value
// means the key is absent at that version.
func ProveAt(ctx context.Context, src *client.Client, key []byte, version int64) (value, proof []byte, err error) {
	res, err := src.RPC.ABCIQueryWithOptions(ctx, paths.Store(), key, rpcclient.ABCIQueryOptions{Height: version, Prove: true})
	if err != nil {
		return nil, nil, fmt.Errorf("prove %x at %d on %s: %w", key, version, src.Node, err)
	}
	r := res.Response
	if r.Code != 0 {
		return nil, nil, fmt.Errorf("prove %x at %d on %s: %s", key, version, src.Node, r.Log)
	}
	if r.Height != version {
		return nil, nil, fmt.Errorf("asked for version %d, %s answered %d", version, src.Node, r.Height)
	}
	if r.Value == nil {
		return nil, nil, nil
	}
	if r.ProofOps == nil || len(r.ProofOps.Ops) != 1 {
		return nil, nil, fmt.Errorf("%s answered %x without a proof", src.Node, key)
	}
	return r.Value, r.ProofOps.Ops[0].Data, nil
}
