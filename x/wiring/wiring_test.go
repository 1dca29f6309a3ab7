package wiring_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/corridor-trade/corridor/x/kit/paths"
	"github.com/corridor-trade/corridor/x/wiring"
)

// nameConstants reads the Name* constants of x/kit/paths from its source,
// so that a constant added there without a handler (or a handler
// registered under a name that is not a constant) fails this test.
func nameConstants(t *testing.T) map[string]string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "../kit/paths/paths.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, s := range g.Specs {
			vs := s.(*ast.ValueSpec)
			for i, n := range vs.Names {
				if !strings.HasPrefix(n.Name, "Name") || i >= len(vs.Values) {
					continue
				}
				lit, ok := vs.Values[i].(*ast.BasicLit)
				if !ok {
					t.Fatalf("constant %s is not a string literal", n.Name)
				}
				v, _ := strconv.Unquote(lit.Value)
				out[v] = n.Name
			}
		}
	}
	if len(out) < 10 {
		t.Fatalf("found only %d Name constants in paths.go: the parser missed them", len(out))
	}
	return out
}

// TestModulesRegister wires the real module list: no message type or query
// path is registered twice, membership provides the accounts, and the
// query names are exactly the Name constants of x/kit/paths (besides
// paths.NameStore, which the application serves itself).
func TestModulesRegister(t *testing.T) {
	reg, err := wiring.Register()
	if err != nil {
		t.Fatal(err)
	}
	if reg.Accounts == nil {
		t.Fatal("no module provides the accounts the transaction checks read")
	}
	if reg.Modules[0].Name != "membership" {
		t.Errorf("membership must come first (its genesis names the jurisdictions the others use), got %s", reg.Modules[0].Name)
	}
	names := nameConstants(t)
	for name := range reg.Queries {
		if _, ok := names[name]; !ok {
			t.Errorf("query path %q is registered but has no Name constant in x/kit/paths", name)
		}
	}
	var missing []string
	for value, constant := range names {
		if _, ok := reg.Queries[value]; !ok && value != paths.NameStore {
			missing = append(missing, constant+"="+value)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("x/kit/paths names paths no module registers: %v", missing)
	}
}

// TestModuleOrderIsStable pins the genesis order: changing it changes
// nothing of the state (caches write in key order), but error messages and
// misbehaviour hooks follow it, so a change must be deliberate.
func TestModuleOrderIsStable(t *testing.T) {
	var got []string
	for _, m := range wiring.Modules() {
		got = append(got, m.Name)
	}
	want := "membership identity recognition invoice payment docking gov export status title"
	if strings.Join(got, " ") != want {
		t.Errorf("module order %v, want %s", got, want)
	}
}
