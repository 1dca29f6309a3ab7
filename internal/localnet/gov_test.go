package localnet_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/internal/localnet"
	"github.com/corridor-trade/corridor/x/gov"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/paths"
	"github.com/corridor-trade/corridor/x/membership"
)

// govNet starts the 4-validator network with a gov genesis whose voting
// period is short enough to watch a proposal expire.
func govNet(t *testing.T, voting int64) *localnet.Network {
	t.Helper()
	p := gov.DefaultParams()
	p.VotingPeriodSeconds = voting
	b, _ := json.Marshal(gov.Genesis{Params: &p})
	net := localnet.Start(t, localnet.Options{AppState: map[string]json.RawMessage{"gov": b}})
	net.WaitForHeight(2, 2*time.Minute)
	return net
}

// submit sends msg signed with key through node 0 and waits for its
// commit; code is the wanted result (nil for success).
func submit(t *testing.T, net *localnet.Network, key *secp.PrivKey, msg kit.Msg, code *codes.Error) *client.Result {
	t.Helper()
	res, err := net.Client(0).Submit(context.Background(), key, client.SubmitOptions{Wait: 90 * time.Second}, msg)
	if err != nil {
		t.Fatalf("%s: %v", msg.Type(), err)
	}
	if code == nil && !res.OK() || code != nil && (res.Code != code.Code || res.Codespace != code.Codespace) {
		t.Fatalf("%s: code %s/%d (%s), want %v", msg.Type(), res.Codespace, res.Code, res.Log, code)
	}
	return res
}

func lastProposal(t *testing.T, net *localnet.Network) gov.View {
	t.Helper()
	var all []gov.View
	if err := net.Client(0).Query(context.Background(), paths.Proposals("", ""), &all); err != nil || len(all) == 0 {
		t.Fatalf("proposals: %v (%d)", err, len(all))
	}
	return all[len(all)-1]
}

// waitStatus waits until proposal id has the status.
func waitStatus(t *testing.T, net *localnet.Network, id uint64, status string, timeout time.Duration) gov.View {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		var v gov.View
		err := net.Client(0).Query(context.Background(), paths.Proposal(id), &v)
		if err == nil && v.Status == status {
			return v
		}
		if time.Now().After(deadline) {
			t.Fatalf("proposal %d: status %q (err %v), want %s", id, v.Status, err, status)
		}
		time.Sleep(300 * time.Millisecond)
	}
}

// waitSigned waits until a commit seen by node i carries a signature of
// the validator address.
func waitSigned(t *testing.T, net *localnet.Network, i int, addr []byte, timeout time.Duration) int64 {
	t.Helper()
	ctx := context.Background()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		c, err := net.Client(i).RPC.Commit(ctx, nil)
		if err == nil {
			for _, s := range c.Commit.Signatures {
				if s.BlockIDFlag == cmttypes.BlockIDFlagCommit && bytes.Equal(s.ValidatorAddress, addr) {
					return c.Height
				}
			}
		}
		time.Sleep(500 * time.Millisecond)
	}
	t.Fatalf("no commit signed by %X within %s", addr, timeout)
	return 0
}

// TestGovernanceOnANetwork runs the partnership's changes on a real
// 4-validator network: New Zealand joins (jurisdiction by all three
// cities, its validator by itself) and its node signs; one city alone
// does not pass an all-jurisdiction change; a proposal expires; a proposal
// giving one city two thirds of the power is refused; a double-signing
// validator is removed by the other cities; a validator's consensus key is
// replaced without a halt.
func TestGovernanceOnANetwork(t *testing.T) {
	if testing.Short() {
		t.Skip("network test")
	}
	net := govNet(t, 40)
	sh, sg, hk := net.Keys["sh-operator"], net.Keys["sg-operator"], net.Keys["hk-operator"]

	// New Zealand, by all three cities.
	nzOp, _ := secp.GenPrivKey()
	submit(t, net, sh, &gov.MsgPropose{Kind: gov.KindJurisdictionAdd, Summary: "New Zealand joins",
		Change: gov.Change{Jurisdiction: "NZ", Name: "New Zealand", Keys: []secp.PubKey{nzOp.PubKey()}}}, nil)
	nzID := lastProposal(t, net).ID
	submit(t, net, sg, &gov.MsgApprove{ID: nzID}, nil)
	if v := lastProposal(t, net); v.Status != gov.StatusOpen || v.Tally.Approved != 2 {
		t.Fatalf("two cities of three: %s, tally %+v (one city short must not pass)", v.Status, v.Tally)
	}
	submit(t, net, hk, &gov.MsgApprove{ID: nzID}, nil)
	waitStatus(t, net, nzID, gov.StatusExecuted, time.Minute)

	// Its node joins as a full node and syncs; its operator adds it.
	nz, nzKey, err := net.AddNode("auckland", "")
	if err != nil {
		t.Fatal(err)
	}
	if err := net.StartNode(nz); err != nil {
		t.Fatal(err)
	}
	submit(t, net, nzOp, &gov.MsgPropose{Kind: gov.KindValidatorAdd,
		Change: gov.Change{Jurisdiction: "NZ", Name: "auckland", PubKey: nzKey.Bytes(), Power: 10}}, nil)
	waitStatus(t, net, lastProposal(t, net).ID, gov.StatusExecuted, time.Minute)
	h := waitSigned(t, net, 0, nzKey.Address(), 3*time.Minute)
	t.Logf("auckland (NZ) signs from height %d", h)
	if err := net.Client(nz).WaitForHeight(context.Background(), h, 2*time.Minute); err != nil {
		t.Fatalf("auckland did not sync: %v", err)
	}

	// Two thirds of the power for one city: refused at once.
	submit(t, net, sh, &gov.MsgPropose{Kind: gov.KindValidatorPower,
		Change: gov.Change{Validator: gov.ConsAddress(validatorKey(t, net, "shanghai")), Power: 100}}, codes.GovInvariant)

	// One city alone: the change stays open, then expires.
	submit(t, net, sg, &gov.MsgPropose{Kind: gov.KindParamsSet,
		Change: gov.Change{Params: &membership.Params{MaxTxBytes: 1 << 20, MaxMsgs: 64, PendingQuota: 300}}}, nil)
	lonely := lastProposal(t, net).ID
	waitStatus(t, net, lonely, gov.StatusExpired, 3*time.Minute)

	// A double-signing twin of lingang; the other cities remove lingang.
	twin, _, err := net.AddNode("lingang-twin", "lingang")
	if err != nil {
		t.Fatal(err)
	}
	if err := net.StartNode(twin); err != nil {
		t.Fatal(err)
	}
	lingang := gov.ConsAddress(validatorKey(t, net, "lingang"))
	waitMisbehaviour(t, net, lingang, 4*time.Minute)
	net.StopNode(twin)
	submit(t, net, sg, &gov.MsgPropose{Kind: gov.KindValidatorEvict, Change: gov.Change{Validator: lingang, Info: "duplicate votes"}}, nil)
	evict := lastProposal(t, net).ID
	// The others are SG, HK and NZ: two of the three suffice.
	submit(t, net, nzOp, &gov.MsgApprove{ID: evict}, nil)
	waitStatus(t, net, evict, gov.StatusExecuted, time.Minute)
	submit(t, net, hk, &gov.MsgApprove{ID: evict}, codes.GovNotOpen)

	// Singapore's consensus key replaced; the chain goes on throughout.
	sgIdx := 1
	newKey, err := net.NewKey(sgIdx)
	if err != nil {
		t.Fatal(err)
	}
	submit(t, net, sg, &gov.MsgPropose{Kind: gov.KindValidatorRekey,
		Change: gov.Change{Validator: gov.ConsAddress(validatorKey(t, net, "singapore")), PubKey: newKey.Bytes()}}, nil)
	waitStatus(t, net, lastProposal(t, net).ID, gov.StatusExecuted, time.Minute)
	net.StopNode(sgIdx)
	if err := net.UseNextKey(sgIdx); err != nil {
		t.Fatal(err)
	}
	if err := net.StartNode(sgIdx); err != nil {
		t.Fatal(err)
	}
	h = waitSigned(t, net, 0, newKey.Address(), 3*time.Minute)
	t.Logf("singapore signs with its new key from height %d", h)
	net.WaitForHeight(h+2, 2*time.Minute)
}

// validatorKey returns a validator's consensus key from the chain's record,
// asking node 0.
func validatorKey(t *testing.T, net *localnet.Network, name string) []byte {
	t.Helper()
	return validatorKeyVia(t, net, 0, name)
}

func waitMisbehaviour(t *testing.T, net *localnet.Network, addr []byte, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		var recs []membership.Misbehaviour
		if err := net.Client(0).Query(context.Background(), paths.Misbehaviour(fmt.Sprintf("%X", addr)), &recs); err == nil && len(recs) > 0 {
			t.Logf("misbehaviour on record: %s at height %d", recs[0].Kind, recs[0].Height)
			return
		}
		time.Sleep(time.Second)
	}
	t.Fatalf("no misbehaviour recorded against %X within %s", addr, timeout)
}
