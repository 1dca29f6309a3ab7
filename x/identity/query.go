package identity

import (
	"strconv"
	"time"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/paths"
	"github.com/corridor-trade/corridor/x/kit/store"
)

// View is an attestation as a query answers it: the record with its full
// status history, plus its effective state as of a time. Unless the query
// names one with asof=, that time is the block time of the state the query
// reads (kit.BlockTime).
type View struct {
	Attestation
	State  string    `json:"state"`
	Active bool      `json:"active"`
	AsOf   time.Time `json:"as_of"`
}

// List is the answer to the attestations and attested-by queries.
type List struct {
	Of           string    `json:"of"`
	AsOf         time.Time `json:"as_of"`
	Attestations []View    `json:"attestations"`
}

// ViewOf returns a's view as of now.
func ViewOf(kv store.KV, a Attestation, now time.Time) View {
	st := State(kv, &a, now)
	return View{Attestation: a, State: st, Active: st == StateActive, AsOf: now.UTC()}
}

// Queries returns this module's query handlers:
//
//	attestation/<id hex>[/asof=T]
//	attestations/<address or commitment hex>[/<claim>][/asof=T]
//	attested-by/<attester address>[/asof=T]
//
// T is RFC 3339 or Unix nanoseconds.
func Queries() map[string]kit.QueryFunc {
	return map[string]kit.QueryFunc{
		paths.NameAttestation:  queryAttestation,
		paths.NameAttestations: queryAttestations,
		paths.NameAttestedBy:   queryAttestedBy,
	}
}

// splitAsOf removes a trailing "asof=T" segment from args and returns the
// time it names, or the block time of kv's state when there is none.
func splitAsOf(kv store.KV, args []string) ([]string, time.Time, error) {
	if n := len(args); n > 0 {
		if at, ok := paths.IsAsOf(args[n-1]); ok {
			t, err := ParseTime(at)
			if err != nil {
				return nil, time.Time{}, codes.QueryBadArg.Wrapf("asof: %v", err)
			}
			return args[:n-1], t, nil
		}
	}
	return args, kit.BlockTime(kv), nil
}

// ParseTime reads an RFC 3339 time or a count of Unix nanoseconds.
func ParseTime(s string) (time.Time, error) {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.Unix(0, n).UTC(), nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, err
	}
	return t.UTC(), nil
}

func queryAttestation(kv store.KV, args []string) (any, error) {
	args, now, err := splitAsOf(kv, args)
	if err != nil {
		return nil, err
	}
	if len(args) != 1 {
		return nil, codes.QueryBadArg.Wrapf("want attestation/<id hex>[/asof=T]")
	}
	id, err := ParseHash(args[0])
	if err != nil {
		return nil, codes.QueryBadArg.Wrapf("attestation id %q: %v", args[0], err)
	}
	a, ok := Get(kv, id)
	if !ok {
		return nil, codes.QueryNotFound.Wrapf("no attestation %s", id)
	}
	return ViewOf(kv, a, now), nil
}

func queryAttestations(kv store.KV, args []string) (any, error) {
	args, now, err := splitAsOf(kv, args)
	if err != nil {
		return nil, err
	}
	if len(args) < 1 || len(args) > 2 {
		return nil, codes.QueryBadArg.Wrapf("want attestations/<address or commitment hex>[/<claim>][/asof=T]")
	}
	subj, err := ParseSubject(args[0])
	if err != nil {
		return nil, codes.QueryBadArg.Wrapf("%v", err)
	}
	claim := ""
	if len(args) == 2 {
		claim = args[1]
		if !KnownClaim(claim) {
			return nil, codes.QueryBadArg.Wrapf("unknown claim %q (want one of %v)", claim, Claims)
		}
	}
	return listOf(kv, subj.String(), BySubject(kv, subj, claim), now), nil
}

func queryAttestedBy(kv store.KV, args []string) (any, error) {
	args, now, err := splitAsOf(kv, args)
	if err != nil {
		return nil, err
	}
	if len(args) != 1 {
		return nil, codes.QueryBadArg.Wrapf("want attested-by/<attester address>[/asof=T]")
	}
	addr, err := secp.ParseAddress(args[0])
	if err != nil {
		return nil, codes.QueryBadArg.Wrapf("%q: %v", args[0], err)
	}
	return listOf(kv, addr.String(), ByAttester(kv, addr), now), nil
}

func listOf(kv store.KV, of string, as []Attestation, now time.Time) List {
	l := List{Of: of, AsOf: now.UTC(), Attestations: make([]View, 0, len(as))}
	for _, a := range as {
		l.Attestations = append(l.Attestations, ViewOf(kv, a, now))
	}
	return l
}
