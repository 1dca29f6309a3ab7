package app_test

import (
	"bytes"
	"crypto/sha256"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/corridor-trade/corridor/app"
	"github.com/corridor-trade/corridor/app/apptest"
	"github.com/corridor-trade/corridor/codec"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/tx"
	"github.com/corridor-trade/corridor/x/invoice"
)

// anchorMsg is a valid single anchor whose hashes derive from seed.
func anchorMsg(seed string) *invoice.MsgAnchor {
	return &invoice.MsgAnchor{
		DocHash:     sha256.Sum256([]byte("doc/" + seed)),
		Profile:     invoice.ProfileUBL,
		Fingerprint: sha256.Sum256([]byte("fp/" + seed)),
		BuyerCommit: sha256.Sum256([]byte("buyer/" + seed)),
		IssueDate:   "2026-01-05", Currency: "SGD", Total: "100.5",
	}
}

func TestSignatureCheckedOncePerNode(t *testing.T) {
	h := apptest.New(t)
	raw := h.Tx("sg-trader", anchorMsg("a"))
	n0 := app.SigVerifications(h.App)
	wantCode(t, "check", h.Check(raw).Code, "", nil)
	if n := app.SigVerifications(h.App) - n0; n != 1 {
		t.Fatalf("CheckTx verified %d signatures, want 1", n)
	}
	// A recheck (after another block) and the block itself hit the cache.
	if _, err := h.App.CheckTx(t.Context(), &abci.RequestCheckTx{Tx: raw, Type: abci.CheckTxType_Recheck}); err != nil {
		t.Fatal(err)
	}
	res := h.Block(raw)
	wantCode(t, "deliver", res.TxResults[0].Code, res.TxResults[0].Log, nil)
	if n := app.SigVerifications(h.App) - n0; n != 1 {
		t.Fatalf("CheckTx, recheck and FinalizeBlock verified %d signatures, want 1", n)
	}
}

func TestUnseenTransactionIsVerified(t *testing.T) {
	for _, workers := range []int{1, 4} {
		h := apptest.New(t)
		app.SetSigWorkers(h.App, workers)
		raw := h.Tx("sg-trader", anchorMsg("b"))
		n0 := app.SigVerifications(h.App)
		res := h.Block(raw) // never seen by CheckTx on this node
		wantCode(t, "deliver", res.TxResults[0].Code, res.TxResults[0].Log, nil)
		if n := app.SigVerifications(h.App) - n0; n != 1 {
			t.Fatalf("workers=%d: FinalizeBlock verified %d signatures for an unseen tx, want 1", workers, n)
		}
	}
}

// A forgery cannot reuse a cached verdict: the cache key is SHA-256 of the
// whole transaction, so changing the signature, the public key or the body
// changes the key (a forgery with the same key would be a SHA-256
// collision), and the forged transaction is verified and refused.
func TestForgedTransactionMissesTheCache(t *testing.T) {
	h := apptest.New(t)
	raw := h.Tx("sg-trader", anchorMsg("c"))
	wantCode(t, "check", h.Check(raw).Code, "", nil)
	env, body, err := tx.Decode(raw)
	if err != nil {
		t.Fatal(err)
	}
	other := *body
	other.Memo = "forged"
	forgeries := map[string]tx.Envelope{
		"signature": {Body: env.Body, PubKey: env.PubKey, Signature: flip(env.Signature)},
		"pubkey":    {Body: env.Body, PubKey: apptest.KeyFor("hk-trader").PubKey(), Signature: env.Signature},
		"body":      {Body: codec.Marshal(&other), PubKey: env.PubKey, Signature: env.Signature},
	}
	for name, f := range forgeries {
		forged := codec.Marshal(&f)
		if bytes.Equal(forged, raw) {
			t.Fatalf("%s: forgery equals the original", name)
		}
		for _, workers := range []int{1, 4} {
			app.SetSigWorkers(h.App, workers)
			n0 := app.SigVerifications(h.App)
			res := h.Block(forged)
			if c := res.TxResults[0].Code; c != codes.TxBadSignature.Code && c != codes.TxHighS.Code && c != codes.TxSigRange.Code {
				t.Fatalf("%s (workers=%d): code %d (%s), want a signature refusal", name, workers, c, res.TxResults[0].Log)
			}
			if n := app.SigVerifications(h.App) - n0; n != 1 {
				t.Fatalf("%s (workers=%d): %d verifications, want 1", name, workers, n)
			}
		}
	}
}

func flip(sig [64]byte) [64]byte {
	sig[10] ^= 1
	return sig
}

// The parallel pre-pass changes nothing: the same block gives the same
// results, events and app hash with 1 worker (no pre-pass) and with 4.
func TestParallelPrepassMatchesSequential(t *testing.T) {
	seq, par := apptest.New(t), apptest.New(t)
	app.SetSigWorkers(seq.App, 1)
	app.SetSigWorkers(par.App, 4)

	// Built once with seq's sequences; both harnesses start identical.
	var txs [][]byte
	for i, signer := range []string{"sg-trader", "hk-trader", "sh-trader", "sg-trader", "hk-trader"} {
		txs = append(txs, seq.Tx(signer, anchorMsg(string(rune('d'+i)))))
	}
	good := txs[0]
	env, _, _ := tx.Decode(good)
	badSig := codec.Marshal(&tx.Envelope{Body: env.Body, PubKey: env.PubKey, Signature: flip(env.Signature)})
	wrongChain, _ := tx.Build(apptest.KeyFor("sg-trader"), "other-chain", 9, "", anchorMsg("x"))
	wrongRole := seq.Tx("sg-bank", anchorMsg("role"))
	dupDoc := seq.Tx("sh-trader", anchorMsg("d")) // same document as txs[0]
	txs = append(txs, badSig, []byte("not a transaction"), wrongChain, good /* replay: bad sequence */, wrongRole, dupDoc, nil)

	a, b := seq.Block(txs...), par.Block(txs...)
	for i := range txs {
		x, y := a.TxResults[i], b.TxResults[i]
		if x.Code != y.Code || x.Log != y.Log || len(x.Events) != len(y.Events) {
			t.Fatalf("tx %d: sequential code %d %q, parallel code %d %q", i, x.Code, x.Log, y.Code, y.Log)
		}
	}
	if !bytes.Equal(a.AppHash, b.AppHash) {
		t.Fatal("app hashes differ between sequential and parallel execution")
	}
	// The mix exercises successes and several kinds of failure.
	ok, failed := 0, 0
	for _, r := range a.TxResults {
		if r.Code == 0 {
			ok++
		} else {
			failed++
		}
	}
	if ok < 4 || failed < 6 {
		t.Fatalf("%d successes and %d failures: the mix lost its variety", ok, failed)
	}
}

// TestCheapChecksComeBeforeTheSignature sends transactions that fail a
// cheap check (a stale sequence, an unknown signer, a wrong role) with
// valid signatures that were never verified on this node: CheckTx refuses
// each without verifying a signature.
func TestCheapChecksComeBeforeTheSignature(t *testing.T) {
	h := apptest.New(t)
	key := h.Keys["sg-trader"]
	stale, err := tx.Build(key, apptest.ChainID, 7, "", anchorMsg("stale")) // next is 0
	if err != nil {
		t.Fatal(err)
	}
	stranger, _ := secp.GenPrivKey()
	unknown, err := tx.Build(stranger, apptest.ChainID, 0, "", anchorMsg("unknown"))
	if err != nil {
		t.Fatal(err)
	}
	wrongRole := h.Tx("sg-bank", anchorMsg("wrong role"))
	n0 := app.SigVerifications(h.App)
	wantCode(t, "stale", h.Check(stale).Code, "", codes.TxBadSequence)
	wantCode(t, "unknown", h.Check(unknown).Code, "", codes.TxUnknownSigner)
	wantCode(t, "wrong role", h.Check(wrongRole).Code, "", codes.TxWrongRole)
	if n := app.SigVerifications(h.App) - n0; n != 0 {
		t.Fatalf("refusing three transactions on cheap checks verified %d signatures, want 0", n)
	}
}
