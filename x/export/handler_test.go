package export_test

import (
	"crypto/sha256"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/export"
	"github.com/corridor-trade/corridor/x/identity"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/kittest"
	"github.com/corridor-trade/corridor/x/membership"
)

// env is an in-memory state with Shanghai's operator, attester and two
// traders, and traders in Singapore and Hong Kong.
type env struct {
	*kittest.Env
	n int
}

func newEnv(t *testing.T) *env {
	t.Helper()
	routes := append(export.Routes(), identity.Routes()...)
	return &env{Env: kittest.New(t, routes, []kittest.Member{
		{Name: "sh-operator", Jurisdiction: "CN-SH", Role: membership.RoleOperator, Status: membership.StatusActive},
		{Name: "sh-attester", Jurisdiction: "CN-SH", Role: membership.RoleAttester, Status: membership.StatusActive},
		{Name: "sh-trader-a", Jurisdiction: "CN-SH", Role: membership.RoleTrader, Status: membership.StatusActive},
		{Name: "sh-trader-b", Jurisdiction: "CN-SH", Role: membership.RoleTrader, Status: membership.StatusActive},
		{Name: "sg-operator", Jurisdiction: "SG", Role: membership.RoleOperator, Status: membership.StatusActive},
		{Name: "sg-trader", Jurisdiction: "SG", Role: membership.RoleTrader, Status: membership.StatusActive},
		{Name: "hk-trader", Jurisdiction: "HK", Role: membership.RoleTrader, Status: membership.StatusActive},
	})}
}

func (e *env) addr(name string) secp.Address { return e.Addrs[name] }

// run executes msg signed by name at block time t in a transaction of its
// own, as the application does: a refused message changes nothing.
func (e *env) run(name string, t time.Time, msg kit.Msg) (*kit.Context, error) {
	e.n++
	e.Height++
	ctx := &kit.Context{KV: e.KV, ChainID: "corridor-test", Height: e.Height, Time: t, Signer: e.Addrs[name],
		TxHash: sha256.Sum256([]byte{byte(e.n), byte(e.n >> 8)})}
	if err := msg.ValidateBasic(); err != nil {
		return ctx, err
	}
	var route kit.Route
	for _, r := range append(export.Routes(), identity.Routes()...) {
		if r.Type == msg.Type() {
			route = r
		}
	}
	return ctx, route.Handle(ctx, msg)
}

func (e *env) ok(name string, t time.Time, msg kit.Msg) *kit.Context {
	e.T.Helper()
	ctx, err := e.run(name, t, msg)
	if err != nil {
		e.T.Fatalf("%s by %s: %v", msg.Type(), name, err)
	}
	return ctx
}

func (e *env) reject(name string, t time.Time, msg kit.Msg, want *codes.Error, contains ...string) {
	e.T.Helper()
	before := kittest.Dump(e.KV)
	_, err := e.run(name, t, msg)
	if !errors.Is(err, want) {
		e.T.Fatalf("%s by %s: got %v, want %s", msg.Type(), name, err, want)
	}
	for _, c := range contains {
		if !strings.Contains(err.Error(), c) {
			e.T.Errorf("log %q does not mention %q", err, c)
		}
	}
	if kittest.Dump(e.KV) != before {
		e.T.Fatalf("%s was refused but changed the state", msg.Type())
	}
}

// flow declares a flow to sg-trader and returns its stored record.
func (e *env) flow(name string, t time.Time, m *export.MsgFlow) export.Flow {
	e.T.Helper()
	ctx := e.ok(name, t, m)
	f, ok := export.GetFlow(e.KV, export.FlowID(ctx.TxHash, 0))
	if !ok {
		e.T.Fatal("flow not stored")
	}
	return f
}

func (e *env) evidence(name string, t time.Time, m *export.MsgEvidence) export.Hash {
	e.T.Helper()
	ctx := e.ok(name, t, m)
	return export.EvidenceID(ctx.TxHash, 0)
}

func day(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func (e *env) publishSample(t time.Time) {
	e.T.Helper()
	e.ok("sh-operator", t, &export.MsgRules{RuleSet: export.SampleRuleSet()})
}

func tradeFlow(e *env, individuals uint64, evidence ...export.Hash) *export.MsgFlow {
	return &export.MsgFlow{Sector: "trade", Scenario: "cross-border-trade-docs", Categories: []string{"buyer-contact"},
		Items: []string{"untded:3412"}, Destination: "SG", Recipient: e.addr("sg-trader"),
		Volumes: export.Volumes{Individuals: individuals}, Evidence: evidence}
}

func contract(e *env, holder string, dest ...string) *export.MsgEvidence {
	if len(dest) == 0 {
		dest = []string{"SG"}
	}
	return &export.MsgEvidence{Instrument: export.InstrStandardContract, Authority: "Shanghai CAC", Reference: "SH-SCC-2026-0042",
		DocHash: sha256.Sum256([]byte("scc")), Holder: e.addr(holder), Recipient: e.addr("sg-trader"), Destinations: dest,
		Scenarios: []string{"cross-border-trade-docs"}}
}

func TestPublishRules(t *testing.T) {
	e := newEnv(t)
	t0 := day("2026-01-05T01:00:00Z")
	rs := export.SampleRuleSet()
	e.reject("sg-operator", t0, &export.MsgRules{RuleSet: rs}, codes.ExportNotAuthority, "SG")
	e.reject("sh-trader-a", t0, &export.MsgRules{RuleSet: rs}, codes.TxWrongRole)
	e.publishSample(t0)
	e.reject("sh-operator", t0, &export.MsgRules{RuleSet: rs}, codes.ExportStaleVersion)
	bad := rs
	bad.EffectiveFrom = "2024-03-22"
	e.reject("sh-operator", t0, &export.MsgRules{RuleSet: bad}, codes.ExportBadRuleSet)
	if p, ok := export.InForce(e.KV, "CN-SH", t0); !ok || p.RuleSet.Version != 1 || p.By != e.addr("sh-operator") {
		t.Fatalf("in force: %+v %v", p, ok)
	}
}

// TestStoryUnderThresholdThenContract: flows pass under 100,000
// individuals, the next is refused for want of a filed standard contract,
// the contract is anchored and the flow passes; the counters add up.
func TestStoryUnderThresholdThenContract(t *testing.T) {
	e := newEnv(t)
	t0 := day("2026-02-02T02:00:00Z")
	e.publishSample(t0)
	f1 := e.flow("sh-trader-a", t0, tradeFlow(e, 40000))
	if f1.Decision.Procedure != export.ProcReportOnly || f1.Year != 2026 || !f1.Decision.Counted {
		t.Fatalf("first flow: %+v", f1.Decision)
	}
	if got := time.Unix(0, f1.ReportDue).UTC().Format(time.RFC3339); got != "2026-02-23T15:59:59Z" {
		t.Errorf("report due %s, want 15 business days after Monday 2 February: 23 February, end of day in Shanghai", got)
	}
	e.flow("sh-trader-a", t0.Add(time.Hour), tradeFlow(e, 59999))
	e.reject("sh-trader-a", t0.Add(2*time.Hour), tradeFlow(e, 1), codes.ExportEvidenceMissing, "standard-contract", "cn-art8-pi-100k")
	id := e.evidence("sh-trader-a", t0.Add(3*time.Hour), contract(e, "sh-trader-a"))
	f3 := e.flow("sh-trader-a", t0.Add(4*time.Hour), tradeFlow(e, 1, id))
	if f3.Decision.Procedure != export.ProcContract || f3.Decision.Evidence != id {
		t.Fatalf("third flow: %+v", f3.Decision)
	}
	ent, _, _ := export.EntityOf(e.KV, e.addr("sh-trader-a"), t0)
	if c := export.GetCounter(e.KV, ent, "CN-SH", 2026); c.Individuals != 100000 || c.Flows != 3 {
		t.Fatalf("counter %+v", c)
	}
}

// TestCountersResetOnFirstJanuary: the window is the calendar year of the
// block time in Shanghai's local time.
func TestCountersResetOnFirstJanuary(t *testing.T) {
	e := newEnv(t)
	e.publishSample(day("2025-06-01T00:00:00Z"))
	e.flow("sh-trader-a", day("2025-12-31T10:00:00Z"), tradeFlow(e, 99999))
	// 23:59 on 31 December in Shanghai: still 2025, the contract is needed.
	e.reject("sh-trader-a", day("2025-12-31T15:59:00Z"), tradeFlow(e, 1), codes.ExportEvidenceMissing)
	// 00:00 on 1 January in Shanghai (16:00 UTC): a new year, a new count.
	f := e.flow("sh-trader-a", day("2025-12-31T16:00:00Z"), tradeFlow(e, 99999))
	if f.Year != 2026 || f.Decision.Procedure != export.ProcReportOnly {
		t.Fatalf("%d %s", f.Year, f.Decision.Procedure)
	}
}

// TestTwoMembersOfOneEntityCannotSplit: two members attested as the same
// legal entity share one counter.
func TestTwoMembersOfOneEntityCannotSplit(t *testing.T) {
	e := newEnv(t)
	t0 := day("2026-03-02T02:00:00Z")
	e.publishSample(t0)
	licence := sha256.Sum256([]byte("business licence of one Shanghai company"))
	for _, m := range []string{"sh-trader-a", "sh-trader-b"} {
		e.ok("sh-attester", t0, &identity.MsgAttest{Subject: identity.AddressSubject(e.addr(m)), Claim: identity.ClaimLegalEntity,
			Scheme: identity.SchemeUSCC, CredentialHash: licence})
	}
	e.flow("sh-trader-a", t0.Add(time.Hour), tradeFlow(e, 60000))
	e.reject("sh-trader-b", t0.Add(2*time.Hour), tradeFlow(e, 40000), codes.ExportEvidenceMissing)
	// A member of another entity is counted apart.
	e.ok("sh-attester", t0, &identity.MsgAttest{Subject: identity.AddressSubject(e.addr("sh-trader-b")), Claim: identity.ClaimLegalEntity,
		Scheme: identity.SchemeUSCC, CredentialHash: sha256.Sum256([]byte("another company"))})
	e.reject("sh-trader-b", t0.Add(3*time.Hour), tradeFlow(e, 40000), codes.ExportEntityAmbiguous)
	// Evidence held by one member covers a flow of the other member of the same entity.
	e2 := newEnv(t)
	e2.publishSample(t0)
	for _, m := range []string{"sh-trader-a", "sh-trader-b"} {
		e2.ok("sh-attester", t0, &identity.MsgAttest{Subject: identity.AddressSubject(e2.addr(m)), Claim: identity.ClaimLegalEntity,
			Scheme: identity.SchemeUSCC, CredentialHash: licence})
	}
	id := e2.evidence("sh-trader-a", t0, contract(e2, "sh-trader-a"))
	e2.flow("sh-trader-b", t0.Add(time.Hour), tradeFlow(e2, 100000, id))
}

// TestRuleSetReplacedMidYear: a new version applies from its date to the
// counters of the year so far.
func TestRuleSetReplacedMidYear(t *testing.T) {
	e := newEnv(t)
	e.publishSample(day("2026-01-01T00:00:00Z"))
	e.flow("sh-trader-a", day("2026-03-02T02:00:00Z"), tradeFlow(e, 30000))
	v2 := export.SampleRuleSet()
	v2.Version, v2.EffectiveFrom = 2, "2026-07-01T00:00:00Z"
	for i := range v2.Rules {
		if v2.Rules[i].ID == "cn-art8-pi-100k" {
			v2.Rules[i].Min = 50000
		}
	}
	e.ok("sh-operator", day("2026-05-04T02:00:00Z"), &export.MsgRules{RuleSet: v2})
	// Before 1 July version 1 still decides.
	f := e.flow("sh-trader-a", day("2026-06-30T02:00:00Z"), tradeFlow(e, 10000))
	if f.RuleSet != 1 {
		t.Fatalf("rule set %d before 1 July", f.RuleSet)
	}
	// From 1 July version 2's lower threshold meets the year's 40,000.
	e.reject("sh-trader-a", day("2026-07-01T02:00:00Z"), tradeFlow(e, 10000), codes.ExportEvidenceMissing)
}

// TestNotOnTheList: data not on the zone's list is exempt and not counted.
func TestNotOnTheList(t *testing.T) {
	e := newEnv(t)
	t0 := day("2026-03-02T02:00:00Z")
	e.publishSample(t0)
	m := tradeFlow(e, 500000)
	m.Categories, m.Items = []string{"payment-terms"}, nil
	f := e.flow("sh-trader-a", t0, m)
	if f.Decision.Procedure != export.ProcExempt || f.Decision.Counted || f.ReportDue != 0 {
		t.Fatalf("%+v", f.Decision)
	}
	ent, _, _ := export.EntityOf(e.KV, e.addr("sh-trader-a"), t0)
	if c := export.GetCounter(e.KV, ent, "CN-SH", 2026); c.Flows != 0 {
		t.Fatalf("counted %+v", c)
	}
}

// TestEvidenceRefusals: expired, revoked, for another destination, another
// scenario, unknown, and a security assessment anchored by the holder.
func TestEvidenceRefusals(t *testing.T) {
	e := newEnv(t)
	t0 := day("2026-03-02T02:00:00Z")
	e.publishSample(t0)
	short := contract(e, "sh-trader-a")
	short.ValidUntil = t0.Add(time.Hour).UnixNano()
	expired := e.evidence("sh-trader-a", t0, short)
	e.reject("sh-trader-a", t0.Add(2*time.Hour), tradeFlow(e, 100000, expired), codes.ExportEvidenceExpired)

	revoked := e.evidence("sh-trader-a", t0, contract(e, "sh-trader-a"))
	e.reject("sh-trader-b", t0, &export.MsgRevokeEvidence{ID: revoked, Reason: "not mine"}, codes.ExportNotHolder)
	e.ok("sh-attester", t0, &export.MsgRevokeEvidence{ID: revoked, Reason: "filing withdrawn"})
	e.reject("sh-trader-a", t0, tradeFlow(e, 100000, revoked), codes.ExportEvidenceRevoked)

	hk := e.evidence("sh-trader-a", t0, contract(e, "sh-trader-a", "HK"))
	e.reject("sh-trader-a", t0, tradeFlow(e, 100000, hk), codes.ExportEvidenceDestination, "HK")

	other := contract(e, "sh-trader-a")
	other.Scenarios = []string{"crew-management"}
	scen := e.evidence("sh-trader-a", t0, other)
	e.reject("sh-trader-a", t0, tradeFlow(e, 100000, scen), codes.ExportEvidenceScenario)

	e.reject("sh-trader-a", t0, tradeFlow(e, 100000, sha256.Sum256([]byte("nothing"))), codes.ExportUnknownEvidence)

	notMine := e.evidence("sh-trader-b", t0, contract(e, "sh-trader-b"))
	e.reject("sh-trader-a", t0, tradeFlow(e, 100000, notMine), codes.ExportNotHolder)

	sa := contract(e, "sh-trader-a")
	sa.Instrument = export.InstrSecurityAssessment
	e.reject("sh-trader-a", t0, sa, codes.ExportNotAuthority)
	e.evidence("sh-attester", t0, sa)

	// A flow to Singapore naming a recipient outside Singapore is refused.
	m := tradeFlow(e, 10)
	m.Recipient = e.addr("hk-trader")
	e.reject("sh-trader-a", t0, m, codes.ExportUnknownRecipient)
	// A jurisdiction without a rule set cannot declare.
	e.reject("sg-trader", t0, &export.MsgFlow{Scenario: "x", Categories: []string{"y"}, Destination: "CN-SH", Recipient: e.addr("sh-trader-a")}, codes.ExportNoRuleSet)
}

func TestReport(t *testing.T) {
	e := newEnv(t)
	t0 := day("2026-02-02T02:00:00Z")
	e.publishSample(t0)
	f := e.flow("sh-trader-a", t0, tradeFlow(e, 10))
	rep := &export.MsgReport{Flow: f.ID, ReportHash: sha256.Sum256([]byte("report")), Reference: "SH-DESC-1"}
	e.reject("sh-trader-b", t0, rep, codes.ExportNotHolder)
	e.reject("sh-trader-a", t0, &export.MsgReport{Flow: sha256.Sum256([]byte("x")), ReportHash: rep.ReportHash}, codes.ExportUnknownFlow)
	// Overdue after the deadline.
	q := export.Queries()
	kit.SetBlockTime(e.KV, time.Unix(0, f.ReportDue+1))
	v, err := q["export-reports"](e.KV, []string{"CN-SH"})
	if err != nil || len(v.(export.FlowList).Flows) != 1 || v.(export.FlowList).Flows[0].ReportStatus != export.ReportOverdue {
		t.Fatalf("%+v %v", v, err)
	}
	e.ok("sh-trader-a", time.Unix(0, f.ReportDue+1), rep)
	e.reject("sh-trader-a", t0, rep, codes.ExportAlreadyReported)
	v, _ = q["export-reports"](e.KV, nil)
	if len(v.(export.FlowList).Flows) != 0 {
		t.Fatalf("still due: %+v", v)
	}
	fv, _ := q["export-flow"](e.KV, []string{f.ID.String()})
	if s := fv.(export.FlowView).ReportStatus; s != export.ReportFiledLate {
		t.Fatalf("status %s", s)
	}
}

func TestQueries(t *testing.T) {
	e := newEnv(t)
	t0 := day("2026-02-02T02:00:00Z")
	e.publishSample(t0)
	doc := sha256.Sum256([]byte("invoice"))
	m := tradeFlow(e, 10)
	m.Documents = []export.Hash{doc}
	f := e.flow("sh-trader-a", t0, m)
	e.flow("sh-trader-a", t0.Add(48*time.Hour), tradeFlow(e, 20))
	q := export.Queries()
	for _, tc := range []struct {
		args []string
		n    int
	}{
		{[]string{"exporter", e.addr("sh-trader-a").String()}, 2},
		{[]string{"destination", "SG"}, 2},
		{[]string{"destination", "HK"}, 0},
		{[]string{"category", "buyer-contact"}, 2},
		{[]string{"document", export.Hash(doc).String()}, 1},
		{[]string{"destination", "SG", "since=2026-02-03T00:00:00Z"}, 1},
		{[]string{"destination", "SG", "until=2026-02-03T00:00:00Z"}, 1},
	} {
		v, err := q["export-flows"](e.KV, tc.args)
		if err != nil || len(v.(export.FlowList).Flows) != tc.n {
			t.Errorf("%v: %+v %v, want %d", tc.args, v, err, tc.n)
		}
	}
	if v, _ := q["export-flows"](e.KV, []string{"document", export.Hash(doc).String()}); v.(export.FlowList).Flows[0].ID != f.ID {
		t.Error("wrong flow by document")
	}
	v, err := q["export-counters"](e.KV, []string{e.addr("sh-trader-a").String(), "2026"})
	if err != nil || len(v.(export.CountersView).Counters) != 1 || v.(export.CountersView).Counters[0].Counter.Individuals != 30 {
		t.Fatalf("%+v %v", v, err)
	}
	for _, bad := range [][]string{{"exporter", "nope"}, {"colour", "x"}, {"destination", "SG", "when=1"}} {
		if _, err := q["export-flows"](e.KV, bad); !errors.Is(err, codes.QueryBadArg) {
			t.Errorf("%v: %v", bad, err)
		}
	}
	if _, err := q["export-rules"](e.KV, []string{"CN-SH", "1"}); err != nil {
		t.Error(err)
	}
}
