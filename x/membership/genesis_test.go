package membership

import (
	"strings"
	"testing"

	"github.com/corridor-trade/corridor/crypto/secp"
)

func validGenesis(t *testing.T) Genesis {
	t.Helper()
	k1, _ := secp.GenPrivKey()
	k2, _ := secp.GenPrivKey()
	return Genesis{
		Jurisdictions: []Jurisdiction{{Code: "CN-SH", Name: "Shanghai"}, {Code: "SG", Name: "Singapore"}},
		Members: []GenesisMember{
			{PubKey: k1.PubKey(), Jurisdiction: "CN-SH", Roles: []string{RoleOperator}, Label: "sh-operator"},
			{PubKey: k2.PubKey(), Jurisdiction: "SG", Roles: []string{RoleOperator, RoleTrader}, Label: "sg-operator"},
		},
		Validators: []GenesisValidator{{Name: "sg", Jurisdiction: "SG", PubKey: make([]byte, 32), Power: 10}},
	}
}

func TestGenesisValidate(t *testing.T) {
	if g := validGenesis(t); g.Validate() != nil {
		t.Fatalf("valid genesis refused: %v", g.Validate())
	}
	cases := []struct {
		name   string
		mutate func(g *Genesis)
		want   string
	}{
		{"no jurisdiction", func(g *Genesis) { g.Jurisdictions = nil }, "no jurisdiction"},
		{"bad code", func(g *Genesis) { g.Jurisdictions[0].Code = "shanghai" }, "must look like"},
		{"duplicate code", func(g *Genesis) { g.Jurisdictions[1].Code = "CN-SH" }, "defined twice"},
		{"unknown jurisdiction", func(g *Genesis) { g.Members[0].Jurisdiction = "HK" }, "unknown jurisdiction"},
		{"duplicate key", func(g *Genesis) { g.Members[1].PubKey = g.Members[0].PubKey }, "listed twice"},
		{"unsorted roles", func(g *Genesis) { g.Members[1].Roles = []string{RoleTrader, RoleOperator} }, "sorted"},
		{"unknown role", func(g *Genesis) { g.Members[1].Roles = []string{"admin"} }, "unknown role"},
		{"jurisdiction without operator", func(g *Genesis) { g.Members = g.Members[:1] }, "has no operator"},
		{"no validator", func(g *Genesis) { g.Validators = nil }, "no validator"},
		{"bad validator key", func(g *Genesis) { g.Validators[0].PubKey = []byte{1} }, "32-byte"},
		{"zero power", func(g *Genesis) { g.Validators[0].Power = 0 }, "power must be positive"},
		{"zero quota", func(g *Genesis) { g.Params = &Params{MaxTxBytes: 1, MaxMsgs: 1} }, "must be positive"},
		{"long label", func(g *Genesis) { g.Members[0].Label = strings.Repeat("x", MaxLabel+1) }, "longer than"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			g := validGenesis(t)
			tc.mutate(&g)
			err := g.Validate()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Validate() = %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

func TestMsgValidateBasic(t *testing.T) {
	k, _ := secp.GenPrivKey()
	var addr secp.Address
	addr[0] = 1
	cases := []struct {
		name string
		ok   bool
		err  error
	}{
		{"admit ok", true, MsgAdmit{PubKey: k.PubKey(), Roles: []string{RoleTrader}}.ValidateBasic()},
		{"admit no roles", false, MsgAdmit{PubKey: k.PubKey()}.ValidateBasic()},
		{"admit bad key", false, MsgAdmit{Roles: []string{RoleTrader}}.ValidateBasic()},
		{"suspend no reason", false, MsgSuspend{Member: addr}.ValidateBasic()},
		{"suspend no member", false, MsgSuspend{Reason: "x"}.ValidateBasic()},
		{"reinstate ok", true, MsgReinstate{Member: addr}.ValidateBasic()},
		{"rotate short proof", false, MsgRotateKey{NewPubKey: k.PubKey(), Proof: []byte{1}}.ValidateBasic()},
	}
	for _, tc := range cases {
		if (tc.err == nil) != tc.ok {
			t.Errorf("%s: err = %v", tc.name, tc.err)
		}
	}
}
