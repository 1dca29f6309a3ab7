package export_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/corridor-trade/corridor/codec"
	"github.com/corridor-trade/corridor/x/export"
)

// FuzzParseRuleSet feeds arbitrary bytes to the rule-set decoder: it must
// never panic, and a rule set it accepts must survive the canonical
// encoding unchanged and decide a flow without panicking.
func FuzzParseRuleSet(f *testing.F) {
	sample, _ := json.Marshal(export.SampleRuleSet())
	f.Add(sample)
	f.Add([]byte(`{"jurisdiction":"CN-SH","version":1}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		rs, err := export.ParseRuleSet(b)
		if err != nil {
			return
		}
		raw := codec.Marshal(&export.MsgRules{RuleSet: rs})
		var back export.MsgRules
		if err := codec.Unmarshal(raw, &back); err != nil {
			t.Fatalf("accepted rule set does not decode from its encoding: %v", err)
		}
		if !reflect.DeepEqual(normal(back.RuleSet), normal(rs)) {
			t.Fatalf("round trip changed the rule set")
		}
		export.Decide(&rs, export.Input{Scenario: "s", Categories: []string{"c"}, Volumes: export.Volumes{Individuals: 1 << 40, Sensitive: ^uint64(0)}})
	})
}

// FuzzDecodeMsgRules feeds arbitrary bytes to the canonical decoder of the
// rule-set message: never a panic, and what decodes validates or is
// refused with a code.
func FuzzDecodeMsgRules(f *testing.F) {
	f.Add(codec.Marshal(&export.MsgRules{RuleSet: export.SampleRuleSet()}))
	f.Fuzz(func(t *testing.T, b []byte) {
		var m export.MsgRules
		if err := codec.Unmarshal(b, &m); err != nil {
			return
		}
		if err := m.ValidateBasic(); err == nil {
			if !reflect.DeepEqual(codec.Marshal(&m), b) {
				t.Fatal("a valid message has a second encoding")
			}
		}
	})
}

// normal maps empty lists to nil, as the canonical encoding does.
func normal(rs export.RuleSet) export.RuleSet {
	rules := make([]export.Rule, len(rs.Rules))
	for i, r := range rs.Rules {
		if len(r.Items) == 0 {
			r.Items = nil
		}
		rules[i] = r
	}
	rs.Rules = rules
	return rs
}

// FuzzParseGenesis feeds arbitrary bytes to the genesis decoder: never a
// panic, and what it accepts holds only valid rule sets.
func FuzzParseGenesis(f *testing.F) {
	g, _ := json.Marshal(export.Genesis{RuleSets: []export.RuleSet{export.SampleRuleSet()}})
	f.Add(g)
	f.Add([]byte(`{"rule_sets":[]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		gen, err := export.ParseGenesis(b)
		if err != nil {
			return
		}
		for i := range gen.RuleSets {
			if err := gen.RuleSets[i].Validate(); err != nil {
				t.Fatalf("accepted genesis holds an invalid rule set: %v", err)
			}
		}
	})
}
