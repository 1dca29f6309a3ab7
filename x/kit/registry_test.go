package kit_test

import (
	"strings"
	"testing"

	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/store"
)

type msg struct{ typ string }

func (m msg) Type() string         { return m.typ }
func (m msg) ValidateBasic() error { return nil }

func route(typ string) kit.Route {
	return kit.Route{Type: typ, New: func() kit.Msg { return msg{typ} }, Handle: func(*kit.Context, kit.Msg) error { return nil }}
}

func answer(v string) kit.QueryFunc {
	return func(store.KV, []string) (any, error) { return v, nil }
}

type accounts struct{}

func (accounts) Limits(store.KV) kit.TxLimits                      { return kit.TxLimits{} }
func (accounts) SignerOf(store.KV, secp.PubKey) (kit.Signer, bool) { return kit.Signer{}, false }
func (accounts) Sequence(store.KV, secp.Address) uint64            { return 0 }
func (accounts) SetSequence(store.KV, secp.Address, uint64)        {}
func (accounts) Validators(store.KV) []kit.ValidatorRecord         { return nil }
func (accounts) Jurisdictions(store.KV) []string                   { return nil }

// TestRegisterRefusesDuplicates proves that a query path, a message type or
// a module name registered twice is refused with an error naming the path
// and both modules, instead of one registration silently replacing the
// other.
func TestRegisterRefusesDuplicates(t *testing.T) {
	a := kit.Module{Name: "alpha", Routes: []kit.Route{route("alpha/do")}, Queries: map[string]kit.QueryFunc{"thing": answer("a")}}
	cases := []struct {
		name string
		mods []kit.Module
		want []string // substrings of the error
	}{
		{"query path twice", []kit.Module{a, {Name: "beta", Queries: map[string]kit.QueryFunc{"thing": answer("b")}}},
			[]string{`query path "thing" is registered twice`, "alpha", "beta"}},
		{"message type twice", []kit.Module{a, {Name: "beta", Routes: []kit.Route{route("alpha/do")}}},
			[]string{`message type "alpha/do" is registered twice`, "alpha", "beta"}},
		{"module twice", []kit.Module{a, a}, []string{`module "alpha" is listed twice`}},
		{"the application's store path", []kit.Module{{Name: "beta", Queries: map[string]kit.QueryFunc{"store": answer("b")}}},
			[]string{`query path "store" is the application's own`}},
		{"a path of two segments", []kit.Module{{Name: "beta", Queries: map[string]kit.QueryFunc{"a/b": answer("b")}}},
			[]string{`query path "a/b" must be one non-empty segment`}},
		{"an empty path", []kit.Module{{Name: "beta", Queries: map[string]kit.QueryFunc{"": answer("b")}}},
			[]string{`query path "" must be one non-empty segment`}},
		{"a path without handler", []kit.Module{{Name: "beta", Queries: map[string]kit.QueryFunc{"x": nil}}},
			[]string{`query path "x" has no handler`}},
		{"a route without handler", []kit.Module{{Name: "beta", Routes: []kit.Route{{Type: "beta/x"}}}},
			[]string{`route "beta/x" needs a type, a decoder and a handler`}},
		{"two account views", []kit.Module{{Name: "alpha", Accounts: accounts{}}, {Name: "beta", Accounts: accounts{}}},
			[]string{"modules alpha and beta both provide the accounts"}},
		{"a nameless module", []kit.Module{{}}, []string{`module name "" must be one non-empty word`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			reg, err := kit.Register(tc.mods...)
			if err == nil {
				t.Fatalf("Register accepted %s: %v", tc.name, reg)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}

// TestRegisterTables checks what a valid registration holds: every route
// and query of every module, the modules in the order given, and the one
// account view.
func TestRegisterTables(t *testing.T) {
	b := kit.Module{Name: "beta", Routes: []kit.Route{route("beta/do"), route("beta/undo")},
		Queries: map[string]kit.QueryFunc{"other": answer("b")}, Accounts: accounts{}}
	a := kit.Module{Name: "alpha", Routes: []kit.Route{route("alpha/do")}, Queries: map[string]kit.QueryFunc{"thing": answer("a")}}
	reg, err := kit.Register(b, a)
	if err != nil {
		t.Fatal(err)
	}
	if len(reg.Modules) != 2 || reg.Modules[0].Name != "beta" || reg.Modules[1].Name != "alpha" {
		t.Errorf("modules not kept in the order given: %v", reg.Modules)
	}
	if len(reg.Routes) != 3 || reg.Routes["beta/undo"].Type != "beta/undo" {
		t.Errorf("routes: %v", reg.Routes)
	}
	for name, want := range map[string]string{"thing": "a", "other": "b"} {
		q, ok := reg.Queries[name]
		if !ok {
			t.Fatalf("query %q not registered", name)
		}
		if v, _ := q(nil, nil); v != want {
			t.Errorf("query %q answers %v, want %s", name, v, want)
		}
	}
	if reg.Accounts == nil {
		t.Error("the account view was not kept")
	}
}
