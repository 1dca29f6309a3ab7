package relayer

import (
	"context"
	"encoding/hex"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	cmtcfg "github.com/cometbft/cometbft/config"

	"github.com/corridor-trade/corridor/internal/localnet"
)

// TestDiscoverMissesNothing searches a chain for anchors as fast as it can
// while anchors are being committed, one per block. A search that trusted
// /status's height (stored, but maybe not yet indexed) would journal a
// height as scanned before its anchor was searchable and skip it for good.
func TestDiscoverMissesNothing(t *testing.T) {
	sw := localnet.Start(t, localnet.Options{ChainID: "sw-cn-1", Validators: 1})
	sw.WaitForHeight(2, 60*time.Second)
	src := sw.Client(0)
	j, err := OpenJournal("")
	if err != nil {
		t.Fatal(err)
	}
	r := &Relayer{cfg: Config{Src: src, All: true, Journal: j}}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	var rounds atomic.Int64
	done := make(chan error, 1)
	go func() {
		for ctx.Err() == nil {
			if _, err := r.discover(ctx); err != nil && ctx.Err() == nil {
				done <- err
				return
			}
			rounds.Add(1)
			time.Sleep(2 * time.Millisecond) // often enough to hit a block between store and index
		}
		done <- nil
	}()

	const n = 25
	trader, buyer := sw.Keys["sh-trader"].PubKey().Address(), sw.Keys["sg-trader"].PubKey().Address()
	var want []string
	var last int64
	for i := range n {
		m := anchorMsg(t, trader, buyer, fmt.Sprintf("DISC-%03d", i))
		last = submit(t, src, sw.Keys["sh-trader"], m).Height
		want = append(want, hex.EncodeToString(m.DocHash[:]))
	}
	// Let the searches pass the last anchor's height, then stop them.
	deadline := time.Now().Add(30 * time.Second)
	for j.Scanned() < last {
		if time.Now().After(deadline) {
			t.Fatalf("scanned height %d did not reach %d within 30 s", j.Scanned(), last)
		}
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	for _, h := range want {
		if !j.IsFound(h) {
			t.Errorf("anchor %s is below the scanned height %d but was never found", h, j.Scanned())
		}
	}
	t.Logf("%d search rounds for %d anchors", rounds.Load(), n)
}

// TestDiscoverNeedsAnIndex: a source that does not index cannot be searched
// for anchors; the round says why instead of finding nothing.
func TestDiscoverNeedsAnIndex(t *testing.T) {
	sw := localnet.Start(t, localnet.Options{ChainID: "sw-cn-1", Validators: 1,
		Tune: func(c *cmtcfg.Config) { c.TxIndex.Indexer = "null" }})
	sw.WaitForHeight(2, 60*time.Second)
	j, err := OpenJournal("")
	if err != nil {
		t.Fatal(err)
	}
	r := &Relayer{cfg: Config{Src: sw.Client(0), All: true, Journal: j}}
	if _, err := r.discover(context.Background()); err == nil || !strings.Contains(err.Error(), "indexing is disabled") {
		t.Fatalf("discover on a source without an index: %v", err)
	}
	if j.Scanned() != 0 {
		t.Errorf("scanned height %d journaled from a source without an index", j.Scanned())
	}
}
