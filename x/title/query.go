package title

import (
	"strings"
	"time"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/paths"
	"github.com/corridor-trade/corridor/x/kit/store"
)

// MaxResults bounds the records one list query returns.
const MaxResults = 500

// Queries returns this module's query handlers, by first path segment.
func Queries() map[string]kit.QueryFunc {
	return map[string]kit.QueryFunc{
		paths.NameTitle:       queryTitle,
		paths.NameTitles:      queryTitles,
		paths.NameLegalEffect: queryLegalEffect,
	}
}

// View is a record as a query answers it: the record, the steps its state
// allows, and, when a route was asked for, one leg per jurisdiction of the
// route with its legal-effect line at the block time of the state read.
type View struct {
	Record
	Allowed []string `json:"allowed_steps"`
	Route   []Leg    `json:"route,omitempty"`
	AsOf    string   `json:"evaluated_at,omitempty"`
}

// AllowedSteps returns the steps the table allows in state, in Steps
// order.
func AllowedSteps(state string) []string {
	out := []string{}
	for _, s := range Steps {
		if Can(state, s).Allowed() {
			out = append(out, s)
		}
	}
	return out
}

// Legs returns the legal-effect leg of each jurisdiction of route for a
// record of kind ("" for any kind) at t.
func Legs(kv store.KV, route []string, kind string, t time.Time) []Leg {
	out := make([]Leg, 0, len(route))
	for _, j := range route {
		l, ok := GetLegalEffect(kv, j)
		out = append(out, LegOf(j, kind, l, ok, t))
	}
	return out
}

// ViewOf returns the view of r with the legs of route at t (no legs for an
// empty route).
func ViewOf(kv store.KV, r Record, route []string, t time.Time) View {
	v := View{Record: r, Allowed: AllowedSteps(r.State)}
	if len(route) > 0 {
		v.Route = Legs(kv, route, r.Kind, t)
		v.AsOf = t.UTC().Format(time.RFC3339Nano)
	}
	return v
}

func parseHash(s string) (Hash, error) {
	h, err := kit.ParseHash(s)
	if err != nil {
		return h, codes.QueryBadArg.Wrapf("%q: %v", s, err)
	}
	return h, nil
}

func queryTitle(kv store.KV, args []string) (any, error) {
	if len(args) < 1 || len(args) > 2 {
		return nil, codes.QueryBadArg.Wrapf("want title/<id>[/route=CN-SH,SG,HK]")
	}
	id, err := parseHash(args[0])
	if err != nil {
		return nil, err
	}
	var route []string
	if len(args) == 2 {
		r, ok := strings.CutPrefix(args[1], paths.RoutePrefix)
		if !ok {
			return nil, codes.QueryBadArg.Wrapf("the second segment is %sJ1,J2,...", paths.RoutePrefix)
		}
		if route, err = ParseRoute(r); err != nil {
			return nil, codes.QueryBadArg.Wrapf("%v", err)
		}
	}
	r, ok := GetRecord(kv, id)
	if !ok {
		return nil, codes.QueryNotFound.Wrapf("no transferable record %s", id)
	}
	return ViewOf(kv, r, route, kit.BlockTime(kv)), nil
}

func queryTitles(kv store.KV, args []string) (any, error) {
	if len(args) != 2 {
		return nil, codes.QueryBadArg.Wrapf("want titles/holder/<address> or titles/document/<hash>")
	}
	var ids []Hash
	switch args[0] {
	case paths.ByHolder:
		a, err := secp.ParseAddress(args[1])
		if err != nil {
			return nil, codes.QueryBadArg.Wrapf("holder: %v", err)
		}
		ids = RecordsHeldBy(kv, a)
	case paths.ByDocument:
		h, err := parseHash(args[1])
		if err != nil {
			return nil, err
		}
		ids = RecordsOfDocument(kv, h)
	default:
		return nil, codes.QueryBadArg.Wrapf("select by %s or %s, not %q", paths.ByHolder, paths.ByDocument, args[0])
	}
	out := []View{}
	for _, id := range ids {
		r, ok := GetRecord(kv, id)
		if !ok {
			panic(&kit.CorruptState{Key: RecordKey(id), Err: keyError("index names a missing record")})
		}
		out = append(out, ViewOf(kv, r, nil, time.Time{}))
	}
	return out, nil
}

func queryLegalEffect(kv store.KV, args []string) (any, error) {
	switch len(args) {
	case 0:
		out := LegalEffects(kv)
		if out == nil {
			out = []LegalEffect{}
		}
		return out, nil
	case 1:
		if route, err := ParseRoute(args[0]); err == nil && len(route) > 1 {
			return Legs(kv, route, "", kit.BlockTime(kv)), nil
		}
		if !ValidJurisdiction(args[0]) {
			return nil, codes.QueryBadArg.Wrapf("%q is not a jurisdiction code (or a route J1,J2,...)", args[0])
		}
		l, ok := GetLegalEffect(kv, args[0])
		if !ok {
			return nil, codes.QueryNotFound.Wrapf("no legal-effect entry for %s", args[0])
		}
		return l, nil
	}
	return nil, codes.QueryBadArg.Wrapf("want legal-effect[/<jurisdiction or route>]")
}
