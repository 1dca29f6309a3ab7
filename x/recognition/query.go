package recognition

import (
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/x/identity"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/paths"
	"github.com/corridor-trade/corridor/x/kit/store"
)

// Queries returns this module's query handlers:
//
//	recognition/<doc hash or attestation id hex>/<jurisdiction>[/asof=T]
//	rules/<jurisdiction>
//	mutual/<A>/<B>
//
// The recognition query evaluates at the block time of the state it reads
// (kit.BlockTime), or at T (RFC 3339 or Unix nanoseconds) when given. The
// hex value names an attestation if one has that id, else a document. Its
// answer (Answer) adds both directions of recognition between the
// evaluating jurisdiction and the target's own.
func Queries(deps Deps) map[string]kit.QueryFunc {
	return map[string]kit.QueryFunc{
		paths.NameRecognition: func(kv store.KV, args []string) (any, error) { return queryRecognition(kv, deps, args) },
		paths.NameRules:       queryRules,
		paths.NameMutual:      queryMutual,
	}
}

func queryRecognition(kv store.KV, deps Deps, args []string) (any, error) {
	now := kit.BlockTime(kv)
	if n := len(args); n > 0 {
		if at, ok := paths.IsAsOf(args[n-1]); ok {
			t, err := identity.ParseTime(at)
			if err != nil {
				return nil, codes.QueryBadArg.Wrapf("asof: %v", err)
			}
			now, args = t, args[:n-1]
		}
	}
	if len(args) != 2 {
		return nil, codes.QueryBadArg.Wrapf("want recognition/<document hash or attestation id hex>/<jurisdiction>[/asof=T]")
	}
	h, err := identity.ParseHash(args[0])
	if err != nil {
		return nil, codes.QueryBadArg.Wrapf("target %q: %v", args[0], err)
	}
	if !ValidJurisdictionCode(args[1]) {
		return nil, codes.QueryBadArg.Wrapf("jurisdiction %q must look like SG or CN-SH", args[1])
	}
	target := ResolveTarget(kv, h)
	a := Answer{Verdict: Evaluate(kv, deps, args[1], target, now)}
	if other := targetJurisdiction(kv, deps, target); other != "" && other != args[1] {
		m := Mutual(kv, args[1], other)
		a.Mutual = &m
	}
	if target.Kind == TargetDocument && deps.Export != nil {
		if ok, detail, found := deps.Export(kv, h, now); found {
			a.Export = &ExportLine{OK: ok, Detail: detail}
		}
	}
	return a, nil
}

// Answer is the recognition query's answer: the verdict, and the
// recognition between the evaluating jurisdiction and the target's own in
// both directions, so a reader sees at once whether it is mutual.
type Answer struct {
	Verdict
	// Mutual is present when the target's jurisdiction (the attester's,
	// or the document issuer's) is not the evaluating one.
	Mutual *MutualView `json:"mutual,omitempty"`
	// Export is present when the document came with a declared
	// cross-border data flow (docs/data-export.md).
	Export *ExportLine `json:"export,omitempty"`
}

// targetJurisdiction is the jurisdiction a target comes from: its
// attester's for an attestation, its issuer's for a document; "" when the
// target is unknown.
func targetJurisdiction(kv store.KV, deps Deps, t Target) string {
	switch t.Kind {
	case TargetAttestation:
		if a, ok := identity.Get(kv, t.Hash); ok {
			return a.AttesterJurisdiction
		}
	case TargetDocument:
		if deps.Document != nil {
			if f, ok := deps.Document(kv, t.Hash); ok {
				return f.IssuerJurisdiction
			}
		}
	}
	return ""
}

func queryRules(kv store.KV, args []string) (any, error) {
	if len(args) != 1 || !ValidJurisdictionCode(args[0]) {
		return nil, codes.QueryBadArg.Wrapf("want rules/<jurisdiction code>")
	}
	return Rules(kv, args[0]), nil
}

func queryMutual(kv store.KV, args []string) (any, error) {
	if len(args) != 2 || !ValidJurisdictionCode(args[0]) || !ValidJurisdictionCode(args[1]) {
		return nil, codes.QueryBadArg.Wrapf("want mutual/<jurisdiction A>/<jurisdiction B>")
	}
	return Mutual(kv, args[0], args[1]), nil
}
