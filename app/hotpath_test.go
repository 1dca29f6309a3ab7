package app_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/corridor-trade/corridor/app/apptest"
)

// traders are the harness's sample members holding the trader role.
func traders(h *apptest.Harness) []string {
	var out []string
	for name := range h.Keys {
		if strings.HasSuffix(name, "-trader") {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// anchorBlock signs n anchors spread over the traders; seed makes the
// documents distinct across blocks.
func anchorBlock(h *apptest.Harness, names []string, n int, seed string) [][]byte {
	txs := make([][]byte, n)
	for i := range txs {
		txs[i] = h.Tx(names[i%len(names)], anchorMsg(fmt.Sprintf("%s-%d", seed, i)))
	}
	return txs
}

// The hot path's fixed workload: 6 blocks of 60 anchors (CheckTx, a
// recheck of the next block's transactions after each commit,
// FinalizeBlock, Commit). Its app hash and a hash of every response were
// recorded before issue 18's allocation work; any change to the
// codec, event building, key building or hashing that altered a result or
// a byte of state fails here.
const (
	hotPathAppHash   = "2586e5e8fa3e44832f0066cd2831bab3aa7e83b0d9bade4dd4143d705f166b42"
	hotPathResponses = "668a2d4426980775895a8035ff5debaac8ad2db0ce01daa81477a8ad30ffc1c9"
)

func TestHotPathResultsUnchanged(t *testing.T) {
	h := apptest.New(t)
	names := traders(h)
	resp := sha256.New()
	add := func(m interface{ Marshal() ([]byte, error) }) {
		b, err := m.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		resp.Write(b)
	}
	for blk := 0; blk < 6; blk++ {
		txs := anchorBlock(h, names, 60, fmt.Sprintf("hot-%d", blk))
		for _, raw := range txs {
			r := h.Check(raw)
			if r.Code != 0 {
				t.Fatalf("block %d: CheckTx: %s", blk, r.Log)
			}
			add(r)
		}
		fb := h.Block(txs...)
		for _, r := range fb.TxResults {
			if r.Code != 0 {
				t.Fatalf("block %d: %s", blk, r.Log)
			}
		}
		add(fb)
		// A refused duplicate, for the error path's response.
		r, err := h.App.CheckTx(t.Context(), &abci.RequestCheckTx{Tx: txs[0], Type: abci.CheckTxType_Recheck})
		if err != nil {
			t.Fatal(err)
		}
		add(r)
	}
	gotHash, gotResp := hex.EncodeToString(h.AppHash()), hex.EncodeToString(resp.Sum(nil))
	if gotHash != hotPathAppHash || gotResp != hotPathResponses {
		t.Fatalf("the fixed workload's results changed:\napp hash  %s\nresponses %s", gotHash, gotResp)
	}
}

// BenchmarkAnchorHotPath is the direct ABCI path per anchor: CheckTx
// (signature verified and cached), FinalizeBlock and Commit of blocks of
// 200 anchors, signing excluded: go test -run '^$' -bench AnchorHotPath
// -benchmem -memprofile FILE ./app. It reports µs and allocations per
// anchor.
func BenchmarkAnchorHotPath(b *testing.B) {
	const per = 200
	h := apptest.New(b)
	names := traders(h)
	var spent time.Duration
	var mallocs, bytes uint64
	n := 0
	var ms runtime.MemStats
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		txs := anchorBlock(h, names, per, fmt.Sprintf("bench-%d", i))
		runtime.ReadMemStats(&ms)
		m0, b0 := ms.Mallocs, ms.TotalAlloc
		b.StartTimer()
		t := time.Now()
		for _, raw := range txs {
			if r := h.Check(raw); r.Code != 0 {
				b.Fatal(r.Log)
			}
		}
		h.Block(txs...)
		spent += time.Since(t)
		b.StopTimer()
		runtime.ReadMemStats(&ms)
		mallocs += ms.Mallocs - m0
		bytes += ms.TotalAlloc - b0
		n += per
		b.StartTimer()
	}
	b.ReportMetric(float64(spent.Microseconds())/float64(n), "µs/anchor")
	b.ReportMetric(float64(mallocs)/float64(n), "allocs/anchor")
	b.ReportMetric(float64(bytes)/float64(n), "B/anchor")
}
