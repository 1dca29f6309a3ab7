package app_test

import (
	"bytes"
	"context"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/corridor-trade/corridor/app/apptest"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/tx"
	"github.com/corridor-trade/corridor/x/membership"
)

// TestProcessProposalRejectsWhatNoHonestProposerIncludes checks the line
// ProcessProposal draws: a block holding a transaction that CheckTx refuses
// on its bytes alone (too large, not a transaction, another chain) is
// rejected; a block whose invalid transactions are whole signed envelopes
// (a bad signature, a duplicate, a replay) is accepted, and those fail one
// by one in FinalizeBlock.
func TestProcessProposalRejectsWhatNoHonestProposerIncludes(t *testing.T) {
	h := apptest.New(t, apptest.WithParams(membership.Params{MaxTxBytes: 4096, MaxMsgs: 64, PendingQuota: 256}))
	admit := func() *membership.MsgAdmit {
		k, _ := secp.GenPrivKey()
		return &membership.MsgAdmit{PubKey: k.PubKey(), Roles: []string{membership.RoleTrader}}
	}
	committed := h.Tx("sh-operator", admit())
	if res := h.Block(committed); res.TxResults[0].Code != 0 {
		t.Fatalf("setup: %s", res.TxResults[0].Log)
	}
	valid := h.Tx("sg-operator", admit())
	badSig := h.Tx("hk-operator", admit())
	badSig[len(badSig)-10] ^= 1 // the signature is the envelope's last field
	otherChain, err := tx.Build(h.Keys["hk-operator"], "corridor-other-1", 0, "", admit())
	if err != nil {
		t.Fatal(err)
	}
	big, err := tx.Build(h.Keys["hk-operator"], apptest.ChainID, 0, string(bytes.Repeat([]byte("x"), 4096)), admit())
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		txs  [][]byte
		want abci.ResponseProcessProposal_ProposalStatus
	}{
		{"empty block", nil, abci.ResponseProcessProposal_ACCEPT},
		{"valid transaction", [][]byte{valid}, abci.ResponseProcessProposal_ACCEPT},
		{"bad signature, duplicate and replay", [][]byte{badSig, valid, valid, committed}, abci.ResponseProcessProposal_ACCEPT},
		{"garbage bytes", [][]byte{valid, []byte("\xff\x00 not a transaction")}, abci.ResponseProcessProposal_REJECT},
		{"empty transaction", [][]byte{{}}, abci.ResponseProcessProposal_REJECT},
		{"another chain", [][]byte{valid, otherChain}, abci.ResponseProcessProposal_REJECT},
		{"above max_tx_bytes", [][]byte{big, valid}, abci.ResponseProcessProposal_REJECT},
	}
	for _, tc := range cases {
		res, err := h.App.ProcessProposal(context.Background(), &abci.RequestProcessProposal{Txs: tc.txs, Height: h.Height + 1})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if res.Status != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, res.Status, tc.want)
		}
	}
	// What CheckTx admits, ProcessProposal accepts: an honest proposer's
	// block (its mempool) is never rejected.
	for _, raw := range [][]byte{valid, badSig, otherChain, big, {}, []byte("garbage")} {
		admitted := h.Check(raw).Code == 0
		res, err := h.App.ProcessProposal(context.Background(), &abci.RequestProcessProposal{Txs: [][]byte{raw}, Height: h.Height + 1})
		if err != nil {
			t.Fatal(err)
		}
		if admitted && res.Status != abci.ResponseProcessProposal_ACCEPT {
			t.Errorf("CheckTx admitted a transaction ProcessProposal rejects (%d bytes)", len(raw))
		}
	}
	// The accepted Byzantine block: each invalid transaction fails alone.
	res := h.Block(badSig, valid, valid, committed)
	want := []uint32{codes.TxBadSignature.Code, 0, codes.TxBadSequence.Code, codes.TxBadSequence.Code}
	for i, r := range res.TxResults {
		if r.Code != want[i] {
			t.Errorf("transaction %d: code %d (%s), want %d", i, r.Code, r.Log, want[i])
		}
	}
}

// TestPrepareProposalFitsCometBFTsLimit checks that the transactions an
// honest proposer returns fit MaxTxBytes as CometBFT measures them (each
// with its encoding overhead), which CometBFT enforces by halting the
// proposer.
func TestPrepareProposalFitsCometBFTsLimit(t *testing.T) {
	h := apptest.New(t)
	var txs [][]byte
	var raw int64
	for range 50 {
		k, _ := secp.GenPrivKey()
		b := h.Tx("sh-operator", &membership.MsgAdmit{PubKey: k.PubKey(), Roles: []string{membership.RoleTrader}})
		txs = append(txs, b)
		raw += int64(len(b))
	}
	// A limit the raw lengths fit exactly, as a mempool larger than a
	// block would offer.
	res, err := h.App.PrepareProposal(context.Background(), &abci.RequestPrepareProposal{Txs: txs, MaxTxBytes: raw})
	if err != nil {
		t.Fatal(err)
	}
	if err := cmttypes.ToTxs(res.Txs).Validate(raw); err != nil {
		t.Fatalf("%d transactions returned: %v", len(res.Txs), err)
	}
	if len(res.Txs) == 0 || len(res.Txs) == len(txs) {
		t.Fatalf("%d of %d transactions returned; want a strict, non-empty prefix", len(res.Txs), len(txs))
	}
	for i, b := range res.Txs {
		if !bytes.Equal(b, txs[i]) {
			t.Fatalf("transaction %d is not the mempool's %d-th", i, i)
		}
	}
}
