package gov_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cometbft/cometbft/crypto/ed25519"
	"github.com/corridor-trade/corridor/app/apptest"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/gov"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/paths"
)

// TestProposeRefusals covers every refusal of gov/propose, each with its
// own code, and checks that a refusal changes nothing but the sequence.
func TestProposeRefusals(t *testing.T) {
	newKey := apptest.KeyFor("new-operator")
	cases := []struct {
		name   string
		opts   []apptest.Option
		signer string
		msg    *gov.MsgPropose
		code   *codes.Error
	}{
		{"not an operator", nil, "sg-trader", paramsSet(300), codes.GovNotOperator},
		{"unknown kind", nil, "sg-operator", &gov.MsgPropose{Kind: "coup"}, codes.GovUnknownKind},
		{"missing field", nil, "sg-operator", &gov.MsgPropose{Kind: gov.KindParamsSet}, codes.GovBadChange},
		{"extra field", nil, "sg-operator", &gov.MsgPropose{Kind: gov.KindUpgradeCancel, Change: gov.Change{Name: "x", Power: 3}}, codes.GovBadChange},
		{"bad fraction", nil, "sg-operator", &gov.MsgPropose{Kind: gov.KindClassSet, Change: gov.Change{Class: gov.ClassAll, Num: 1, Den: 2}}, codes.GovBadChange},
		{"own change of another jurisdiction", nil, "sh-operator",
			&gov.MsgPropose{Kind: gov.KindValidatorPower, Change: gov.Change{Validator: consAddr("validator"), Power: 20}}, codes.GovOutsideJurisdiction},
		{"eviction proposed by the jurisdiction concerned", nil, "sg-operator",
			&gov.MsgPropose{Kind: gov.KindValidatorEvict, Change: gov.Change{Validator: consAddr("validator")}}, codes.GovNotElector},
		{"unknown validator", nil, "sg-operator",
			&gov.MsgPropose{Kind: gov.KindValidatorRemove, Change: gov.Change{Validator: consAddr("nobody")}}, codes.GovUnknownTarget},
		{"existing jurisdiction", nil, "sg-operator",
			&gov.MsgPropose{Kind: gov.KindJurisdictionAdd, Change: gov.Change{Jurisdiction: "HK", Name: "Hong Kong", Keys: []secp.PubKey{newKey.PubKey()}}}, codes.GovUnknownTarget},
		{"eviction without evidence", nil, "sh-operator",
			&gov.MsgPropose{Kind: gov.KindValidatorEvict, Change: gov.Change{Validator: consAddr("validator")}}, codes.GovNoEvidence},
		{"devnet gets a second jurisdiction's validator", nil, "hk-operator",
			&gov.MsgPropose{Kind: gov.KindValidatorAdd, Change: gov.Change{Jurisdiction: "HK", Name: "hk", PubKey: apptest.ValidatorKey("hk").PubKey().Bytes(), Power: 10}}, codes.GovInvariant},
		{"last validator removed", nil, "sg-operator",
			&gov.MsgPropose{Kind: gov.KindValidatorRemove, Change: gov.Change{Validator: consAddr("validator")}}, codes.GovInvariant},
		{"power above the bound", nil, "sg-operator",
			&gov.MsgPropose{Kind: gov.KindValidatorPower, Change: gov.Change{Validator: consAddr("validator"), Power: 5000}}, codes.GovInvariant},
		{"last operator removed", nil, "sg-operator",
			&gov.MsgPropose{Kind: gov.KindOperatorRemove, Change: gov.Change{Operator: apptest.KeyFor("sg-operator").PubKey().Address()}}, codes.GovInvariant},
		{"threshold above the operators", nil, "sg-operator",
			&gov.MsgPropose{Kind: gov.KindOperatorThreshold, Change: gov.Change{Jurisdiction: "SG", Threshold: 2}}, codes.GovInvariant},
		{"one city two thirds of the power", []apptest.Option{cities()}, "sh-operator",
			&gov.MsgPropose{Kind: gov.KindValidatorPower, Change: gov.Change{Validator: consAddr("shanghai"), Power: 40}}, codes.GovInvariant},
		{"city loses its last validator", []apptest.Option{cities()}, "sg-operator",
			&gov.MsgPropose{Kind: gov.KindValidatorRemove, Change: gov.Change{Validator: consAddr("singapore")}}, codes.GovInvariant},
		{"upgrade in the past", nil, "sg-operator",
			&gov.MsgPropose{Kind: gov.KindUpgradeSchedule, Change: gov.Change{Name: "v9", Height: 1}}, codes.GovBadChange},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := apptest.New(t, tc.opts...)
			before := h.StoreDump()
			res := want(t, h, tc.signer, tc.msg, tc.code)
			if tc.code == codes.GovInvariant && !strings.Contains(res.Log, "would") {
				t.Errorf("the invariant refusal does not say what would break: %s", res.Log)
			}
			after := h.StoreDump()
			for k, v := range after {
				if before[k] != v && !strings.HasPrefix(k, "seq/") && k != kit.BlockTimeKey {
					t.Errorf("a refused proposal changed %q", k)
				}
			}
		})
	}
}

// TestVoteAndWithdrawRefusals covers every refusal of approve, reject and
// withdraw.
func TestVoteAndWithdrawRefusals(t *testing.T) {
	h := apptest.New(t, apptest.WithAppState("gov", govGenesis(60, 0, 3600, true)))
	want(t, h, "sh-operator", paramsSet(300), nil)
	id := lastID(t, h)
	want(t, h, "sg-trader", &gov.MsgApprove{ID: id}, codes.GovNotOperator)
	want(t, h, "sg-operator", &gov.MsgApprove{ID: 99}, codes.GovUnknownProposal)
	want(t, h, "sh-operator", &gov.MsgApprove{ID: id}, codes.GovAlreadyVoted)
	want(t, h, "sg-operator", &gov.MsgWithdraw{ID: id}, codes.GovNotProposer)
	for _, m := range []kit.Msg{&gov.MsgApprove{}, &gov.MsgReject{}, &gov.MsgWithdraw{}} {
		want(t, h, "sg-operator", m, codes.TxInvalidMsg)
	}
	// Own class: only the jurisdiction concerned votes.
	want(t, h, "sg-operator", &gov.MsgPropose{Kind: gov.KindOperatorAdd,
		Change: gov.Change{Jurisdiction: "SG", Keys: []secp.PubKey{apptest.KeyFor("sg-op2").PubKey()}}}, nil)
	// That one executed at once (SG alone decides, m = 1); propose
	// another that waits: an SG threshold of 2 now that SG has two.
	want(t, h, "sg-operator", &gov.MsgPropose{Kind: gov.KindOperatorThreshold, Change: gov.Change{Jurisdiction: "SG", Threshold: 2}}, nil)
	own := lastID(t, h)
	if got := proposal(t, h, own).Status; got != gov.StatusExecuted {
		t.Fatalf("threshold change: %s, want executed (SG's m is 1 when it is proposed)", got)
	}
	want(t, h, "sg-operator", &gov.MsgPropose{Kind: gov.KindOperatorThreshold, Change: gov.Change{Jurisdiction: "SG", Threshold: 1}}, nil)
	own = lastID(t, h)
	if got := proposal(t, h, own).Status; got != gov.StatusOpen {
		t.Fatalf("with m = 2, one SG approval must leave the proposal open, got %s", got)
	}
	want(t, h, "hk-operator", &gov.MsgApprove{ID: own}, codes.GovNotElector)
	// Withdrawn: on record, no more votes.
	want(t, h, "sh-operator", &gov.MsgWithdraw{ID: id}, nil)
	want(t, h, "hk-operator", &gov.MsgApprove{ID: id}, codes.GovNotOpen)
	want(t, h, "sh-operator", &gov.MsgWithdraw{ID: id}, codes.GovNotOpen)
	if v := proposal(t, h, id); v.Status != gov.StatusWithdrawn || len(v.Votes) != 1 {
		t.Fatalf("withdrawn proposal: %+v", v.Proposal)
	}
	// Deadline: 60 s are 12 blocks.
	want(t, h, "sh-operator", paramsSet(301), nil)
	late := lastID(t, h)
	for i := 0; i < 12; i++ {
		h.Block()
	}
	want(t, h, "hk-operator", &gov.MsgApprove{ID: late}, codes.GovNotOpen)
	if v := proposal(t, h, late); v.Status != gov.StatusExpired || v.FinalTally == nil {
		t.Fatalf("late proposal: %s, want expired with its final tally", v.Status)
	}
}

// TestDeadlinePassedBeforeClose: a vote in the block that reaches the
// deadline, before the end of block closes the proposal, is refused as
// late.
func TestDeadlinePassedBeforeClose(t *testing.T) {
	h := apptest.New(t, apptest.WithAppState("gov", govGenesis(10, 0, 3600, true)))
	want(t, h, "sh-operator", paramsSet(300), nil) // block 2, deadline at block 4's time
	id := lastID(t, h)
	h.Block()                                                                   // block 3
	want(t, h, "hk-operator", &gov.MsgApprove{ID: id}, codes.GovDeadlinePassed) // block 4
	if got := proposal(t, h, id).Status; got != gov.StatusExpired {
		t.Fatalf("status %s, want expired", got)
	}
}

// TestAllJurisdictionsDecide: a change of class all executes only when
// every jurisdiction approved; a vote may change; one rejection (m = 1)
// rejects.
func TestAllJurisdictionsDecide(t *testing.T) {
	h := apptest.New(t)
	want(t, h, "sh-operator", paramsSet(300), nil)
	id := lastID(t, h)
	want(t, h, "sg-operator", &gov.MsgApprove{ID: id}, nil)
	if v := proposal(t, h, id); v.Status != gov.StatusOpen || v.Tally.Approved != 2 || v.Tally.Needed != 3 {
		t.Fatalf("two of three: %s, tally %+v", v.Status, v.Tally)
	}
	if memberParams(t, h).PendingQuota == 300 {
		t.Fatal("executed before the third jurisdiction approved")
	}
	want(t, h, "sg-operator", &gov.MsgReject{ID: id}, nil)
	if v := proposal(t, h, id); v.Status != gov.StatusRejected {
		t.Fatalf("after SG's change to reject: %s, want rejected", v.Status)
	}
	want(t, h, "sh-operator", paramsSet(301), nil)
	id = lastID(t, h)
	want(t, h, "sg-operator", &gov.MsgApprove{ID: id}, nil)
	want(t, h, "hk-operator", &gov.MsgApprove{ID: id}, nil)
	v := proposal(t, h, id)
	if v.Status != gov.StatusExecuted || memberParams(t, h).PendingQuota != 301 {
		t.Fatalf("all three approved: %s, quota %d", v.Status, memberParams(t, h).PendingQuota)
	}
	if len(v.Votes) != 3 || len(v.Tally.Jurisdictions) != 3 {
		t.Fatalf("the record must keep every vote and a tally per jurisdiction: %+v", v)
	}
}

// TestMinimumDelayAndWindow: a passed proposal waits for its minimum
// delay; one that cannot execute within its window expires.
func TestMinimumDelayAndWindow(t *testing.T) {
	h := apptest.New(t, apptest.WithAppState("gov", govGenesis(3600, 20, 10, true)))
	want(t, h, "sg-operator", &gov.MsgPropose{Kind: gov.KindValidatorPower, Change: gov.Change{Validator: consAddr("validator"), Power: 12}}, nil)
	id := lastID(t, h)
	if got := proposal(t, h, id).Status; got != gov.StatusOpen {
		t.Fatalf("before the delay: %s", got)
	}
	var updated bool
	for i := 0; i < 5 && !updated; i++ {
		res := h.Block()
		updated = len(res.ValidatorUpdates) == 1 && res.ValidatorUpdates[0].Power == 12
	}
	if !updated || proposal(t, h, id).Status != gov.StatusExecuted {
		t.Fatal("no validator update after the minimum delay")
	}
	// Window: a power change of a key that a rekey (executing first, in
	// id order) replaces can no longer execute, and expires when its
	// execution window closes.
	nk := apptest.ValidatorKey("new").PubKey().Bytes()
	want(t, h, "sg-operator", &gov.MsgPropose{Kind: gov.KindValidatorRekey, Change: gov.Change{Validator: consAddr("validator"), PubKey: nk}}, nil)
	second := lastID(t, h)
	want(t, h, "sg-operator", &gov.MsgPropose{Kind: gov.KindValidatorPower, Change: gov.Change{Validator: consAddr("validator"), Power: 11}}, nil)
	first := lastID(t, h)
	for i := 0; i < 10; i++ {
		h.Block()
	}
	if got := proposal(t, h, second).Status; got != gov.StatusExecuted {
		t.Fatalf("rekey: %s (%s)", got, proposal(t, h, second).Reason)
	}
	if got := proposal(t, h, first); got.Status != gov.StatusExpired || !strings.Contains(got.Reason, "execution window") {
		t.Fatalf("the power change of the replaced key: %s (%s), want expired in its execution window", got.Status, got.Reason)
	}
}

// TestRetallyWhenAnOperatorLeaves: only the votes of operators active now
// count.
func TestRetallyWhenAnOperatorLeaves(t *testing.T) {
	h := apptest.New(t)
	op2 := apptest.KeyFor("sg-op2")
	want(t, h, "sg-operator", &gov.MsgPropose{Kind: gov.KindOperatorAdd, Change: gov.Change{Jurisdiction: "SG", Keys: []secp.PubKey{op2.PubKey()}, Name: "sg-op2"}}, nil)
	h.Keys["sg-op2"] = op2
	want(t, h, "sh-operator", paramsSet(300), nil)
	id := lastID(t, h)
	want(t, h, "sg-op2", &gov.MsgApprove{ID: id}, nil)
	if v := proposal(t, h, id); v.Tally.Approved != 2 {
		t.Fatalf("SG approved through its second operator: tally %+v", v.Tally)
	}
	want(t, h, "sg-operator", &gov.MsgPropose{Kind: gov.KindOperatorRemove, Change: gov.Change{Operator: op2.PubKey().Address()}}, nil)
	v := proposal(t, h, id)
	if v.Tally.Approved != 1 || len(v.Votes) != 2 {
		t.Fatalf("after the operator left: tally %+v, votes %d (the vote stays on record, uncounted)", v.Tally, len(v.Votes))
	}
	want(t, h, "hk-operator", &gov.MsgApprove{ID: id}, nil)
	if got := proposal(t, h, id).Status; got != gov.StatusOpen {
		t.Fatalf("SG's approval left with its operator: %s, want open", got)
	}
	want(t, h, "sg-operator", &gov.MsgApprove{ID: id}, nil)
	if got := proposal(t, h, id).Status; got != gov.StatusExecuted {
		t.Fatalf("status %s, want executed", got)
	}
}

// TestClassChangeAborts: an open proposal whose class rule changes is
// aborted.
func TestClassChangeAborts(t *testing.T) {
	h := apptest.New(t)
	want(t, h, "sh-operator", paramsSet(300), nil)
	open := lastID(t, h)
	want(t, h, "sh-operator", &gov.MsgPropose{Kind: gov.KindClassSet, Change: gov.Change{Class: gov.ClassAll, Num: 2, Den: 3}}, nil)
	cs := lastID(t, h)
	want(t, h, "sg-operator", &gov.MsgApprove{ID: cs}, nil)
	want(t, h, "hk-operator", &gov.MsgApprove{ID: cs}, nil)
	if got := proposal(t, h, cs).Status; got != gov.StatusExecuted {
		t.Fatalf("class change: %s", got)
	}
	if v := proposal(t, h, open); v.Status != gov.StatusAborted {
		t.Fatalf("open proposal of the changed class: %s, want aborted", v.Status)
	}
	// Under the new rule two of three suffice.
	want(t, h, "sh-operator", paramsSet(302), nil)
	id := lastID(t, h)
	want(t, h, "hk-operator", &gov.MsgApprove{ID: id}, nil)
	if got := proposal(t, h, id).Status; got != gov.StatusExecuted {
		t.Fatalf("2 of 3 under the new rule: %s", got)
	}
}

// TestQuota: an operator has at most proposal_quota open proposals.
func TestQuota(t *testing.T) {
	h := apptest.New(t)
	for i := 0; i < int(gov.DefaultParams().ProposalQuota); i++ {
		want(t, h, "sh-operator", paramsSet(uint64(300+i)), nil)
	}
	want(t, h, "sh-operator", paramsSet(400), codes.GovQuotaExceeded)
	want(t, h, "sh-operator", &gov.MsgWithdraw{ID: 1}, nil)
	want(t, h, "sh-operator", paramsSet(400), nil)
}

// TestEvictionByTheOthers: a validator with misbehaviour on record is
// removed by two thirds of the other jurisdictions; its own does not vote.
func TestEvictionByTheOthers(t *testing.T) {
	h := apptest.New(t, cities())
	hk := apptest.ValidatorKey("hongkong").PubKey()
	h.BlockWith(misbehaviour(hk.Address(), h.Height))
	want(t, h, "sh-operator", &gov.MsgPropose{Kind: gov.KindValidatorEvict, Change: gov.Change{Validator: consAddr("hongkong"), Info: "double sign"}}, codes.GovInvariant)
	// HK would lose its only validator; give it a second first.
	want(t, h, "hk-operator", &gov.MsgPropose{Kind: gov.KindValidatorAdd, Change: gov.Change{Jurisdiction: "HK", Name: "kowloon", PubKey: apptest.ValidatorKey("kowloon").PubKey().Bytes(), Power: 10}}, nil)
	want(t, h, "sh-operator", &gov.MsgPropose{Kind: gov.KindValidatorEvict, Change: gov.Change{Validator: consAddr("hongkong")}}, nil)
	id := lastID(t, h)
	want(t, h, "hk-operator", &gov.MsgReject{ID: id}, codes.GovNotElector)
	res := h.Block(h.Tx("sg-operator", &gov.MsgApprove{ID: id}))
	if res.TxResults[0].Code != 0 || proposal(t, h, id).Status != gov.StatusExecuted {
		t.Fatalf("eviction: %s", proposal(t, h, id).Status)
	}
	if len(res.ValidatorUpdates) != 1 || !bytes.Equal(res.ValidatorUpdates[0].PubKey.GetEd25519(), hk.Bytes()) || res.ValidatorUpdates[0].Power != 0 {
		t.Fatalf("validator updates %v, want hongkong at power 0", res.ValidatorUpdates)
	}
	for _, v := range validators(t, h) {
		if v.Name == "hongkong" {
			t.Fatal("the evicted validator is still on record")
		}
	}
}

// TestRekeyAndConsensusUpdates: a consensus-key replacement is one removal
// and one addition in the same block; consensus parameters reach
// CometBFT's update field.
func TestRekeyAndConsensusUpdates(t *testing.T) {
	h := apptest.New(t)
	nk := apptest.ValidatorKey("sg-new").PubKey().(ed25519.PubKey)
	res := h.Block(h.Tx("sg-operator", &gov.MsgPropose{Kind: gov.KindValidatorRekey, Change: gov.Change{Validator: consAddr("validator"), PubKey: nk.Bytes()}}))
	if len(res.ValidatorUpdates) != 2 {
		t.Fatalf("rekey: %d updates, want 2 (%s)", len(res.ValidatorUpdates), res.TxResults[0].Log)
	}
	var sawOld, sawNew bool
	for _, u := range res.ValidatorUpdates {
		sawOld = sawOld || (bytes.Equal(u.PubKey.GetEd25519(), apptest.ValidatorKey("validator").PubKey().Bytes()) && u.Power == 0)
		sawNew = sawNew || (bytes.Equal(u.PubKey.GetEd25519(), nk.Bytes()) && u.Power == 10)
	}
	if !sawOld || !sawNew {
		t.Fatalf("updates %v", res.ValidatorUpdates)
	}
	cp := &gov.ConsensusParams{BlockMaxBytes: 2 << 20, BlockMaxGas: -1, EvidenceMaxAgeBlocks: 1000, EvidenceMaxAgeSeconds: 3600, EvidenceMaxBytes: 1 << 20}
	want(t, h, "sh-operator", &gov.MsgPropose{Kind: gov.KindConsensusSet, Change: gov.Change{Consensus: cp}}, nil)
	id := lastID(t, h)
	want(t, h, "sg-operator", &gov.MsgApprove{ID: id}, nil)
	res = h.Block(h.Tx("hk-operator", &gov.MsgApprove{ID: id}))
	u := res.ConsensusParamUpdates
	if u == nil || u.Block.MaxBytes != 2<<20 || u.Evidence.MaxAgeNumBlocks != 1000 {
		t.Fatalf("consensus updates %v", u)
	}
	bad := *cp
	bad.EvidenceMaxBytes = 4 << 20
	want(t, h, "sh-operator", &gov.MsgPropose{Kind: gov.KindConsensusSet, Change: gov.Change{Consensus: &bad}}, codes.GovBadChange)
	unbounded := *cp
	unbounded.BlockMaxBytes, unbounded.EvidenceMaxBytes = -1, 200<<20 // CometBFT's bound for -1 is 100 MB
	want(t, h, "sh-operator", &gov.MsgPropose{Kind: gov.KindConsensusSet, Change: gov.Change{Consensus: &unbounded}}, codes.GovBadChange)
}

// TestJurisdictionAdd: a new jurisdiction with its first operator, added
// by all three; its operator then acts for it.
func TestJurisdictionAdd(t *testing.T) {
	h := apptest.New(t, cities())
	nz := apptest.KeyFor("nz-operator")
	want(t, h, "sh-operator", &gov.MsgPropose{Kind: gov.KindJurisdictionAdd, Change: gov.Change{Jurisdiction: "NZ", Name: "New Zealand", Keys: []secp.PubKey{nz.PubKey()}}}, nil)
	id := lastID(t, h)
	want(t, h, "sg-operator", &gov.MsgApprove{ID: id}, nil)
	want(t, h, "hk-operator", &gov.MsgApprove{ID: id}, nil)
	if got := proposal(t, h, id).Status; got != gov.StatusExecuted {
		t.Fatalf("NZ: %s", got)
	}
	h.Keys["nz-operator"] = nz
	res := h.Block(h.Tx("nz-operator", &gov.MsgPropose{Kind: gov.KindValidatorAdd, Change: gov.Change{Jurisdiction: "NZ", Name: "auckland", PubKey: apptest.ValidatorKey("auckland").PubKey().Bytes(), Power: 10}}))
	if res.TxResults[0].Code != 0 || len(res.ValidatorUpdates) != 1 {
		t.Fatalf("NZ's validator: %s, updates %v", res.TxResults[0].Log, res.ValidatorUpdates)
	}
	// NZ now votes on class all: four jurisdictions.
	want(t, h, "sh-operator", paramsSet(300), nil)
	if v := proposal(t, h, lastID(t, h)); len(v.Tally.Jurisdictions) != 4 {
		t.Fatalf("electorate %+v, want 4 jurisdictions", v.Tally.Jurisdictions)
	}
	// NZ, now seated, cannot lose its only validator.
	want(t, h, "nz-operator", &gov.MsgPropose{Kind: gov.KindValidatorRemove, Change: gov.Change{Validator: consAddr("auckland")}}, codes.GovInvariant)
}

// TestUpgrade: a known upgrade runs its handler at its height; an unknown
// one stops the application there and writes upgrade-info.json.
func TestUpgrade(t *testing.T) {
	h := apptest.New(t)
	at := h.Height + 6
	want(t, h, "sh-operator", &gov.MsgPropose{Kind: gov.KindUpgradeSchedule, Change: gov.Change{Name: gov.UpgradeV2, Height: at, Info: "v2"}}, nil)
	id := lastID(t, h)
	want(t, h, "sg-operator", &gov.MsgApprove{ID: id}, nil)
	want(t, h, "hk-operator", &gov.MsgApprove{ID: id}, nil)
	want(t, h, "sh-operator", &gov.MsgPropose{Kind: gov.KindUpgradeSchedule, Change: gov.Change{Name: "other", Height: at + 10}}, codes.GovUpgradeScheduled)
	for h.Height < at {
		h.Block()
	}
	if q := memberParams(t, h).PendingQuota; q != 512 {
		t.Fatalf("after %s: pending quota %d, want 512", gov.UpgradeV2, q)
	}
	// An upgrade this binary does not know.
	want(t, h, "sh-operator", &gov.MsgPropose{Kind: gov.KindUpgradeSchedule, Change: gov.Change{Name: "unknown-v3", Height: h.Height + 4}}, nil)
	id = lastID(t, h)
	want(t, h, "sg-operator", &gov.MsgApprove{ID: id}, nil)
	want(t, h, "hk-operator", &gov.MsgApprove{ID: id}, nil)
	halt := h.Height + 1
	_, err := h.App.FinalizeBlock(t.Context(), finalize(h, halt))
	if err == nil || !strings.Contains(err.Error(), "unknown-v3") {
		t.Fatalf("FinalizeBlock at the upgrade height: %v, want the upgrade-needed halt", err)
	}
	b, rerr := os.ReadFile(filepath.Join(h.Dir, "upgrade-info.json"))
	if rerr != nil || !strings.Contains(string(b), `"name":"unknown-v3"`) || !strings.Contains(string(b), `"height":`) {
		t.Fatalf("upgrade-info.json: %s %v", b, rerr)
	}
}

// TestOperatorKeysAndEvictions: an operator's lost key replaced by its
// jurisdiction; an operator evicted by the others; a validator suspended
// (power 0, record kept); an upgrade cancelled; a jurisdiction removed.
func TestOperatorKeysAndEvictions(t *testing.T) {
	h := apptest.New(t, cities())
	op2, op2new := apptest.KeyFor("sg-op2"), apptest.KeyFor("sg-op2-new")
	want(t, h, "sg-operator", &gov.MsgPropose{Kind: gov.KindOperatorAdd, Change: gov.Change{Jurisdiction: "SG", Keys: []secp.PubKey{op2.PubKey()}}}, nil)
	want(t, h, "sg-operator", &gov.MsgPropose{Kind: gov.KindOperatorRekey, Change: gov.Change{Operator: op2.PubKey().Address(), Keys: []secp.PubKey{op2new.PubKey()}}}, nil)
	h.Keys["sg-op2"] = op2new
	want(t, h, "sg-op2", paramsSet(300), nil) // the new key signs for the same operator

	// The others evict SG's second operator; SG does not vote on it.
	want(t, h, "sh-operator", &gov.MsgPropose{Kind: gov.KindOperatorEvict, Change: gov.Change{Operator: op2.PubKey().Address(), Info: "leaked key"}}, nil)
	id := lastID(t, h)
	want(t, h, "sg-operator", &gov.MsgApprove{ID: id}, codes.GovNotElector)
	want(t, h, "hk-operator", &gov.MsgApprove{ID: id}, nil)
	if got := proposal(t, h, id).Status; got != gov.StatusExecuted {
		t.Fatalf("operator eviction: %s", got)
	}
	want(t, h, "sg-op2", paramsSet(301), codes.TxSuspendedSigner)

	// A suspended validator keeps its record at power 0.
	want(t, h, "sh-operator", &gov.MsgPropose{Kind: gov.KindValidatorAdd, Change: gov.Change{Jurisdiction: "CN-SH", Name: "pudong", PubKey: apptest.ValidatorKey("pudong").PubKey().Bytes(), Power: 20}}, codes.GovInvariant) // CN-SH 40 of 60
	h.BlockWith(misbehaviour(apptest.ValidatorKey("lingang").PubKey().Address(), h.Height))
	want(t, h, "sg-operator", &gov.MsgPropose{Kind: gov.KindValidatorEvict, Change: gov.Change{Validator: consAddr("lingang"), Suspend: true}}, nil)
	id = lastID(t, h)
	res := h.Block(h.Tx("hk-operator", &gov.MsgApprove{ID: id}))
	if len(res.ValidatorUpdates) != 1 || res.ValidatorUpdates[0].Power != 0 {
		t.Fatalf("suspension: updates %v (%s)", res.ValidatorUpdates, proposal(t, h, id).Status)
	}
	var found bool
	for _, v := range validators(t, h) {
		found = found || (v.Name == "lingang" && v.Power == 0)
	}
	if !found {
		t.Fatal("the suspended validator's record is gone")
	}
	want(t, h, "sh-operator", &gov.MsgPropose{Kind: gov.KindValidatorPower, Change: gov.Change{Validator: consAddr("lingang"), Power: 5}}, codes.GovUnknownTarget)

	// An upgrade scheduled, then cancelled.
	for _, m := range []*gov.MsgPropose{
		{Kind: gov.KindUpgradeSchedule, Change: gov.Change{Name: "v9", Height: h.Height + 100}},
		{Kind: gov.KindUpgradeCancel, Change: gov.Change{Name: "v9"}},
	} {
		want(t, h, "sh-operator", m, nil)
		id := lastID(t, h)
		want(t, h, "sg-operator", &gov.MsgApprove{ID: id}, nil)
		want(t, h, "hk-operator", &gov.MsgApprove{ID: id}, nil)
		if got := proposal(t, h, id).Status; got != gov.StatusExecuted {
			t.Fatalf("%s: %s", m.Kind, got)
		}
	}
	var s gov.Settings
	if h.Query(paths.Gov(), &s); s.Upgrade != nil {
		t.Fatalf("the cancelled upgrade is still scheduled: %+v", s.Upgrade)
	}
	// Removing HK leaves CN-SH 10 (lingang is suspended) and SG 10: one
	// half each, allowed; HK's members are suspended, its validator leaves.
	want(t, h, "sh-operator", &gov.MsgPropose{Kind: gov.KindJurisdictionRemove, Change: gov.Change{Jurisdiction: "HK"}}, nil)
	id = lastID(t, h)
	want(t, h, "sg-operator", &gov.MsgApprove{ID: id}, nil)
	res = h.Block(h.Tx("hk-operator", &gov.MsgApprove{ID: id}))
	if proposal(t, h, id).Status != gov.StatusExecuted || len(res.ValidatorUpdates) != 1 {
		t.Fatalf("jurisdiction-remove: %s, updates %v", proposal(t, h, id).Status, res.ValidatorUpdates)
	}
	want(t, h, "hk-trader", paramsSet(1), codes.TxSuspendedSigner)
}
