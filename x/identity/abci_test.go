package identity_test

import (
	"strings"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/corridor-trade/corridor/app/apptest"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/tx"
	"github.com/corridor-trade/corridor/x/identity"
	"github.com/corridor-trade/corridor/x/recognition"
)

func wantCode(t *testing.T, what string, res *abci.ExecTxResult, want *codes.Error) {
	t.Helper()
	var w uint32
	if want != nil {
		w = want.Code
	}
	if res.Code != w {
		t.Fatalf("%s: code %d (%s), want %d (%v)", what, res.Code, res.Log, w, want)
	}
}

// eventAttr returns the value of attribute key of the first event of type
// typ, or "".
func eventAttr(res *abci.ExecTxResult, typ, key string) string {
	for _, ev := range res.Events {
		if ev.Type != typ {
			continue
		}
		for _, a := range ev.Attributes {
			if a.Key == key {
				return a.Value
			}
		}
	}
	return ""
}

// stateWithoutBookkeeping is the committed state minus sequences and block
// metadata, which every transaction (failed or not) and block advance.
func stateWithoutBookkeeping(h *apptest.Harness) map[string]string {
	out := h.StoreDump()
	for k := range out {
		if strings.HasPrefix(k, "seq/") || strings.HasPrefix(k, "meta/") {
			delete(out, k)
		}
	}
	return out
}

func TestABCIAttestRecogniseRevoke(t *testing.T) {
	h := apptest.New(t, apptest.WithAppState("recognition", recognition.Genesis{
		Rules:    []recognition.GenesisRule{{In: "SG", AttesterJurisdiction: "CN-SH", Claims: []string{"legal-entity"}}},
		Profiles: []recognition.GenesisProfiles{{In: "SG", Profiles: []string{"ubl-2.1"}}},
	}))

	// A trader cannot attest: CheckTx refuses the role.
	res := h.Deliver("sh-trader", &identity.MsgAttest{Subject: identity.AddressSubject(h.Addr("sg-trader")), Claim: "legal-entity", Scheme: "uen", CredentialHash: hash("vc")})
	wantCode(t, "trader attests", res, codes.TxWrongRole)

	raw := h.Tx("sh-attester", &identity.MsgAttest{Subject: identity.AddressSubject(h.Addr("sh-trader")), Claim: "legal-entity", Scheme: "uscc",
		CredentialHash: hash("vc"), ValidUntil: apptest.GenesisTime.Add(24 * time.Hour).UnixNano()})
	res = h.DeliverRaw(raw)
	wantCode(t, "attest", res, nil)
	id := identity.AttestationID(tx.Hash(raw), 0)
	if got := eventAttr(res, "attestation", "id"); got != id.String() {
		t.Fatalf("event id %q, want %s", got, id)
	}
	if got := eventAttr(res, "attestation", "subject"); got != h.Addr("sh-trader").String() {
		t.Fatalf("event subject %q", got)
	}
	attestedAt := h.Time

	var view identity.View
	if q := h.Query("/attestation/"+id.String(), &view); q.Code != 0 {
		t.Fatalf("query: %s", q.Log)
	}
	if !view.Active || view.AttesterJurisdiction != "CN-SH" || !view.AsOf.Equal(attestedAt) || view.ValidFrom != attestedAt.UnixNano() {
		t.Fatalf("view %+v", view)
	}
	var list identity.List
	if q := h.Query("/attestations/"+h.Addr("sh-trader").String(), &list); q.Code != 0 || len(list.Attestations) != 1 {
		t.Fatalf("attestations: %s %+v", q.Log, list)
	}

	var v recognition.Verdict
	if q := h.Query("/recognition/"+id.String()+"/SG", &v); q.Code != 0 || !v.Recognized {
		t.Fatalf("SG verdict %s %+v", q.Log, v)
	}
	if q := h.Query("/recognition/"+id.String()+"/HK", &v); q.Code != 0 || v.Recognized {
		t.Fatalf("HK verdict %s %+v", q.Log, v)
	}
	// After valid_until the query, at the block time of the snapshot, no
	// longer recognises it; asof lets a client ask about an earlier time.
	if q := h.Query("/recognition/"+id.String()+"/SG/asof="+apptest.GenesisTime.Add(25*time.Hour).Format(time.RFC3339), &v); q.Code != 0 || v.Recognized {
		t.Fatalf("verdict after expiry %s %+v", q.Log, v)
	}

	// HK's operator may not declare rules for SG; nothing but the sequence changes.
	before := stateWithoutBookkeeping(h)
	res = h.Deliver("hk-operator", &recognition.MsgSet{In: "SG", AttesterJurisdiction: "HK", Claims: []string{"aeo"}})
	wantCode(t, "rule outside jurisdiction", res, codes.RecognitionOutsideJurisdiction)
	res = h.Deliver("hk-attester", &identity.MsgRevoke{ID: id, Reason: "not mine"})
	wantCode(t, "revoke by another attester", res, codes.IdentityNotAttester)
	after := stateWithoutBookkeeping(h)
	if len(before) != len(after) {
		t.Fatalf("rejected transactions changed state: %d → %d keys", len(before), len(after))
	}
	for k, val := range before {
		if after[k] != val {
			t.Fatalf("rejected transactions changed key %q", k)
		}
	}

	res = h.Deliver("hk-operator", &recognition.MsgSet{In: "HK", AttesterJurisdiction: "CN-SH", Claims: []string{"aeo", "legal-entity"}})
	wantCode(t, "HK rule", res, nil)
	if q := h.Query("/recognition/"+id.String()+"/HK", &v); q.Code != 0 || !v.Recognized {
		t.Fatalf("HK verdict after rule %s %+v", q.Log, v)
	}
	var m recognition.MutualView
	if q := h.Query("/mutual/SG/HK", &m); q.Code != 0 {
		t.Fatal(q.Log)
	}
	var rs recognition.RuleSet
	if q := h.Query("/rules/SG", &rs); q.Code != 0 || len(rs.Jurisdictions) != 1 {
		t.Fatalf("rules %s %+v", q.Log, rs)
	}

	res = h.Deliver("sh-attester", &identity.MsgRevoke{ID: id, Reason: "registration cancelled"})
	wantCode(t, "revoke", res, nil)
	if got := eventAttr(res, "attestation", "status"); got != "revoked" {
		t.Fatalf("revoke event status %q", got)
	}
	if q := h.Query("/attestation/"+id.String(), &view); q.Code != 0 || view.Active || view.State != "revoked" || len(view.History) != 2 {
		t.Fatalf("revoked view %s %+v", q.Log, view)
	}
	if q := h.Query("/recognition/"+id.String()+"/SG", &v); q.Code != 0 || v.Recognized {
		t.Fatalf("verdict after revocation %s %+v", q.Log, v)
	}
	res = h.Deliver("sh-attester", &identity.MsgRevoke{ID: id, Reason: "again"})
	wantCode(t, "second revoke", res, codes.IdentityAlreadyRevoked)
	if q := h.Query("/attestation/"+hash("none").String(), nil); q.Code != codes.QueryNotFound.Code {
		t.Fatalf("missing attestation: code %d", q.Code)
	}
}
