package recognition_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/x/identity"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/store"
	"github.com/corridor-trade/corridor/x/kit/store/iavlstore"
	"github.com/corridor-trade/corridor/x/membership"
	"github.com/corridor-trade/corridor/x/recognition"
)

var t0 = time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)

type env struct {
	t    *testing.T
	kv   store.KV
	keys map[string]*secp.PrivKey
	tx   byte
}

func key(name string) *secp.PrivKey {
	d := sha256.Sum256([]byte("recognition test key " + name))
	k, err := secp.PrivKeyFromBytes(d[:])
	if err != nil {
		panic(err)
	}
	return k
}

// newEnv returns a membership state with an operator, two attesters and a
// trader in each of CN-SH, SG and HK.
func newEnv(t *testing.T) *env {
	t.Helper()
	tree, err := iavlstore.Open(t.TempDir(), iavlstore.Options{Backend: "memdb"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tree.Close() })
	return newEnvOn(t, tree.Working())
}

func newEnvOn(t *testing.T, kv store.KV) *env {
	e := &env{t: t, kv: kv, keys: map[string]*secp.PrivKey{}}
	g := membership.Genesis{Jurisdictions: []membership.Jurisdiction{{Code: "CN-SH", Name: "Shanghai"}, {Code: "HK", Name: "Hong Kong"}, {Code: "SG", Name: "Singapore"}}}
	for _, j := range []struct{ short, code string }{{"sh", "CN-SH"}, {"hk", "HK"}, {"sg", "SG"}} {
		for _, role := range []string{"operator", "attester", "attester2", "trader"} {
			name := j.short + "-" + role
			e.keys[name] = key(name)
			r := strings.TrimSuffix(role, "2")
			g.Members = append(g.Members, membership.GenesisMember{PubKey: e.keys[name].PubKey(), Jurisdiction: j.code, Roles: []string{r}, Label: name})
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
	if k, ok := e.keys[name]; ok {
		return k.PubKey().Address()
	}
	return key(name).PubKey().Address()
}

func (e *env) ctx(name string, at time.Time) *kit.Context {
	e.tx++
	return &kit.Context{KV: e.kv, ChainID: "test", Height: int64(e.tx) + 1, Time: at, TxHash: sha256.Sum256([]byte{'r', e.tx}), Signer: e.addr(name)}
}

func (e *env) set(name string, msg recognition.MsgSet) {
	e.t.Helper()
	if err := recognition.Set(e.ctx(name, t0), &msg); err != nil {
		e.t.Fatalf("set %+v: %v", msg, err)
	}
}

func (e *env) attest(name string, at time.Time, msg identity.MsgAttest) identity.Attestation {
	e.t.Helper()
	c := e.ctx(name, at)
	if err := identity.Attest(c, &msg); err != nil {
		e.t.Fatalf("attest: %v", err)
	}
	a, _ := identity.Get(e.kv, identity.AttestationID(c.TxHash, c.MsgIdx))
	return a
}

func legalEntity(subject secp.Address, scheme string, until time.Time) identity.MsgAttest {
	m := identity.MsgAttest{Subject: identity.AddressSubject(subject), Claim: identity.ClaimLegalEntity, Scheme: scheme, CredentialHash: sha256.Sum256([]byte("vc"))}
	if !until.IsZero() {
		m.ValidUntil = until.UnixNano()
	}
	return m
}

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
	if !reflect.DeepEqual(before, after) {
		t.Fatalf("state changed: %d keys before, %d after", len(before), len(after))
	}
}

func TestSetAndRemove(t *testing.T) {
	e := newEnv(t)
	c := e.ctx("sg-operator", t0)
	if err := recognition.Set(c, &recognition.MsgSet{In: "SG", AttesterJurisdiction: "CN-SH", Claims: []string{"aeo", "legal-entity"}}); err != nil {
		t.Fatal(err)
	}
	r, ok := recognition.JurisdictionRule(e.kv, "SG", "CN-SH")
	if !ok || r.SetBy != e.addr("sg-operator") || r.Set != c.Stamp() || !reflect.DeepEqual(r.Claims, []string{"aeo", "legal-entity"}) || r.Name() != "SG:jurisdiction/CN-SH" {
		t.Fatalf("rule %+v", r)
	}
	if ev := c.Events(); len(ev) != 1 || ev[0].Type != "recognition_rule" {
		t.Fatalf("events %+v", ev)
	}
	// Replace.
	e.set("sg-operator", recognition.MsgSet{In: "SG", AttesterJurisdiction: "CN-SH", Claims: []string{"legal-entity"}})
	if r, _ := recognition.JurisdictionRule(e.kv, "SG", "CN-SH"); !reflect.DeepEqual(r.Claims, []string{"legal-entity"}) {
		t.Fatalf("replaced claims %v", r.Claims)
	}
	e.set("sg-operator", recognition.MsgSet{In: "SG", Attester: e.addr("hk-attester"), Claims: []string{"aeo"}})
	r, ok = recognition.AttesterRule(e.kv, "SG", e.addr("hk-attester"))
	if !ok || r.AttesterJurisdiction != "HK" || r.Kind() != recognition.KindAttester {
		t.Fatalf("attester rule %+v", r)
	}
	e.set("sg-operator", recognition.MsgSet{In: "SG", Profiles: []string{"cii-d16b", "ubl-2.1"}})
	rs := recognition.Rules(e.kv, "SG")
	if len(rs.Attesters) != 1 || len(rs.Jurisdictions) != 1 || !reflect.DeepEqual(rs.Profiles.Profiles, []string{"cii-d16b", "ubl-2.1"}) {
		t.Fatalf("rules %+v", rs)
	}
	if rs := recognition.Rules(e.kv, "HK"); len(rs.Attesters)+len(rs.Jurisdictions)+len(rs.Profiles.Profiles) != 0 {
		t.Fatalf("HK has rules %+v", rs)
	}
	for _, m := range []recognition.MsgRemove{
		{In: "SG", AttesterJurisdiction: "CN-SH"},
		{In: "SG", Attester: e.addr("hk-attester")},
		{In: "SG", Profiles: true},
	} {
		c := e.ctx("sg-operator", t0)
		if err := recognition.Remove(c, &m); err != nil {
			t.Fatalf("remove %+v: %v", m, err)
		}
		if len(c.Events()) != 1 {
			t.Fatalf("remove emitted %v", c.Events())
		}
	}
	if rs := recognition.Rules(e.kv, "SG"); len(rs.Attesters)+len(rs.Jurisdictions)+len(rs.Profiles.Profiles) != 0 {
		t.Fatalf("SG still has rules %+v", rs)
	}
}

func TestSetRejections(t *testing.T) {
	e := newEnv(t)
	e.set("sg-operator", recognition.MsgSet{In: "SG", Profiles: []string{"ubl-2.1"}})
	many := make([]string, recognition.MaxListLen+1)
	for i := range many {
		many[i] = string(rune('a' + i%26))
	}
	cases := []struct {
		name   string
		signer string
		msg    recognition.MsgSet
		want   *codes.Error
	}{
		{"rule for another jurisdiction", "sg-operator", recognition.MsgSet{In: "HK", AttesterJurisdiction: "CN-SH", Claims: []string{"aeo"}}, codes.RecognitionOutsideJurisdiction},
		{"profiles for another jurisdiction", "hk-operator", recognition.MsgSet{In: "SG", Profiles: []string{"raw"}}, codes.RecognitionOutsideJurisdiction},
		{"unknown jurisdiction as in", "sg-operator", recognition.MsgSet{In: "JP", AttesterJurisdiction: "SG", Claims: []string{"aeo"}}, codes.RecognitionOutsideJurisdiction},
		{"bad in code", "sg-operator", recognition.MsgSet{In: "sg", AttesterJurisdiction: "HK", Claims: []string{"aeo"}}, codes.TxInvalidMsg},
		{"bad attester jurisdiction code", "sg-operator", recognition.MsgSet{In: "SG", AttesterJurisdiction: "hong kong", Claims: []string{"aeo"}}, codes.TxInvalidMsg},
		{"nothing named", "sg-operator", recognition.MsgSet{In: "SG", Claims: []string{"aeo"}}, codes.RecognitionBadRule},
		{"attester and jurisdiction", "sg-operator", recognition.MsgSet{In: "SG", Attester: e.addr("hk-attester"), AttesterJurisdiction: "HK", Claims: []string{"aeo"}}, codes.RecognitionBadRule},
		{"jurisdiction and profiles", "sg-operator", recognition.MsgSet{In: "SG", AttesterJurisdiction: "HK", Profiles: []string{"raw"}}, codes.RecognitionBadRule},
		{"profiles with claims", "sg-operator", recognition.MsgSet{In: "SG", Profiles: []string{"raw"}, Claims: []string{"aeo"}}, codes.RecognitionBadRule},
		{"no claims", "sg-operator", recognition.MsgSet{In: "SG", AttesterJurisdiction: "HK"}, codes.RecognitionBadRule},
		{"unsorted claims", "sg-operator", recognition.MsgSet{In: "SG", AttesterJurisdiction: "HK", Claims: []string{"legal-entity", "aeo"}}, codes.RecognitionBadRule},
		{"duplicate claims", "sg-operator", recognition.MsgSet{In: "SG", AttesterJurisdiction: "HK", Claims: []string{"aeo", "aeo"}}, codes.RecognitionBadRule},
		{"too many claims", "sg-operator", recognition.MsgSet{In: "SG", AttesterJurisdiction: "HK", Claims: many}, codes.RecognitionBadRule},
		{"unsorted profiles", "sg-operator", recognition.MsgSet{In: "SG", Profiles: []string{"ubl-2.1", "raw"}}, codes.RecognitionBadRule},
		{"unknown claim", "sg-operator", recognition.MsgSet{In: "SG", AttesterJurisdiction: "HK", Claims: []string{"citizen"}}, codes.IdentityUnknownClaim},
		{"unknown profile", "sg-operator", recognition.MsgSet{In: "SG", Profiles: []string{"pdf"}}, codes.RecognitionUnknownProfile},
		{"own jurisdiction", "sg-operator", recognition.MsgSet{In: "SG", AttesterJurisdiction: "SG", Claims: []string{"aeo"}}, codes.RecognitionOwnJurisdiction},
		{"own attester", "sg-operator", recognition.MsgSet{In: "SG", Attester: e.addr("sg-attester"), Claims: []string{"aeo"}}, codes.RecognitionOwnJurisdiction},
		{"attester is a trader", "sg-operator", recognition.MsgSet{In: "SG", Attester: e.addr("hk-trader"), Claims: []string{"aeo"}}, codes.RecognitionNotAttester},
		{"attester is no member", "sg-operator", recognition.MsgSet{In: "SG", Attester: e.addr("stranger"), Claims: []string{"aeo"}}, codes.RecognitionNotAttester},
		{"unknown attester jurisdiction", "sg-operator", recognition.MsgSet{In: "SG", AttesterJurisdiction: "JP", Claims: []string{"aeo"}}, codes.MemberUnknownJurisdiction},
		{"attester signs", "sg-attester", recognition.MsgSet{In: "SG", AttesterJurisdiction: "HK", Claims: []string{"aeo"}}, codes.TxWrongRole},
		{"stranger signs", "stranger", recognition.MsgSet{In: "SG", AttesterJurisdiction: "HK", Claims: []string{"aeo"}}, codes.TxUnknownSigner},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := dump(e.kv)
			c := e.ctx(tc.signer, t0)
			msg := tc.msg
			if err := recognition.Set(c, &msg); !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %s", err, tc.want)
			}
			if len(c.Events()) != 0 {
				t.Fatal("rejected message emitted events")
			}
			sameState(t, before, dump(e.kv))
		})
	}
}

func TestRemoveRejections(t *testing.T) {
	e := newEnv(t)
	e.set("sg-operator", recognition.MsgSet{In: "SG", AttesterJurisdiction: "HK", Claims: []string{"aeo"}})
	e.set("sg-operator", recognition.MsgSet{In: "SG", Profiles: []string{"raw"}})
	cases := []struct {
		name   string
		signer string
		msg    recognition.MsgRemove
		want   *codes.Error
	}{
		{"another jurisdiction's rule", "hk-operator", recognition.MsgRemove{In: "SG", AttesterJurisdiction: "HK"}, codes.RecognitionOutsideJurisdiction},
		{"no such jurisdiction rule", "sg-operator", recognition.MsgRemove{In: "SG", AttesterJurisdiction: "CN-SH"}, codes.RecognitionRuleNotFound},
		{"no such attester rule", "sg-operator", recognition.MsgRemove{In: "SG", Attester: e.addr("hk-attester")}, codes.RecognitionRuleNotFound},
		{"no profiles", "hk-operator", recognition.MsgRemove{In: "HK", Profiles: true}, codes.RecognitionRuleNotFound},
		{"nothing named", "sg-operator", recognition.MsgRemove{In: "SG"}, codes.RecognitionBadRule},
		{"two named", "sg-operator", recognition.MsgRemove{In: "SG", AttesterJurisdiction: "HK", Profiles: true}, codes.RecognitionBadRule},
		{"bad in", "sg-operator", recognition.MsgRemove{In: "", Profiles: true}, codes.TxInvalidMsg},
		{"bad jurisdiction code", "sg-operator", recognition.MsgRemove{In: "SG", AttesterJurisdiction: "h/k"}, codes.TxInvalidMsg},
		{"trader signs", "sg-trader", recognition.MsgRemove{In: "SG", Profiles: true}, codes.TxWrongRole},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := dump(e.kv)
			msg := tc.msg
			if err := recognition.Remove(e.ctx(tc.signer, t0), &msg); !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %s", err, tc.want)
			}
			sameState(t, before, dump(e.kv))
		})
	}
}

// reasons renders a verdict's reasons compactly for comparison.
func reasons(v recognition.Verdict) string {
	var b strings.Builder
	for _, r := range v.Reasons {
		ok := "FAIL"
		if r.OK {
			ok = "ok"
		}
		b.WriteString(r.Check + ":" + ok + ":" + r.Rule + ";")
	}
	return b.String()
}

func TestEvaluateAttestation(t *testing.T) {
	e := newEnv(t)
	until := t0.Add(30 * 24 * time.Hour)
	sh := e.attest("sh-attester", t0, legalEntity(e.addr("sh-trader"), "uscc", until))
	hk := e.attest("hk-attester", t0, legalEntity(e.addr("hk-trader"), "br", time.Time{}))
	hk2 := e.attest("hk-attester2", t0, legalEntity(e.addr("hk-trader"), "lei", time.Time{}))
	aeo := e.attest("sh-attester", t0, identity.MsgAttest{Subject: identity.AddressSubject(e.addr("sh-trader")), Claim: "aeo", Scheme: "cn-aeo", CredentialHash: sha256.Sum256([]byte("aeo"))})
	e.set("sg-operator", recognition.MsgSet{In: "SG", AttesterJurisdiction: "CN-SH", Claims: []string{"legal-entity"}})
	e.set("sg-operator", recognition.MsgSet{In: "SG", Attester: e.addr("hk-attester"), Claims: []string{"legal-entity"}})
	now := t0.Add(time.Hour)

	cases := []struct {
		name       string
		in         string
		id         identity.Hash
		at         time.Time
		recognized bool
		want       string
	}{
		{"own jurisdiction", "CN-SH", sh.ID, now, true, "exists:ok:;attester:ok:CN-SH:own-jurisdiction;active:ok:;"},
		{"jurisdiction rule", "SG", sh.ID, now, true, "exists:ok:;attester:ok:SG:jurisdiction/CN-SH;active:ok:;"},
		{"jurisdiction rule lacks claim", "SG", aeo.ID, now, false, "exists:ok:;attester:FAIL:;active:ok:;"},
		{"attester rule", "SG", hk.ID, now, true, "exists:ok:;attester:ok:SG:attester/" + e.addr("hk-attester").String() + ";active:ok:;"},
		{"other attester of that jurisdiction", "SG", hk2.ID, now, false, "exists:ok:;attester:FAIL:;active:ok:;"},
		{"no rule at all", "HK", sh.ID, now, false, "exists:ok:;attester:FAIL:;active:ok:;"},
		{"expired", "SG", sh.ID, until.Add(time.Nanosecond), false, "exists:ok:;attester:ok:SG:jurisdiction/CN-SH;active:FAIL:;"},
		{"missing", "SG", sha256.Sum256([]byte("x")), now, false, "exists:FAIL:;"},
		{"unknown jurisdiction", "JP", sh.ID, now, false, "jurisdiction:FAIL:;"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := recognition.Evaluate(e.kv, recognition.Deps{}, tc.in, recognition.AttestationTarget(tc.id), tc.at)
			if v.Recognized != tc.recognized || reasons(v) != tc.want {
				t.Fatalf("recognized=%v reasons %s\nwant %v %s\n%+v", v.Recognized, reasons(v), tc.recognized, tc.want, v)
			}
			for _, r := range v.Reasons {
				if r.Detail == "" {
					t.Errorf("reason %s has no detail", r.Check)
				}
				if r.Check != "jurisdiction" && r.Check != "exists" && r.Attestation != identity.Hash(tc.id).String() {
					t.Errorf("reason %s does not name the attestation", r.Check)
				}
			}
		})
	}

	// Revocation stops recognition at once.
	if err := identity.Revoke(e.ctx("sh-attester", now), &identity.MsgRevoke{ID: sh.ID, Reason: "struck off"}); err != nil {
		t.Fatal(err)
	}
	v := recognition.Evaluate(e.kv, recognition.Deps{}, "SG", recognition.AttestationTarget(sh.ID), now)
	if v.Recognized || !strings.Contains(v.Reasons[2].Detail, "revoked") {
		t.Fatalf("revoked attestation: %+v", v)
	}
	// Removing a rule stops recognition at once.
	if err := recognition.Remove(e.ctx("sg-operator", now), &recognition.MsgRemove{In: "SG", Attester: e.addr("hk-attester")}); err != nil {
		t.Fatal(err)
	}
	if v := recognition.Evaluate(e.kv, recognition.Deps{}, "SG", recognition.AttestationTarget(hk.ID), now); v.Recognized {
		t.Fatalf("recognised after its rule was removed: %+v", v)
	}
}

// docs is a fake document source.
type docs map[[32]byte]recognition.DocumentFacts

func (d docs) deps() recognition.Deps {
	return recognition.Deps{Document: func(_ store.KV, h [32]byte) (recognition.DocumentFacts, bool) {
		f, ok := d[h]
		return f, ok
	}}
}

func TestEvaluateDocument(t *testing.T) {
	e := newEnv(t)
	until := t0.Add(30 * 24 * time.Hour)
	sh := e.attest("sh-attester", t0, legalEntity(e.addr("sh-trader"), "uscc", until))
	hkAtt := e.attest("hk-attester", t0, legalEntity(e.addr("hk-trader"), "br", time.Time{}))
	e.set("sg-operator", recognition.MsgSet{In: "SG", AttesterJurisdiction: "CN-SH", Claims: []string{"legal-entity"}})
	e.set("sg-operator", recognition.MsgSet{In: "SG", Profiles: []string{"cii-d16b", "ubl-2.1"}})
	e.set("sh-operator", recognition.MsgSet{In: "CN-SH", Profiles: []string{"ubl-2.1"}})

	h := func(s string) [32]byte { return sha256.Sum256([]byte(s)) }
	anchored := kit.Stamp{Height: 5, TimeUnix: t0.UnixNano()}
	d := docs{
		h("sh-ubl"):       {Issuer: e.addr("sh-trader"), IssuerJurisdiction: "CN-SH", Profile: "ubl-2.1", Status: "anchored", Anchored: anchored},
		h("sh-edifact"):   {Issuer: e.addr("sh-trader"), IssuerJurisdiction: "CN-SH", Profile: "edifact-invoic", Status: "anchored", Anchored: anchored},
		h("hk-ubl"):       {Issuer: e.addr("hk-trader"), IssuerJurisdiction: "HK", Profile: "ubl-2.1", Status: "anchored", Anchored: anchored},
		h("sg-ubl"):       {Issuer: e.addr("sg-trader"), IssuerJurisdiction: "SG", Profile: "ubl-2.1", Status: "anchored", Anchored: anchored},
		h("sh-cancelled"): {Issuer: e.addr("sh-trader"), IssuerJurisdiction: "CN-SH", Profile: "ubl-2.1", Status: "cancelled", Anchored: anchored},
	}
	now := t0.Add(time.Hour)
	cases := []struct {
		name       string
		deps       recognition.Deps
		in         string
		doc        [32]byte
		at         time.Time
		recognized bool
		want       string
		attest     string
	}{
		{"recognised", d.deps(), "SG", h("sh-ubl"), now, true, "anchored:ok:;profile:ok:SG:profiles;issuer-attested:ok:SG:jurisdiction/CN-SH;", sh.ID.String()},
		{"own jurisdiction", d.deps(), "CN-SH", h("sh-ubl"), now, true, "anchored:ok:;profile:ok:CN-SH:profiles;issuer-attested:ok:CN-SH:own-jurisdiction;", sh.ID.String()},
		{"profile not accepted", d.deps(), "SG", h("sh-edifact"), now, false, "anchored:ok:;profile:FAIL:SG:profiles;issuer-attested:ok:SG:jurisdiction/CN-SH;", sh.ID.String()},
		{"no profiles declared", d.deps(), "HK", h("hk-ubl"), now, false, "anchored:ok:;profile:FAIL:HK:profiles;issuer-attested:ok:HK:own-jurisdiction;", hkAtt.ID.String()},
		{"attester not recognised", d.deps(), "SG", h("hk-ubl"), now, false, "anchored:ok:;profile:ok:SG:profiles;issuer-attested:FAIL:;", hkAtt.ID.String()},
		{"issuer has no attestation", d.deps(), "SG", h("sg-ubl"), now, false, "anchored:ok:;profile:ok:SG:profiles;issuer-attested:FAIL:;", ""},
		{"attestation expired", d.deps(), "SG", h("sh-ubl"), until.Add(time.Second), false, "anchored:ok:;profile:ok:SG:profiles;issuer-attested:FAIL:;", ""},
		{"not anchored", d.deps(), "SG", h("nothing"), now, false, "anchored:FAIL:;", ""},
		{"cancelled", d.deps(), "SG", h("sh-cancelled"), now, false, "anchored:FAIL:;", ""},
		{"no document source", recognition.Deps{}, "SG", h("sh-ubl"), now, false, "anchored:FAIL:;", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := recognition.Evaluate(e.kv, tc.deps, tc.in, recognition.DocumentTarget(tc.doc), tc.at)
			if v.Recognized != tc.recognized || reasons(v) != tc.want {
				t.Fatalf("recognized=%v reasons %s\nwant %v %s\n%+v", v.Recognized, reasons(v), tc.recognized, tc.want, v)
			}
			if last := v.Reasons[len(v.Reasons)-1]; last.Attestation != tc.attest {
				t.Fatalf("last reason names attestation %q, want %q", last.Attestation, tc.attest)
			}
		})
	}
}

// TestEvaluateDeterministic builds the same state twice, with attestations
// and rules written in different orders, and checks that verdicts are
// identical, byte for byte, and repeatable.
func TestEvaluateDeterministic(t *testing.T) {
	build := func(reverse bool) (*env, []identity.Hash) {
		e := newEnv(t)
		steps := []func(){}
		var ids []identity.Hash
		for _, att := range []string{"hk-attester", "hk-attester2", "sh-attester", "sh-attester2"} {
			att := att
			steps = append(steps, func() {
				c := &kit.Context{KV: e.kv, Height: 2, Time: t0, TxHash: sha256.Sum256([]byte(att)), Signer: e.addr(att)}
				m := legalEntity(e.addr("sg-trader"), "uen", time.Time{})
				if err := identity.Attest(c, &m); err != nil {
					t.Fatal(err)
				}
				ids = append(ids, identity.AttestationID(c.TxHash, 0))
			})
		}
		steps = append(steps,
			func() {
				m := recognition.MsgSet{In: "SG", Profiles: []string{"ubl-2.1"}}
				recognition.Set(&kit.Context{KV: e.kv, Height: 2, Time: t0, Signer: e.addr("sg-operator")}, &m)
			},
			func() {
				m := recognition.MsgSet{In: "SG", Attester: e.addr("hk-attester2"), Claims: []string{"legal-entity"}}
				recognition.Set(&kit.Context{KV: e.kv, Height: 2, Time: t0, Signer: e.addr("sg-operator")}, &m)
			})
		if reverse {
			for i, j := 0, len(steps)-1; i < j; i, j = i+1, j-1 {
				steps[i], steps[j] = steps[j], steps[i]
			}
		}
		for _, s := range steps {
			s()
		}
		return e, ids
	}
	a, ids := build(false)
	b, _ := build(true)
	if !reflect.DeepEqual(dump(a.kv), dump(b.kv)) {
		t.Fatal("states differ")
	}
	doc := sha256.Sum256([]byte("doc"))
	d := docs{doc: {Issuer: a.addr("sg-trader"), IssuerJurisdiction: "SG", Profile: "ubl-2.1", Anchored: kit.Stamp{Height: 2}}}
	for _, in := range []string{"CN-SH", "HK", "SG"} {
		targets := []recognition.Target{recognition.DocumentTarget(doc)}
		for _, id := range ids {
			targets = append(targets, recognition.AttestationTarget(id))
		}
		for _, tg := range targets {
			va := recognition.Evaluate(a.kv, d.deps(), in, tg, t0)
			vb := recognition.Evaluate(b.kv, d.deps(), in, tg, t0)
			va2 := recognition.Evaluate(a.kv, d.deps(), in, tg, t0)
			ja, _ := json.Marshal(va)
			jb, _ := json.Marshal(vb)
			ja2, _ := json.Marshal(va2)
			if !bytes.Equal(ja, jb) || !bytes.Equal(ja, ja2) {
				t.Fatalf("verdicts differ for %s in %s:\n%s\n%s\n%s", tg.Kind, in, ja, jb, ja2)
			}
		}
	}
	// SG recognises the sg-trader document through hk-attester2 only,
	// although four attestations exist: the verdict names exactly it.
	sg := recognition.Evaluate(a.kv, d.deps(), "SG", recognition.DocumentTarget(doc), t0)
	last := sg.Reasons[len(sg.Reasons)-1]
	if !sg.Recognized || !last.OK || last.Rule != "SG:attester/"+a.addr("hk-attester2").String() {
		t.Fatalf("SG verdict %+v", sg)
	}
}

func TestMutualAndQueries(t *testing.T) {
	e := newEnv(t)
	e.set("sg-operator", recognition.MsgSet{In: "SG", AttesterJurisdiction: "HK", Claims: []string{"aeo", "legal-entity"}})
	e.set("sg-operator", recognition.MsgSet{In: "SG", Attester: e.addr("hk-attester2"), Claims: []string{"signatory"}})
	e.set("sg-operator", recognition.MsgSet{In: "SG", Attester: e.addr("sh-attester"), Claims: []string{"aeo"}})
	e.set("hk-operator", recognition.MsgSet{In: "HK", AttesterJurisdiction: "SG", Claims: []string{"aeo"}})
	e.set("hk-operator", recognition.MsgSet{In: "HK", Profiles: []string{"raw"}})
	m := recognition.Mutual(e.kv, "SG", "HK")
	if !reflect.DeepEqual(m.AToB.JurisdictionClaims, []string{"aeo", "legal-entity"}) || len(m.AToB.Attesters) != 1 ||
		m.AToB.Attesters[0].Attester != e.addr("hk-attester2") || len(m.AToB.Profiles) != 0 {
		t.Fatalf("SG→HK %+v", m.AToB)
	}
	if !reflect.DeepEqual(m.BToA.JurisdictionClaims, []string{"aeo"}) || len(m.BToA.Attesters) != 0 || !reflect.DeepEqual(m.BToA.Profiles, []string{"raw"}) {
		t.Fatalf("HK→SG %+v", m.BToA)
	}

	e.kv.Set([]byte(kit.BlockTimeKey), kit.Uint64Key(uint64(t0.Add(time.Hour).UnixNano())))
	hk := e.attest("hk-attester", t0, legalEntity(e.addr("hk-trader"), "br", time.Time{}))
	q := recognition.Queries(recognition.Deps{})
	v, err := q["recognition"](e.kv, []string{hk.ID.String(), "SG"})
	if err != nil {
		t.Fatal(err)
	}
	answer := v.(recognition.Answer)
	verdict := answer.Verdict
	if !verdict.Recognized || verdict.Kind != recognition.TargetAttestation || !verdict.AsOf.Equal(t0.Add(time.Hour)) {
		t.Fatalf("verdict %+v", verdict)
	}
	// The answer shows both directions between SG and the attester's HK.
	if answer.Mutual == nil || answer.Mutual.AToB.In != "SG" || answer.Mutual.AToB.Of != "HK" ||
		!reflect.DeepEqual(answer.Mutual.BToA.JurisdictionClaims, []string{"aeo"}) {
		t.Fatalf("mutual %+v", answer.Mutual)
	}
	// Evaluated in the attester's own jurisdiction there is no other side.
	v, err = q["recognition"](e.kv, []string{hk.ID.String(), "HK"})
	if err != nil || v.(recognition.Answer).Mutual != nil {
		t.Fatalf("verdict in HK: %+v %v", v, err)
	}
	v, err = q["recognition"](e.kv, []string{hk.ID.String(), "SG", "asof=" + t0.Add(-time.Hour).Format(time.RFC3339)})
	if err != nil || v.(recognition.Answer).Recognized {
		t.Fatalf("verdict before valid_from: %+v %v", v, err)
	}
	v, err = q["recognition"](e.kv, []string{strings.Repeat("ab", 32), "SG"})
	if err != nil || v.(recognition.Answer).Kind != recognition.TargetDocument || v.(recognition.Answer).Recognized || v.(recognition.Answer).Mutual != nil {
		t.Fatalf("unknown hash: %+v %v", v, err)
	}
	rs, err := q["rules"](e.kv, []string{"SG"})
	if err != nil || len(rs.(recognition.RuleSet).Attesters) != 2 {
		t.Fatalf("rules: %+v %v", rs, err)
	}
	b, _ := json.Marshal(rs)
	if !strings.Contains(string(b), `"kind":"attester"`) || !strings.Contains(string(b), `"set_by":"`+e.addr("sg-operator").String()) {
		t.Fatalf("rules JSON %s", b)
	}
	if _, err := q["mutual"](e.kv, []string{"SG", "HK"}); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []struct {
		path string
		args []string
	}{
		{"recognition", []string{"zz", "SG"}},
		{"recognition", []string{hk.ID.String()}},
		{"recognition", []string{hk.ID.String(), "singapore"}},
		{"recognition", []string{hk.ID.String(), "SG", "asof=never"}},
		{"rules", nil},
		{"rules", []string{"sg"}},
		{"mutual", []string{"SG"}},
	} {
		if _, err := q[bad.path](e.kv, bad.args); !errors.Is(err, codes.QueryBadArg) {
			t.Errorf("%s %v: %v", bad.path, bad.args, err)
		}
	}
}

func TestGenesis(t *testing.T) {
	tree, err := iavlstore.Open(t.TempDir(), iavlstore.Options{Backend: "memdb"})
	if err != nil {
		t.Fatal(err)
	}
	defer tree.Close()
	e := newEnvOn(t, tree.Working())
	hkAtt := e.addr("hk-attester")
	raw := `{"rules":[{"in":"SG","attester_jurisdiction":"CN-SH","claims":["aeo","legal-entity"]},
	                  {"in":"SG","attester":"` + hkAtt.String() + `","claims":["legal-entity"]}],
	         "profiles":[{"in":"SG","profiles":["cii-d16b","ubl-2.1"]}]}`
	mod := recognition.Module(recognition.Deps{})
	if err := mod.ValidateGenesis([]byte(raw)); err != nil {
		t.Fatal(err)
	}
	at := kit.Stamp{Height: 1, TimeUnix: t0.UnixNano()}
	if err := mod.InitGenesis(e.kv, []byte(raw), kit.GenesisEnv{At: at}); err != nil {
		t.Fatal(err)
	}
	rs := recognition.Rules(e.kv, "SG")
	if len(rs.Attesters) != 1 || rs.Attesters[0].AttesterJurisdiction != "HK" || !rs.Attesters[0].SetBy.IsZero() || rs.Attesters[0].Set != at ||
		len(rs.Jurisdictions) != 1 || len(rs.Profiles.Profiles) != 2 {
		t.Fatalf("genesis rules %+v", rs)
	}
	for _, ok := range []string{"", "null", "{}"} {
		if err := mod.ValidateGenesis([]byte(ok)); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	bad := []string{
		`{"rulez":[]}`,
		`{"rules":[{"in":"SG","attester_jurisdiction":"HK","claims":["aeo"]},{"in":"SG","attester_jurisdiction":"HK","claims":["legal-entity"]}]}`,
		`{"rules":[{"in":"SG","attester_jurisdiction":"SG","claims":["aeo"]}]}`,
		`{"profiles":[{"in":"SG","profiles":["pdf"]}]}`,
	}
	for _, b := range bad {
		if err := mod.ValidateGenesis([]byte(b)); err == nil {
			t.Errorf("genesis accepted: %s", b)
		}
	}
	// State checks: a trader named as attester, an unknown jurisdiction.
	for _, b := range []string{
		`{"rules":[{"in":"SG","attester":"` + e.addr("hk-trader").String() + `","claims":["aeo"]}]}`,
		`{"rules":[{"in":"JP","attester_jurisdiction":"SG","claims":["aeo"]}]}`,
	} {
		if err := mod.InitGenesis(e.kv, []byte(b), kit.GenesisEnv{At: at}); err == nil {
			t.Errorf("InitGenesis accepted %s", b)
		}
	}
}

func TestProfilesMatchFormats(t *testing.T) {
	want := []string{formats.ProfileCII, formats.ProfileEDIFACT, formats.ProfileISO20022, formats.ProfileOpenAttestation, formats.ProfileRaw, formats.ProfileUBL, formats.ProfileVC}
	if !reflect.DeepEqual(recognition.Profiles, want) {
		t.Fatalf("recognition.Profiles %v, formats %v", recognition.Profiles, want)
	}
}
