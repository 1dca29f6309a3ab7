package gov_test

import (
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/corridor-trade/corridor/app/apptest"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/x/gov"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/paths"
	"github.com/corridor-trade/corridor/x/membership"
)

// want delivers msg signed by signer and requires the given code (nil
// for success), returning the result.
func want(t *testing.T, h *apptest.Harness, signer string, msg kit.Msg, code *codes.Error) *abci.ExecTxResult {
	t.Helper()
	res := h.Deliver(signer, msg)
	if code == nil {
		if res.Code != 0 {
			t.Fatalf("%s %s: code %s/%d: %s", signer, msg.Type(), res.Codespace, res.Code, res.Log)
		}
		return res
	}
	if res.Code != code.Code || res.Codespace != code.Codespace {
		t.Fatalf("%s %s: got %s/%d (%s), want %s", signer, msg.Type(), res.Codespace, res.Code, res.Log, code.Error())
	}
	return res
}

func proposal(t *testing.T, h *apptest.Harness, id uint64) gov.View {
	t.Helper()
	var v gov.View
	if res := h.Query(paths.Proposal(id), &v); res.Code != 0 {
		t.Fatalf("query proposal %d: %s", id, res.Log)
	}
	return v
}

func lastID(t *testing.T, h *apptest.Harness) uint64 {
	t.Helper()
	var all []gov.View
	h.Query(paths.Proposals("", ""), &all)
	if len(all) == 0 {
		t.Fatal("no proposal")
	}
	return all[len(all)-1].ID
}

func validators(t *testing.T, h *apptest.Harness) []membership.Validator {
	t.Helper()
	var vs []membership.Validator
	h.Query(paths.Validators(), &vs)
	return vs
}

func memberParams(t *testing.T, h *apptest.Harness) membership.Params {
	t.Helper()
	var p membership.Params
	h.Query(paths.Params(), &p)
	return p
}

func paramsSet(quota uint64) *gov.MsgPropose {
	return &gov.MsgPropose{Kind: gov.KindParamsSet, Change: gov.Change{Params: &membership.Params{MaxTxBytes: 1 << 20, MaxMsgs: 64, PendingQuota: quota}}}
}

// govGenesis is the default (non-devnet) gov genesis with adjusted times.
func govGenesis(voting, delay, window int64, devnet bool) gov.Genesis {
	p := gov.DefaultParams()
	p.VotingPeriodSeconds, p.MinDelaySeconds, p.ExecutionWindowSeconds, p.Devnet = voting, delay, window, devnet
	return gov.Genesis{Params: &p}
}

// cities is a network with a validator in each city and two in CN-SH,
// like the 4-validator test networks.
func cities() apptest.Option {
	return apptest.WithValidators(
		apptest.Validator{Name: "shanghai", Jurisdiction: "CN-SH", Power: 10},
		apptest.Validator{Name: "singapore", Jurisdiction: "SG", Power: 10},
		apptest.Validator{Name: "hongkong", Jurisdiction: "HK", Power: 10},
		apptest.Validator{Name: "lingang", Jurisdiction: "CN-SH", Power: 10})
}

func consAddr(name string) kit.HexBytes {
	return gov.ConsAddress(apptest.ValidatorKey(name).PubKey().Bytes())
}

func misbehaviour(addr []byte, height int64) *abci.RequestFinalizeBlock {
	return &abci.RequestFinalizeBlock{Misbehavior: []abci.Misbehavior{{Type: abci.MisbehaviorType_DUPLICATE_VOTE,
		Validator: abci.Validator{Address: addr, Power: 10}, Height: height}}}
}

func finalize(h *apptest.Harness, height int64) *abci.RequestFinalizeBlock {
	return &abci.RequestFinalizeBlock{Height: height, Time: apptest.GenesisTime.Add(time.Duration(height-1) * 5 * time.Second)}
}
