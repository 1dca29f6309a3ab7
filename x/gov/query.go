package gov

import (
	"strconv"
	"strings"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/paths"
	"github.com/corridor-trade/corridor/x/kit/store"
)

// Queries returns this module's query handlers (docs/governance.md,
// "Queries"):
//
//	proposals[/status=S][/kind=K]   proposals, with their tallies
//	proposal/<id>                   one proposal, every vote, the tally per jurisdiction
//	gov                             params, class rules, thresholds, the scheduled upgrade
func Queries() map[string]kit.QueryFunc {
	return map[string]kit.QueryFunc{
		paths.NameProposals: queryProposals,
		paths.NameProposal:  queryProposal,
		paths.NameGov:       querySettings,
	}
}

// View is a proposal as queries show it: the record and its tally (the
// final one if closed, the current one if open).
type View struct {
	Proposal
	Tally Tally `json:"tally"`
}

func view(kv store.KV, p Proposal) View {
	if p.FinalTally != nil {
		return View{Proposal: p, Tally: *p.FinalTally}
	}
	return View{Proposal: p, Tally: Count(kv, &p)}
}

func queryProposals(kv store.KV, args []string) (any, error) {
	var status, kind string
	for _, a := range args {
		switch {
		case strings.HasPrefix(a, paths.StatusPrefix):
			status = a[len(paths.StatusPrefix):]
			if !known(Statuses, status) {
				return nil, codes.QueryBadArg.Wrapf("status %q is not one of %v", status, Statuses)
			}
		case strings.HasPrefix(a, paths.KindPrefix):
			kind = a[len(paths.KindPrefix):]
			if _, ok := Kinds[kind]; !ok {
				return nil, codes.QueryBadArg.Wrapf("unknown proposal kind %q", kind)
			}
		default:
			return nil, codes.QueryBadArg.Wrapf("want status=S or kind=K, got %q", a)
		}
	}
	out := []View{}
	for _, p := range Proposals(kv, status, kind) {
		out = append(out, view(kv, p))
	}
	return out, nil
}

func known(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func queryProposal(kv store.KV, args []string) (any, error) {
	if len(args) != 1 {
		return nil, codes.QueryBadArg.Wrapf("want one proposal id")
	}
	id, err := strconv.ParseUint(args[0], 10, 64)
	if err != nil || id == 0 {
		return nil, codes.QueryBadArg.Wrapf("proposal id %q must be a positive integer", args[0])
	}
	p, ok := GetProposal(kv, id)
	if !ok {
		return nil, codes.QueryNotFound.Wrapf("no proposal %d", id)
	}
	return view(kv, p), nil
}

// Settings is the answer to the gov query.
type Settings struct {
	Params        Params      `json:"params"`
	Classes       []ClassRule `json:"classes"`
	Thresholds    []Threshold `json:"operator_thresholds"`
	Upgrade       *Plan       `json:"scheduled_upgrade"`
	KnownUpgrades []string    `json:"known_upgrades"`
}

func querySettings(kv store.KV, _ []string) (any, error) {
	s := Settings{Params: GetParams(kv), Classes: Classes(kv), Thresholds: Thresholds(kv), KnownUpgrades: KnownUpgrades()}
	if p, ok := GetPlan(kv); ok {
		s.Upgrade = &p
	}
	return s, nil
}
