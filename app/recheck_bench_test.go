package app_test

import (
	"fmt"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/corridor-trade/corridor/app"
	"github.com/corridor-trade/corridor/app/apptest"
)

// BenchmarkRecheck measures a mempool recheck of admitted anchors, with
// the fast path and with the full check (the signature is a cache hit in
// both): go test -run '^$' -bench Recheck ./app.
func BenchmarkRecheck(b *testing.B) {
	for _, fast := range []bool{true, false} {
		b.Run(fmt.Sprintf("fast=%v", fast), func(b *testing.B) {
			h := apptest.New(b)
			app.SetFastRecheck(h.App, fast)
			var txs [][]byte
			for i := 0; i < 50; i++ {
				raw := h.Tx("sg-trader", anchorMsg(fmt.Sprintf("recheck-%d", i)))
				if r := h.Check(raw); r.Code != 0 {
					b.Fatal(r.Log)
				}
				txs = append(txs, raw)
			}
			var spent time.Duration
			n := 0
			for b.Loop() {
				b.StopTimer()
				h.Block() // an empty block: the check state starts again from the committed one
				b.StartTimer()
				t := time.Now()
				for _, raw := range txs {
					r, err := h.App.CheckTx(b.Context(), &abci.RequestCheckTx{Tx: raw, Type: abci.CheckTxType_Recheck})
					if err != nil || r.Code != 0 {
						b.Fatal(err, r.Log)
					}
				}
				spent += time.Since(t)
				n += len(txs)
			}
			b.ReportMetric(float64(spent.Nanoseconds())/float64(n), "ns/recheck")
		})
	}
}
