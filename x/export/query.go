package export

import (
	"strconv"
	"strings"
	"time"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/identity"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/paths"
	"github.com/corridor-trade/corridor/x/kit/store"
)

// MaxResults bounds the flows one list query returns.
const MaxResults = 500

// Queries returns this module's query handlers, by first path segment.
func Queries() map[string]kit.QueryFunc {
	return map[string]kit.QueryFunc{
		paths.NameExportRules:    queryRules,
		paths.NameExportEvidence: queryEvidence,
		paths.NameExportFlow:     queryFlow,
		paths.NameExportFlows:    queryFlows,
		paths.NameExportCounters: queryCounters,
		paths.NameExportReports:  queryReports,
	}
}

// Report states of a flow at a time.
const (
	ReportNone      = "none"       // the decision set no report deadline
	ReportDue       = "due"        // not filed, deadline not passed
	ReportOverdue   = "overdue"    // not filed, deadline passed
	ReportFiled     = "filed"      // filed on time
	ReportFiledLate = "filed-late" // filed after the deadline
)

// FlowView is the JSON form of a flow, with its report state at the
// block time of the state read.
type FlowView struct {
	Flow
	ReportDue    string `json:"report_due,omitempty"`
	ReportStatus string `json:"report_status"`
	// Reported and ReportHash replace the flow's own fields in JSON, so
	// that a flow not yet reported shows neither.
	Reported   *kit.Stamp `json:"reported,omitempty"`
	ReportHash *Hash      `json:"report_hash,omitempty"`
}

// ViewOfFlow returns the JSON form of f at now.
func ViewOfFlow(f Flow, now time.Time) FlowView {
	v := FlowView{Flow: f, ReportStatus: ReportNone}
	if f.Reported.Height != 0 {
		v.Reported, v.ReportHash = &f.Reported, &f.ReportHash
	}
	if f.ReportDue == 0 {
		return v
	}
	v.ReportDue = time.Unix(0, f.ReportDue).UTC().Format(time.RFC3339Nano)
	switch {
	case f.Reported.Height != 0 && f.Reported.TimeUnix > f.ReportDue:
		v.ReportStatus = ReportFiledLate
	case f.Reported.Height != 0:
		v.ReportStatus = ReportFiled
	case now.UnixNano() > f.ReportDue:
		v.ReportStatus = ReportOverdue
	default:
		v.ReportStatus = ReportDue
	}
	return v
}

// RuleSetView is one published version with whether it is in force at
// the block time.
type RuleSetView struct {
	Published
	InForce bool `json:"in_force"`
}

func queryRules(kv store.KV, args []string) (any, error) {
	if len(args) < 1 || len(args) > 2 || !ValidJurisdiction(args[0]) {
		return nil, codes.QueryBadArg.Wrapf("want export-rules/<jurisdiction>[/<version>]")
	}
	now := kit.BlockTime(kv)
	all := RuleSets(kv, args[0])
	if len(args) == 2 {
		v, err := strconv.ParseUint(args[1], 10, 64)
		if err != nil {
			return nil, codes.QueryBadArg.Wrapf("version %q is not a number", args[1])
		}
		for _, p := range all {
			if p.RuleSet.Version == v {
				return RuleSetView{Published: p, InForce: isCurrent(kv, p, now)}, nil
			}
		}
		return nil, codes.QueryNotFound.Wrapf("no rule set version %d of %s", v, args[0])
	}
	out := []RuleSetView{}
	for _, p := range all {
		out = append(out, RuleSetView{Published: p, InForce: isCurrent(kv, p, now)})
	}
	return out, nil
}

// isCurrent reports whether p is the version InForce picks at now.
func isCurrent(kv store.KV, p Published, now time.Time) bool {
	cur, ok := InForce(kv, p.RuleSet.Jurisdiction, now)
	return ok && cur.RuleSet.Version == p.RuleSet.Version
}

func parseID(args []string, want string) (Hash, error) {
	if len(args) != 1 {
		return Hash{}, codes.QueryBadArg.Wrapf("want %s/<id: 64 hex digits>", want)
	}
	id, err := kit.ParseHash(args[0])
	if err != nil {
		return Hash{}, codes.QueryBadArg.Wrapf("%v", err)
	}
	return id, nil
}

// EvidenceView is an evidence record with its state at the block time:
// active, revoked, expired or pending.
type EvidenceView struct {
	Evidence
	State string `json:"state"`
}

// StateOf returns the evidence's state at now.
func StateOf(e *Evidence, now time.Time) string {
	t := now.UnixNano()
	switch {
	case e.Revoked:
		return "revoked"
	case t < e.ValidFrom:
		return "pending"
	case e.ValidUntil != 0 && t > e.ValidUntil:
		return "expired"
	}
	return "active"
}

func queryEvidence(kv store.KV, args []string) (any, error) {
	id, err := parseID(args, paths.NameExportEvidence)
	if err != nil {
		return nil, err
	}
	e, ok := GetEvidence(kv, id)
	if !ok {
		return nil, codes.QueryNotFound.Wrapf("no evidence %s", id)
	}
	return EvidenceView{Evidence: e, State: StateOf(&e, kit.BlockTime(kv))}, nil
}

func queryFlow(kv store.KV, args []string) (any, error) {
	id, err := parseID(args, paths.NameExportFlow)
	if err != nil {
		return nil, err
	}
	f, ok := GetFlow(kv, id)
	if !ok {
		return nil, codes.QueryNotFound.Wrapf("no flow %s", id)
	}
	return ViewOfFlow(f, kit.BlockTime(kv)), nil
}

// FlowList is the answer of export-flows and export-reports.
type FlowList struct {
	Flows []FlowView `json:"flows"`
	// Truncated is set when more than MaxResults flows matched.
	Truncated bool `json:"truncated,omitempty"`
}

func queryFlows(kv store.KV, args []string) (any, error) {
	const want = "want export-flows/<exporter|destination|category|document>/<value>[/since=T][/until=T]"
	if len(args) < 2 || len(args) > 4 {
		return nil, codes.QueryBadArg.Wrapf(want)
	}
	var since, until int64
	for _, a := range args[2:] {
		var dst *int64
		var v string
		switch {
		case strings.HasPrefix(a, "since="):
			dst, v = &since, a[len("since="):]
		case strings.HasPrefix(a, "until="):
			dst, v = &until, a[len("until="):]
		default:
			return nil, codes.QueryBadArg.Wrapf(want)
		}
		t, err := identity.ParseTime(v)
		if err != nil || t.UnixNano() < 0 {
			return nil, codes.QueryBadArg.Wrapf("%s: not an RFC 3339 time or Unix nanoseconds", a)
		}
		*dst = t.UnixNano()
	}
	now := kit.BlockTime(kv)
	var flows []Flow
	switch args[0] {
	case paths.ByExporter:
		a, err := secp.ParseAddress(args[1])
		if err != nil {
			return nil, codes.QueryBadArg.Wrapf("exporter: %v", err)
		}
		flows = flowsUnder(kv, byExporterPrefix(a), since, until, MaxResults+1)
	case paths.ByDestination:
		if !ValidJurisdiction(args[1]) {
			return nil, codes.QueryBadArg.Wrapf("destination %q is not a jurisdiction code", args[1])
		}
		flows = flowsUnder(kv, byDestinationPrefix(args[1]), since, until, MaxResults+1)
	case paths.ByCategory:
		if !validCode(args[1]) {
			return nil, codes.QueryBadArg.Wrapf("category %q is not a code", args[1])
		}
		flows = flowsUnder(kv, byCategoryPrefix(args[1]), since, until, MaxResults+1)
	case paths.ByDocument:
		doc, err := kit.ParseHash(args[1])
		if err != nil {
			return nil, codes.QueryBadArg.Wrapf("document: %v", err)
		}
		for _, f := range FlowsOfDocument(kv, doc) {
			if f.Declared.TimeUnix >= since && (until == 0 || f.Declared.TimeUnix < until) {
				flows = append(flows, f)
			}
		}
	default:
		return nil, codes.QueryBadArg.Wrapf(want)
	}
	return listOf(flows, now), nil
}

func listOf(flows []Flow, now time.Time) FlowList {
	l := FlowList{Flows: []FlowView{}}
	if len(flows) > MaxResults {
		flows, l.Truncated = flows[:MaxResults], true
	}
	for _, f := range flows {
		l.Flows = append(l.Flows, ViewOfFlow(f, now))
	}
	return l
}

// CountersView is the answer of export-counters.
type CountersView struct {
	Entity   Hash           `json:"entity"`
	Linked   bool           `json:"linked_by_attestation"`
	Counters []CounterEntry `json:"counters"`
}

func queryCounters(kv store.KV, args []string) (any, error) {
	if len(args) < 1 || len(args) > 2 {
		return nil, codes.QueryBadArg.Wrapf("want export-counters/<member address or entity hex>[/<year>]")
	}
	v := CountersView{Counters: []CounterEntry{}}
	if a, err := secp.ParseAddress(args[0]); err == nil {
		e, linked, err := EntityOf(kv, a, kit.BlockTime(kv))
		if err != nil {
			return nil, err
		}
		v.Entity, v.Linked = e, linked
	} else if h, err := kit.ParseHash(args[0]); err == nil {
		v.Entity = h
	} else {
		return nil, codes.QueryBadArg.Wrapf("%q is neither a cor1… address nor a 64-hex-digit entity", args[0])
	}
	var year uint64
	if len(args) == 2 {
		y, err := strconv.ParseUint(args[1], 10, 32)
		if err != nil {
			return nil, codes.QueryBadArg.Wrapf("year %q is not a number", args[1])
		}
		year = y
	}
	for _, c := range Counters(kv, v.Entity) {
		if year == 0 || uint64(c.Year) == year {
			v.Counters = append(v.Counters, c)
		}
	}
	return v, nil
}

func queryReports(kv store.KV, args []string) (any, error) {
	if len(args) > 1 || len(args) == 1 && !ValidJurisdiction(args[0]) {
		return nil, codes.QueryBadArg.Wrapf("want export-reports[/<origin jurisdiction>]")
	}
	var flows []Flow
	for _, f := range Due(kv, MaxResults*4) {
		if len(args) == 0 || f.Origin == args[0] {
			flows = append(flows, f)
		}
	}
	return listOf(flows, kit.BlockTime(kv)), nil
}
