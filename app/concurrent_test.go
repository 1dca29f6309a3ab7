package app_test

import (
	"bytes"
	"fmt"
	"sync"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/corridor-trade/corridor/app/apptest"
	"github.com/corridor-trade/corridor/tx"
)

// TestCheckTxBesideBlocks runs CheckTx on one goroutine while blocks are
// finalized and committed on another, as CometBFT does once each ABCI
// connection has its own mutex (internal/node uses
// proxy.NewConnSyncLocalClientCreator), and compares the app hashes with
// the same blocks run alone. Under -race it also checks that the check
// state, the caches and the committed snapshot are not shared unsafely.
func TestCheckTxBesideBlocks(t *testing.T) {
	busy, alone := apptest.New(t), apptest.New(t)
	const blocks, perBlock = 4, 5
	var blockTxs [][][]byte
	for b := 0; b < blocks; b++ {
		var txs [][]byte
		for i := 0; i < perBlock; i++ {
			raw, err := tx.Build(apptest.KeyFor("hk-trader"), apptest.ChainID, uint64(b*perBlock+i), "", anchorMsg(fmt.Sprintf("block-%d-%d", b, i)))
			if err != nil {
				t.Fatal(err)
			}
			txs = append(txs, raw)
		}
		blockTxs = append(blockTxs, txs)
	}
	var mempool [][]byte
	for i := 0; i < 60; i++ {
		mempool = append(mempool, busy.Tx("sg-trader", anchorMsg(fmt.Sprintf("mempool-%d", i))))
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, raw := range mempool {
			for _, typ := range []abci.CheckTxType{abci.CheckTxType_New, abci.CheckTxType_Recheck} {
				if _, err := busy.App.CheckTx(t.Context(), &abci.RequestCheckTx{Tx: raw, Type: typ}); err != nil {
					t.Error(err)
					return
				}
			}
		}
	}()
	for _, txs := range blockTxs {
		busy.Block(txs...)
		alone.Block(txs...)
	}
	wg.Wait()
	if !bytes.Equal(busy.AppHash(), alone.AppHash()) {
		t.Fatalf("app hash %X with CheckTx beside the blocks, %X without", busy.AppHash(), alone.AppHash())
	}
}
