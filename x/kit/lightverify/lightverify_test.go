package lightverify_test

import (
	"testing"
	"time"

	"github.com/cometbft/cometbft/crypto/tmhash"
	"github.com/cometbft/cometbft/light"
	cmtversion "github.com/cometbft/cometbft/proto/tendermint/version"
	"github.com/cometbft/cometbft/types"
	"github.com/cometbft/cometbft/version"

	"github.com/corridor-trade/corridor/x/kit/lightverify"
)

const chainID = "lightverify-test"

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// signed makes a header of height h at time at, validated by vals with
// next set next, signed by every validator of vals.
func signed(t *testing.T, h int64, at time.Time, vals, next *types.ValidatorSet, pvs []types.PrivValidator) *types.SignedHeader {
	t.Helper()
	hdr := &types.Header{
		Version:            cmtversion.Consensus{Block: version.BlockProtocol},
		ChainID:            chainID,
		Height:             h,
		Time:               at,
		LastBlockID:        types.BlockID{Hash: tmhash.Sum([]byte("last")), PartSetHeader: types.PartSetHeader{Total: 1, Hash: tmhash.Sum([]byte("parts"))}},
		LastCommitHash:     tmhash.Sum([]byte("lc")),
		DataHash:           tmhash.Sum([]byte("data")),
		ValidatorsHash:     vals.Hash(),
		NextValidatorsHash: next.Hash(),
		ConsensusHash:      tmhash.Sum([]byte("cons")),
		AppHash:            tmhash.Sum([]byte("app")),
		LastResultsHash:    tmhash.Sum([]byte("res")),
		EvidenceHash:       tmhash.Sum([]byte("ev")),
		ProposerAddress:    vals.Validators[0].Address,
	}
	id := types.BlockID{Hash: hdr.Hash(), PartSetHeader: types.PartSetHeader{Total: 1, Hash: tmhash.Sum([]byte("p"))}}
	vs := types.NewVoteSet(chainID, h, 0, 2, vals)
	ext, err := types.MakeExtCommit(id, h, 0, vs, pvs, at, false)
	if err != nil {
		t.Fatal(err)
	}
	return &types.SignedHeader{Header: hdr, Commit: ext.ToCommit()}
}

func absent(sh *types.SignedHeader, idx ...int) *types.SignedHeader {
	c := *sh.Commit
	c.Signatures = append([]types.CommitSig(nil), c.Signatures...)
	for _, i := range idx {
		c.Signatures[i] = types.NewCommitSigAbsent()
	}
	return &types.SignedHeader{Header: sh.Header, Commit: &c}
}

// TestAgreesWithCometBFT runs lightverify.Verify and CometBFT's
// light.Verify on the same inputs: both must accept or reject alike, with
// the same message.
func TestAgreesWithCometBFT(t *testing.T) {
	a, apv := types.RandValidatorSet(4, 10)
	b, bpv := types.RandValidatorSet(4, 10)
	trusted := signed(t, 10, t0, a, a, apv)
	period := 24 * time.Hour
	now := t0.Add(time.Hour)
	cases := []struct {
		name       string
		trusted    *types.SignedHeader
		untrusted  *types.SignedHeader
		vals       *types.ValidatorSet
		now        time.Time
		wantAccept bool
	}{
		{"adjacent", trusted, signed(t, 11, t0.Add(time.Second), a, a, apv), a, now, true},
		{"skipping", trusted, signed(t, 20, t0.Add(time.Minute), a, a, apv), a, now, true},
		{"adjacent by another set", trusted, signed(t, 11, t0.Add(time.Second), b, b, bpv), b, now, false},
		{"skipping to another set", trusted, signed(t, 20, t0.Add(time.Minute), b, b, bpv), b, now, false},
		{"expired trust", trusted, signed(t, 20, t0.Add(time.Minute), a, a, apv), a, t0.Add(48 * time.Hour), false},
		{"from the future", trusted, signed(t, 20, now.Add(time.Hour), a, a, apv), a, now, false},
		{"not later", trusted, signed(t, 20, t0, a, a, apv), a, now, false},
		{"wrong set supplied", trusted, signed(t, 20, t0.Add(time.Minute), a, a, apv), b, now, false},
		{"two of four signed, adjacent", trusted, absent(signed(t, 11, t0.Add(time.Second), a, a, apv), 0, 1), a, now, false},
		{"three of four signed, skipping", trusted, absent(signed(t, 20, t0.Add(time.Minute), a, a, apv), 3), a, now, true},
		{"one of four signed, skipping", trusted, absent(signed(t, 20, t0.Add(time.Minute), a, a, apv), 0, 1, 2), a, now, false},
		{"older", trusted, signed(t, 5, t0.Add(time.Minute), a, a, apv), a, now, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want := light.Verify(c.trusted, a, c.untrusted, c.vals, period, c.now, 10*time.Second, light.DefaultTrustLevel)
			got := lightverify.Verify(c.trusted, a, c.untrusted, c.vals, period, c.now, 10*time.Second, lightverify.DefaultTrustLevel)
			if (want == nil) != c.wantAccept {
				t.Fatalf("CometBFT's light.Verify answered %v; the case expects accept=%v", want, c.wantAccept)
			}
			if (got == nil) != (want == nil) || (got != nil && got.Error() != want.Error()) {
				t.Fatalf("lightverify.Verify answered %v, CometBFT's light.Verify %v", got, want)
			}
		})
	}
}
