package title_test

import (
	"bytes"
	"math/rand"
	"strconv"
	"strings"
	"testing"

	"github.com/corridor-trade/corridor/app/apptest"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/gov"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/paths"
	"github.com/corridor-trade/corridor/x/title"
)

// parties are the sample members the property test lets act.
var parties = []string{"sh-trader", "sh-bank", "sg-trader", "sg-bank", "hk-trader", "hk-bank", "sg-customs"}

// randomStep returns a random step message on id naming random parties,
// signed, three times in four, by the member the step needs in the
// record's committed state (holder, owner or issuer), else by a random
// party.
func randomStep(rng *rand.Rand, h *apptest.Harness, names map[secp.Address]string, id kit.Hash) (string, kit.Msg) {
	who := func() secp.Address { return h.Addr(parties[rng.Intn(len(parties))]) }
	var r title.View
	h.Query(paths.Title(id.String(), ""), &r)
	var m kit.Msg
	var need secp.Address
	switch rng.Intn(9) {
	case 0, 1:
		m, need = &title.MsgTransfer{ID: id, NewHolder: who()}, r.Holder
	case 2:
		m, need = &title.MsgNominate{ID: id, Nominee: who()}, r.Owner
	case 3:
		e := &title.MsgEndorse{ID: id, NewOwner: who()}
		if r.State == title.StateNominated && rng.Intn(2) == 0 {
			e.NewOwner = r.Nominee
		}
		if rng.Intn(2) == 0 {
			e.NewHolder = who()
		}
		m, need = e, r.Holder
	case 4:
		m, need = &title.MsgReject{ID: id}, r.Holder
		if rng.Intn(2) == 0 {
			need = r.Owner
		}
	case 5:
		m, need = &title.MsgSurrender{ID: id}, r.Holder
	case 6:
		m, need = &title.MsgAcceptSurrender{ID: id}, r.Issuer
	case 7:
		m, need = &title.MsgRejectSurrender{ID: id}, r.Issuer
	default:
		if rng.Intn(8) == 0 { // rarely: a terminal exit
			m, need = &title.MsgExitToPaper{ID: id, Reason: "paper"}, r.Issuer
		} else {
			m, need = &title.MsgTransfer{ID: id, NewHolder: who()}, r.Holder
		}
	}
	if n, ok := names[need]; ok && rng.Intn(4) != 0 {
		return n, m
	}
	return parties[rng.Intn(len(parties))], m
}

// TestPropertyOneHolder feeds random blocks of random steps on three
// records to two application instances: after every block, both have the
// same app hash, and every record has exactly one holder, a known member,
// listed once in the holder index, and a state of the table.
func TestPropertyOneHolder(t *testing.T) {
	seed := int64(17)
	rng := rand.New(rand.NewSource(seed))
	h1, h2 := apptest.New(t), apptest.New(t)
	var ids []kit.Hash
	var genesis [][]byte
	for i := 0; i < 3; i++ {
		doc := docHash("property-" + string(rune('a'+i)))
		genesis = append(genesis, h1.Tx("sh-trader", &title.MsgIssue{Kind: title.KindEBL, DocHash: doc, Owner: h1.Addr("sh-trader"), Holder: h1.Addr("sh-trader")}))
		ids = append(ids, title.RecordID(h1.Addr("sh-trader"), doc))
	}
	h1.Block(genesis...)
	h2.Block(genesis...)
	addrs := map[secp.Address]string{}
	for _, p := range parties {
		addrs[h1.Addr(p)] = p
	}
	accepted := 0
	states, fresh := map[string]bool{}, 0
	for block := 0; block < 80; block++ {
		var txs [][]byte
		for i, id := range ids {
			var v title.View
			h1.Query(paths.Title(id.String(), ""), &v)
			if title.Table[v.State].Terminal { // a fresh record takes its place
				fresh++
				doc := docHash("property-fresh-" + strconv.Itoa(fresh))
				txs = append(txs, h1.Tx("sh-trader", &title.MsgIssue{Kind: title.KindEBL, DocHash: doc, Owner: h1.Addr("sh-trader"), Holder: h1.Addr("sh-trader")}))
				ids[i] = title.RecordID(h1.Addr("sh-trader"), doc)
			}
		}
		for n := rng.Intn(6); n >= 0; n-- {
			signer, msg := randomStep(rng, h1, addrs, ids[rng.Intn(len(ids))])
			txs = append(txs, h1.Tx(signer, msg))
		}
		r1, r2 := h1.Block(txs...), h2.Block(txs...)
		for i := range r1.TxResults {
			if r1.TxResults[i].Code != r2.TxResults[i].Code {
				t.Fatalf("seed %d block %d tx %d: codes differ", seed, block, i)
			}
			if r1.TxResults[i].Code == 0 {
				accepted++
			} else if r1.TxResults[i].Codespace != codes.SpaceTitle && r1.TxResults[i].Codespace != codes.SpaceTx {
				t.Fatalf("seed %d block %d: refused outside title: %s", seed, block, r1.TxResults[i].Log)
			}
		}
		if !bytes.Equal(h1.AppHash(), h2.AppHash()) {
			t.Fatalf("seed %d block %d: app hashes differ", seed, block)
		}
		listed := map[kit.Hash]int{}
		for _, p := range parties {
			var held []title.View
			h1.Query(paths.Titles(paths.ByHolder, h1.Addr(p).String()), &held)
			for _, v := range held {
				listed[v.ID]++
				if v.Holder != h1.Addr(p) {
					t.Fatalf("block %d: %s listed under %s but held by %s", block, v.ID, p, v.Holder)
				}
			}
		}
		for _, id := range ids {
			var v title.View
			if res := h1.Query(paths.Title(id.String(), ""), &v); res.Code != 0 {
				t.Fatalf("query %s: %s", id, res.Log)
			}
			if _, known := addrs[v.Holder]; !known {
				t.Fatalf("block %d: record %s held by %s, no party", block, id, v.Holder)
			}
			if listed[id] != 1 {
				t.Fatalf("block %d: record %s listed under %d holders", block, id, listed[id])
			}
			states[v.State] = true
			if _, ok := title.Table[v.State]; !ok {
				t.Fatalf("block %d: record %s in unknown state %q", block, id, v.State)
			}
		}
	}
	if accepted < 40 || len(states) < 4 {
		t.Fatalf("only %d random steps were accepted, %d states seen: the test explores too little", accepted, len(states))
	}
	t.Logf("seed %d: %d steps accepted, states seen %v", seed, accepted, states)
}

// TestDoubleSpendInOneBlock puts two transfers of the same holdership in
// one block: the first wins, the second is refused, exactly one holder.
func TestDoubleSpendInOneBlock(t *testing.T) {
	h := apptest.New(t)
	doc := docHash("double")
	if res := h.Deliver("sh-trader", &title.MsgIssue{Kind: title.KindEBL, DocHash: doc, Owner: h.Addr("sh-trader"), Holder: h.Addr("sh-trader")}); res.Code != 0 {
		t.Fatal(res.Log)
	}
	id := title.RecordID(h.Addr("sh-trader"), doc)
	a := h.Tx("sh-trader", &title.MsgTransfer{ID: id, NewHolder: h.Addr("sg-bank")})
	b := h.Tx("sh-trader", &title.MsgTransfer{ID: id, NewHolder: h.Addr("hk-bank")})
	res := h.Block(a, b)
	if res.TxResults[0].Code != 0 || res.TxResults[1].Code != codes.TitleNotHolder.Code {
		t.Fatalf("results %d (%s), %d (%s)", res.TxResults[0].Code, res.TxResults[0].Log, res.TxResults[1].Code, res.TxResults[1].Log)
	}
	var v title.View
	h.Query(paths.Title(id.String(), ""), &v)
	if v.Holder != h.Addr("sg-bank") {
		t.Fatalf("holder %s, want sg-bank", v.Holder)
	}
}

// TestLegalEffectGoverned sets the table in genesis, reads a route, and
// changes Hong Kong's entry by a legal-effect-set proposal that only Hong
// Kong decides.
func TestLegalEffectGoverned(t *testing.T) {
	h := apptest.New(t, apptest.WithAppState("title", title.Genesis{LegalEffect: title.SampleLegalEffect()}))
	doc := docHash("route")
	h.Deliver("sh-trader", &title.MsgIssue{Kind: title.KindEBL, DocHash: doc, Owner: h.Addr("sh-trader"), Holder: h.Addr("sh-trader")})
	id := title.RecordID(h.Addr("sh-trader"), doc)
	var v title.View
	if res := h.Query(paths.Title(id.String(), "CN-SH,SG,HK"), &v); res.Code != 0 {
		t.Fatal(res.Log)
	}
	// The harness's block time is January 2026: before the Mainland's revised Maritime Code.
	got := []bool{v.Route[0].LegalEffect, v.Route[1].LegalEffect, v.Route[2].LegalEffect}
	if got[0] || !got[1] || got[2] || !v.Route[2].PaperFallback || !strings.Contains(v.Route[2].Line, "not in force") {
		t.Fatalf("legs %+v", v.Route)
	}
	if res := h.Query(paths.Title(id.String(), "CN-SH,,HK"), nil); res.Code != codes.QueryBadArg.Code {
		t.Fatalf("bad route: code %d", res.Code)
	}
	hk := sampleOf(t, "HK")
	hk.InForce, hk.Since, hk.Law, hk.Note = true, "2026-01-01", "Electronic Transactions (Amendment) Ordinance (hypothetical, for this test)", ""
	if res := h.Deliver("sg-operator", &gov.MsgPropose{Kind: gov.KindLegalEffectSet, Change: gov.Change{LegalEffect: &hk}}); res.Code != codes.GovOutsideJurisdiction.Code {
		t.Fatalf("SG proposing HK's entry: %d %s", res.Code, res.Log)
	}
	bad := hk
	bad.Since = "soon"
	if res := h.Deliver("hk-operator", &gov.MsgPropose{Kind: gov.KindLegalEffectSet, Change: gov.Change{LegalEffect: &bad}}); res.Code != codes.TitleBadLegalEffect.Code {
		t.Fatalf("bad entry: %d %s", res.Code, res.Log)
	}
	if res := h.Deliver("hk-operator", &gov.MsgPropose{Kind: gov.KindLegalEffectSet, Change: gov.Change{LegalEffect: &hk}}); res.Code != 0 {
		t.Fatal(res.Log)
	}
	h.Block() // proposals execute at the end of a block
	var le title.LegalEffect
	if res := h.Query(paths.LegalEffect("HK"), &le); res.Code != 0 || !le.InForce || le.Law != hk.Law {
		t.Fatalf("HK entry after the proposal: %+v (%s)", le, res.Log)
	}
	h.Query(paths.Title(id.String(), "HK"), &v)
	if !v.Route[0].LegalEffect {
		t.Fatalf("HK leg after the proposal: %+v", v.Route[0])
	}
}
