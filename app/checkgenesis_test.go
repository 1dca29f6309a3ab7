package app_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	cryptoenc "github.com/cometbft/cometbft/crypto/encoding"
	"github.com/corridor-trade/corridor/app"
	"github.com/corridor-trade/corridor/app/apptest"
	"github.com/corridor-trade/corridor/x/membership"
)

// TestCheckGenesisAppliesGovInvariants: a genesis in which one
// jurisdiction holds two thirds of the power, or that claims to be a
// devnet with validators of two jurisdictions, is refused before any node
// starts; the same network with the power spread passes.
func TestCheckGenesisAppliesGovInvariants(t *testing.T) {
	req := func(sgPower int64, gov string) *abci.RequestInitChain {
		g := membership.Genesis{Jurisdictions: []membership.Jurisdiction{{Code: "HK", Name: "Hong Kong"}, {Code: "SG", Name: "Singapore"}}}
		for _, j := range []string{"hk", "sg"} {
			k := apptest.KeyFor(j + "-operator")
			g.Members = append(g.Members, membership.GenesisMember{PubKey: k.PubKey(), Jurisdiction: strings.ToUpper(j), Roles: []string{"operator"}})
		}
		r := &abci.RequestInitChain{ChainId: "check-1", Time: time.Unix(1, 0), InitialHeight: 1}
		for _, v := range []struct {
			name, j string
			power   int64
		}{{"hk", "HK", 10}, {"sg", "SG", sgPower}} {
			pub := apptest.ValidatorKey(v.name).PubKey()
			g.Validators = append(g.Validators, membership.GenesisValidator{Name: v.name, Jurisdiction: v.j, PubKey: pub.Bytes(), Power: v.power})
			pk, _ := cryptoenc.PubKeyToProto(pub)
			r.Validators = append(r.Validators, abci.ValidatorUpdate{PubKey: pk, Power: v.power})
		}
		mb, _ := json.Marshal(g)
		st := map[string]json.RawMessage{"membership": mb}
		if gov != "" {
			st["gov"] = json.RawMessage(gov)
		}
		r.AppStateBytes, _ = json.Marshal(st)
		return r
	}
	if err := app.CheckGenesis(req(10, "")); err != nil {
		t.Fatalf("an even genesis is refused: %v", err)
	}
	if err := app.CheckGenesis(req(20, "")); err == nil || !strings.Contains(err.Error(), "two thirds") {
		t.Fatalf("SG with 20 of 30: %v, want the two-thirds refusal", err)
	}
	if err := app.CheckGenesis(req(10, `{"params":{"voting_period_seconds":60,"execution_window_seconds":60,"proposal_quota":1,"max_validator_power":100,"max_total_power":1000,"devnet":true}}`)); err == nil || !strings.Contains(err.Error(), "devnet") {
		t.Fatalf("devnet with two jurisdictions' validators: %v, want refused", err)
	}
}
