package status_test

import (
	"context"
	"encoding/json"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/corridor-trade/corridor/app/apptest"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/x/kit/paths"
	"github.com/corridor-trade/corridor/x/status"
)

// TestABCIVersionInForceByHeight drives the real application: Shanghai's
// attester anchors list v1 then v2, and the status-list query answers v1
// at the height of the first block and v2 from the second on, so that a
// certificate made at either height proves the version it names.
func TestABCIVersionInForceByHeight(t *testing.T) {
	h := apptest.New(t)
	at := func(height int64) status.ListView {
		t.Helper()
		res, err := h.App.Query(context.Background(), &abci.RequestQuery{Path: paths.StatusList(listID.String(), ""), Height: height})
		if err != nil || res.Code != 0 {
			t.Fatalf("query at %d: %v %s", height, err, res.Log)
		}
		var v status.ListView
		if err := json.Unmarshal(res.Value, &v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	if r := h.Query(paths.StatusList(listID.String(), ""), nil); r.Code != codes.QueryNotFound.Code {
		t.Fatalf("an unanchored list answered %d %s", r.Code, r.Log)
	}
	if r := h.Deliver("sh-trader", anchor(1)); r.Code != codes.TxWrongRole.Code {
		t.Fatalf("a trader anchored a list: %d %s", r.Code, r.Log)
	}
	if r := h.Deliver("sh-attester", anchor(1)); r.Code != 0 {
		t.Fatalf("v1: %s", r.Log)
	}
	h1 := h.Height
	if r := h.Deliver("sh-attester", anchor(2)); r.Code != 0 {
		t.Fatalf("v2: %s", r.Log)
	}
	h2 := h.Height
	if r := h.Deliver("sg-attester", anchor(3)); r.Code != codes.StatusNotOwner.Code {
		t.Fatalf("another attester anchored a version: %d %s", r.Code, r.Log)
	}
	if v := at(h1); v.InForce != 1 || len(v.Versions) != 1 {
		t.Errorf("at height %d: in force %d of %d versions, want 1 of 1", h1, v.InForce, len(v.Versions))
	}
	if v := at(h2); v.InForce != 2 || len(v.Versions) != 2 || v.Versions[1].Anchored.Height != h2 {
		t.Errorf("at height %d: %+v, want version 2 in force", h2, v)
	}
	if v := at(0); v.InForce != 2 {
		t.Errorf("latest: in force %d, want 2", v.InForce)
	}
}
