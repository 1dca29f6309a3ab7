package docking_test

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/corridor-trade/corridor/app/apptest"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/internal/netgen"
	"github.com/corridor-trade/corridor/x/docking"
	"github.com/corridor-trade/corridor/x/identity"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/recognition"
)

// t0 is the time of the counterparty's header 0: an hour before the
// destination's genesis, so that every test header lies in its past.
var t0 = apptest.GenesisTime.Add(-time.Hour)

func at(height int64) time.Time { return t0.Add(time.Duration(height) * 5 * time.Second) }

const day = 24 * time.Hour

// newDst starts a destination application whose jurisdictions recognise
// each other and accept every profile, with sg-operator attested as a
// legal entity by sg-attester.
func newDst(t *testing.T) *apptest.Harness {
	dst := apptest.New(t, apptest.WithAppState("recognition", netgen.SampleRecognition(netgen.DefaultJurisdictions())))
	res := dst.Deliver("sg-attester", &identity.MsgAttest{Subject: identity.AddressSubject(dst.Addr("sg-operator")),
		Claim: identity.ClaimLegalEntity, Scheme: "uen", CredentialHash: sha256.Sum256([]byte("acra extract"))})
	if res.Code != 0 {
		t.Fatalf("attest: %s", res.Log)
	}
	return dst
}

func verdict(t *testing.T, h *apptest.Harness, doc [32]byte, in string) recognition.Verdict {
	t.Helper()
	var v recognition.Verdict
	if res := h.Query("/recognition/"+hex.EncodeToString(doc[:])+"/"+in, &v); res.Code != 0 {
		t.Fatalf("recognition query: %s", res.Log)
	}
	return v
}

func anchoredDetail(v recognition.Verdict) string {
	for _, r := range v.Reasons {
		if r.Check == recognition.CheckAnchored {
			return r.Detail
		}
	}
	return ""
}

func clientStatus(t *testing.T, h *apptest.Harness, chainID string) docking.ClientAnswer {
	t.Helper()
	var ans docking.ClientAnswer
	if res := h.Query("/docking/client/"+chainID, &ans); res.Code != 0 {
		t.Fatalf("client query: %s", res.Log)
	}
	return ans
}

func TestCometBFTRoundTrip(t *testing.T) {
	dst, src := newDst(t), apptest.New(t)
	a := anchorOn(t, src, "SH-2026-0001")
	cp := newChain(t, "sw-cn-1", "sw", 3)

	expectCode(t, dst, "sg-operator", nil, cp.register(5, at(5), hash32("app 5"), day))
	if v := verdict(t, dst, a.doc, "SG"); v.Recognized {
		t.Fatalf("recognised before docking: %+v", v)
	}
	// Any member may relay a header (non-adjacent: 5 → 10) and a proof.
	expectCode(t, dst, "hk-trader", nil, cp.update(cp.header(10, at(10), a.appHash, nil), 5))
	expectCode(t, dst, "hk-trader", nil, cp.update(cp.header(11, at(11), hash32("app 11"), nil), 0))
	expectCode(t, dst, "hk-trader", nil, a.dock("sw-cn-1", 10))

	v := verdict(t, dst, a.doc, "SG")
	if !v.Recognized {
		t.Fatalf("not recognised after docking: %+v", v)
	}
	d := anchoredDetail(v)
	for _, want := range []string{"provenance", "sw-cn-1", "height 10", "cometbft light client", src.Addr("sh-trader").String()} {
		if !strings.Contains(d, want) {
			t.Errorf("anchored reason %q lacks %q", d, want)
		}
	}
	var fa struct {
		Status     string `json:"status"`
		Profile    string `json:"profile"`
		ClientType string `json:"client_type"`
		Issuer     string `json:"issuer"`
	}
	if res := dst.Query("/docking/anchor/sw-cn-1/"+a.doc.String(), &fa); res.Code != 0 {
		t.Fatal(res.Log)
	}
	if fa.Issuer != src.Addr("sh-trader").String() || fa.Status != "issued" || fa.Profile != "ubl-2.1" || fa.ClientType != docking.TypeCometBFT {
		t.Errorf("foreign anchor %+v", fa)
	}
	ans := clientStatus(t, dst, "sw-cn-1")
	if ans.Client.Status != docking.StatusActive || ans.Client.LatestHeight != 11 || len(ans.Heights) != 3 {
		t.Errorf("client %+v", ans)
	}
}

// TestRedockRefreshesStatus docks an anchor, cancels it on the source and
// docks it again at a greater height: the foreign anchor follows the
// source's status, and recognition withdraws the document.
func TestRedockRefreshesStatus(t *testing.T) {
	dst, src := newDst(t), apptest.New(t)
	a := anchorOn(t, src, "SH-2026-0010")
	cp := newChain(t, "sw-cn-1", "sw", 1)
	expectCode(t, dst, "sg-operator", nil, cp.register(10, at(10), a.appHash, day))
	expectCode(t, dst, "sg-trader", nil, a.dock("sw-cn-1", 10))
	if v := verdict(t, dst, a.doc, "SG"); !v.Recognized {
		t.Fatalf("not recognised: %+v", v)
	}
	if res := src.Deliver("sh-trader", &invoice.MsgCancel{DocHash: a.doc, Reason: "issued in error"}); res.Code != 0 {
		t.Fatal(res.Log)
	}
	c := a
	c.value, c.proof = prove(t, src, a.key)
	expectCode(t, dst, "sg-trader", nil, cp.update(cp.header(12, at(12), src.AppHash(), nil), 10))
	expectCode(t, dst, "sg-trader", codes.DockingAlreadyDocked, a.dock("sw-cn-1", 10)) // not newer than what is held
	expectCode(t, dst, "sg-trader", nil, c.dock("sw-cn-1", 12))
	v := verdict(t, dst, a.doc, "SG")
	if v.Recognized || !strings.Contains(anchoredDetail(v), "cancelled") {
		t.Fatalf("a document cancelled at the source is still recognised: %+v", v)
	}
}

func TestRejections(t *testing.T) {
	dst, src := newDst(t), apptest.New(t)
	a := anchorOn(t, src, "SH-2026-0002")
	b := anchorOn(t, src, "SH-2026-0003") // proved at a later state
	cp := newChain(t, "sw-cn-1", "sw", 3)
	evil := newChain(t, "sw-cn-1", "evil", 3) // same chain-id, other keys
	expectCode(t, dst, "sg-operator", nil, cp.register(5, at(5), hash32("app 5"), day))
	expectCode(t, dst, "sg-trader", nil, cp.update(cp.header(10, at(10), a.appHash, nil), 5))
	expectCode(t, dst, "sg-trader", nil, cp.update(cp.header(12, at(12), hash32("not the source"), nil), 10))

	otherOwn := newChain(t, apptest.ChainID, "own", 1)
	one := newChain(t, "x-1", "x", 3)
	mismatch := newChain(t, "x-2", "y", 3)
	mismatchReg := mismatch.register(5, at(5), hash32("a"), day)
	mismatchReg.TrustedValidators = encVals(t, one.vals)
	underSigned := one.register(5, at(5), hash32("a"), day)
	underSigned.TrustedHeader = encHeader(t, one.header(5, at(5), hash32("a"), []int{0}))

	tampered := cp.header(13, at(13), a.appHash, nil)
	tampered.AppHash = hash32("rewritten after signing")
	badSig := cp.header(13, at(13), a.appHash, nil)
	badSig.Commit.Signatures[1].Signature[0] ^= 1
	foreign := newChain(t, "other-1", "sw", 3)

	anotherKey := a.dock("sw-cn-1", 10)
	anotherKey.Proof = b.proof // b's proof, presented for a's key
	altered := a.dock("sw-cn-1", 10)
	altered.Value = append(append([]byte(nil), a.value...), 0)
	keyMismatch := a.dock("sw-cn-1", 10)
	keyMismatch.DocHash = b.doc
	withProfile := a.dock("sw-cn-1", 10)
	withProfile.Profile = "ubl-2.1"
	notaryStyle := &docking.MsgDock{ChainID: "sw-cn-1", Height: 10, DocHash: a.doc, Key: a.key, Value: a.value, Profile: "ubl-2.1",
		Signatures: []docking.NotarySignature{{Signature: make([]byte, 64)}}}

	cases := []struct {
		name   string
		signer string
		msg    kit.Msg
		want   *codes.Error
	}{
		{"register twice", "sg-operator", cp.register(5, at(5), hash32("app 5"), day), codes.DockingClientExists},
		{"register this chain", "sg-operator", otherOwn.register(5, at(5), hash32("a"), day), codes.DockingBadClient},
		{"register by a trader", "sg-trader", one.register(5, at(5), hash32("a"), day), codes.TxWrongRole},
		{"register header signed by 1 of 3", "sg-operator", underSigned, codes.DockingInsufficientTrust},
		{"register with another validator set", "sg-operator", mismatchReg, codes.DockingBadHeader},
		{"register expired header", "sg-operator", one.register(5, apptest.GenesisTime.Add(-2*day), hash32("a"), day), codes.DockingClientExpired},
		{"register future header", "sg-operator", one.register(5, apptest.GenesisTime.Add(time.Hour), hash32("a"), day), codes.DockingBadHeader},
		{"register notary threshold above n", "sg-operator", &docking.MsgRegisterClient{ChainID: "fabric-1", ClientType: docking.TypeNotary,
			Notaries: []secp.PubKey{notaryKey(t, 1).PubKey()}, Threshold: 2}, codes.DockingBadClient},
		{"register unknown type", "sg-operator", &docking.MsgRegisterClient{ChainID: "eth-1", ClientType: "ethereum"}, codes.DockingBadClient},

		{"update unknown client", "sg-trader", foreign.update(foreign.header(13, at(13), a.appHash, nil), 12), codes.DockingClientNotFound},
		{"update header of another chain", "sg-trader", &docking.MsgUpdateClient{ChainID: "sw-cn-1",
			Header: encHeader(t, foreign.header(13, at(13), a.appHash, nil)), Validators: encVals(t, foreign.vals)}, codes.DockingBadHeader},
		{"update forged: app hash rewritten after signing", "sg-trader", cp.update(tampered, 12), codes.DockingBadHeader},
		{"update forged: bad signature", "sg-trader", cp.update(badSig, 12), codes.DockingBadHeader},
		{"update signed by 1 of 3 (adjacent)", "sg-trader", cp.update(cp.header(13, at(13), a.appHash, []int{0}), 12), codes.DockingInsufficientTrust},
		{"update signed by 2 of 3 (adjacent)", "sg-trader", cp.update(cp.header(13, at(13), a.appHash, []int{0, 1}), 12), codes.DockingInsufficientTrust},
		{"update by an unknown validator set (skipping)", "sg-trader", evil.update(evil.header(20, at(20), a.appHash, nil), 12), codes.DockingInsufficientTrust},
		{"update from a height the client lacks", "sg-trader", cp.update(cp.header(13, at(13), a.appHash, nil), 7), codes.DockingHeightUnknown},
		{"update with a header not newer than the trusted one", "sg-trader", cp.update(cp.header(8, at(8), a.appHash, nil), 10), codes.DockingBadHeader},
		{"update with a header already held", "sg-trader", cp.update(cp.header(10, at(10), a.appHash, nil), 5), codes.DockingHeaderExists},
		{"update from the future", "sg-trader", cp.update(cp.header(13, apptest.GenesisTime.Add(time.Hour), a.appHash, nil), 12), codes.DockingBadHeader},

		{"dock to an unknown client", "sg-trader", a.dock("other-1", 10), codes.DockingClientNotFound},
		{"dock at a height the client lacks", "sg-trader", a.dock("sw-cn-1", 9), codes.DockingHeightUnknown},
		{"dock with a proof for another key", "sg-trader", anotherKey, codes.DockingBadProof},
		{"dock with an altered value", "sg-trader", altered, codes.DockingBadProof},
		{"dock a key that is not the document's", "sg-trader", keyMismatch, codes.DockingBadRecord},
		{"dock against another app hash", "sg-trader", a.dock("sw-cn-1", 12), codes.DockingBadProof},
		{"dock with a profile on a proved record", "sg-trader", withProfile, codes.DockingBadRecord},
		{"dock notary signatures to a cometbft client", "sg-trader", notaryStyle, codes.DockingWrongClientType},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { expectCode(t, dst, c.signer, c.want, c.msg) })
	}
	// The genuine proof still docks, once.
	expectCode(t, dst, "sg-trader", nil, a.dock("sw-cn-1", 10))
	expectCode(t, dst, "sg-trader", codes.DockingAlreadyDocked, a.dock("sw-cn-1", 10))
	if v := verdict(t, dst, a.doc, "SG"); !v.Recognized {
		t.Fatalf("genuine dock not recognised: %+v", v)
	}
}

func TestExpiredClient(t *testing.T) {
	dst, src := newDst(t), apptest.New(t)
	a := anchorOn(t, src, "SH-2026-0004")
	cp := newChain(t, "sw-cn-1", "sw", 2)
	// Header 10 is 30 s older than the destination's block time; the
	// trusting period is two minutes.
	headerTime := dst.Time.Add(-30 * time.Second)
	reg := cp.register(10, headerTime, a.appHash, 2*time.Minute)
	expectCode(t, dst, "sg-operator", nil, reg)
	if s := clientStatus(t, dst, "sw-cn-1").Client.Status; s != docking.StatusActive {
		t.Fatalf("fresh client is %s", s)
	}
	for dst.Time.Before(headerTime.Add(2 * time.Minute)) {
		dst.Block() // 5 s of block time each; the wall clock plays no part
	}
	if s := clientStatus(t, dst, "sw-cn-1").Client.Status; s != docking.StatusExpired {
		t.Fatalf("client is %s after its trusting period", s)
	}
	expectCode(t, dst, "sg-trader", codes.DockingClientExpired, cp.update(cp.header(11, headerTime.Add(time.Second), hash32("x"), nil), 10))
	expectCode(t, dst, "sg-trader", codes.DockingClientExpired, a.dock("sw-cn-1", 10))
	// The operator registers a fresh header; the client lives again.
	expectCode(t, dst, "sg-operator", nil, cp.register(40, dst.Time.Add(-time.Second), a.appHash, 2*time.Minute))
	expectCode(t, dst, "sg-trader", nil, a.dock("sw-cn-1", 40))
}

func TestPruneExpiredHeaders(t *testing.T) {
	dst := newDst(t)
	cp := newChain(t, "sw-cn-1", "sw", 2)
	start := dst.Time
	expectCode(t, dst, "sg-operator", nil, cp.register(10, start.Add(-30*time.Second), hash32("10"), 2*time.Minute))
	expectCode(t, dst, "sg-trader", nil, cp.update(cp.header(11, start, hash32("11"), nil), 10))
	for dst.Time.Before(start.Add(100 * time.Second)) {
		dst.Block()
	}
	expectCode(t, dst, "sg-trader", nil, cp.update(cp.header(12, start.Add(95*time.Second), hash32("12"), nil), 11))
	if hs := clientStatus(t, dst, "sw-cn-1").Heights; len(hs) != 2 || hs[0] != 11 || hs[1] != 12 {
		t.Fatalf("heights after pruning: %v (header 10 expired, 11 and 12 not)", hs)
	}
}

func TestConflictingHeadersFreeze(t *testing.T) {
	dst, src := newDst(t), apptest.New(t)
	a := anchorOn(t, src, "SH-2026-0005")
	cp := newChain(t, "sw-cn-1", "sw", 3)
	expectCode(t, dst, "sg-operator", nil, cp.register(5, at(5), hash32("app 5"), day))
	expectCode(t, dst, "sg-trader", nil, cp.update(cp.header(10, at(10), a.appHash, nil), 5))
	expectCode(t, dst, "sg-trader", nil, a.dock("sw-cn-1", 10))
	if v := verdict(t, dst, a.doc, "SG"); !v.Recognized {
		t.Fatalf("not recognised: %+v", v)
	}
	// The same validators sign a second header for height 10: the chain
	// forked (or its validators lie). The update succeeds and freezes.
	fork := cp.header(10, at(10).Add(time.Second), hash32("fork"), nil)
	res := dst.Deliver("hk-trader", cp.update(fork, 5))
	if res.Code != 0 {
		t.Fatalf("conflicting header: %s", res.Log)
	}
	frozen := false
	for _, ev := range res.Events {
		if ev.Type == docking.EventClient {
			for _, at := range ev.Attributes {
				frozen = frozen || (at.Key == "action" && at.Value == "frozen")
			}
		}
	}
	if !frozen {
		t.Fatalf("no frozen event in %+v", res.Events)
	}
	ans := clientStatus(t, dst, "sw-cn-1")
	if ans.Client.Status != docking.StatusFrozen || ans.Client.Frozen == nil || ans.Client.Frozen.Height != 10 {
		t.Fatalf("client after conflict: %+v", ans.Client)
	}
	expectCode(t, dst, "sg-trader", codes.DockingClientFrozen, cp.update(cp.header(11, at(11), hash32("x"), nil), 10))
	b := anchorOn(t, src, "SH-2026-0006")
	expectCode(t, dst, "sg-trader", codes.DockingClientFrozen, b.dock("sw-cn-1", 10))
	v := verdict(t, dst, a.doc, "SG")
	if v.Recognized || !strings.Contains(anchoredDetail(v), recognition.StatusClientFrozen) {
		t.Fatalf("a document docked through a frozen client is still recognised: %+v", v)
	}

	// Recovery: only an operator of the client's jurisdiction may replace
	// it, with a freshly trusted header; the old epoch's anchors stay
	// unrecognised until docked again through the new client.
	fresh := cp.register(30, at(30), b.appHash, day)
	expectCode(t, dst, "hk-operator", codes.DockingClientExists, fresh)
	expectCode(t, dst, "sg-operator", nil, fresh)
	ans = clientStatus(t, dst, "sw-cn-1")
	if ans.Client.Status != docking.StatusActive || ans.Client.Epoch != 2 || len(ans.Client.Retired) != 1 || !ans.Client.Retired[0].Frozen ||
		len(ans.Heights) != 1 || ans.Heights[0] != 30 {
		t.Fatalf("replaced client: %+v", ans)
	}
	if v := verdict(t, dst, a.doc, "SG"); v.Recognized {
		t.Fatalf("replacing the client revived an anchor of the frozen epoch: %+v", v)
	}
	expectCode(t, dst, "sg-trader", nil, b.dock("sw-cn-1", 30))
	if v := verdict(t, dst, b.doc, "SG"); !v.Recognized {
		t.Fatalf("anchor docked through the new client: %+v", v)
	}
	ab := anchorOn(t, src, "SH-2026-0008")
	expectCode(t, dst, "sg-operator", nil, cp.update(cp.header(31, at(31), ab.appHash, nil), 30))
	a2 := a
	a2.value, a2.proof = prove(t, src, a.key)
	expectCode(t, dst, "sg-trader", nil, a2.dock("sw-cn-1", 31)) // same document, new epoch, lower height allowed
	if v := verdict(t, dst, a.doc, "SG"); !v.Recognized {
		t.Fatalf("re-docked through the new client: %+v", v)
	}
}

func TestOutOfOrderTimeFreezes(t *testing.T) {
	dst := newDst(t)
	cp := newChain(t, "sw-cn-1", "sw", 3)
	expectCode(t, dst, "sg-operator", nil, cp.register(5, at(5), hash32("app 5"), day))
	expectCode(t, dst, "sg-trader", nil, cp.update(cp.header(10, at(10), hash32("10"), nil), 5))
	// Header 8, verified from 5, claims a time after header 10's.
	expectCode(t, dst, "sg-trader", nil, cp.update(cp.header(8, at(11), hash32("8"), nil), 5))
	if s := clientStatus(t, dst, "sw-cn-1").Client.Status; s != docking.StatusFrozen {
		t.Fatalf("client is %s after headers out of time order", s)
	}
}

func TestSubmitMisbehaviour(t *testing.T) {
	dst := newDst(t)
	cp := newChain(t, "sw-cn-1", "sw", 3)
	expectCode(t, dst, "sg-operator", nil, cp.register(5, at(5), hash32("app 5"), day))
	expectCode(t, dst, "sg-trader", nil, cp.update(cp.header(10, at(10), hash32("10"), nil), 5))
	mis := func(a, b *docking.MsgUpdateClient) *docking.MsgSubmitMisbehaviour {
		return &docking.MsgSubmitMisbehaviour{ChainID: "sw-cn-1", Header1: a.Header, Validators1: a.Validators, TrustedHeight1: a.TrustedHeight,
			Header2: b.Header, Validators2: b.Validators, TrustedHeight2: b.TrustedHeight}
	}
	h20 := cp.update(cp.header(20, at(20), hash32("20"), nil), 10)
	h21 := cp.update(cp.header(21, at(21), hash32("21"), nil), 10)
	fork20 := cp.update(cp.header(20, at(20), hash32("fork"), nil), 10)
	forged := cp.update(cp.header(20, at(20), hash32("fork"), []int{2}), 10)
	early21 := cp.update(cp.header(21, at(19), hash32("21"), nil), 10)

	expectCode(t, dst, "sg-trader", codes.DockingNoMisbehaviour, mis(h20, h21))
	expectCode(t, dst, "sg-trader", codes.DockingNoMisbehaviour, mis(h20, h20))
	expectCode(t, dst, "sg-trader", codes.DockingInsufficientTrust, mis(h20, forged))
	expectCode(t, dst, "sg-trader", codes.DockingHeightUnknown, mis(h20, cp.update(cp.header(20, at(20), hash32("fork"), nil), 7)))
	if s := clientStatus(t, dst, "sw-cn-1").Client.Status; s != docking.StatusActive {
		t.Fatalf("client %s without misbehaviour", s)
	}
	expectCode(t, dst, "sg-trader", nil, mis(h20, fork20)) // height 20 is not held: only this message can show it
	if s := clientStatus(t, dst, "sw-cn-1").Client.Status; s != docking.StatusFrozen {
		t.Fatalf("client %s after a fork at height 20", s)
	}
	expectCode(t, dst, "sg-trader", codes.DockingClientFrozen, mis(h20, early21))

	dst2 := newDst(t)
	expectCode(t, dst2, "sg-operator", nil, cp.register(5, at(5), hash32("app 5"), day))
	expectCode(t, dst2, "sg-trader", nil, cp.update(cp.header(10, at(10), hash32("10"), nil), 5))
	expectCode(t, dst2, "sg-trader", nil, mis(early21, h20)) // 21 is not after 20
	if s := clientStatus(t, dst2, "sw-cn-1").Client.Status; s != docking.StatusFrozen {
		t.Fatalf("client %s after headers out of time order", s)
	}
}

func notaryKey(t *testing.T, i byte) *secp.PrivKey {
	b := sha256.Sum256([]byte{'n', i})
	k, err := secp.PrivKeyFromBytes(b[:])
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestNotaryClient(t *testing.T) {
	dst := newDst(t)
	n1, n2, n3, stranger := notaryKey(t, 1), notaryKey(t, 2), notaryKey(t, 3), notaryKey(t, 4)
	expectCode(t, dst, "sg-operator", nil, &docking.MsgRegisterClient{ChainID: "fabric-tradelens-1", ClientType: docking.TypeNotary,
		Description: "Hyperledger Fabric trade channel", Notaries: []secp.PubKey{n1.PubKey(), n2.PubKey(), n3.PubKey()}, Threshold: 2})

	doc := sha256.Sum256([]byte("fabric invoice"))
	value := []byte(`{"docHash":"` + hex.EncodeToString(doc[:]) + `"}`)
	height := int64(4711)
	msg := func(signers ...*secp.PrivKey) *docking.MsgDock {
		m := &docking.MsgDock{ChainID: "fabric-tradelens-1", Height: height, DocHash: doc, Key: []byte("INV~SH-2026-0007"), Value: value, Profile: "ubl-2.1"}
		d := docking.NotaryDigest(m.ChainID, m.Height, m.Key, sha256.Sum256(m.Value), m.DocHash, m.Profile)
		for _, k := range signers {
			sig := k.Sign(d)
			m.Signatures = append(m.Signatures, docking.NotarySignature{PubKey: k.PubKey(), Signature: sig[:]})
		}
		return m
	}
	expectCode(t, dst, "sg-trader", codes.DockingNotaryThreshold, msg(n1))
	expectCode(t, dst, "sg-trader", codes.DockingNotaryThreshold, msg(n1, n1))       // one notary twice
	expectCode(t, dst, "sg-trader", codes.DockingNotaryThreshold, msg(n1, stranger)) // an unregistered key
	wrongDoc := msg(n1, n2)
	wrongDoc.DocHash = sha256.Sum256([]byte("another document")) // signatures no longer match
	expectCode(t, dst, "sg-trader", codes.DockingNotaryThreshold, wrongDoc)
	noProfile := msg(n1, n2)
	noProfile.Profile = ""
	expectCode(t, dst, "sg-trader", codes.DockingBadRecord, noProfile)
	proofStyle := msg()
	proofStyle.Proof = []byte{1}
	expectCode(t, dst, "sg-trader", codes.DockingWrongClientType, proofStyle)
	cp := newChain(t, "fabric-tradelens-1", "f", 1)
	expectCode(t, dst, "sg-trader", codes.DockingWrongClientType, cp.update(cp.header(2, at(2), hash32("x"), nil), 1))

	expectCode(t, dst, "sg-trader", nil, msg(n3, n1))
	v := verdict(t, dst, doc, "SG")
	if !v.Recognized {
		t.Fatalf("notarised document not recognised: %+v", v)
	}
	if d := anchoredDetail(v); !strings.Contains(d, "WEAKER than a light client") || !strings.Contains(d, "fabric-tradelens-1") {
		t.Fatalf("verdict does not mark the notary provenance: %q", d)
	}
	expectCode(t, dst, "sg-trader", codes.DockingAlreadyDocked, msg(n1, n2))

	// Rotating the notary set: another jurisdiction may not; SG may, and
	// what the old set vouched for stays recognised.
	rotate := &docking.MsgRegisterClient{ChainID: "fabric-tradelens-1", ClientType: docking.TypeNotary,
		Notaries: []secp.PubKey{n2.PubKey(), stranger.PubKey()}, Threshold: 2}
	expectCode(t, dst, "hk-operator", codes.DockingClientExists, rotate)
	expectCode(t, dst, "sg-operator", nil, rotate)
	if v := verdict(t, dst, doc, "SG"); !v.Recognized {
		t.Fatalf("rotation withdrew an earlier notarised anchor: %+v", v)
	}
	height = 4800
	expectCode(t, dst, "sg-trader", codes.DockingNotaryThreshold, msg(n1, n3)) // retired notaries
	expectCode(t, dst, "sg-trader", nil, msg(n2, stranger))
}

func TestQueries(t *testing.T) {
	dst := newDst(t)
	var self docking.SelfView
	if res := dst.Query("/docking/self", &self); res.Code != 0 {
		t.Fatal(res.Log)
	}
	if self.ChainID != apptest.ChainID || len(self.Validators) != 1 || self.TrustLevel != "1/3" {
		t.Fatalf("self %+v", self)
	}
	for _, p := range []string{"/docking", "/docking/client", "/docking/anchors/zz", "/docking/consensus/x/0", "/docking/nope"} {
		if res := dst.Query(p, nil); res.Code != codes.QueryBadArg.Code {
			t.Errorf("%s: code %d", p, res.Code)
		}
	}
	if res := dst.Query("/docking/client/nobody", nil); res.Code != codes.QueryNotFound.Code {
		t.Errorf("unknown client: code %d", res.Code)
	}
}
