package app_test

import (
	"testing"

	"github.com/corridor-trade/corridor/app/apptest"
)

// TestAnchorIndexesOnlySearchedAttributes pins which attributes of an
// anchor's events CometBFT's kv indexer gets a key for: the ones that the
// chain's own queries search by (tx.signer; invoice action, issuer, hash
// and status, as the relayer and the documented tx_search examples use).
// The others are still in the events, for /tx and /block_results readers.
// The index flag enters no hash (CometBFT's LastResultsHash covers a
// result's code, data and gas only), so this changes no app hash.
func TestAnchorIndexesOnlySearchedAttributes(t *testing.T) {
	h := apptest.New(t)
	res := h.Deliver("sg-trader", anchorMsg("events"))
	if res.Code != 0 {
		t.Fatalf("anchor: %d %s", res.Code, res.Log)
	}
	want := map[string]bool{
		"tx.signer": true, "tx.jurisdiction": false, "message.type": false,
		"invoice.action": true, "invoice.issuer": true, "invoice.hash": true, "invoice.status": true,
		"invoice.profile": false, "invoice.jurisdiction": false,
	}
	got := map[string]bool{}
	for _, ev := range res.Events {
		for _, a := range ev.Attributes {
			if a.Value == "" {
				t.Errorf("%s.%s is empty", ev.Type, a.Key)
			}
			got[ev.Type+"."+a.Key] = a.Index
		}
	}
	for k, idx := range want {
		g, ok := got[k]
		if !ok {
			t.Errorf("attribute %s missing from the events", k)
		} else if g != idx {
			t.Errorf("attribute %s indexed=%v, want %v", k, g, idx)
		}
	}
	if len(got) != len(want) {
		t.Errorf("attributes %v, want exactly %v", got, want)
	}
}
