package gov_test

import (
	"testing"

	"github.com/corridor-trade/corridor/codec"
	"github.com/corridor-trade/corridor/x/gov"
)

// FuzzParseGenesis: any input is refused or yields a genesis whose
// validation does not panic.
func FuzzParseGenesis(f *testing.F) {
	f.Add([]byte(`{"params":{"voting_period_seconds":60,"execution_window_seconds":60,"proposal_quota":1,"max_validator_power":1,"max_total_power":1,"devnet":true}}`))
	f.Add([]byte(`{"classes":[{"class":"others","num":2,"den":3}],"operator_thresholds":[{"jurisdiction":"SG","m":2}]}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		g, err := gov.ParseGenesis(raw)
		if err == nil {
			_ = g.Validate()
		}
	})
}

// FuzzProposeDecode: any bytes either fail to decode or give a message
// whose stateless checks do not panic and whose encoding round-trips.
func FuzzProposeDecode(f *testing.F) {
	f.Add(codec.Marshal(&gov.MsgPropose{Kind: gov.KindClassSet, Change: gov.Change{Class: "all", Num: 2, Den: 3}}))
	f.Fuzz(func(t *testing.T, raw []byte) {
		var m gov.MsgPropose
		if codec.Unmarshal(raw, &m) != nil {
			return
		}
		_ = m.ValidateBasic()
		var again gov.MsgPropose
		if err := codec.Unmarshal(codec.Marshal(&m), &again); err != nil {
			t.Fatalf("re-encoding does not decode: %v", err)
		}
	})
}
