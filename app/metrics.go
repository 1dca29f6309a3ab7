package app

import (
	"encoding/hex"
	"sort"
	"strconv"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	"github.com/corridor-trade/corridor/tx"
)

// Metrics receives what the application observes while it runs. It is an
// observer only: the application never reads a metric back, so nothing in
// a state transition depends on it, and latencies are wall-clock durations
// used for nothing but the observation. Implementations must be safe for
// concurrent use (SigCache is called from FinalizeBlock's signature
// workers) and must not block. internal/metrics implements it for
// Prometheus; the default is a no-op.
type Metrics interface {
	// CheckTx reports one CheckTx call: how long it took and its result.
	CheckTx(elapsed time.Duration, codespace string, code uint32)
	// Tx reports one transaction executed in a block. msgType is the type
	// of its messages, "mixed" when they have several types, "unknown" for
	// a type the application does not route and "undecodable" when the
	// transaction could not be decoded (so that no transaction can add a
	// label value of its choosing).
	Tx(msgType, codespace string, code uint32)
	// Block reports one executed block.
	Block(b BlockStats)
	// SigCache reports one lookup in the signature cache.
	SigCache(hit bool)
	// Committed reports the state after a Commit: its version (height) and
	// its number of keys.
	Committed(version, keys int64)
}

// BlockStats is what FinalizeBlock observed in one block.
type BlockStats struct {
	Height  int64
	Elapsed time.Duration // FinalizeBlock's wall-clock duration
	// Anchors counts successful single-document anchors; Batches counts
	// anchored batch roots and BatchDocuments the documents they hold.
	Anchors, Batches, BatchDocuments uint64
	// Jurisdictions is the power of every jurisdiction's validators in the
	// last commit and the part of it that signed, by jurisdiction code; nil
	// when the block carries no last commit (the first block).
	Jurisdictions []JurisdictionPower
}

// JurisdictionPower is one jurisdiction's share of the last commit.
type JurisdictionPower struct {
	Jurisdiction string
	Power        int64 // voting power of its validators in the last commit
	Signing      int64 // the part of Power whose precommit is in the commit
}

type nopMetrics struct{}

func (nopMetrics) CheckTx(time.Duration, string, uint32) {}
func (nopMetrics) Tx(string, string, uint32)             {}
func (nopMetrics) Block(BlockStats)                      {}
func (nopMetrics) SigCache(bool)                         {}
func (nopMetrics) Committed(int64, int64)                {}

// observing reports whether a real Metrics is set; the per-block
// observations that cost reads or decoding are skipped otherwise.
func (a *App) observing() bool {
	_, nop := a.metrics.(nopMetrics)
	return !nop
}

// observeCheckTx reports a CheckTx call that started at start; resp is
// nil when CheckTx panicked (the recover answers after this runs).
func (a *App) observeCheckTx(start time.Time, resp **abci.ResponseCheckTx) {
	codespace, code := "internal", uint32(1)
	if *resp != nil {
		codespace, code = (*resp).Codespace, (*resp).Code
	}
	a.metrics.CheckTx(time.Since(start), codespace, code)
}

// observeBlock reports an executed block. It only reads: the block's
// results, its transactions and the committed membership (to map the
// last commit's validators to jurisdictions). A panic here is logged and
// swallowed, so an observation can never halt the node.
func (a *App) observeBlock(start time.Time, req *abci.RequestFinalizeBlock, pre []decodedTx, resp *abci.ResponseFinalizeBlock) {
	if !a.observing() {
		return
	}
	defer func() {
		if r := recover(); r != nil {
			a.log.Error("metrics: observing a block panicked (a bug)", "height", req.Height, "panic", r)
		}
	}()
	stats := BlockStats{Height: req.Height}
	for i, res := range resp.TxResults {
		a.metrics.Tx(a.msgTypeOf(req.Txs[i], pre[i]), res.Codespace, res.Code)
		if res.Code != 0 {
			continue
		}
		for _, ev := range res.Events {
			switch {
			case ev.Type == "invoice" && attr(ev, "action") == "anchored":
				stats.Anchors++
			case ev.Type == "invoice_batch" && attr(ev, "action") == "anchored":
				stats.Batches++
				n, _ := strconv.ParseUint(attr(ev, "count"), 10, 64)
				stats.BatchDocuments += n
			}
		}
	}
	stats.Jurisdictions = a.jurisdictionPower(req.DecidedLastCommit.Votes)
	stats.Elapsed = time.Since(start)
	a.metrics.Block(stats)
}

// observeCommit reports the committed state's version and size.
func (a *App) observeCommit() {
	if a.observing() {
		a.metrics.Committed(a.tree.Version(), a.tree.Size())
	}
}

// msgTypeOf names the message types of a block's transaction, from the
// signature pre-pass when it decoded the transaction, else by decoding it.
// Only routed type names are returned.
func (a *App) msgTypeOf(raw []byte, pre decodedTx) string {
	body := pre.body
	if !pre.ok {
		var err error
		if _, body, err = tx.Decode(raw); err != nil {
			return "undecodable"
		}
	}
	if len(body.Msgs) == 0 {
		return "undecodable"
	}
	name := body.Msgs[0].Type
	for _, m := range body.Msgs {
		if _, ok := a.reg.Routes[m.Type]; !ok {
			return "unknown"
		}
		if m.Type != name {
			name = "mixed"
		}
	}
	return name
}

// jurisdictionPower sums the last commit's voting power by the
// jurisdiction of each validator, as the committed membership records it;
// every jurisdiction is listed, with zero power when it has no validator.
func (a *App) jurisdictionPower(votes []abci.VoteInfo) []JurisdictionPower {
	if len(votes) == 0 {
		return nil
	}
	of := map[string]string{}
	for _, v := range a.accounts.Validators(a.committed) {
		of[hex.EncodeToString(v.ConsAddress)] = v.Jurisdiction
	}
	sums := map[string]*JurisdictionPower{}
	for _, code := range a.accounts.Jurisdictions(a.committed) {
		sums[code] = &JurisdictionPower{Jurisdiction: code}
	}
	for _, v := range votes {
		j, ok := sums[of[hex.EncodeToString(v.Validator.Address)]]
		if !ok {
			continue // a validator membership does not know
		}
		j.Power += v.Validator.Power
		if v.BlockIdFlag == cmtproto.BlockIDFlagCommit {
			j.Signing += v.Validator.Power
		}
	}
	out := make([]JurisdictionPower, 0, len(sums))
	for _, j := range sums {
		out = append(out, *j)
	}
	sort.Slice(out, func(i, k int) bool { return out[i].Jurisdiction < out[k].Jurisdiction })
	return out
}

func attr(ev abci.Event, key string) string {
	for _, a := range ev.Attributes {
		if a.Key == key {
			return a.Value
		}
	}
	return ""
}
