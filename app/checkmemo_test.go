package app_test

import (
	"bytes"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/corridor-trade/corridor/app"
	"github.com/corridor-trade/corridor/app/apptest"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/tx"
	"github.com/corridor-trade/corridor/x/membership"
)

// TestCheckMemoChangesNoResult drives two applications on one genesis
// (pending quota 2, so that the committed sequence decides admissions)
// with the same transaction bytes, one with the check memo
// (app/checkmemo.go) and one without, and requires every CheckTx and
// recheck response and every app hash to be identical. Between the rounds
// blocks change what the memo remembers: a signer is suspended (its next
// admission must be refused) and committed transactions move sequences
// (the quota must count from the new committed sequence). Without the
// memo's reset at Commit both would answer differently.
func TestCheckMemoChangesNoResult(t *testing.T) {
	params := apptest.WithParams(membership.Params{MaxTxBytes: 1 << 20, MaxMsgs: 64, PendingQuota: 2})
	memo, plain := apptest.New(t, params), apptest.New(t, params)
	app.SetCheckMemo(plain.App, false)
	both := func(raw []byte, typ abci.CheckTxType) *abci.ResponseCheckTx {
		t.Helper()
		var rs [2]*abci.ResponseCheckTx
		for i, h := range []*apptest.Harness{memo, plain} {
			r, err := h.App.CheckTx(t.Context(), &abci.RequestCheckTx{Tx: raw, Type: typ})
			if err != nil {
				t.Fatal(err)
			}
			rs[i] = r
		}
		if a, b := rs[0], rs[1]; a.Code != b.Code || a.Codespace != b.Codespace || a.Log != b.Log {
			t.Fatalf("with the memo %d/%s %q, without %d/%s %q", a.Code, a.Codespace, a.Log, b.Code, b.Codespace, b.Log)
		}
		return rs[0]
	}
	sign := func(who string, seq uint64, doc string) []byte {
		t.Helper()
		raw, err := tx.Build(apptest.KeyFor(who), apptest.ChainID, seq, "", anchorMsg(doc))
		if err != nil {
			t.Fatal(err)
		}
		return raw
	}
	block := func(txs ...[]byte) {
		t.Helper()
		ra, rb := memo.Block(txs...), plain.Block(txs...)
		for i := range txs {
			if ra.TxResults[i].Code != rb.TxResults[i].Code || ra.TxResults[i].Log != rb.TxResults[i].Log {
				t.Fatalf("block tx %d: %d %q and %d %q", i, ra.TxResults[i].Code, ra.TxResults[i].Log, rb.TxResults[i].Code, rb.TxResults[i].Log)
			}
		}
		if !bytes.Equal(memo.AppHash(), plain.AppHash()) {
			t.Fatalf("app hashes differ: %X and %X", memo.AppHash(), plain.AppHash())
		}
	}
	want := func(r *abci.ResponseCheckTx, ok bool, what string) {
		t.Helper()
		if (r.Code == 0) != ok {
			t.Fatalf("%s: code %d %q", what, r.Code, r.Log)
		}
	}
	sg := []([]byte){sign("sg-trader", 0, "m-sg0"), sign("sg-trader", 1, "m-sg1"), sign("sg-trader", 2, "m-sg2"), sign("sg-trader", 3, "m-sg3")}
	sh := []([]byte){sign("sh-trader", 0, "m-sh0"), sign("sh-trader", 1, "m-sh1")}
	want(both(sg[0], abci.CheckTxType_New), true, "sg 0")
	want(both(sg[1], abci.CheckTxType_New), true, "sg 1")
	want(both(sg[2], abci.CheckTxType_New), false, "sg 2 (quota of 2 pending)")
	want(both(sh[0], abci.CheckTxType_New), true, "sh 0")
	unknown, _ := secp.GenPrivKey()
	stranger, err := tx.Build(unknown, apptest.ChainID, 0, "", anchorMsg("m-stranger"))
	if err != nil {
		t.Fatal(err)
	}
	want(both(stranger, abci.CheckTxType_New), false, "an unknown signer")
	signers, seqs := app.CheckMemoSize(memo.App)
	if signers != 2 || seqs != 2 {
		t.Fatalf("the memo holds %d signers and %d sequences, want 2 and 2 (sg and sh)", signers, seqs)
	}
	// sg 0 commits and sh-trader is suspended.
	suspend, err := tx.Build(apptest.KeyFor("sh-operator"), apptest.ChainID, 0, "", &membership.MsgSuspend{Member: memo.Addr("sh-trader"), Reason: "audit"})
	if err != nil {
		t.Fatal(err)
	}
	block(sg[0], suspend)
	if signers, seqs := app.CheckMemoSize(memo.App); signers != 0 || seqs != 0 {
		t.Fatalf("after Commit the memo holds %d signers and %d sequences, want none", signers, seqs)
	}
	// Rechecks in mempool order, then new admissions: sg 2 now fits the
	// quota (committed sequence 1), sh-trader is refused as suspended.
	want(both(sg[1], abci.CheckTxType_Recheck), true, "recheck sg 1")
	want(both(sh[0], abci.CheckTxType_Recheck), false, "recheck sh 0 (suspended)")
	want(both(sg[2], abci.CheckTxType_New), true, "sg 2 after sg 0 committed")
	want(both(sg[3], abci.CheckTxType_New), false, "sg 3 (quota of 2 pending)")
	want(both(sh[1], abci.CheckTxType_New), false, "sh 1 (suspended)")
	block(sg[1], sg[2])
	want(both(sg[3], abci.CheckTxType_New), true, "sg 3 after sg 1 and 2 committed")
	block(sg[3])
}

// TestProcessProposalShortcutChangesNoVerdict compares ProcessProposal on
// two applications, one whose CheckTx admitted (and so remembers) the
// proposal's valid transactions and one that admitted nothing and decodes
// every transaction: every verdict must be the same, including proposals
// that mix admitted transactions with garbage, an empty transaction and
// another chain's transaction.
func TestProcessProposalShortcutChangesNoVerdict(t *testing.T) {
	seen, fresh := apptest.New(t), apptest.New(t)
	var valid [][]byte
	for i, who := range []string{"sg-trader", "sg-trader", "hk-trader"} {
		raw := seen.Tx(who, anchorMsg("pp-"+who+string(rune('a'+i))))
		if r := seen.Check(raw); r.Code != 0 {
			t.Fatalf("admission: %s", r.Log)
		}
		valid = append(valid, raw)
	}
	otherChain, err := tx.Build(apptest.KeyFor("hk-trader"), "corridor-other-1", 0, "", anchorMsg("pp-other"))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		txs  [][]byte
		want abci.ResponseProcessProposal_ProposalStatus
	}{
		{"admitted transactions", valid, abci.ResponseProcessProposal_ACCEPT},
		{"admitted, then garbage", append(append([][]byte{}, valid...), []byte("\xff\x00 not a transaction")), abci.ResponseProcessProposal_REJECT},
		{"admitted, then an empty transaction", [][]byte{valid[0], {}}, abci.ResponseProcessProposal_REJECT},
		{"admitted, then another chain", [][]byte{valid[1], otherChain}, abci.ResponseProcessProposal_REJECT},
	}
	for _, tc := range cases {
		var got [2]abci.ResponseProcessProposal_ProposalStatus
		for i, h := range []*apptest.Harness{seen, fresh} {
			res, err := h.App.ProcessProposal(t.Context(), &abci.RequestProcessProposal{Txs: tc.txs, Height: h.Height + 1})
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			got[i] = res.Status
		}
		if got[0] != tc.want || got[1] != tc.want {
			t.Errorf("%s: %v after admission, %v without, want %v", tc.name, got[0], got[1], tc.want)
		}
	}
}
