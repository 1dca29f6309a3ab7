package proof

import (
	"bytes"
	"errors"
	"fmt"
	"time"

	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/corridor-trade/corridor/internal/readlimit"
	"github.com/corridor-trade/corridor/x/kit/lightverify"
)

// DefaultTrustingPeriod is how long a header trusted by hash (HeaderTrust)
// may be used to verify later headers: two weeks. Corridor's validators are
// admitted by the partner jurisdictions and are not bonded, so there is no
// unbonding period to stay below; two weeks is CometBFT's customary value,
// long enough for a verifier who refreshes its trusted hash fortnightly and
// short enough that a key compromised and retired since is unlikely to
// matter. Genesis trust has no trusting period (see TrustRoot).
const DefaultTrustingPeriod = 14 * 24 * time.Hour

// MaxClockDrift is how far in the verifier's future a header time may lie.
const MaxClockDrift = 10 * time.Second

// TrustLevel is the share of the trusted validator set's power that must
// have signed a header verified by skipping (1/3, CometBFT's default).
var TrustLevel = lightverify.DefaultTrustLevel

// TrustRoot is what the verifier trusts before looking at any answer.
//
// With genesis trust (Validators set) the header must be signed by more
// than two thirds of the genesis validator set's power and its
// ValidatorsHash must be that set's hash — or, once governance has changed
// the set (docs/governance.md), the verifier follows the changes from the
// genesis set the way CometBFT's light client does, through the light
// blocks ("hops") the certificate carries (VerifyHeaderVia). Genesis trust
// has no trusting period: a set once trusted stays trusted, so keys of
// retired validators must be destroyed (docs/certificate.md).
//
// With header trust (Height and Hash set) the verifier trusts the header of
// that height with that hash. The certificate carries that header, its
// commit and validator set; the header is checked against the hash and then
// the target header is verified from it with CometBFT's light-client rules
// (light.Verify, as restated by x/kit/lightverify: adjacent, or skipping
// with trust level 1/3), within the
// trusting period.
type TrustRoot struct {
	ChainID string

	// Genesis trust.
	Validators *cmttypes.ValidatorSet

	// Header trust.
	Height         int64
	Hash           []byte
	TrustingPeriod time.Duration // 0 means DefaultTrustingPeriod
	Now            time.Time     // zero means time.Now()
}

// GenesisTrust returns the trust root of a genesis document: its chain-id
// and validator set.
func GenesisTrust(doc *cmttypes.GenesisDoc) (*TrustRoot, error) {
	if err := doc.ValidateAndComplete(); err != nil {
		return nil, fmt.Errorf("genesis: %w", err)
	}
	if len(doc.Validators) == 0 {
		return nil, errors.New("genesis lists no validators: genesis trust needs the validator set")
	}
	vals := make([]*cmttypes.Validator, 0, len(doc.Validators))
	for _, v := range doc.Validators {
		vals = append(vals, cmttypes.NewValidator(v.PubKey, v.Power))
	}
	set := cmttypes.NewValidatorSet(vals)
	if err := set.ValidateBasic(); err != nil {
		return nil, fmt.Errorf("genesis validator set: %w", err)
	}
	return &TrustRoot{ChainID: doc.ChainID, Validators: set}, nil
}

// LoadGenesisTrust reads genesis.json and returns its trust root.
func LoadGenesisTrust(path string) (*TrustRoot, error) {
	doc, err := ReadGenesisDoc(path)
	if err != nil {
		return nil, fmt.Errorf("read genesis %s: %w", path, err)
	}
	return GenesisTrust(doc)
}

// ReadGenesisDoc reads and validates a genesis.json of at most
// readlimit.MaxGenesis bytes (however large the file grows while read).
func ReadGenesisDoc(path string) (*cmttypes.GenesisDoc, error) {
	b, err := readlimit.ReadFile(path, readlimit.MaxGenesis)
	if err != nil {
		return nil, err
	}
	return cmttypes.GenesisDocFromJSON(b)
}

// HeaderTrust returns a trust root for the header of height with hash on
// chain chainID.
func HeaderTrust(chainID string, height int64, hash []byte, period time.Duration) *TrustRoot {
	return &TrustRoot{ChainID: chainID, Height: height, Hash: hash, TrustingPeriod: period}
}

// Describe names the trust root for verdicts.
func (t *TrustRoot) Describe() string {
	if t.Validators != nil {
		return fmt.Sprintf("genesis of %s (validator set %X)", t.ChainID, t.Validators.Hash())
	}
	return fmt.Sprintf("header %d of %s with hash %X", t.Height, t.ChainID, t.Hash)
}

// LightBlock is a signed header and the validator set of its height.
type LightBlock struct {
	SignedHeader *cmttypes.SignedHeader `json:"signed_header"`
	ValidatorSet *cmttypes.ValidatorSet `json:"validator_set"`
}

// VerifyHeader checks lb against the trust root; it is VerifyHeaderVia
// with no hops.
func (t *TrustRoot) VerifyHeader(lb *LightBlock, anchor *LightBlock) error {
	_, err := t.VerifyHeaderVia(lb, anchor, nil)
	return err
}

// VerifyHeaderVia checks lb against the trust root. anchor is the light
// block of the trusted height (header trust only; ignored for genesis
// trust). hops are the light blocks a certificate carries for genesis
// trust (ignored for header trust, which follows changes by CometBFT's
// light-client rules from its trusted header): see followGenesis. It
// returns the heights at which genesis trust took on a validator set other
// than the one it trusted, in order (none when lb's set is the genesis
// set). Every signature present in a commit is checked, not only enough of
// them.
func (t *TrustRoot) VerifyHeaderVia(lb *LightBlock, anchor *LightBlock, hops []LightBlock) ([]int64, error) {
	if err := checkLightBlock(t.ChainID, lb); err != nil {
		return nil, err
	}
	sh := lb.SignedHeader
	if t.Validators != nil {
		return t.followGenesis(hops, lb)
	}
	if len(t.Hash) == 0 || t.Height <= 0 {
		return nil, errors.New("the trust root names neither a genesis validator set nor a trusted header")
	}
	if anchor == nil || anchor.SignedHeader == nil || anchor.SignedHeader.Header == nil || anchor.ValidatorSet == nil {
		return nil, fmt.Errorf("the trusted header %d is missing", t.Height)
	}
	ah := anchor.SignedHeader
	if ah.Height != t.Height {
		return nil, fmt.Errorf("trusted header has height %d, want %d", ah.Height, t.Height)
	}
	if !bytes.Equal(ah.Hash(), t.Hash) {
		return nil, fmt.Errorf("trusted header %d has hash %X, not the trusted hash %X", t.Height, ah.Hash(), t.Hash)
	}
	if err := ah.ValidateBasic(t.ChainID); err != nil {
		return nil, fmt.Errorf("trusted header %d does not match its commit: %v", t.Height, err)
	}
	if !bytes.Equal(ah.ValidatorsHash, anchor.ValidatorSet.Hash()) {
		return nil, fmt.Errorf("the validator set of trusted header %d does not match its hash", t.Height)
	}
	if sh.Height == ah.Height {
		if !bytes.Equal(sh.Hash(), ah.Hash()) {
			return nil, fmt.Errorf("header %d differs from the trusted header of that height", sh.Height)
		}
		return nil, lb.ValidatorSet.VerifyCommit(t.ChainID, sh.Commit.BlockID, sh.Height, sh.Commit)
	}
	if sh.Height < ah.Height {
		return nil, fmt.Errorf("header %d is older than the trusted header %d; trust an earlier header", sh.Height, ah.Height)
	}
	period := t.TrustingPeriod
	if period == 0 {
		period = DefaultTrustingPeriod
	}
	now := t.Now
	if now.IsZero() {
		now = time.Now()
	}
	if err := lightverify.Verify(ah, anchor.ValidatorSet, sh, lb.ValidatorSet, period, now, MaxClockDrift, TrustLevel); err != nil {
		return nil, fmt.Errorf("light-client verification from trusted header %d to header %d: %v", ah.Height, sh.Height, err)
	}
	// light.Verify checks only enough signatures; check every one present,
	// nil votes' too.
	if err := lb.ValidatorSet.VerifyCommit(t.ChainID, sh.Commit.BlockID, sh.Height, sh.Commit); err != nil {
		return nil, fmt.Errorf("commit of header %d: %v", sh.Height, err)
	}
	return nil, nil
}

// checkLightBlock checks what a light block says about itself: it is
// complete, of chain chainID, its header matches its commit, and its
// validator set is well formed, is the one the header names and has a
// proposer that is one of its validators.
func checkLightBlock(chainID string, lb *LightBlock) error {
	if lb == nil || lb.SignedHeader == nil || lb.SignedHeader.Header == nil || lb.SignedHeader.Commit == nil {
		return errors.New("no signed header")
	}
	if lb.ValidatorSet == nil || lb.ValidatorSet.Size() == 0 {
		return errors.New("no validator set")
	}
	sh := lb.SignedHeader
	if sh.ChainID != chainID {
		return fmt.Errorf("header is from chain %q, the trust root is chain %q", sh.ChainID, chainID)
	}
	if err := sh.ValidateBasic(chainID); err != nil {
		return fmt.Errorf("header %d does not match its commit: %v", sh.Height, err)
	}
	if err := lb.ValidatorSet.ValidateBasic(); err != nil {
		return fmt.Errorf("validator set: %v", err)
	}
	if !bytes.Equal(sh.ValidatorsHash, lb.ValidatorSet.Hash()) {
		return fmt.Errorf("the validator set given (hash %X) is not the one header %d names (%X)", lb.ValidatorSet.Hash(), sh.Height, sh.ValidatorsHash)
	}
	return proposerInSet(lb.ValidatorSet)
}

// followGenesis verifies lb from the genesis validator set through hops,
// the way CometBFT's light client follows validator-set changes, with no
// trusting period and no clock (genesis trust has neither). It starts
// trusting the genesis set and no header; for each hop in turn, then for
// lb:
//
//   - its height must be above the header trusted before it (hops are in
//     increasing height order, all below lb);
//   - unless nothing but the genesis set is trusted yet and the light
//     block names that set, it is verified with lightverify.VerifyUntimed
//     from the trusted header and set: when adjacent to the trusted
//     header, its set must be that header's next set; when not, more than
//     TrustLevel (1/3) of the trusted set's power must have signed it
//     (skipping);
//   - more than 2/3 of its own set's power must have signed it, and every
//     signature in its commit is checked (ValidatorSet.VerifyCommit: nil
//     votes' too).
//
// The light block's header and set then become the trusted ones. It
// returns the heights at which the trusted set changed.
func (t *TrustRoot) followGenesis(hops []LightBlock, lb *LightBlock) ([]int64, error) {
	trustedVals := t.Validators
	var trusted *cmttypes.SignedHeader // the last header verified, if any
	var changes []int64
	for i := 0; i <= len(hops); i++ {
		cur, name := lb, fmt.Sprintf("header %d", lb.SignedHeader.Height)
		if i < len(hops) {
			cur = &hops[i]
			name = fmt.Sprintf("hop %d of %d", i+1, len(hops))
			if err := checkLightBlock(t.ChainID, cur); err != nil {
				return nil, fmt.Errorf("%s: %v", name, err)
			}
			name = fmt.Sprintf("hop %d of %d (header %d)", i+1, len(hops), cur.SignedHeader.Height)
		}
		sh := cur.SignedHeader
		if trusted != nil && sh.Height <= trusted.Height {
			if cur == lb {
				return nil, fmt.Errorf("%s is not above the last hop (header %d): every hop must be below the certificate's header", name, trusted.Height)
			}
			return nil, fmt.Errorf("%s is not above the header before it (%d): hops go in increasing height order", name, trusted.Height)
		}
		same := bytes.Equal(sh.ValidatorsHash, trustedVals.Hash())
		if !(trusted == nil && same) {
			from := "the genesis validator set"
			if trusted != nil {
				from = fmt.Sprintf("the validator set trusted from header %d", trusted.Height)
			}
			if err := lightverify.VerifyUntimed(t.ChainID, trusted, trustedVals, sh, cur.ValidatorSet, TrustLevel); err != nil {
				var few lightverify.ErrNewValSetCantBeTrusted
				switch {
				case same:
					return nil, fmt.Errorf("%s, which names %s, does not follow from header %d: %v", name, from, trusted.Height, err)
				case errors.As(err, &few):
					return nil, fmt.Errorf("%s names validator set %X, not %s %X, and no more than 1/3 of that set's power signed it: a hop is missing — the certificate must carry the light blocks through which the set changed (corridord query certificate adds them), or be verified from a trusted header (%w)",
						name, sh.ValidatorsHash, from, trustedVals.Hash(), err)
				default:
					return nil, fmt.Errorf("%s names validator set %X, not %s %X, and does not follow from it: %v", name, sh.ValidatorsHash, from, trustedVals.Hash(), err)
				}
			}
		}
		// More than 2/3 of its own set signed it, and every signature
		// present is valid, nil votes' included (VerifyUntimed checks only
		// enough of them), so that no flag or signature can change unnoticed.
		if err := cur.ValidatorSet.VerifyCommit(t.ChainID, sh.Commit.BlockID, sh.Height, sh.Commit); err != nil {
			return nil, fmt.Errorf("commit of %s: %v", name, err)
		}
		if !same {
			changes = append(changes, sh.Height)
		}
		trusted, trustedVals = sh, cur.ValidatorSet
	}
	return changes, nil
}

// proposerInSet checks that the validator set's proposer, which the set's
// hash does not cover, is one of its validators with the same key and
// power, so a certificate cannot name a validator or a power that is not
// in the set. (Proposer priorities are covered by no hash and no check;
// the verdict does not use them.)
func proposerInSet(vs *cmttypes.ValidatorSet) error {
	p := vs.Proposer
	if p == nil {
		return nil
	}
	_, v := vs.GetByAddress(p.Address)
	if v == nil || !p.PubKey.Equals(v.PubKey) || p.VotingPower != v.VotingPower {
		return fmt.Errorf("the validator set's proposer %X is not one of its validators with the same key and power", []byte(p.Address))
	}
	return nil
}
