package lightverify_test

import (
	"strings"
	"testing"
	"time"

	"github.com/cometbft/cometbft/light"
	"github.com/cometbft/cometbft/types"

	"github.com/corridor-trade/corridor/x/kit/lightverify"
)

// TestUntimedAgreesWithCometBFT runs VerifyUntimed and CometBFT's
// light.Verify on the same headers, with a trusting period and a clock
// under which neither clock rule bites: both must accept or reject alike,
// with the same message. Without a trusted header, VerifyUntimed must
// agree with light.VerifyNonAdjacent from a header older than every case.
func TestUntimedAgreesWithCometBFT(t *testing.T) {
	a, apv := types.RandValidatorSet(4, 10)
	b, bpv := types.RandValidatorSet(4, 10)
	// c shares three of a's four validators: 3/4 of a's power signs its commits.
	n, npv := types.RandValidatorSet(1, 10)
	c := types.NewValidatorSet([]*types.Validator{a.Validators[0].Copy(), a.Validators[1].Copy(), a.Validators[2].Copy(), n.Validators[0].Copy()})
	cpv := pvsFor(t, c, append(append([]types.PrivValidator{}, apv...), npv...))
	trusted := signed(t, 10, t0, a, a, apv)
	toB := signed(t, 10, t0, a, b, apv) // names b as its next set
	period := 1000 * time.Hour
	now := t0.Add(time.Hour)
	cases := []struct {
		name       string
		trusted    *types.SignedHeader
		untrusted  *types.SignedHeader
		vals       *types.ValidatorSet
		wantAccept bool
	}{
		{"adjacent", trusted, signed(t, 11, t0.Add(time.Second), a, a, apv), a, true},
		{"skipping", trusted, signed(t, 20, t0.Add(time.Minute), a, a, apv), a, true},
		{"adjacent by another set", trusted, signed(t, 11, t0.Add(time.Second), b, b, bpv), b, false},
		{"adjacent to the next set named", toB, signed(t, 11, t0.Add(time.Second), b, b, bpv), b, true},
		{"skipping to another set", trusted, signed(t, 20, t0.Add(time.Minute), b, b, bpv), b, false},
		{"skipping to a set three quarters the same", trusted, signed(t, 20, t0.Add(time.Minute), c, c, cpv), c, true},
		{"not later", trusted, signed(t, 20, t0, a, a, apv), a, false},
		{"wrong set supplied", trusted, signed(t, 20, t0.Add(time.Minute), a, a, apv), b, false},
		{"two of four signed, adjacent", trusted, absent(signed(t, 11, t0.Add(time.Second), a, a, apv), 0, 1), a, false},
		{"three of four signed, skipping", trusted, absent(signed(t, 20, t0.Add(time.Minute), a, a, apv), 3), a, true},
		{"one of four signed, skipping", trusted, absent(signed(t, 20, t0.Add(time.Minute), a, a, apv), 0, 1, 2), a, false},
		{"older", trusted, signed(t, 5, t0.Add(time.Minute), a, a, apv), a, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			want := light.Verify(tc.trusted, a, tc.untrusted, tc.vals, period, now, 10*time.Second, light.DefaultTrustLevel)
			got := lightverify.VerifyUntimed(chainID, tc.trusted, a, tc.untrusted, tc.vals, lightverify.DefaultTrustLevel)
			if (want == nil) != tc.wantAccept {
				t.Fatalf("CometBFT's light.Verify answered %v; the case expects accept=%v", want, tc.wantAccept)
			}
			if (got == nil) != (want == nil) || (got != nil && got.Error() != want.Error()) {
				t.Fatalf("lightverify.VerifyUntimed answered %v, CometBFT's light.Verify %v", got, want)
			}
			if tc.untrusted.Height == tc.trusted.Height+1 {
				return // adjacency needs a trusted header
			}
			// The same from the set alone, against VerifyNonAdjacent from an
			// early header (its height and time rules then always pass).
			early := signed(t, 1, t0.Add(-time.Hour), a, a, apv)
			want = light.VerifyNonAdjacent(early, a, tc.untrusted, tc.vals, period, now, 10*time.Second, light.DefaultTrustLevel)
			got = lightverify.VerifyUntimed(chainID, nil, a, tc.untrusted, tc.vals, lightverify.DefaultTrustLevel)
			if strings.Contains(tc.name, "not later") || strings.Contains(tc.name, "older") {
				// Without a trusted header there is no height or time to be later than.
				if got != nil {
					t.Fatalf("from the set alone: %v", got)
				}
				return
			}
			if (got == nil) != (want == nil) || (got != nil && got.Error() != want.Error()) {
				t.Fatalf("from the set alone, lightverify.VerifyUntimed answered %v, CometBFT's light.VerifyNonAdjacent %v", got, want)
			}
		})
	}
}

// pvsFor returns the private validators of set, in the set's order (as
// MakeExtCommit wants them), taken from pool.
func pvsFor(t *testing.T, set *types.ValidatorSet, pool []types.PrivValidator) []types.PrivValidator {
	t.Helper()
	out := make([]types.PrivValidator, 0, set.Size())
	for _, v := range set.Validators {
		for _, pv := range pool {
			pk, err := pv.GetPubKey()
			if err != nil {
				t.Fatal(err)
			}
			if pk.Address().String() == v.Address.String() {
				out = append(out, pv)
			}
		}
	}
	if len(out) != set.Size() {
		t.Fatalf("found %d of the set's %d private validators", len(out), set.Size())
	}
	return out
}
