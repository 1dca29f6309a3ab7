package recognition

import (
	"github.com/corridor-trade/corridor/codec"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/store"
)

// AttesterRule returns the rule by which in recognises attester.
func AttesterRule(kv store.KV, in string, attester secp.Address) (Rule, bool) {
	var r Rule
	ok := kit.Get(kv, AttesterRuleKey(in, attester), &r)
	return r, ok
}

// JurisdictionRule returns the rule by which in recognises every attester
// of jurisdiction of.
func JurisdictionRule(kv store.KV, in, of string) (Rule, bool) {
	var r Rule
	ok := kit.Get(kv, JurisdictionRuleKey(in, of), &r)
	return r, ok
}

// AcceptedProfiles returns the profiles in accepts (an empty rule when it
// declared none).
func AcceptedProfiles(kv store.KV, in string) (ProfileRule, bool) {
	var p ProfileRule
	ok := kit.Get(kv, ProfilesKey(in), &p)
	if !ok {
		p.In = in
	}
	return p, ok
}

// Rules returns every rule of jurisdiction in, attester rules in address
// order and jurisdiction rules in code order.
func Rules(kv store.KV, in string) RuleSet {
	rs := RuleSet{Jurisdiction: in, Attesters: []Rule{}, Jurisdictions: []Rule{}}
	rs.Attesters = append(rs.Attesters, loadRules(kv, attesterRulePrefix(in))...)
	rs.Jurisdictions = append(rs.Jurisdictions, loadRules(kv, jurisdictionRulePrefix(in))...)
	rs.Profiles, _ = AcceptedProfiles(kv, in)
	return rs
}

func loadRules(kv store.KV, prefix []byte) []Rule {
	var out []Rule
	store.IteratePrefix(kv, prefix, func(k, v []byte) bool {
		var r Rule
		if err := codec.Unmarshal(v, &r); err != nil {
			panic(&kit.CorruptState{Key: k, Err: err})
		}
		out = append(out, r)
		return true
	})
	return out
}

// Recognised reports whether jurisdiction in recognises an attester of
// jurisdiction attesterJurisdiction for claim, and by which rule: its own
// jurisdiction first, then an attester rule, then a jurisdiction rule.
func Recognised(kv store.KV, in string, attester secp.Address, attesterJurisdiction, claim string) (rule string, ok bool) {
	if attesterJurisdiction == in {
		return in + ":" + KindOwn, true
	}
	if r, found := AttesterRule(kv, in, attester); found && r.Covers(claim) {
		return r.Name(), true
	}
	if r, found := JurisdictionRule(kv, in, attesterJurisdiction); found && r.Covers(claim) {
		return r.Name(), true
	}
	return "", false
}
