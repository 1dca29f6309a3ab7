package status_test

import (
	"crypto/sha256"
	"testing"
	"time"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/x/kit/kittest"
	"github.com/corridor-trade/corridor/x/membership"
	"github.com/corridor-trade/corridor/x/status"
)

func newEnv(t *testing.T) *kittest.Env {
	return kittest.New(t, status.Routes(), []kittest.Member{
		{Name: "sh-attester", Jurisdiction: "CN-SH", Role: membership.RoleAttester, Status: membership.StatusActive},
		{Name: "sg-attester", Jurisdiction: "SG", Role: membership.RoleAttester, Status: membership.StatusActive},
		{Name: "sh-trader", Jurisdiction: "CN-SH", Role: membership.RoleTrader, Status: membership.StatusActive},
		{Name: "sh-retired", Jurisdiction: "CN-SH", Role: membership.RoleAttester, Status: membership.StatusSuspended},
	})
}

func h(s string) status.Hash { return sha256.Sum256([]byte(s)) }

var listID = status.ListIDHash("https://sh-attester.example/status/3")

func anchor(version uint64, mods ...func(*status.MsgAnchorList)) *status.MsgAnchorList {
	m := &status.MsgAnchorList{List: listID, Version: version, Purpose: status.PurposeRevocation, ListHash: h("list v" + string(rune('0'+version)))}
	for _, f := range mods {
		f(m)
	}
	return m
}

func TestAnchorList(t *testing.T) {
	e := newEnv(t)
	e.Reject("sh-trader", anchor(1), codes.TxWrongRole)
	e.Reject("sh-retired", anchor(1), codes.TxSuspendedSigner)
	e.Reject("stranger", anchor(1), codes.TxUnknownSigner)
	for name, bad := range map[string]*status.MsgAnchorList{
		"no list":          anchor(1, func(m *status.MsgAnchorList) { m.List = status.Hash{} }),
		"version 0":        anchor(0),
		"unknown purpose":  anchor(1, func(m *status.MsgAnchorList) { m.Purpose = "message" }),
		"no list hash":     anchor(1, func(m *status.MsgAnchorList) { m.ListHash = status.Hash{} }),
		"negative from":    anchor(1, func(m *status.MsgAnchorList) { m.ValidFrom = -1 }),
		"until before":     anchor(1, func(m *status.MsgAnchorList) { m.ValidFrom, m.ValidUntil = 10, 10 }),
		"until before now": anchor(1, func(m *status.MsgAnchorList) { m.ValidUntil = 1 }),
	} {
		t.Run(name, func(t *testing.T) { e.T = t; e.Reject("sh-attester", bad, codes.StatusBadList) })
	}
	e.T = t
	ctx := e.Ok("sh-attester", anchor(1))
	if !kittest.HasEvent(ctx, "status_list", "version", "1", "purpose", "revocation") {
		t.Errorf("no status_list event: %+v", ctx.Events())
	}
	e.Reject("sg-attester", anchor(2), codes.StatusNotOwner, "is anchored by")
	e.Reject("sh-attester", anchor(1), codes.StatusStaleVersion, "version 1 is already anchored")
	ctx5 := e.Ok("sh-attester", anchor(5))
	e.Reject("sh-attester", anchor(3), codes.StatusStaleVersion)
	head, ok := status.GetHead(e.KV, listID)
	if !ok || head.Latest != 5 || head.Versions != 2 || head.Owner != e.Addrs["sh-attester"] {
		t.Fatalf("head %+v", head)
	}
	v5, _ := status.GetVersion(e.KV, listID, 5)
	if v5.Prev != 1 || v5.Anchored.Height != ctx5.Height || v5.ValidFrom != v5.Anchored.TimeUnix {
		t.Fatalf("version 5: %+v", v5)
	}
	if got := status.Versions(e.KV, listID); len(got) != 2 || got[0].Version != 1 || got[1].Version != 5 {
		t.Fatalf("versions %+v", got)
	}
}

// TestInForce follows the version in force through windows: a later
// version whose window has not opened leaves the earlier one in force,
// and an expired latest version leaves none.
func TestInForce(t *testing.T) {
	e := newEnv(t)
	if _, _, found, _, _ := status.InForce(e.KV, listID, time.Now()); found {
		t.Fatal("an unanchored list was found")
	}
	c1 := e.Ok("sh-attester", anchor(1))
	t1 := c1.Time
	future := t1.Add(time.Hour)
	e.Ok("sh-attester", anchor(2, func(m *status.MsgAnchorList) {
		m.ValidFrom, m.ValidUntil = future.UnixNano(), future.Add(time.Hour).UnixNano()
	}))
	for _, tc := range []struct {
		at   time.Time
		ok   bool
		want uint64
	}{
		{t1, true, 1},
		{future.Add(-time.Nanosecond), true, 1},
		{future, true, 2},
		{future.Add(time.Hour), false, 2},
		{t1.Add(-time.Second), false, 0},
	} {
		v, _, found, ok, why := status.InForce(e.KV, listID, tc.at)
		if !found || ok != tc.ok || v.Version != tc.want {
			t.Errorf("at %s: version %d ok %v (%s), want %d %v", tc.at, v.Version, ok, why, tc.want, tc.ok)
		}
	}
}

func TestOARevocationStore(t *testing.T) {
	e := newEnv(t)
	store := status.StoreIDHash("0x49b2969bF0E4aa822023a9eA2293b24E4518C1DD")
	if store != status.StoreIDHash("0x49B2969BF0E4AA822023A9EA2293B24E4518C1DD") {
		t.Fatal("store ids differing only in case hash differently")
	}
	t1, t2 := h("target 1"), h("target 2")
	if string(t1[:]) > string(t2[:]) {
		t1, t2 = t2, t1
	}
	e.Reject("sh-attester", &status.MsgOARevoke{Store: store, Targets: []status.Hash{t1}}, codes.StatusUnknownStore)
	e.Reject("sh-attester", &status.MsgOAStore{}, codes.StatusBadStore)
	e.Reject("sh-trader", &status.MsgOAStore{Store: store}, codes.TxWrongRole)
	e.Ok("sh-attester", &status.MsgOAStore{Store: store})
	e.Reject("sg-attester", &status.MsgOAStore{Store: store}, codes.StatusStoreExists)
	for name, bad := range map[string]*status.MsgOARevoke{
		"no store":    {Targets: []status.Hash{t1}},
		"no targets":  {Store: store},
		"unsorted":    {Store: store, Targets: []status.Hash{t2, t1}},
		"duplicate":   {Store: store, Targets: []status.Hash{t1, t1}},
		"zero target": {Store: store, Targets: []status.Hash{{}}},
		"too many":    {Store: store, Targets: make([]status.Hash, status.MaxTargets+1)},
		"long reason": {Store: store, Targets: []status.Hash{t1}, Reason: string(make([]byte, status.MaxReason+1))},
	} {
		t.Run(name, func(t *testing.T) { e.T = t; e.Reject("sh-attester", bad, codes.StatusBadStore) })
	}
	e.T = t
	e.Reject("sg-attester", &status.MsgOARevoke{Store: store, Targets: []status.Hash{t1}}, codes.StatusNotOwner)
	ctx := e.Ok("sh-attester", &status.MsgOARevoke{Store: store, Targets: []status.Hash{t1}, Reason: "superseded"})
	if !kittest.HasEvent(ctx, "status_oa_revoke", "target", t1.String()) {
		t.Errorf("no revoke event: %+v", ctx.Events())
	}
	e.Reject("sh-attester", &status.MsgOARevoke{Store: store, Targets: []status.Hash{t1, t2}}, codes.StatusAlreadyRevoked)
	if r, ok := status.GetRevocation(e.KV, store, t1); !ok || r.Reason != "superseded" || r.At.Height != ctx.Height {
		t.Fatalf("revocation %+v", r)
	}
	if _, ok := status.GetRevocation(e.KV, store, t2); ok {
		t.Fatal("a refused message revoked t2")
	}
	if s, _ := status.GetStore(e.KV, store); s.Revoked != 1 {
		t.Fatalf("store %+v", s)
	}
}
