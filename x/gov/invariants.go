package gov

import (
	"fmt"

	"github.com/corridor-trade/corridor/x/kit/store"
	"github.com/corridor-trade/corridor/x/membership"
)

// CheckInvariants checks the network's invariants on kv: every
// jurisdiction has an active operator and at least its threshold of them;
// every seated jurisdiction (one that has had a validator) keeps one;
// every validator's power is within 1..max_validator_power (0 for a
// suspended one) and the total within max_total_power; and no
// jurisdiction holds two thirds or more of the power, so that none can
// commit blocks alone. With params.devnet, validators of one jurisdiction
// only are allowed instead, and the last two rules do not apply.
func CheckInvariants(kv store.KV) error {
	p := GetParams(kv)
	js := membership.Jurisdictions(kv)
	known := map[string]bool{}
	for _, j := range js {
		known[j.Code] = true
	}
	power := map[string]int64{}
	var total int64
	for _, v := range membership.Validators(kv) {
		if !known[v.Jurisdiction] {
			return fmt.Errorf("validator %s belongs to no jurisdiction (%s)", v.Name, v.Jurisdiction)
		}
		if v.Power < 0 || v.Power > p.MaxValidatorPower {
			return fmt.Errorf("validator %s would have power %d, outside 1..%d (gov.params.max_validator_power)", v.Name, v.Power, p.MaxValidatorPower)
		}
		power[v.Jurisdiction] += v.Power
		total += v.Power
	}
	if total <= 0 {
		return fmt.Errorf("no validator with power would remain")
	}
	if total > p.MaxTotalPower {
		return fmt.Errorf("the total power would be %d, above %d (gov.params.max_total_power)", total, p.MaxTotalPower)
	}
	withPower := 0
	for _, j := range js {
		n := uint64(len(membership.Operators(kv, j.Code)))
		if n == 0 {
			return fmt.Errorf("jurisdiction %s would have no active operator", j.Code)
		}
		if m := ThresholdOf(kv, j.Code); m > n {
			return fmt.Errorf("jurisdiction %s's threshold (%d of its operators) would exceed its %d active operators", j.Code, m, n)
		}
		if power[j.Code] > 0 {
			withPower++
		}
	}
	if p.Devnet {
		if withPower > 1 {
			return fmt.Errorf("gov.params.devnet is set, which allows validators of one jurisdiction only, but validators of %d jurisdictions would exist; a network of several jurisdictions needs devnet false", withPower)
		}
		return nil
	}
	for _, j := range js {
		if seated(kv, j.Code) && power[j.Code] == 0 {
			return fmt.Errorf("jurisdiction %s would have no validator", j.Code)
		}
		if 3*power[j.Code] >= 2*total {
			return fmt.Errorf("jurisdiction %s would hold %d of %d voting power, two thirds or more: it could commit blocks alone", j.Code, power[j.Code], total)
		}
	}
	return nil
}
