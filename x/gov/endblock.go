package gov

import (
	"bytes"
	"sort"
	"time"

	"github.com/corridor-trade/corridor/x/kit"
)

// EndBlock walks the open proposals in id order at the end of each block:
// it aborts those whose class rule changed since submission, closes those
// now rejected or past their deadline, and executes those that passed
// (after their minimum delay, within the execution window). The validator
// and consensus updates of the changes executed go to CometBFT.
func EndBlock(ctx *kit.Context) kit.BlockUpdates {
	params := GetParams(ctx.KV)
	now := TimeOf(ctx.Time)
	var out kit.BlockUpdates
	vals := map[string]int64{}
	for _, id := range OpenIDs(ctx.KV) {
		p, _ := GetProposal(ctx.KV, id)
		if p.Status != StatusOpen {
			continue // closed earlier in this loop (a class change aborts)
		}
		if GetClass(ctx.KV, p.Class) != p.Rule {
			closeProposal(ctx, &p, StatusAborted, "the rule of class "+p.Class+" changed during the vote")
			continue
		}
		t := Count(ctx.KV, &p)
		switch t.Outcome {
		case OutcomeRejected:
			closeProposal(ctx, &p, StatusRejected, "enough jurisdictions rejected it that it cannot pass")
			continue
		case OutcomePending:
			if now >= p.VotingEnds {
				closeProposal(ctx, &p, StatusExpired, "the voting deadline passed without enough approvals")
			} else if p.PassedAt != 0 {
				p.PassedAt = 0
				putProposal(ctx.KV, &p)
			}
			continue
		}
		if p.PassedAt == 0 {
			p.PassedAt = now
		}
		if now < p.ExecAfter {
			putProposal(ctx.KV, &p)
			continue
		}
		a, err := tryApply(ctx, &p)
		if err != nil {
			start := max(p.PassedAt, p.ExecAfter)
			window := Time(time.Duration(params.ExecutionWindowSeconds) * time.Second)
			if now > start+window {
				closeProposal(ctx, &p, StatusExpired, "the execution window closed: "+err.Error())
			} else {
				p.Reason = err.Error()
				putProposal(ctx.KV, &p)
			}
			continue
		}
		a.cache.Write()
		for _, u := range a.fx.validators {
			vals[string(u.PubKey)] = u.Power
		}
		if a.fx.consensus != nil {
			out.Consensus = a.fx.consensus
		}
		closeProposal(ctx, &p, StatusExecuted, "")
	}
	for k, power := range vals {
		out.Validators = append(out.Validators, kit.ValidatorUpdate{PubKey: []byte(k), Power: power})
	}
	sort.Slice(out.Validators, func(i, j int) bool { return bytes.Compare(out.Validators[i].PubKey, out.Validators[j].PubKey) < 0 })
	return out
}
