package app_test

import (
	"bytes"
	"context"
	"math/big"
	"strings"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/corridor-trade/corridor/app"
	"github.com/corridor-trade/corridor/app/apptest"
	"github.com/corridor-trade/corridor/codec"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/tx"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/membership"
)

func wantCode(t *testing.T, what string, got uint32, log string, want *codes.Error) {
	t.Helper()
	var w uint32
	if want != nil {
		w = want.Code
	}
	if got != w {
		t.Fatalf("%s: code %d (%s), want %d (%v)", what, got, log, w, want)
	}
}

func TestMembershipLifecycle(t *testing.T) {
	h := apptest.New(t)
	newKey, _ := secp.GenPrivKey()
	res := h.Deliver("sg-operator", &membership.MsgAdmit{PubKey: newKey.PubKey(), Roles: []string{"trader"}, Label: "sg-trader-2"})
	wantCode(t, "admit", res.Code, res.Log, nil)
	addr := newKey.PubKey().Address()

	var m membership.Member
	if q := h.Query("/member/"+addr.String(), &m); q.Code != 0 {
		t.Fatalf("query member: %s", q.Log)
	}
	if m.Jurisdiction != "SG" || m.Status != "active" || !m.HasRole("trader") || m.AdmittedBy != h.Addr("sg-operator") {
		t.Fatalf("member = %+v", m)
	}

	// Suspend: the member can no longer sign.
	res = h.Deliver("sg-operator", &membership.MsgSuspend{Member: addr, Reason: "audit"})
	wantCode(t, "suspend", res.Code, res.Log, nil)
	raw, _ := tx.Build(newKey, apptest.ChainID, 0, "", &membership.MsgRotateKey{})
	c := h.Check(raw)
	wantCode(t, "suspended signer", c.Code, c.Log, codes.TxSuspendedSigner)

	res = h.Deliver("sg-operator", &membership.MsgReinstate{Member: addr})
	wantCode(t, "reinstate", res.Code, res.Log, nil)

	// Rotate: the old key stops working, the new one signs for the same address.
	rotated, _ := secp.GenPrivKey()
	proof := rotated.Sign(membership.RotationDigest(apptest.ChainID, addr))
	res = h.DeliverRaw(h.TxWithKey(newKey, &membership.MsgRotateKey{NewPubKey: rotated.PubKey(), Proof: proof[:]}))
	wantCode(t, "rotate", res.Code, res.Log, nil)
	raw, _ = tx.Build(newKey, apptest.ChainID, 1, "", &membership.MsgRotateKey{NewPubKey: rotated.PubKey(), Proof: proof[:]})
	c = h.Check(raw)
	wantCode(t, "old key after rotation", c.Code, c.Log, codes.TxUnknownSigner)
	h.Query("/member/"+addr.String(), &m)
	if m.PubKey != rotated.PubKey() || len(m.History) != 4 {
		t.Fatalf("after rotation: %+v", m)
	}
	var acct struct{ Sequence uint64 }
	h.Query("/account/"+addr.String(), &acct)
	if acct.Sequence != 1 {
		t.Fatalf("sequence after one tx = %d", acct.Sequence)
	}
}

// signRaw builds a transaction whose signature bytes are chosen by the test.
func signRaw(body tx.Body, pub secp.PubKey, sig [64]byte) []byte {
	env := tx.Envelope{Body: codec.Marshal(&body), PubKey: pub, Signature: sig}
	return codec.Marshal(&env)
}

func TestCheckTxRejections(t *testing.T) {
	h := apptest.New(t)
	op := h.Keys["sg-operator"]
	stranger, _ := secp.GenPrivKey()
	admit := &membership.MsgAdmit{PubKey: stranger.PubKey(), Roles: []string{"trader"}}
	body := func(chain string, seq uint64) tx.Body {
		return tx.Body{ChainID: chain, Sequence: seq, Msgs: []tx.Any{{Type: admit.Type(), Value: codec.Marshal(admit)}}}
	}
	good := body(apptest.ChainID, 0)
	goodBytes := codec.Marshal(&good)
	goodSig := op.Sign(tx.SignDigest(apptest.ChainID, goodBytes))

	// Replayed: commit one tx with sequence 0, then replay it.
	first := signRaw(good, op.PubKey(), goodSig)
	if r := h.DeliverRaw(first); r.Code != 0 {
		t.Fatalf("first tx: %s", r.Log)
	}

	// Signature faults on a transaction that passes every other check (the
	// signature is checked last): sequence 2 is next once the suspension
	// below has committed too.
	next := body(apptest.ChainID, 2)
	nextSig := op.Sign(tx.SignDigest(apptest.ChainID, codec.Marshal(&next)))
	n := secp256k1N()
	highS := nextSig
	s := new(big.Int).SetBytes(nextSig[32:])
	new(big.Int).Sub(n, s).FillBytes(highS[32:])
	rTooBig := nextSig
	n.FillBytes(rTooBig[:32]) // r = n
	sTooBig := nextSig
	n.FillBytes(sTooBig[32:]) // s = n
	var zeroS = nextSig
	for i := 32; i < 64; i++ {
		zeroS[i] = 0
	}
	flipped := nextSig
	flipped[5] ^= 1
	other := body("other-chain", 1)
	otherBytes := codec.Marshal(&other)

	wrongRole := h.Tx("sg-trader", &membership.MsgAdmit{PubKey: stranger.PubKey(), Roles: []string{"trader"}})
	unknown, _ := secp.GenPrivKey()
	strangerTx, _ := tx.Build(unknown, apptest.ChainID, 0, "", &membership.MsgSuspend{Member: h.Addr("sg-trader"), Reason: "x"})
	big := make([]byte, 1<<20+1)
	// A member suspended by its operator can no longer sign anything.
	if r := h.Deliver("sg-operator", &membership.MsgSuspend{Member: h.Addr("sg-bank"), Reason: "audit"}); r.Code != 0 {
		t.Fatalf("suspend sg-bank: %s", r.Log)
	}
	suspendedTx := h.Tx("sg-bank", &membership.MsgRotateKey{NewPubKey: stranger.PubKey()})
	// Well signed, but with nothing or something unknown inside.
	signed := func(b tx.Body) []byte {
		bb := codec.Marshal(&b)
		return signRaw(b, op.PubKey(), op.Sign(tx.SignDigest(apptest.ChainID, bb)))
	}
	noMsgs := signed(tx.Body{ChainID: apptest.ChainID, Sequence: 1})
	unknownMsg := signed(tx.Body{ChainID: apptest.ChainID, Sequence: 1, Msgs: []tx.Any{{Type: "nothing/here", Value: []byte{1}}}})
	var notAPoint secp.PubKey
	notAPoint[0] = 0x05
	badPubKey := signRaw(good, notAPoint, goodSig)

	cases := []struct {
		name string
		raw  []byte
		want *codes.Error
	}{
		{"bad signature", signRaw(next, op.PubKey(), flipped), codes.TxBadSignature},
		{"high-S", signRaw(next, op.PubKey(), highS), codes.TxHighS},
		{"r out of range", signRaw(next, op.PubKey(), rTooBig), codes.TxSigRange},
		{"s zero", signRaw(next, op.PubKey(), zeroS), codes.TxSigRange},
		{"s out of range", signRaw(next, op.PubKey(), sTooBig), codes.TxSigRange},
		{"stale sequence and a bad signature", signRaw(good, op.PubKey(), flipped), codes.TxBadSequence},
		{"suspended signer", suspendedTx, codes.TxSuspendedSigner},
		{"no messages", noMsgs, codes.TxNoMessages},
		{"unknown message type", unknownMsg, codes.TxUnknownMsg},
		{"public key not on the curve", badPubKey, codes.TxBadPubKey},
		{"wrong chain-id", signRaw(other, op.PubKey(), op.Sign(tx.SignDigest("other-chain", otherBytes))), codes.TxWrongChain},
		{"replayed sequence", first, codes.TxBadSequence},
		{"unknown signer", strangerTx, codes.TxUnknownSigner},
		{"wrong role", wrongRole, codes.TxWrongRole},
		{"oversized", big, codes.TxTooLarge},
		{"malformed", []byte{0x0a, 0x05, 0x01}, codes.TxMalformed},
		{"empty", nil, codes.TxMalformed},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := h.StoreDump()
			c := h.Check(tc.raw)
			wantCode(t, "CheckTx", c.Code, c.Log, tc.want)
			if c.Codespace != tc.want.Codespace {
				t.Fatalf("codespace %q, want %q", c.Codespace, tc.want.Codespace)
			}
			// The same bytes in a block fail the same way and change nothing.
			res := h.Block(tc.raw).TxResults[0]
			wantCode(t, "FinalizeBlock", res.Code, res.Log, tc.want)
			after := h.StoreDump()
			delete(before, kit.BlockTimeKey)
			delete(after, kit.BlockTimeKey)
			if !sameDump(before, after) {
				t.Fatal("state changed after a rejected transaction")
			}
		})
	}
}

func TestOperatorOutsideJurisdiction(t *testing.T) {
	h := apptest.New(t)
	before := h.StoreDump()
	res := h.Deliver("hk-operator", &membership.MsgSuspend{Member: h.Addr("sg-trader"), Reason: "not mine"})
	wantCode(t, "suspend foreign member", res.Code, res.Log, codes.MemberOutsideJurisdiction)
	after := h.StoreDump()
	// Only the signer's sequence and the block time may change.
	for _, d := range []map[string]string{before, after} {
		delete(d, kit.BlockTimeKey)
		delete(d, string(membership.SequenceKey(h.Addr("hk-operator"))))
	}
	if !sameDump(before, after) {
		for k := range after {
			if before[k] != after[k] {
				t.Logf("changed: %q", k)
			}
		}
		t.Fatal("state changed after a rejected message")
	}
	var m membership.Member
	h.Query("/member/"+h.Addr("sg-trader").String(), &m)
	if m.Status != "active" {
		t.Fatalf("foreign operator suspended a member: %+v", m)
	}
}

func sameDump(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func secp256k1N() *big.Int {
	n, _ := new(big.Int).SetString("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16)
	return n
}

func TestQueryErrors(t *testing.T) {
	h := apptest.New(t)
	for path, want := range map[string]*codes.Error{
		"/nope":                             codes.QueryBadPath,
		"/member/cor1bad":                   codes.QueryBadArg,
		"/member/" + strings.Repeat("x", 3): codes.QueryBadArg,
	} {
		res := h.Query(path, nil)
		wantCode(t, path, res.Code, res.Log, want)
	}
	stranger, _ := secp.GenPrivKey()
	res := h.Query("/member/"+stranger.PubKey().Address().String(), nil)
	wantCode(t, "absent member", res.Code, res.Log, codes.QueryNotFound)
}

func TestInfoAfterReopen(t *testing.T) {
	h := apptest.New(t)
	h.Deliver("sg-operator", &membership.MsgSuspend{Member: h.Addr("sg-trader"), Reason: "x"})
	hash := h.AppHash()
	if err := h.App.Close(); err != nil {
		t.Fatal(err)
	}
	reopened, err := app.New(app.Options{Dir: h.Dir, Backend: "goleveldb"})
	if err != nil {
		t.Fatal(err)
	}
	defer reopened.Close()
	info, _ := reopened.Info(context.Background(), &abci.RequestInfo{})
	if info.LastBlockHeight != h.Height || !bytes.Equal(info.LastBlockAppHash, hash) || len(hash) != 32 {
		t.Fatalf("after reopen: info = %+v, want height %d hash %X", info, h.Height, hash)
	}
	if reopened.ChainID() != apptest.ChainID {
		t.Fatalf("chain-id after reopen = %q", reopened.ChainID())
	}
}

// TestPendingQuota: CheckTx admits at most pending_quota transactions per
// signer until a block commits them, and the rejected one changes nothing.
func TestPendingQuota(t *testing.T) {
	p := membership.DefaultParams()
	p.PendingQuota = 3
	h := apptest.New(t, apptest.WithParams(p))
	var admitted [][]byte
	for i := 0; i < 4; i++ {
		k, _ := secp.GenPrivKey()
		raw := h.Tx("sg-operator", &membership.MsgAdmit{PubKey: k.PubKey(), Roles: []string{"trader"}})
		c := h.Check(raw)
		if i < 3 {
			wantCode(t, "within quota", c.Code, c.Log, nil)
			admitted = append(admitted, raw)
		} else {
			wantCode(t, "over quota", c.Code, c.Log, codes.TxMempoolQuota)
		}
	}
	// Once the three commit, the signer may send again.
	res := h.Block(admitted...)
	for _, r := range res.TxResults {
		wantCode(t, "committed", r.Code, r.Log, nil)
	}
	k, _ := secp.GenPrivKey()
	c := h.Check(h.Tx("sg-operator", &membership.MsgAdmit{PubKey: k.PubKey(), Roles: []string{"trader"}}))
	wantCode(t, "after commit", c.Code, c.Log, nil)
}
