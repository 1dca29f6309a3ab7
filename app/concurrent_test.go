package app_test

import (
	"bytes"
	"fmt"
	"sync"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/corridor-trade/corridor/app"
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

// TestCheckTxBesideTheFirstBlock is TestCheckTxBesideBlocks before the
// first commit, when the check state still reads the working tree that
// FinalizeBlock writes: CheckTx then waits for the consensus connection.
func TestCheckTxBesideTheFirstBlock(t *testing.T) {
	h := apptest.New(t) // for the genesis and the keys
	// A fresh application on the same genesis, not yet past block 1.
	a, err := app.New(app.Options{Dir: t.TempDir(), Backend: "goleveldb"})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := a.InitChain(t.Context(), h.InitChainRequest()); err != nil {
		t.Fatal(err)
	}
	var txs [][]byte
	for i := 0; i < 20; i++ {
		txs = append(txs, h.Tx("sg-trader", anchorMsg(fmt.Sprintf("first-%d", i))))
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, raw := range txs {
			if _, err := a.CheckTx(t.Context(), &abci.RequestCheckTx{Tx: raw, Type: abci.CheckTxType_New}); err != nil {
				t.Error(err)
			}
		}
	}()
	block, err := tx.Build(apptest.KeyFor("hk-trader"), apptest.ChainID, 0, "", anchorMsg("first-block"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.FinalizeBlock(t.Context(), &abci.RequestFinalizeBlock{Txs: [][]byte{block}, Height: 1, Time: apptest.GenesisTime}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Commit(t.Context(), &abci.RequestCommit{}); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
}
