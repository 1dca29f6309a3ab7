package app_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/corridor-trade/corridor/app"
	"github.com/corridor-trade/corridor/app/apptest"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/kit/store/crashdb"
)

// crashChain is a short chain recorded on a reference application: the
// genesis, every block request, the app hash after each height and the
// invoices each block anchored.
type crashChain struct {
	genesis *abci.RequestInitChain
	blocks  []*abci.RequestFinalizeBlock // heights 1..n
	hashes  map[int64][]byte
	docs    map[int64][]invoice.Hash
	final   map[string]string // the whole state at the last height
}

// recordChain builds the chain: small blocks and one of 600 anchors, whose
// commit is far above IAVL's default 100,000-byte flush threshold.
func recordChain(t *testing.T) *crashChain {
	ref := apptest.New(t)
	c := &crashChain{genesis: ref.InitChainRequest(), hashes: map[int64][]byte{1: ref.AppHash()}, docs: map[int64][]invoice.Hash{},
		blocks: []*abci.RequestFinalizeBlock{{Height: 1, Time: apptest.GenesisTime}}}
	signers := []string{"sg-trader", "sh-trader", "hk-trader"}
	for i, n := range []int{3, 1, 600, 2, 4} {
		req := &abci.RequestFinalizeBlock{}
		var docs []invoice.Hash
		for j := 0; j < n; j++ {
			m := anchorMsg(fmt.Sprintf("crash/%d/%d", i, j))
			req.Txs = append(req.Txs, ref.Tx(signers[j%len(signers)], m))
			docs = append(docs, m.DocHash)
		}
		res := ref.BlockWith(req)
		for j, r := range res.TxResults {
			if r.Code != 0 {
				t.Fatalf("reference block %d tx %d: code %d %s", req.Height, j, r.Code, r.Log)
			}
		}
		c.blocks = append(c.blocks, req)
		c.hashes[req.Height], c.docs[req.Height] = ref.AppHash(), docs
	}
	c.final = ref.StoreDump()
	return c
}

// runUntilCrash drives a fresh application over a crashing database
// through the chain, as CometBFT would, until the crash; it returns what the
// crash left and the last height whose Commit returned.
func (c *crashChain) runUntilCrash(t *testing.T, opts ...crashdb.Option) (*crashdb.DB, int64) {
	ctx := context.Background()
	db := crashdb.Open(crashdb.NewDisk(), opts...)
	a, err := app.New(app.Options{DB: db, KeepRecent: 2})
	if err != nil {
		if db.Crashed() {
			return db, 0
		}
		t.Fatal(err)
	}
	if _, err := a.InitChain(ctx, c.genesis); err != nil {
		t.Fatal(err)
	}
	acked := int64(0)
	for _, req := range c.blocks {
		if _, err := a.FinalizeBlock(ctx, req); err != nil {
			break
		}
		if _, err := a.Commit(ctx, &abci.RequestCommit{}); err != nil {
			break
		}
		acked = req.Height
	}
	if !db.Crashed() && acked != int64(len(c.blocks)) {
		t.Fatalf("the run stopped at height %d without a crash", acked)
	}
	return db, acked
}

// TestCrashAtEveryWritePointOfACommit crashes the real application at
// every database write of a chain in turn, with every amount of the unsynced
// writes surviving (crashdb's model of kill -9 and power loss on goleveldb
// and pebbledb), restarts it on what the crash left, and checks what
// CometBFT's handshake relies on: Info reports the last committed height or
// the one before, with exactly the app hash committed at that height; every
// invoice of a committed block is there and none of a later block; replaying
// the blocks after it gives the same app hashes and the same final state.
func TestCrashAtEveryWritePointOfACommit(t *testing.T) {
	ctx := context.Background()
	c := recordChain(t)
	db, _ := c.runUntilCrash(t)
	writes := db.Writes()
	last := int64(len(c.blocks))
	if writes > 2+2*int(last) {
		t.Errorf("%d write points for %d commits: each commit must be one synced batch (plus one for pruning)", writes, last)
	}
	cases := 0
	for k := 1; k <= writes+1; k++ {
		db, acked := c.runUntilCrash(t, crashdb.CrashAt(k))
		img := db.Image()
		for _, keep := range []int{0, img.Unsynced() / 2, img.Unsynced()} {
			cases++
			where := fmt.Sprintf("crash at write %d of %d (after height %d), %d of %d unsynced writes kept", k, writes, acked, keep, img.Unsynced())
			a, err := app.New(app.Options{DB: crashdb.Open(img.Disk(keep)), KeepRecent: 2})
			if err != nil {
				t.Fatalf("%s: restart: %v", where, err)
			}
			info, err := a.Info(ctx, &abci.RequestInfo{})
			if err != nil {
				t.Fatal(err)
			}
			h := info.LastBlockHeight
			if h != acked && h != acked+1 || h > last {
				t.Fatalf("%s: restarted at height %d, want %d or %d", where, h, acked, acked+1)
			}
			if h > 0 && !bytes.Equal(info.LastBlockAppHash, c.hashes[h]) {
				t.Fatalf("%s: height %d app hash %X, committed %X", where, h, info.LastBlockAppHash, c.hashes[h])
			}
			for height, docs := range c.docs {
				for _, d := range docs {
					q, _ := a.Query(ctx, &abci.RequestQuery{Path: "/invoice/" + d.String()})
					if found := q.Code == 0; found != (height <= h) {
						t.Fatalf("%s: at height %d, invoice of block %d found = %v", where, h, height, found)
					}
				}
			}
			// CometBFT's handshake: InitChain if nothing is committed, then
			// the blocks after the application's height.
			if h == 0 {
				if _, err := a.InitChain(ctx, c.genesis); err != nil {
					t.Fatalf("%s: InitChain again: %v", where, err)
				}
			}
			for _, req := range c.blocks[h:] {
				res, err := a.FinalizeBlock(ctx, req)
				if err == nil {
					_, err = a.Commit(ctx, &abci.RequestCommit{})
				}
				if err != nil || !bytes.Equal(res.AppHash, c.hashes[req.Height]) {
					t.Fatalf("%s: replay height %d: %v, app hash %X want %X", where, req.Height, err, res.GetAppHash(), c.hashes[req.Height])
				}
			}
			got := map[string]string{}
			a.DumpCommitted(func(k, v []byte) { got[string(k)] = string(v) })
			if len(got) != len(c.final) {
				t.Fatalf("%s: after replay %d keys, want %d", where, len(got), len(c.final))
			}
			for k, v := range c.final {
				if got[k] != v {
					t.Fatalf("%s: after replay key %q differs", where, k)
				}
			}
			a.Close()
		}
	}
	t.Logf("%d write points, %d crash images restarted and replayed", writes, cases)
}
