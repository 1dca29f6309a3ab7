package app_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	cryptoenc "github.com/cometbft/cometbft/crypto/encoding"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/corridor-trade/corridor/app"
	"github.com/corridor-trade/corridor/app/apptest"
)

// exported returns the harness's state exported as a genesis, and the
// harness's validators as InitChain receives them.
func exported(t *testing.T) (*cmttypes.GenesisDoc, []abci.ValidatorUpdate) {
	h := apptest.New(t)
	wantCode(t, "anchor", h.Deliver("sg-trader", anchorMsg("x")).Code, "", nil)
	gen, err := h.App.ExportGenesis(0, "corridor-next-1", &cmttypes.GenesisDoc{ConsensusParams: cmttypes.DefaultConsensusParams()})
	if err != nil {
		t.Fatal(err)
	}
	var vals []abci.ValidatorUpdate
	for _, v := range gen.Validators {
		pk, _ := cryptoenc.PubKeyToProto(v.PubKey)
		vals = append(vals, abci.ValidatorUpdate{PubKey: pk, Power: v.Power})
	}
	return gen, vals
}

func initChain(t *testing.T, gen *cmttypes.GenesisDoc, appState []byte, vals []abci.ValidatorUpdate) error {
	a, err := app.New(app.Options{Dir: t.TempDir(), Backend: "memdb"})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	_, err = a.InitChain(context.Background(), &abci.RequestInitChain{ChainId: gen.ChainID, Time: gen.GenesisTime,
		InitialHeight: gen.InitialHeight, AppStateBytes: appState, Validators: vals})
	return err
}

// TestExportedStateIsChecked: an exported state imports as is; an edited
// record, an unknown dump format, a module section beside the dump and a
// validator that is not in the state are refused with a clear error.
func TestExportedStateIsChecked(t *testing.T) {
	gen, vals := exported(t)
	if gen.InitialHeight < 2 {
		t.Fatalf("initial height %d", gen.InitialHeight)
	}
	if err := initChain(t, gen, gen.AppState, vals); err != nil {
		t.Fatalf("import: %v", err)
	}
	edit := func(f func(st map[string]any)) []byte {
		var v map[string]any
		json.Unmarshal(gen.AppState, &v)
		f(v)
		b, _ := json.Marshal(v)
		return b
	}
	cases := map[string]struct {
		state []byte
		vals  []abci.ValidatorUpdate
		want  string
	}{
		"edited record": {edit(func(v map[string]any) {
			recs := v["state"].(map[string]any)["records"].([]any)
			recs[0].(map[string]any)["v"] = "AAAA"
		}), vals, "digest"},
		"old format":      {edit(func(v map[string]any) { v["state"].(map[string]any)["format"] = 0 }), vals, "format 0"},
		"module beside":   {edit(func(v map[string]any) { v["invoice"] = map[string]any{} }), vals, "replaces every module section"},
		"other validator": {gen.AppState, []abci.ValidatorUpdate{{PubKey: vals[0].PubKey, Power: vals[0].Power + 1}}, "not a validator of the exported state"},
	}
	for name, c := range cases {
		err := initChain(t, gen, c.state, c.vals)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error containing %q", name, err, c.want)
		}
	}
}

// FuzzParseExportedState: app_state with a state dump never panics the
// parser or its checks.
func FuzzParseExportedState(f *testing.F) {
	f.Add([]byte(`{"state":{"format":1,"height":3,"chain_id":"c","app_hash":"00","digest":"","records":[{"k":"YQ==","v":"Yg=="}]}}`))
	f.Add([]byte(`{"state":null}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		st, err := app.ParseAppState(raw)
		if err == nil {
			_ = st.Validate()
		}
	})
}
