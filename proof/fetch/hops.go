package fetch

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	coretypes "github.com/cometbft/cometbft/rpc/core/types"
	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/corridor-trade/corridor/proof"
	"github.com/corridor-trade/corridor/x/kit/lightverify"
)

// genesisRPC is the /genesis endpoint, which CometBFT's RPC clients have
// and the RPC interface does not require.
type genesisRPC interface {
	Genesis(ctx context.Context) (*coretypes.ResultGenesis, error)
}

// genesisValidators returns the validator set genesis trust starts from
// and the height it is the set of: the validator set of height 1 (the
// genesis set: Corridor's InitChain changes no validator), or, when the
// node no longer has height 1 (pruned, state-synced, or a chain with
// another initial height), the validators of the node's genesis document.
func genesisValidators(ctx context.Context, rpc RPC) (*cmttypes.ValidatorSet, int64, error) {
	set, err1 := validatorSet(ctx, rpc, 1)
	if err1 == nil {
		return set, 1, nil
	}
	g, ok := rpc.(genesisRPC)
	if !ok {
		return nil, 0, fmt.Errorf("the genesis validator set: %w", err1)
	}
	res, err := g.Genesis(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("the genesis validator set: %v; genesis: %w", err1, err)
	}
	trust, err := proof.GenesisTrust(res.Genesis)
	if err != nil {
		return nil, 0, err
	}
	return trust.Validators, max(1, res.Genesis.InitialHeight), nil
}

// Hops returns the light blocks that genesis trust needs, beside target,
// to follow the chain's validator-set changes from the genesis validator
// set start (the set of height from) to target's set, as
// proof.TrustRoot.VerifyHeaderVia follows them: none when target names
// start or more than 1/3 of start's power signed it.
//
// It bisects as CometBFT's light client does: it tries target from the
// trusted set; when too little of the trusted power signed it, it tries
// the height midway between the trusted height and target, and so on,
// moving the trust to each light block that verifies. Of those, it keeps
// only the ones the verifier needs (a hop whose removal still verifies is
// dropped). Each step is the verifier's own check, so what Hops returns
// verifies unless the node changes its answers. A light block that does
// not verify for any reason but too little trusted power is an error, as is
// a change between adjacent heights that no header before it announces.
func Hops(ctx context.Context, rpc RPC, chainID string, start *cmttypes.ValidatorSet, from int64, target *proof.LightBlock) ([]proof.LightBlock, error) {
	trust := &proof.TrustRoot{ChainID: chainID, Validators: start}
	err := verify(trust, nil, target)
	if err == nil || !tooFewTrusted(err) {
		return nil, nil // verified directly, or refused for a reason hops cannot mend
	}
	th := target.SignedHeader.Height
	var path []proof.LightBlock // light blocks verified so far, in height order
	trustedH := from
	stack := []*proof.LightBlock{target}
	for len(stack) > 0 {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		cand := stack[len(stack)-1]
		err := verify(trust, path, cand)
		if err == nil {
			stack = stack[:len(stack)-1]
			if cand == target {
				break
			}
			path = append(path, *cand)
			trustedH = cand.SignedHeader.Height
			continue
		}
		if !tooFewTrusted(err) {
			return nil, fmt.Errorf("following the validator-set changes from genesis to header %d: %v", th, err)
		}
		ch := cand.SignedHeader.Height
		pivot := (trustedH + ch) / 2
		if pivot == trustedH && len(path) > 0 {
			return nil, fmt.Errorf("following the validator-set changes from genesis to header %d: header %d cannot be verified from header %d before it: %v", th, ch, trustedH, err)
		}
		lb, err := lightBlock(ctx, rpc, pivot)
		if err != nil {
			return nil, fmt.Errorf("following the validator-set changes from genesis to header %d (the node may have pruned the heights between; build the certificate on a node that has them, or verify from a trusted header): %w", th, err)
		}
		stack = append(stack, lb)
	}
	// Keep only the hops the verifier needs.
	for i := len(path) - 1; i >= 0; i-- {
		fewer := append(append([]proof.LightBlock{}, path[:i]...), path[i+1:]...)
		if verify(trust, fewer, target) == nil {
			path = fewer
		}
	}
	if err := verify(trust, path, target); err != nil {
		return nil, fmt.Errorf("following the validator-set changes from genesis to header %d: %v", th, err)
	}
	return path, nil
}

// verify runs the verifier's check of lb through hops.
func verify(trust *proof.TrustRoot, hops []proof.LightBlock, lb *proof.LightBlock) error {
	_, err := trust.VerifyHeaderVia(lb, nil, hops)
	return err
}

// tooFewTrusted reports whether err says that too little of the trusted
// validators' power signed a header: the one failure bisection mends.
func tooFewTrusted(err error) bool {
	var few lightverify.ErrNewValSetCantBeTrusted
	return errors.As(err, &few)
}

// addHops sets cert.Hops when its block names a validator set other than
// the genesis set and cannot be verified from it directly (Hops). Without
// a genesis set to start from it fails, unless the certificate is made for
// header trust (opts.TrustHeight), which does not read hops.
func addHops(ctx context.Context, rpc RPC, cert *proof.Certificate, opts Options) error {
	b := &cert.Block
	start, from := opts.GenesisValidators, int64(1)
	if start == nil {
		var err error
		if start, from, err = genesisValidators(ctx, rpc); err != nil {
			if opts.TrustHeight > 0 {
				return nil
			}
			return fmt.Errorf("%w (needed to tell whether the certificate must carry hops through validator-set changes)", err)
		}
	}
	if bytes.Equal(b.SignedHeader.ValidatorsHash, start.Hash()) || b.ValidatorSet == nil ||
		!bytes.Equal(b.SignedHeader.ValidatorsHash, b.ValidatorSet.Hash()) {
		return nil // the genesis set, or a block the verifier refuses anyway
	}
	hops, err := Hops(ctx, rpc, cert.ChainID, start, from, b)
	if err != nil {
		if opts.TrustHeight > 0 {
			return nil
		}
		return err
	}
	cert.Hops = hops
	return nil
}
