package api_test

import (
	"testing"

	"github.com/corridor-trade/corridor/x/gov"
	"github.com/corridor-trade/corridor/x/membership"
)

// TestGovReads: the proposals and one proposal with its votes and tally,
// checked against docs/openapi.yaml, and the refusals of bad arguments.
func TestGovReads(t *testing.T) {
	h := startHarness(t)
	h.submit("sh-operator", &gov.MsgPropose{Kind: gov.KindParamsSet, Summary: "more pending transactions",
		Change: gov.Change{Params: &membership.Params{MaxTxBytes: 1 << 20, MaxMsgs: 64, PendingQuota: 300}}})
	h.submit("sg-operator", &gov.MsgApprove{ID: 1})

	r := h.do(t, "GET", "/v1/gov/proposals?status=open", "", nil)
	var open []gov.View
	r.decode(t, &open)
	if r.Status != 200 || len(open) != 1 || open[0].ID != 1 || open[0].Tally.Approved != 2 || open[0].Tally.Needed != 3 {
		t.Fatalf("open proposals: %d %s", r.Status, r.Body)
	}
	r = h.do(t, "GET", "/v1/gov/proposals/1", "", nil)
	var one gov.View
	r.decode(t, &one)
	if r.Status != 200 || len(one.Votes) != 2 || len(one.Tally.Jurisdictions) != 3 {
		t.Fatalf("proposal 1: %d %s", r.Status, r.Body)
	}
	r = h.do(t, "GET", "/v1/gov/proposals?status=executed", "", nil)
	if r.Status != 200 || string(r.Body) != "[]" {
		t.Fatalf("executed proposals: %d %s", r.Status, r.Body)
	}
	if r := h.do(t, "GET", "/v1/gov/proposals/99", "", nil); r.Status != 404 || r.errorBody(t).Error != "query/not_found" {
		t.Fatalf("proposal 99: %d %s", r.Status, r.Body)
	}
	if r := h.do(t, "GET", "/v1/gov/proposals?kind=no-such-kind", "", nil); r.Status != 400 {
		t.Fatalf("unknown kind: %d %s", r.Status, r.Body)
	}
}
