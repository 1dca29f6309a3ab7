package status

import (
	"strconv"
	"time"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/paths"
	"github.com/corridor-trade/corridor/x/kit/store"
)

// Queries returns this module's query handlers, by first path segment.
func Queries() map[string]kit.QueryFunc {
	return map[string]kit.QueryFunc{
		paths.NameStatusList: queryList,
		paths.NameStatusOA:   queryOA,
	}
}

// ListView is the answer of status-list/<list>: the head, every version,
// and the version in force at the block time of the state read.
type ListView struct {
	Head     ListHead      `json:"head"`
	Versions []ListVersion `json:"versions"`
	InForce  uint64        `json:"in_force"` // 0: none
	Why      string        `json:"why,omitempty"`
	At       time.Time     `json:"at"`
}

// OAView is the answer of status-oa/<store>[/<target>].
type OAView struct {
	Store      OAStore       `json:"store"`
	Target     *Hash         `json:"target,omitempty"`
	Revoked    bool          `json:"revoked"`
	Revocation *OARevocation `json:"revocation,omitempty"`
}

func parseHashArg(s string) (Hash, error) {
	h, err := kit.ParseHash(s)
	if err != nil {
		return h, codes.QueryBadArg.Wrapf("%q: %v", s, err)
	}
	return h, nil
}

func queryList(kv store.KV, args []string) (any, error) {
	if len(args) < 1 || len(args) > 2 {
		return nil, codes.QueryBadArg.Wrapf("want status-list/<list: 64 hex digits>[/<version>]")
	}
	list, err := parseHashArg(args[0])
	if err != nil {
		return nil, err
	}
	if len(args) == 2 {
		n, err := strconv.ParseUint(args[1], 10, 64)
		if err != nil || n == 0 {
			return nil, codes.QueryBadArg.Wrapf("version %q is not a positive number", args[1])
		}
		v, ok := GetVersion(kv, list, n)
		if !ok {
			return nil, codes.QueryNotFound.Wrapf("no version %d of list %s", n, list)
		}
		return v, nil
	}
	now := kit.BlockTime(kv)
	cur, head, found, ok, why := InForce(kv, list, now)
	if !found {
		return nil, codes.QueryNotFound.Wrapf("no version of list %s is anchored", list)
	}
	out := ListView{Head: head, Versions: Versions(kv, list), At: now, Why: why}
	if ok {
		out.InForce = cur.Version
	}
	return out, nil
}

func queryOA(kv store.KV, args []string) (any, error) {
	if len(args) < 1 || len(args) > 2 {
		return nil, codes.QueryBadArg.Wrapf("want status-oa/<store: 64 hex digits>[/<target: 64 hex digits>]")
	}
	s, err := parseHashArg(args[0])
	if err != nil {
		return nil, err
	}
	st, ok := GetStore(kv, s)
	if !ok {
		return nil, codes.QueryNotFound.Wrapf("no revocation store %s is registered", s)
	}
	out := OAView{Store: st}
	if len(args) == 2 {
		t, err := parseHashArg(args[1])
		if err != nil {
			return nil, err
		}
		out.Target = &t
		if r, ok := GetRevocation(kv, s, t); ok {
			out.Revoked, out.Revocation = true, &r
		}
	}
	return out, nil
}
