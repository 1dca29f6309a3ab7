package gov

import (
	"github.com/corridor-trade/corridor/x/kit/store"
	"github.com/corridor-trade/corridor/x/membership"
)

// Decisions of a jurisdiction and outcomes of a tally.
const (
	DecisionApproved = "approved"
	DecisionRejected = "rejected"
	DecisionPending  = "pending"
	OutcomePassed    = "passed"
	OutcomeRejected  = "rejected"
	OutcomePending   = "pending"
)

// Electorate returns the jurisdictions that vote on p, in code order:
// every jurisdiction (all), every one but the jurisdiction concerned
// (others), or the jurisdiction concerned alone (own).
func Electorate(kv store.KV, p *Proposal) []string {
	if p.Class == ClassOwn {
		return []string{p.Concerned}
	}
	var out []string
	for _, j := range membership.Jurisdictions(kv) {
		if p.Class == ClassOthers && j.Code == p.Concerned {
			continue
		}
		out = append(out, j.Code)
	}
	return out
}

// Count tallies p against the current operators and thresholds: only the
// votes of operators active now count, so an operator who left no longer
// counts and a changed threshold applies at once. The votes themselves
// stay on record.
func Count(kv store.KV, p *Proposal) Tally {
	var t Tally
	for _, code := range Electorate(kv, p) {
		ops := membership.Operators(kv, code)
		jt := JurisdictionTally{Jurisdiction: code, Operators: uint64(len(ops)), Threshold: ThresholdOf(kv, code)}
		for _, v := range p.Votes {
			if !isOperator(ops, v) {
				continue
			}
			if v.Approve {
				jt.Approve++
			} else {
				jt.Reject++
			}
		}
		switch {
		case jt.Approve >= jt.Threshold:
			jt.Decision = DecisionApproved
			t.Approved++
		case jt.Threshold > jt.Operators || jt.Reject > jt.Operators-jt.Threshold:
			jt.Decision = DecisionRejected
			t.Rejected++
		default:
			jt.Decision = DecisionPending
		}
		t.Jurisdictions = append(t.Jurisdictions, jt)
	}
	electorate := uint64(len(t.Jurisdictions))
	t.Needed = p.Rule.Needed(electorate)
	switch {
	case electorate > 0 && t.Approved >= t.Needed:
		t.Outcome = OutcomePassed
	case electorate-t.Rejected < t.Needed:
		t.Outcome = OutcomeRejected
	default:
		t.Outcome = OutcomePending
	}
	return t
}

func isOperator(ops []membership.Member, v Vote) bool {
	for i := range ops {
		if ops[i].Address == v.Voter && ops[i].Jurisdiction == v.Jurisdiction {
			return true
		}
	}
	return false
}
