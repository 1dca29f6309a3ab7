package identity_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/identity"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/store"
	"github.com/corridor-trade/corridor/x/kit/store/iavlstore"
	"github.com/corridor-trade/corridor/x/membership"
)

// t0 is the block time of the test chain's first block.
var t0 = time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)

// env is a membership state with an operator, an attester and a trader in
// each of CN-SH, SG and HK.
type env struct {
	t    *testing.T
	kv   store.KV
	keys map[string]*secp.PrivKey
	tx   byte // counter for distinct transaction hashes
}

func key(name string) *secp.PrivKey {
	d := sha256.Sum256([]byte("identity test key " + name))
	k, err := secp.PrivKeyFromBytes(d[:])
	if err != nil {
		panic(err)
	}
	return k
}

func newEnv(t *testing.T) *env {
	t.Helper()
	tree, err := iavlstore.Open(t.TempDir(), iavlstore.Options{Backend: "memdb"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tree.Close() })
	e := &env{t: t, kv: tree.Working(), keys: map[string]*secp.PrivKey{}}
	g := membership.Genesis{Jurisdictions: []membership.Jurisdiction{{Code: "CN-SH", Name: "Shanghai"}, {Code: "HK", Name: "Hong Kong"}, {Code: "SG", Name: "Singapore"}}}
	for _, j := range []struct{ short, code string }{{"sh", "CN-SH"}, {"hk", "HK"}, {"sg", "SG"}} {
		for _, role := range []string{"operator", "attester", "trader"} {
			name := j.short + "-" + role
			e.keys[name] = key(name)
			g.Members = append(g.Members, membership.GenesisMember{PubKey: e.keys[name].PubKey(), Jurisdiction: j.code, Roles: []string{role}, Label: name})
		}
	}
	vpk := bytes.Repeat([]byte{7}, 32)
	g.Validators = []membership.GenesisValidator{{Name: "v", Jurisdiction: "SG", PubKey: vpk, Power: 1}}
	if err := membership.InitGenesis(e.kv, &g, []membership.ConsensusValidator{{Address: bytes.Repeat([]byte{1}, 20), PubKey: vpk, Power: 1}}, kit.Stamp{Height: 1, TimeUnix: t0.UnixNano()}); err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *env) addr(name string) secp.Address {
	k, ok := e.keys[name]
	if !ok {
		return key(name).PubKey().Address() // not a member
	}
	return k.PubKey().Address()
}

// ctx returns a context for a new transaction signed by name at time at.
func (e *env) ctx(name string, at time.Time) *kit.Context {
	e.tx++
	return &kit.Context{KV: e.kv, ChainID: "test", Height: int64(e.tx) + 1, Time: at, TxHash: sha256.Sum256([]byte{e.tx}), Signer: e.addr(name)}
}

// dump returns every key and value of the state.
func dump(kv store.KV) map[string]string {
	out := map[string]string{}
	kv.Iterate(nil, nil, func(k, v []byte) bool {
		out[string(k)] = string(v)
		return true
	})
	return out
}

func sameState(t *testing.T, before, after map[string]string) {
	t.Helper()
	if len(before) != len(after) {
		t.Fatalf("state changed: %d keys before, %d after", len(before), len(after))
	}
	for k, v := range before {
		if after[k] != v {
			t.Fatalf("state changed at key %q", k)
		}
	}
}

func hash(s string) identity.Hash { return sha256.Sum256([]byte(s)) }

// attest makes an attestation and returns it, failing the test on error.
func (e *env) attest(name string, at time.Time, msg identity.MsgAttest) identity.Attestation {
	e.t.Helper()
	c := e.ctx(name, at)
	if err := identity.Attest(c, &msg); err != nil {
		e.t.Fatalf("attest: %v", err)
	}
	a, ok := identity.Get(e.kv, identity.AttestationID(c.TxHash, c.MsgIdx))
	if !ok {
		e.t.Fatal("attestation not stored")
	}
	return a
}

func legalEntity(subject secp.Address) identity.MsgAttest {
	return identity.MsgAttest{Subject: identity.AddressSubject(subject), Claim: identity.ClaimLegalEntity, Scheme: identity.SchemeUEN, CredentialHash: hash("vc")}
}

func TestAttestRecordsIndexesAndEmits(t *testing.T) {
	e := newEnv(t)
	c := e.ctx("sg-attester", t0)
	msg := legalEntity(e.addr("sg-trader"))
	msg.ValidUntil = t0.Add(365 * 24 * time.Hour).UnixNano()
	if err := identity.Attest(c, &msg); err != nil {
		t.Fatal(err)
	}
	id := identity.AttestationID(c.TxHash, 0)
	a, ok := identity.Get(e.kv, id)
	if !ok {
		t.Fatal("not stored")
	}
	if a.Attester != e.addr("sg-attester") || a.AttesterJurisdiction != "SG" || a.Subject.Address != e.addr("sg-trader") ||
		a.Claim != "legal-entity" || a.Scheme != "uen" || a.CredentialHash != hash("vc") ||
		a.ValidFrom != t0.UnixNano() || a.ValidUntil != msg.ValidUntil || a.Status != identity.StatusActive ||
		len(a.History) != 1 || a.History[0].Event != "attested" || a.History[0].At != c.Stamp() {
		t.Fatalf("unexpected record %+v", a)
	}
	if got := identity.BySubject(e.kv, a.Subject, ""); len(got) != 1 || got[0].ID != id {
		t.Fatalf("subject index: %v", got)
	}
	if got := identity.BySubject(e.kv, a.Subject, identity.ClaimAEO); len(got) != 0 {
		t.Fatalf("claim-filtered subject index returned %d", len(got))
	}
	if got := identity.ByAttester(e.kv, a.Attester); len(got) != 1 || got[0].ID != id {
		t.Fatalf("attester index: %v", got)
	}
	evs := c.Events()
	if len(evs) != 1 || evs[0].Type != "attestation" {
		t.Fatalf("events %v", evs)
	}
	want := map[string]string{"action": "attested", "id": id.String(), "attester": a.Attester.String(), "subject": a.Subject.String(), "claim": "legal-entity", "status": "active", "attester_jurisdiction": "SG"}
	for _, at := range evs[0].Attrs {
		if w, ok := want[at.Key]; ok && w != at.Value {
			t.Errorf("event %s = %q, want %q", at.Key, at.Value, w)
		}
		delete(want, at.Key)
		if !at.Index {
			t.Errorf("event attribute %s not indexed", at.Key)
		}
	}
	if len(want) != 0 {
		t.Errorf("missing event attributes %v", want)
	}
}

func TestAttestRejections(t *testing.T) {
	e := newEnv(t)
	ok := legalEntity(e.addr("sg-trader"))
	mod := func(f func(m *identity.MsgAttest)) identity.MsgAttest { m := ok; f(&m); return m }
	// A first attestation, so that replaying its transaction collides.
	first := e.ctx("sg-attester", t0)
	if err := identity.Attest(first, &ok); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		signer string
		msg    identity.MsgAttest
		replay bool
		want   *codes.Error
	}{
		{"no credential hash", "sg-attester", mod(func(m *identity.MsgAttest) { m.CredentialHash = identity.Hash{} }), false, codes.TxInvalidMsg},
		{"no subject", "sg-attester", mod(func(m *identity.MsgAttest) { m.Subject = identity.Subject{} }), false, codes.IdentityBadSubject},
		{"both subjects", "sg-attester", mod(func(m *identity.MsgAttest) { m.Subject.Commitment = hash("c") }), false, codes.IdentityBadSubject},
		{"unknown claim", "sg-attester", mod(func(m *identity.MsgAttest) { m.Claim = "citizen" }), false, codes.IdentityUnknownClaim},
		{"empty claim", "sg-attester", mod(func(m *identity.MsgAttest) { m.Claim = "" }), false, codes.IdentityUnknownClaim},
		{"scheme of another claim", "sg-attester", mod(func(m *identity.MsgAttest) { m.Scheme = identity.SchemeCNAEO }), false, codes.IdentityUnknownScheme},
		{"missing scheme", "sg-attester", mod(func(m *identity.MsgAttest) { m.Scheme = "" }), false, codes.IdentityUnknownScheme},
		{"signatory with scheme", "sg-attester", mod(func(m *identity.MsgAttest) { m.Claim = identity.ClaimSignatory }), false, codes.IdentityUnknownScheme},
		{"negative valid_until", "sg-attester", mod(func(m *identity.MsgAttest) { m.ValidUntil = -1 }), false, codes.IdentityBadValidity},
		{"negative valid_from", "sg-attester", mod(func(m *identity.MsgAttest) { m.ValidFrom = -5 }), false, codes.IdentityBadValidity},
		{"until before from", "sg-attester", mod(func(m *identity.MsgAttest) {
			m.ValidFrom, m.ValidUntil = t0.Add(2*time.Hour).UnixNano(), t0.Add(time.Hour).UnixNano()
		}), false, codes.IdentityBadValidity},
		{"from before block time", "sg-attester", mod(func(m *identity.MsgAttest) { m.ValidFrom = t0.Add(-time.Second).UnixNano() }), false, codes.IdentityBadValidity},
		{"until at block time", "sg-attester", mod(func(m *identity.MsgAttest) { m.ValidUntil = t0.UnixNano() }), false, codes.IdentityBadValidity},
		{"subject not a member", "sg-attester", mod(func(m *identity.MsgAttest) { m.Subject = identity.AddressSubject(e.addr("stranger")) }), false, codes.IdentitySubjectNotFound},
		{"self attestation", "sg-attester", mod(func(m *identity.MsgAttest) { m.Subject = identity.AddressSubject(e.addr("sg-attester")) }), false, codes.IdentitySelfAttestation},
		{"same transaction and index", "sg-attester", ok, true, codes.IdentityExists},
		{"trader signs", "sg-trader", ok, false, codes.TxWrongRole},
		{"operator signs", "sg-operator", ok, false, codes.TxWrongRole},
		{"stranger signs", "stranger", ok, false, codes.TxUnknownSigner},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := dump(e.kv)
			c := e.ctx(tc.signer, t0)
			if tc.replay {
				c.TxHash, c.MsgIdx = first.TxHash, first.MsgIdx
			}
			msg := tc.msg
			err := identity.Attest(c, &msg)
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %s", err, tc.want)
			}
			if len(c.Events()) != 0 {
				t.Fatal("a rejected message emitted events")
			}
			sameState(t, before, dump(e.kv))
		})
	}
}

func TestRevokeAndRejections(t *testing.T) {
	e := newEnv(t)
	a := e.attest("sg-attester", t0, legalEntity(e.addr("sg-trader")))
	longReason := strings.Repeat("x", identity.MaxReason+1)
	cases := []struct {
		name   string
		signer string
		msg    identity.MsgRevoke
		want   *codes.Error
	}{
		{"no id", "sg-attester", identity.MsgRevoke{Reason: "r"}, codes.TxInvalidMsg},
		{"no reason", "sg-attester", identity.MsgRevoke{ID: a.ID}, codes.TxInvalidMsg},
		{"long reason", "sg-attester", identity.MsgRevoke{ID: a.ID, Reason: longReason}, codes.TxInvalidMsg},
		{"invalid utf-8 reason", "sg-attester", identity.MsgRevoke{ID: a.ID, Reason: "\xff"}, codes.TxInvalidMsg},
		{"unknown id", "sg-attester", identity.MsgRevoke{ID: hash("nothing"), Reason: "r"}, codes.IdentityNotFound},
		{"another attester", "hk-attester", identity.MsgRevoke{ID: a.ID, Reason: "r"}, codes.IdentityNotAttester},
		{"the operator", "sg-operator", identity.MsgRevoke{ID: a.ID, Reason: "r"}, codes.TxWrongRole},
		{"the subject", "sg-trader", identity.MsgRevoke{ID: a.ID, Reason: "r"}, codes.TxWrongRole},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := dump(e.kv)
			c := e.ctx(tc.signer, t0.Add(time.Minute))
			msg := tc.msg
			if err := identity.Revoke(c, &msg); !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %s", err, tc.want)
			}
			sameState(t, before, dump(e.kv))
		})
	}

	at := t0.Add(time.Hour)
	if _, ok := identity.Active(e.kv, a.ID, at); !ok {
		t.Fatal("not active before revocation")
	}
	c := e.ctx("sg-attester", at)
	if err := identity.Revoke(c, &identity.MsgRevoke{ID: a.ID, Reason: "licence withdrawn"}); err != nil {
		t.Fatal(err)
	}
	got, _ := identity.Get(e.kv, a.ID)
	if got.Status != identity.StatusRevoked || len(got.History) != 2 || got.History[1].Event != "revoked" ||
		got.History[1].Reason != "licence withdrawn" || got.History[1].At != c.Stamp() || got.History[1].By != a.Attester {
		t.Fatalf("revoked record %+v", got)
	}
	if ev := c.Events(); len(ev) != 1 || ev[0].Attrs[0].Value != "revoked" {
		t.Fatalf("events %+v", ev)
	}
	// Revocation counts at once, at the very block time it was made.
	if _, ok := identity.Active(e.kv, a.ID, at); ok {
		t.Fatal("revoked attestation still active")
	}
	if n := len(identity.ActiveFor(e.kv, e.addr("sg-trader"), identity.ClaimLegalEntity, at)); n != 0 {
		t.Fatalf("ActiveFor returned %d after revocation", n)
	}
	before := dump(e.kv)
	if err := identity.Revoke(e.ctx("sg-attester", at), &identity.MsgRevoke{ID: a.ID, Reason: "again"}); !errors.Is(err, codes.IdentityAlreadyRevoked) {
		t.Fatalf("second revocation: %v", err)
	}
	sameState(t, before, dump(e.kv))
}

func TestValidityWindow(t *testing.T) {
	e := newEnv(t)
	until := t0.Add(24 * time.Hour)
	msg := legalEntity(e.addr("sg-trader"))
	msg.ValidUntil = until.UnixNano()
	a := e.attest("sg-attester", t0, msg)
	future := legalEntity(e.addr("sg-trader"))
	future.ValidFrom = t0.Add(time.Hour).UnixNano()
	f := e.attest("sg-attester", t0, future)

	checks := []struct {
		at        time.Time
		id        identity.Hash
		wantState string
	}{
		{t0, a.ID, identity.StateActive},
		{until, a.ID, identity.StateActive}, // valid_until itself is still inside
		{until.Add(time.Nanosecond), a.ID, identity.StateExpired},
		{t0, f.ID, identity.StatePending},
		{t0.Add(time.Hour - 1), f.ID, identity.StatePending},
		{t0.Add(time.Hour), f.ID, identity.StateActive},
		{t0.Add(100 * 365 * 24 * time.Hour), f.ID, identity.StateActive}, // open-ended
	}
	for _, c := range checks {
		got, _ := identity.Get(e.kv, c.id)
		if st := identity.State(e.kv, &got, c.at); st != c.wantState {
			t.Errorf("%s at %s: state %s, want %s", c.id, c.at, st, c.wantState)
		}
		_, active := identity.Active(e.kv, c.id, c.at)
		if active != (c.wantState == identity.StateActive) {
			t.Errorf("%s at %s: Active = %v", c.id, c.at, active)
		}
	}
	if n := len(identity.ActiveFor(e.kv, e.addr("sg-trader"), identity.ClaimLegalEntity, until.Add(time.Nanosecond))); n != 1 {
		t.Fatalf("ActiveFor after expiry of one: %d, want 1", n)
	}
	if _, ok := identity.Active(e.kv, hash("missing"), t0); ok {
		t.Fatal("missing attestation active")
	}
}

func TestSuspendedAttesterStopsCounting(t *testing.T) {
	e := newEnv(t)
	a := e.attest("hk-attester", t0, legalEntity(e.addr("hk-trader")))
	if err := membership.Suspend(e.ctx("hk-operator", t0.Add(time.Minute)), &membership.MsgSuspend{Member: e.addr("hk-attester"), Reason: "key compromise"}); err != nil {
		t.Fatal(err)
	}
	got, _ := identity.Get(e.kv, a.ID)
	if st := identity.State(e.kv, &got, t0.Add(time.Minute)); st != identity.StateAttesterInactive {
		t.Fatalf("state %s, want attester-inactive", st)
	}
	if _, ok := identity.Active(e.kv, a.ID, t0.Add(time.Minute)); ok {
		t.Fatal("attestation of a suspended attester still active")
	}
	if err := membership.Reinstate(e.ctx("hk-operator", t0.Add(2*time.Minute)), &membership.MsgReinstate{Member: e.addr("hk-attester")}); err != nil {
		t.Fatal(err)
	}
	if _, ok := identity.Active(e.kv, a.ID, t0.Add(2*time.Minute)); !ok {
		t.Fatal("attestation not active again after reinstatement")
	}
}

func TestCommitmentSubjectAndOrdering(t *testing.T) {
	e := newEnv(t)
	salt := bytes.Repeat([]byte{0x5a}, 32)
	c, err := identity.Commit(salt, identity.SchemeUSCC, "91310000MA1FL0000X")
	if err != nil {
		t.Fatal(err)
	}
	want := sha256.Sum256(append(append([]byte(nil), salt...), []byte("uscc:91310000MA1FL0000X")...))
	if c != identity.Hash(want) {
		t.Fatal("Commit does not compute SHA-256(salt ‖ scheme ‖ \":\" ‖ identifier)")
	}
	if _, err := identity.Commit(salt[:8], "uscc", "x"); err == nil {
		t.Fatal("short salt accepted")
	}
	subj := identity.CommitmentSubject(c)
	var ids []identity.Hash
	for i := 0; i < 5; i++ {
		m := identity.MsgAttest{Subject: subj, Claim: identity.ClaimAEO, Scheme: identity.SchemeCNAEO, CredentialHash: hash("aeo")}
		ids = append(ids, e.attest("sh-attester", t0, m).ID)
	}
	e.attest("sh-attester", t0, identity.MsgAttest{Subject: subj, Claim: identity.ClaimLegalEntity, Scheme: identity.SchemeUSCC, CredentialHash: hash("le")})
	got := identity.ActiveForSubject(e.kv, subj, identity.ClaimAEO, t0)
	if len(got) != 5 {
		t.Fatalf("%d aeo attestations, want 5", len(got))
	}
	for i := 1; i < len(got); i++ {
		if bytes.Compare(got[i-1].ID[:], got[i].ID[:]) >= 0 {
			t.Fatal("ActiveForSubject not sorted by id")
		}
	}
	if n := len(identity.BySubject(e.kv, subj, "")); n != 6 {
		t.Fatalf("BySubject all claims: %d, want 6", n)
	}
	if ps, err := identity.ParseSubject(c.String()); err != nil || ps != subj {
		t.Fatalf("ParseSubject(commitment) = %v, %v", ps, err)
	}
	if ps, err := identity.ParseSubject(e.addr("sg-trader").String()); err != nil || ps.Address != e.addr("sg-trader") {
		t.Fatalf("ParseSubject(address) = %v, %v", ps, err)
	}
	for _, bad := range []string{"", "zz", strings.Repeat("0", 64), "cor1xyz"} {
		if _, err := identity.ParseSubject(bad); err == nil {
			t.Errorf("ParseSubject(%q) accepted", bad)
		}
	}
}

func TestQueries(t *testing.T) {
	e := newEnv(t)
	a := e.attest("sg-attester", t0, legalEntity(e.addr("sg-trader")))
	e.kv.Set([]byte(kit.BlockTimeKey), kit.Uint64Key(uint64(t0.Add(time.Minute).UnixNano())))
	q := identity.Queries()

	v, err := q["attestation"](e.kv, []string{a.ID.String()})
	if err != nil {
		t.Fatal(err)
	}
	view := v.(identity.View)
	if !view.Active || view.State != "active" || !view.AsOf.Equal(t0.Add(time.Minute)) || view.ID != a.ID {
		t.Fatalf("view %+v", view)
	}
	b, err := json.Marshal(view)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"id":"` + a.ID.String() + `"`, `"subject":{"address":"` + e.addr("sg-trader").String() + `"}`, `"history":[{"at":{"height":`, `"active":true`, `"state":"active"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("JSON %s lacks %s", b, want)
		}
	}
	// asof in the past: not yet valid.
	v, err = q["attestation"](e.kv, []string{a.ID.String(), "asof=" + t0.Add(-time.Second).Format(time.RFC3339Nano)})
	if err != nil || v.(identity.View).State != identity.StatePending {
		t.Fatalf("asof view: %v, %v", v, err)
	}
	l, err := q["attestations"](e.kv, []string{e.addr("sg-trader").String(), "legal-entity"})
	if err != nil || len(l.(identity.List).Attestations) != 1 {
		t.Fatalf("attestations: %v, %v", l, err)
	}
	l, err = q["attested-by"](e.kv, []string{e.addr("sg-attester").String(), "asof=0"})
	if err != nil || len(l.(identity.List).Attestations) != 1 {
		t.Fatalf("attested-by: %v, %v", l, err)
	}
	bad := []struct {
		path string
		args []string
		want *codes.Error
	}{
		{"attestation", nil, codes.QueryBadArg},
		{"attestation", []string{"xyz"}, codes.QueryBadArg},
		{"attestation", []string{hash("none").String()}, codes.QueryNotFound},
		{"attestation", []string{a.ID.String(), "asof=yesterday"}, codes.QueryBadArg},
		{"attestations", []string{"nobody"}, codes.QueryBadArg},
		{"attestations", []string{e.addr("sg-trader").String(), "citizen"}, codes.QueryBadArg},
		{"attested-by", []string{"nobody"}, codes.QueryBadArg},
	}
	for _, c := range bad {
		if _, err := q[c.path](e.kv, c.args); !errors.Is(err, c.want) {
			t.Errorf("%s %v: %v, want %s", c.path, c.args, err, c.want)
		}
	}
}

func TestGenesis(t *testing.T) {
	m := identity.Module()
	for _, ok := range []string{"", "null", "{}"} {
		if err := m.ValidateGenesis([]byte(ok)); err != nil {
			t.Errorf("genesis %q: %v", ok, err)
		}
	}
	if err := m.ValidateGenesis([]byte(`{"attestations":[]}`)); err == nil {
		t.Error("unknown genesis field accepted")
	}
}

// TestViewJSONRoundTrip checks that clients (the CLI) can decode the JSON
// answers back into View.
func TestViewJSONRoundTrip(t *testing.T) {
	e := newEnv(t)
	a := e.attest("sg-attester", t0, legalEntity(e.addr("sg-trader")))
	c := identity.MsgAttest{Subject: identity.CommitmentSubject(hash("c")), Claim: "legal-entity", Scheme: "lei", CredentialHash: hash("x"), ValidUntil: t0.Add(time.Hour).UnixNano()}
	b2 := e.attest("sg-attester", t0, c)
	for _, att := range []identity.Attestation{a, b2} {
		v := identity.ViewOf(e.kv, att, t0)
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		var back identity.View
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("decode %s: %v", b, err)
		}
		if back.ID != v.ID || back.Subject != v.Subject || back.State != v.State || back.ValidUntil != v.ValidUntil ||
			back.CredentialHash != v.CredentialHash || len(back.History) != 1 || back.History[0].At.Height != v.History[0].At.Height {
			t.Fatalf("round trip %+v\n→ %+v", v, back)
		}
	}
}
