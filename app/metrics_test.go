package app_test

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"sync"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cometbft/cometbft/crypto/ed25519"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	"github.com/corridor-trade/corridor/app"
	"github.com/corridor-trade/corridor/app/apptest"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/x/invoice"
)

// recorder is an app.Metrics that keeps what it is told.
type recorder struct {
	mu      sync.Mutex
	checks  int
	txs     map[string]int // "type codespace code"
	blocks  []app.BlockStats
	hits    int
	misses  int
	version int64
	keys    int64
}

func (r *recorder) CheckTx(time.Duration, string, uint32) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.checks++
}

func (r *recorder) Tx(msgType, codespace string, code uint32) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.txs[fmt.Sprintf("%s %s %d", msgType, codespace, code)]++
}

func (r *recorder) Block(b app.BlockStats) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.blocks = append(r.blocks, b)
}

func (r *recorder) SigCache(hit bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if hit {
		r.hits++
	} else {
		r.misses++
	}
}

func (r *recorder) Committed(version, keys int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.version, r.keys = version, keys
}

// TestMetricsObserveOnly runs the same blocks on an application with a
// recording observer and one without: the app hashes are equal after every
// block, and the observer saw the transactions by type and result, the
// anchors and batch documents, CheckTx calls, signature-cache lookups, the
// committed version, and the jurisdictions' power in the last commit.
func TestMetricsObserveOnly(t *testing.T) {
	plain, observed := apptest.New(t), apptest.New(t)
	rec := &recorder{txs: map[string]int{}}
	app.SetMetrics(observed.App, rec)

	anchor := anchorMsg("metrics")
	batch := &invoice.MsgAnchorBatch{Root: sha256.Sum256([]byte("metrics batch")), Count: 5, Profile: invoice.ProfileUBL}
	valAddr := ed25519.GenPrivKeyFromSecret([]byte("apptest validator")).PubKey().Address()
	votes := abci.CommitInfo{Votes: []abci.VoteInfo{{Validator: abci.Validator{Address: valAddr, Power: 10}, BlockIdFlag: cmtproto.BlockIDFlagCommit}}}
	blocks := [][][]byte{
		{plain.Tx("sg-trader", anchor), plain.Tx("sh-trader", batch)},
		{plain.Tx("sg-trader", anchorMsg("metrics"))}, // the same document again: refused in the block
		{[]byte("not a transaction")},
	}
	for i, txs := range blocks {
		if i == 0 {
			for _, raw := range txs {
				if res, err := observed.App.CheckTx(t.Context(), &abci.RequestCheckTx{Tx: raw}); err != nil || res.Code != 0 {
					t.Fatalf("CheckTx: %v %+v", err, res)
				}
			}
		}
		plain.BlockWith(&abci.RequestFinalizeBlock{Txs: txs, DecidedLastCommit: votes})
		observed.BlockWith(&abci.RequestFinalizeBlock{Txs: txs, DecidedLastCommit: votes})
		if !bytes.Equal(plain.AppHash(), observed.AppHash()) {
			t.Fatalf("block %d: app hash %X with metrics, %X without", i, observed.AppHash(), plain.AppHash())
		}
	}
	want := map[string]int{
		"invoice/anchor  0":       1,
		"invoice/anchor-batch  0": 1,
		fmt.Sprintf("invoice/anchor invoice %d", codes.InvoiceDuplicateDocument.Code): 1,
		fmt.Sprintf("undecodable tx %d", codes.TxMalformed.Code):                      1,
	}
	for k, n := range want {
		if rec.txs[k] != n {
			t.Errorf("txs[%q] = %d, want %d (all: %v)", k, rec.txs[k], n, rec.txs)
		}
	}
	if len(rec.blocks) != 3 || rec.blocks[0].Anchors != 1 || rec.blocks[0].Batches != 1 || rec.blocks[0].BatchDocuments != 5 || rec.blocks[1].Anchors != 0 {
		t.Errorf("blocks: %+v", rec.blocks)
	}
	for _, j := range rec.blocks[0].Jurisdictions {
		wantPower := int64(0)
		if j.Jurisdiction == "SG" {
			wantPower = 10
		}
		if j.Power != wantPower || j.Signing != wantPower {
			t.Errorf("jurisdiction %+v, want power and signing %d", j, wantPower)
		}
	}
	if len(rec.blocks[0].Jurisdictions) != 3 {
		t.Errorf("jurisdictions: %+v", rec.blocks[0].Jurisdictions)
	}
	if rec.checks != 2 || rec.hits < 2 || rec.misses < 2 || rec.version != observed.Height || rec.keys == 0 {
		t.Errorf("checks %d hits %d misses %d version %d (height %d) keys %d", rec.checks, rec.hits, rec.misses, rec.version, observed.Height, rec.keys)
	}
}
