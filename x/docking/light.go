package docking

import (
	"bytes"
	"errors"
	"fmt"
	"time"

	cmtmath "github.com/cometbft/cometbft/libs/math"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/x/kit/lightverify"
)

// trustLevel is the 1/3 trust level of every cometbft client.
var trustLevel = cmtmath.Fraction{Numerator: TrustNumerator, Denominator: TrustDenominator}

// EncodeSignedHeader encodes a signed header as message and state bytes:
// gogoproto Marshal of its ToProto form.
func EncodeSignedHeader(sh *cmttypes.SignedHeader) ([]byte, error) {
	return sh.ToProto().Marshal()
}

// EncodeValidatorSet encodes a validator set as message and state bytes.
func EncodeValidatorSet(vs *cmttypes.ValidatorSet) ([]byte, error) {
	pb, err := vs.ToProto()
	if err != nil {
		return nil, err
	}
	return pb.Marshal()
}

// DecodeSignedHeader decodes and checks the form of a signed header for
// chainID: the commit must be for this header (SignedHeader.ValidateBasic).
func DecodeSignedHeader(b []byte, chainID string) (sh *cmttypes.SignedHeader, err error) {
	defer guard(&err)
	var pb cmtproto.SignedHeader
	if err := pb.Unmarshal(b); err != nil {
		return nil, fmt.Errorf("signed header does not decode: %v", err)
	}
	sh, err = cmttypes.SignedHeaderFromProto(&pb)
	if err != nil {
		return nil, fmt.Errorf("signed header: %v", err)
	}
	if sh.Header == nil || sh.Commit == nil {
		return nil, errors.New("signed header lacks its header or commit")
	}
	if sh.ChainID != chainID {
		return nil, fmt.Errorf("header is from chain %q, not %q", clip(sh.ChainID), chainID)
	}
	if err := sh.ValidateBasic(chainID); err != nil {
		return nil, fmt.Errorf("header %d: %v", sh.Height, err)
	}
	return sh, nil
}

// DecodeValidatorSet decodes and checks the form of a validator set.
func DecodeValidatorSet(b []byte) (vs *cmttypes.ValidatorSet, err error) {
	defer guard(&err)
	var pb cmtproto.ValidatorSet
	if err := pb.Unmarshal(b); err != nil {
		return nil, fmt.Errorf("validator set does not decode: %v", err)
	}
	vs, err = cmttypes.ValidatorSetFromProto(&pb)
	if err != nil {
		return nil, fmt.Errorf("validator set: %v", err)
	}
	if vs.Size() == 0 {
		return nil, errors.New("validator set is empty")
	}
	return vs, nil
}

// checkSelfSigned checks that vs is the header's validator set and that
// more than 2/3 of it signed the header. It is the check of a trusted header
// at registration, which has nothing earlier to be verified from.
func checkSelfSigned(sh *cmttypes.SignedHeader, vs *cmttypes.ValidatorSet) (err error) {
	defer guard(&err)
	if !bytes.Equal(sh.ValidatorsHash, vs.Hash()) {
		return codes.DockingBadHeader.Wrapf("the validator set given (hash %X) is not the one header %d names (%X)", vs.Hash(), sh.Height, sh.ValidatorsHash)
	}
	if err := vs.VerifyCommitLight(sh.ChainID, sh.Commit.BlockID, sh.Height, sh.Commit); err != nil {
		return lightError(err)
	}
	return nil
}

// verifyHeader verifies untrusted from the trusted consensus state with
// CometBFT's light-client rules at block time now.
func verifyHeader(c *Client, trusted *Consensus, untrusted *cmttypes.SignedHeader, untrustedVals *cmttypes.ValidatorSet, now time.Time) error {
	tsh, err := DecodeSignedHeader(trusted.SignedHeader, c.ChainID)
	if err != nil {
		panic(fmt.Errorf("stored header %d of %s: %w", trusted.Height, c.ChainID, err))
	}
	tvs, err := DecodeValidatorSet(trusted.Validators)
	if err != nil {
		panic(fmt.Errorf("stored validators %d of %s: %w", trusted.Height, c.ChainID, err))
	}
	if expired(c, trusted, now) {
		return codes.DockingClientExpired.Wrapf("trusted header %d of %s (time %s) expired at %s, before this block's time %s",
			trusted.Height, c.ChainID, trusted.HeaderTime().Format(time.RFC3339), trusted.HeaderTime().Add(c.Trusting()).Format(time.RFC3339), now.UTC().Format(time.RFC3339))
	}
	if untrusted.Height <= trusted.Height {
		return codes.DockingBadHeader.Wrapf("header %d is not newer than the trusted header %d", untrusted.Height, trusted.Height)
	}
	if err := lightVerify(tsh, tvs, untrusted, untrustedVals, c.Trusting(), now, c.Drift()); err != nil {
		return lightError(err)
	}
	return nil
}

// lightVerify runs CometBFT's adjacent or non-adjacent verification (as
// restated by x/kit/lightverify, which links no networking).
func lightVerify(tsh *cmttypes.SignedHeader, tvs *cmttypes.ValidatorSet, sh *cmttypes.SignedHeader, vs *cmttypes.ValidatorSet,
	period time.Duration, now time.Time, drift time.Duration) (err error) {
	defer guard(&err)
	if sh.Height == tsh.Height+1 {
		return lightverify.VerifyAdjacent(tsh, sh, vs, period, now, drift)
	}
	return lightverify.VerifyNonAdjacent(tsh, tvs, sh, vs, period, now, drift, trustLevel)
}

// guard turns a panic inside CometBFT code fed with hostile input into an
// error, so that a transaction cannot halt the chain. It is deterministic:
// every node panics, and recovers, alike.
func guard(err *error) {
	if r := recover(); r != nil {
		*err = codes.DockingBadHeader.Wrapf("malformed input: %v", r)
	}
}

// lightError maps a light-client or commit verification error to a code:
// too little signing power is insufficient_trust, an expired trusted
// header client_expired, anything else bad_header.
func lightError(err error) error {
	var notEnough cmttypes.ErrNotEnoughVotingPowerSigned
	var cant lightverify.ErrNewValSetCantBeTrusted
	var old lightverify.ErrOldHeaderExpired
	var invalid lightverify.ErrInvalidHeader
	switch {
	case errors.As(err, &cant):
		return codes.DockingInsufficientTrust.Wrapf("under 1/3 of the trusted validators' power signed: %v", cant.Reason)
	case errors.As(err, &old):
		return codes.DockingClientExpired.Wrapf("%v", err)
	case errors.As(err, &invalid):
		if errors.As(invalid.Reason, &notEnough) {
			return codes.DockingInsufficientTrust.Wrapf("not more than 2/3 of the header's validators signed: %v", notEnough)
		}
		return codes.DockingBadHeader.Wrapf("%v", invalid.Reason)
	case errors.As(err, &notEnough):
		return codes.DockingInsufficientTrust.Wrapf("not more than 2/3 of the validators signed: %v", notEnough)
	}
	return codes.DockingBadHeader.Wrapf("%v", err)
}

// expired reports whether the consensus state can no longer be trusted at
// block time now: its header time plus the trusting period is not after now.
func expired(c *Client, cs *Consensus, now time.Time) bool {
	return !cs.HeaderTime().Add(c.Trusting()).After(now)
}
