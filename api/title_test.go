package api_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/corridor-trade/corridor/api"
	"github.com/corridor-trade/corridor/internal/localnet"
	"github.com/corridor-trade/corridor/internal/netgen"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/title"
)

// TestTitleReads: a record with its legs, the records of a holder and
// the legal-effect table, checked against docs/openapi.yaml, and the
// refusals of bad arguments.
func TestTitleReads(t *testing.T) {
	h := startHarnessOn(t, localnet.Options{Validators: 1, AppState: map[string]json.RawMessage{"title": netgen.SampleTitle()}}, api.Options{KeepAlive: 500 * time.Millisecond})
	shTrader := h.net.Keys["sh-trader"].PubKey().Address()
	doc := kit.Hash{7}
	h.submit("sh-trader", &title.MsgIssue{Kind: title.KindEBL, DocHash: doc, Owner: shTrader, Holder: shTrader})
	id := title.RecordID(shTrader, doc).String()

	r := h.do(t, "GET", "/v1/titles/"+id+"?route=CN-SH,SG,HK", "", nil)
	var v title.View
	r.decode(t, &v)
	if r.Status != 200 || v.State != title.StateActive || len(v.Route) != 3 || !v.Route[1].LegalEffect || v.Route[2].LegalEffect {
		t.Fatalf("record: %d %s", r.Status, r.Body)
	}
	r = h.do(t, "GET", "/v1/titles?holder="+shTrader.String(), "", nil)
	var held []title.View
	r.decode(t, &held)
	if r.Status != 200 || len(held) != 1 || held[0].ID.String() != id {
		t.Fatalf("held: %d %s", r.Status, r.Body)
	}
	r = h.do(t, "GET", "/v1/legal-effect", "", nil)
	var table []title.LegalEffect
	r.decode(t, &table)
	if r.Status != 200 || len(table) != 3 || table[0].Jurisdiction != "CN-SH" {
		t.Fatalf("table: %d %s", r.Status, r.Body)
	}
	if r := h.do(t, "GET", "/v1/legal-effect/HK", "", nil); r.Status != 200 || !strings.Contains(string(r.Body), "consultation") {
		t.Fatalf("HK: %d %s", r.Status, r.Body)
	}
	if r := h.do(t, "GET", "/v1/legal-effect/NZ", "", nil); r.Status != 404 {
		t.Fatalf("NZ: %d %s", r.Status, r.Body)
	}
	if r := h.do(t, "GET", "/v1/titles/"+id+"?route=cn,,", "", nil); r.Status != 400 {
		t.Fatalf("bad route: %d %s", r.Status, r.Body)
	}
	if r := h.do(t, "GET", "/v1/titles", "", nil); r.Status != 400 {
		t.Fatalf("no selector: %d %s", r.Status, r.Body)
	}
}
