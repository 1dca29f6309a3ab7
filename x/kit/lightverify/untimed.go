package lightverify

import (
	"bytes"
	"errors"
	"fmt"

	cmtmath "github.com/cometbft/cometbft/libs/math"
	"github.com/cometbft/cometbft/types"
)

// VerifyUntimed is Verify for a trust root that has no trusting period and
// reads no clock (a chain's genesis, followed through its validator-set
// changes): the same rules in the same order with the same errors, less
// the two that need the time of day — the trusted header has not expired
// and the new header is not from the future.
//
// trustedHeader may be nil when only a validator set is trusted, as at
// genesis, which has a validator set and no header: the new header must
// then be well formed for chainID and match untrustedVals, and it is
// verified by skipping from trustedVals (at least trustLevel of their power
// signed it, and more than 2/3 of its own validators' power did). With a
// trusted header, the new header must be later in height and time; if it
// is adjacent its validators must be the trusted header's next validators,
// otherwise it is verified by skipping as above.
func VerifyUntimed(
	chainID string,
	trustedHeader *types.SignedHeader,
	trustedVals *types.ValidatorSet,
	untrustedHeader *types.SignedHeader,
	untrustedVals *types.ValidatorSet,
	trustLevel cmtmath.Fraction) error {
	if trustedHeader != nil {
		chainID = trustedHeader.ChainID
	}
	if err := untrustedHeader.ValidateBasic(chainID); err != nil {
		return ErrInvalidHeader{fmt.Errorf("untrustedHeader.ValidateBasic failed: %w", err)}
	}
	if trustedHeader != nil {
		if untrustedHeader.Height <= trustedHeader.Height {
			return ErrInvalidHeader{fmt.Errorf("expected new header height %d to be greater than one of old header %d",
				untrustedHeader.Height, trustedHeader.Height)}
		}
		if !untrustedHeader.Time.After(trustedHeader.Time) {
			return ErrInvalidHeader{fmt.Errorf("expected new header time %v to be after old header time %v",
				untrustedHeader.Time, trustedHeader.Time)}
		}
	}
	if !bytes.Equal(untrustedHeader.ValidatorsHash, untrustedVals.Hash()) {
		return ErrInvalidHeader{fmt.Errorf("expected new header validators (%X) to match those that were supplied (%X) at height %d",
			untrustedHeader.ValidatorsHash, untrustedVals.Hash(), untrustedHeader.Height)}
	}
	if trustedHeader != nil && untrustedHeader.Height == trustedHeader.Height+1 {
		if !bytes.Equal(untrustedHeader.ValidatorsHash, trustedHeader.NextValidatorsHash) {
			return fmt.Errorf("expected old header next validators (%X) to match those from new header (%X)",
				trustedHeader.NextValidatorsHash, untrustedHeader.ValidatorsHash)
		}
	} else {
		err := trustedVals.VerifyCommitLightTrusting(chainID, untrustedHeader.Commit, trustLevel)
		if err != nil {
			var e types.ErrNotEnoughVotingPowerSigned
			if errors.As(err, &e) {
				return ErrNewValSetCantBeTrusted{e}
			}
			return err
		}
	}
	if err := untrustedVals.VerifyCommitLight(chainID, untrustedHeader.Commit.BlockID,
		untrustedHeader.Height, untrustedHeader.Commit); err != nil {
		return ErrInvalidHeader{err}
	}
	return nil
}
