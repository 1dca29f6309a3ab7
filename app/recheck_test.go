package app_test

import (
	"bytes"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/corridor-trade/corridor/app"
	"github.com/corridor-trade/corridor/app/apptest"
	"github.com/corridor-trade/corridor/tx"
	"github.com/corridor-trade/corridor/x/membership"
)

// TestFastRecheckChangesNoResult drives two applications on the same
// genesis with the same transaction bytes, one with the recheck fast path
// and one without, through admissions, a block that invalidates some of
// the mempool (a competing sequence, a suspended signer, a committed
// transaction) and the rechecks that follow, and requires every CheckTx
// response and every app hash to be identical.
func TestFastRecheckChangesNoResult(t *testing.T) {
	fast, slow := apptest.New(t), apptest.New(t)
	app.SetFastRecheck(slow.App, false)
	// both runs CheckTx on both applications and returns the fast one's
	// response after requiring the two to be identical.
	both := func(raw []byte, typ abci.CheckTxType) *abci.ResponseCheckTx {
		t.Helper()
		var rs [2]*abci.ResponseCheckTx
		for i, h := range []*apptest.Harness{fast, slow} {
			r, err := h.App.CheckTx(t.Context(), &abci.RequestCheckTx{Tx: raw, Type: typ})
			if err != nil {
				t.Fatal(err)
			}
			rs[i] = r
		}
		if a, b := rs[0], rs[1]; a.Code != b.Code || a.Codespace != b.Codespace || a.Log != b.Log {
			t.Fatalf("fast path answered %d/%s %q, full path %d/%s %q", a.Code, a.Codespace, a.Log, b.Code, b.Codespace, b.Log)
		}
		return rs[0]
	}
	// The mempool: three anchors of sg-trader, two of hk-trader, one of
	// sh-trader (sequences 0, 1, 2 / 0, 1 / 0).
	var mempool [][]byte
	for i, who := range []string{"sg-trader", "sg-trader", "sg-trader", "hk-trader", "hk-trader", "sh-trader"} {
		mempool = append(mempool, fast.Tx(who, anchorMsg(who+string(rune('a'+i)))))
	}
	for _, raw := range mempool {
		if r := both(raw, abci.CheckTxType_New); r.Code != 0 {
			t.Fatalf("admission: %s", r.Log)
		}
	}
	// Another proposer's block: sg-trader's first anchor, a different
	// hk-trader transaction with sequence 0 (so the mempool's hk sequences
	// no longer fit), and the suspension of sh-trader.
	competing, err := tx.Build(apptest.KeyFor("hk-trader"), apptest.ChainID, 0, "", anchorMsg("competing"))
	if err != nil {
		t.Fatal(err)
	}
	suspend, err := tx.Build(apptest.KeyFor("sh-operator"), apptest.ChainID, 0, "", &membership.MsgSuspend{Member: fast.Addr("sh-trader"), Reason: "audit"})
	if err != nil {
		t.Fatal(err)
	}
	block := [][]byte{mempool[0], competing, suspend}
	ra, rb := fast.Block(block...), slow.Block(block...)
	for i := range block {
		if ra.TxResults[i].Code != rb.TxResults[i].Code || ra.TxResults[i].Code != 0 {
			t.Fatalf("block tx %d: codes %d and %d (%s)", i, ra.TxResults[i].Code, rb.TxResults[i].Code, ra.TxResults[i].Log)
		}
	}
	// CometBFT rechecks what is left, in mempool order: sg 1 and 2 pass,
	// hk 0 fails on its sequence (hk 1 now fits), sh 0 on the suspension.
	for i, raw := range mempool[1:] {
		r := both(raw, abci.CheckTxType_Recheck)
		if pass := i != 2 && i != 4; pass != (r.Code == 0) {
			t.Fatalf("recheck of mempool tx %d: code %d %q", i+1, r.Code, r.Log)
		}
	}
	// A second round on fresh check state, as after an empty block, then
	// the block with the survivors: the same hashes.
	fast.Block()
	slow.Block()
	for _, raw := range mempool[1:] {
		both(raw, abci.CheckTxType_Recheck)
	}
	if n := app.FastRechecks(fast.App); n != 6 {
		t.Fatalf("%d rechecks took the fast path, want 6 (three survivors, twice)", n)
	}
	if n := app.FastRechecks(slow.App); n != 0 {
		t.Fatalf("%d rechecks took the fast path with it off", n)
	}
	survivors := [][]byte{mempool[1], mempool[2], mempool[4]}
	ra, rb = fast.Block(survivors...), slow.Block(survivors...)
	for i := range ra.TxResults {
		if ra.TxResults[i].Code != 0 || rb.TxResults[i].Code != 0 {
			t.Fatalf("survivor %d: codes %d and %d", i, ra.TxResults[i].Code, rb.TxResults[i].Code)
		}
	}
	if !bytes.Equal(fast.AppHash(), slow.AppHash()) {
		t.Fatalf("app hashes differ: %X and %X", fast.AppHash(), slow.AppHash())
	}
}
