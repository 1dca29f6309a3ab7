package kit

import (
	"fmt"
	"strings"

	"github.com/corridor-trade/corridor/x/kit/paths"
)

// Registry is the application's dispatch table, built once from the
// module list by Register: every message type to its route, every query
// name to its handler, and the one Accounts view the transaction checks
// use.
type Registry struct {
	// Modules are the modules in the order given, which is the order of
	// their genesis and of their misbehaviour hooks.
	Modules []Module
	// Routes maps a message type to its route.
	Routes map[string]Route
	// Queries maps the first segment of a query path to its handler.
	Queries map[string]QueryFunc
	// Accounts is the view of the module that provides it (nil if none
	// does).
	Accounts Accounts
}

// Register builds the registry of mods. It refuses, with an error naming
// both modules, a module name listed twice, a message type or a query
// path registered twice, a query path that is not one non-empty segment or
// that the application serves itself (paths.NameStore), and two modules
// that both provide Accounts. Nothing is registered by accident: the
// first registration of a path does not silently lose to a later one.
func Register(mods ...Module) (*Registry, error) {
	r := &Registry{Routes: map[string]Route{}, Queries: map[string]QueryFunc{}}
	moduleOf := map[string]string{} // module name, by name, route type or query path
	accountsBy := ""
	for _, m := range mods {
		if m.Name == "" || strings.Contains(m.Name, "/") {
			return nil, fmt.Errorf("module name %q must be one non-empty word", m.Name)
		}
		if prev, dup := moduleOf["module "+m.Name]; dup {
			return nil, fmt.Errorf("module %q is listed twice", prev)
		}
		moduleOf["module "+m.Name] = m.Name
		for _, rt := range m.Routes {
			if rt.Type == "" || rt.New == nil || rt.Handle == nil {
				return nil, fmt.Errorf("module %s: route %q needs a type, a decoder and a handler", m.Name, rt.Type)
			}
			if prev, dup := moduleOf["msg "+rt.Type]; dup {
				return nil, fmt.Errorf("message type %q is registered twice: by module %s and by module %s", rt.Type, prev, m.Name)
			}
			moduleOf["msg "+rt.Type] = m.Name
			r.Routes[rt.Type] = rt
		}
		for name, q := range m.Queries {
			switch {
			case name == "" || strings.Contains(name, "/"):
				return nil, fmt.Errorf("module %s: query path %q must be one non-empty segment", m.Name, name)
			case name == paths.NameStore:
				return nil, fmt.Errorf("module %s: query path %q is the application's own (raw store reads with proofs)", m.Name, name)
			case q == nil:
				return nil, fmt.Errorf("module %s: query path %q has no handler", m.Name, name)
			}
			if prev, dup := moduleOf["query "+name]; dup {
				return nil, fmt.Errorf("query path %q is registered twice: by module %s and by module %s", name, prev, m.Name)
			}
			moduleOf["query "+name] = m.Name
			r.Queries[name] = q
		}
		if m.Accounts != nil {
			if accountsBy != "" {
				return nil, fmt.Errorf("modules %s and %s both provide the accounts the transaction checks read", accountsBy, m.Name)
			}
			accountsBy, r.Accounts = m.Name, m.Accounts
		}
		r.Modules = append(r.Modules, m)
	}
	return r, nil
}
