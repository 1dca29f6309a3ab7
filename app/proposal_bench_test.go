package app_test

import (
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/corridor-trade/corridor/app/apptest"
)

// BenchmarkProcessProposal measures ProcessProposal of a block of 200
// anchors that this node's CheckTx admitted, as on a validator whose
// mempool held the proposer's transactions: go test -run '^$' -bench
// ProcessProposal -benchmem ./app (allocations and ns per transaction).
func BenchmarkProcessProposal(b *testing.B) {
	h := apptest.New(b)
	names := traders(h)
	txs := anchorBlock(h, names, 200, "pp-bench")
	for _, raw := range txs {
		if r := h.Check(raw); r.Code != 0 {
			b.Fatal(r.Log)
		}
	}
	req := &abci.RequestProcessProposal{Txs: txs, Height: h.Height + 1}
	n := 0
	for b.Loop() {
		res, err := h.App.ProcessProposal(b.Context(), req)
		if err != nil || res.Status != abci.ResponseProcessProposal_ACCEPT {
			b.Fatal(err, res)
		}
		n += len(txs)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n), "ns/tx")
}
