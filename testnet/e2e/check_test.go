//go:build e2e

package e2e

import (
	"context"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	coretypes "github.com/cometbft/cometbft/rpc/core/types"

	"github.com/corridor-trade/corridor/client"
)

// height returns a node's latest height, or -1 if it does not answer.
func height(ctx context.Context, n *Node) int64 {
	ctx, cancel := context.WithTimeout(ctx, rpcTimeout)
	defer cancel()
	st, err := rpcClient(n.RPC).RPC.Status(ctx)
	if err != nil {
		return -1
	}
	return st.SyncInfo.LatestBlockHeight
}

// maxHeight returns the highest height among the nodes that answer.
func maxHeight(ctx context.Context, nodes []*Node) int64 {
	var m int64 = -1
	for _, n := range nodes {
		if h := height(ctx, n); h > m {
			m = h
		}
	}
	return m
}

// waitHeight waits until n reaches h.
func waitHeight(ctx context.Context, n *Node, h int64, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		got := height(ctx, n)
		if got >= h {
			return nil
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return fmt.Errorf("%s at height %d did not reach %d within %s", n.Name, got, h, timeout)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// waitCaughtUp waits until n is at least at the height the others had when
// called, and returns how long that took.
func waitCaughtUp(ctx context.Context, n *Node, others []*Node, timeout time.Duration) (time.Duration, error) {
	start := time.Now()
	target := maxHeight(ctx, others)
	if target < 1 {
		return 0, fmt.Errorf("no other node answers")
	}
	err := waitHeight(ctx, n, target, timeout)
	return time.Since(start), err
}

// Verdict is what the checks found.
type Verdict struct {
	Acked, Found int
	Height       int64 // heights 1..Height compared on every node
	// Bases holds, per node whose block store does not start at height 1
	// (one that joined by state sync), its first block: heights from
	// there on are compared on it, and it is not asked for the
	// transactions of earlier blocks.
	Bases    map[string]int64
	Problems []string
	// IndexGaps counts, per node, committed acknowledged transactions its
	// /tx index does not know. Tolerated only on nodes that were stopped or
	// killed: CometBFT indexes asynchronously and does not re-index, on
	// restart, a block it committed but had not indexed yet
	// (tendermint/tendermint#3211). Anywhere else a gap is a problem.
	IndexGaps map[string]int
	// Late records, per node, the /tx lookups that succeeded only when
	// asked again.
	Late map[string]*LateLookups
}

// LateLookups are one node's /tx lookups that succeeded only when asked
// again: how many, and the first one's first answer and where its
// transaction is, to tell an index behind the block store from an RPC that
// did not answer.
type LateLookups struct {
	N     int
	First string
}

func (v *Verdict) fail(format string, args ...any) {
	if len(v.Problems) < 30 {
		v.Problems = append(v.Problems, fmt.Sprintf(format, args...))
	} else if len(v.Problems) == 30 {
		v.Problems = append(v.Problems, "(more problems left out)")
	}
}

// meta is what the checks compare at one height.
type meta struct {
	blockHash, appHash string
	numTxs             int
}

// Checker keeps the transactions of blocks it has scanned, across
// scenarios (blocks never change once committed; the block hash is checked
// again every time).
type Checker struct {
	txs map[int64][]string // height -> tx hashes
	bh  map[int64]string   // height -> block hash when scanned
}

// NewChecker returns an empty checker.
func NewChecker() *Checker { return &Checker{txs: map[int64][]string{}, bh: map[int64]string{}} }

// Verify runs the checks of every scenario against the running nodes:
// identical block and app hashes at every height, every acknowledged
// transaction committed exactly once with code 0 (by /tx and by scanning
// every block), and no panic or consensus failure in any log.
func (c *Checker) Verify(ctx context.Context, nodes []*Node, acks []*Ack, logs func(i int) (string, error), stopped func(i int) bool) *Verdict {
	v := &Verdict{Acked: len(acks), Bases: map[string]int64{}, IndexGaps: map[string]int{}, Late: map[string]*LateLookups{}}
	// Let the nodes converge (bounded): every node must have every block
	// that any node had when the checks began, so that a transaction the
	// load saw committed is inside the compared range.
	var hs []int64
	target := maxHeight(ctx, nodes)
	deadline := time.Now().Add(90 * time.Second)
	for {
		hs = hs[:0]
		lo := int64(1 << 62)
		for _, n := range nodes {
			h := height(ctx, n)
			hs = append(hs, h)
			lo = min(lo, h)
		}
		if lo > 0 && lo >= target {
			v.Height = lo
			break
		}
		if time.Now().After(deadline) {
			v.fail("nodes did not all reach height %d within 90s: heights %v", target, hs)
			v.Height = max(lo, 0)
			break
		}
		time.Sleep(300 * time.Millisecond)
	}
	if v.Height < 1 {
		return v
	}
	// Where each node's block store starts: 1, or after the snapshot a
	// state-synced node restored.
	bases := make([]int64, len(nodes))
	for i, n := range nodes {
		b, err := base(ctx, n)
		if err != nil {
			v.fail("%s: %v", n.Name, err)
			return v
		}
		if b > v.Height {
			v.fail("%s: its first block %d is above the compared height %d", n.Name, b, v.Height)
			return v
		}
		if bases[i] = b; b > 1 {
			v.Bases[n.Name] = b
		}
	}
	if bases[0] != 1 {
		v.fail("%s, the reference node, has no blocks before %d", nodes[0].Name, bases[0])
		return v
	}
	// Same block hash and app hash everywhere, at every height each node
	// has.
	views := make([]map[int64]meta, len(nodes))
	for i, n := range nodes {
		m, err := metas(ctx, rpcClient(n.RPC), bases[i], v.Height)
		if err != nil {
			v.fail("%s: %v", n.Name, err)
			return v
		}
		views[i] = m
	}
	for h := int64(1); h <= v.Height; h++ {
		ref := views[0][h]
		for i := 1; i < len(nodes); i++ {
			if h < bases[i] {
				continue
			}
			if got := views[i][h]; got.blockHash != ref.blockHash || got.appHash != ref.appHash {
				v.fail("FORK at height %d: %s has block %s app %s, %s has block %s app %s",
					h, nodes[0].Name, ref.blockHash, ref.appHash, nodes[i].Name, got.blockHash, got.appHash)
			}
		}
	}
	// Scan every block with transactions; count each hash.
	ref := rpcClient(nodes[0].RPC)
	count := map[string]int{}
	where := map[string]int64{}
	for h := int64(1); h <= v.Height; h++ {
		m := views[0][h]
		if m.numTxs == 0 {
			continue
		}
		if c.bh[h] != m.blockHash {
			hh := h
			rctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			b, err := ref.RPC.Block(rctx, &hh)
			cancel()
			if err != nil {
				v.fail("block %d: %v", h, err)
				continue
			}
			var list []string
			for _, raw := range b.Block.Txs {
				list = append(list, strings.ToUpper(hex.EncodeToString(raw.Hash())))
			}
			c.txs[h], c.bh[h] = list, m.blockHash
		}
		for _, x := range c.txs[h] {
			count[x]++
			where[x] = h
		}
	}
	for x, n := range count {
		if n > 1 {
			v.fail("transaction %s is in the chain %d times", x, n)
		}
	}
	// Every acknowledged transaction: exactly once, and /tx agrees. A
	// node's /status height counts a block once it is stored, before it is
	// executed and indexed, so a node that just caught up may not know the
	// last transactions yet: /tx is asked again until settle.
	settle := time.Now().Add(indexSettle)
	for _, a := range acks {
		switch count[a.Hash] {
		case 0:
			v.fail("acknowledged transaction %s (accepted by %s at %s, re-sent %d times) is not in the chain",
				a.Hash, a.Node, a.At.Format("15:04:05.000"), a.Resent)
			continue
		case 1:
		default:
			continue // reported above
		}
		raw, _ := hex.DecodeString(a.Hash)
		ok, indexed := true, 0
		for j, n := range nodes {
			if where[a.Hash] < bases[j] {
				continue // a block before its snapshot: the node never executed it, so never indexed it
			}
			r, first, err := lookupTx(ctx, n, raw, settle)
			if err == nil && first != nil {
				l := v.Late[n.Name]
				if l == nil {
					msg := strings.ReplaceAll(first.Error(), "|", "/")
					if i := strings.LastIndex(msg, "RPC error"); i > 0 { // drop the HTTP client's preamble
						msg = msg[i:]
					}
					l = &LateLookups{First: fmt.Sprintf("first answer %q for a tx at height %d of %d", msg, where[a.Hash], v.Height)}
					v.Late[n.Name] = l
				}
				l.N++
			}
			switch {
			case err != nil && strings.Contains(err.Error(), "not found") && stopped(j):
				v.IndexGaps[n.Name]++
			case err != nil:
				v.fail("/tx %s on %s: %v", a.Hash, n.Name, err)
				ok = false
			case r.Height != where[a.Hash]:
				v.fail("/tx %s on %s: height %d, block scan found it at %d", a.Hash, n.Name, r.Height, where[a.Hash])
				ok = false
			case r.TxResult.Code != 0:
				v.fail("transaction %s committed at %d with code %d: %s", a.Hash, r.Height, r.TxResult.Code, r.TxResult.Log)
				ok = false
			default:
				indexed++
			}
		}
		if ok && indexed > 0 {
			v.Found++
		} else if ok {
			v.fail("transaction %s is in block %d but no node's /tx index has it", a.Hash, where[a.Hash])
		}
	}
	// No panic, no consensus failure.
	for i, n := range nodes {
		if logs == nil {
			break
		}
		out, err := logs(i)
		if err != nil {
			v.fail("logs of %s: %v", n.Name, err)
			continue
		}
		for _, bad := range []string{"panic", "CONSENSUS FAILURE"} {
			if j := strings.Index(out, bad); j >= 0 {
				v.fail("%s logged %q: %s", n.Name, bad, lineAround(out, j))
			}
		}
	}
	return v
}

// indexSettle bounds how long Verify waits, in all, for the /tx indexes to
// catch up with the blocks the nodes report.
const indexSettle = 20 * time.Second

// lookupTx asks n's /tx index for the transaction, again every 250 ms
// while the answer is an error and settle has not passed. When a later ask
// succeeds, first is the first ask's error.
func lookupTx(ctx context.Context, n *Node, hash []byte, settle time.Time) (r *coretypes.ResultTx, first, err error) {
	for {
		rctx, cancel := context.WithTimeout(ctx, rpcTimeout)
		r, err = rpcClient(n.RPC).RPC.Tx(rctx, hash, false)
		cancel()
		if err == nil || time.Now().After(settle) || ctx.Err() != nil {
			if err != nil {
				first = nil
			}
			return r, first, err
		}
		if first == nil {
			first = err
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// base returns the first height in n's block store: 1, or for a node that
// joined by state sync the height after the snapshot it restored.
func base(ctx context.Context, n *Node) (int64, error) {
	rctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	st, err := rpcClient(n.RPC).RPC.Status(rctx)
	if err != nil {
		return 0, fmt.Errorf("status: %w", err)
	}
	return max(st.SyncInfo.EarliestBlockHeight, 1), nil
}

// fromBases says which nodes were compared from a later first block, for
// the results table ("" when every node has every block).
func (v *Verdict) fromBases(nodes []*Node) string {
	var parts []string
	for _, n := range nodes {
		if b, ok := v.Bases[n.Name]; ok {
			parts = append(parts, fmt.Sprintf("%s from %d", n.Name, b))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ": its first block)"
}

// metas reads the block and app hash of heights from..to, 20 at a time.
func metas(ctx context.Context, c *client.Client, from, to int64) (map[int64]meta, error) {
	out := make(map[int64]meta, to-from+1)
	for lo := from; lo <= to; lo += 20 {
		hi := min(lo+19, to)
		rctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		res, err := c.RPC.BlockchainInfo(rctx, lo, hi)
		cancel()
		if err != nil {
			return nil, fmt.Errorf("blockchain %d..%d: %w", lo, hi, err)
		}
		for _, m := range res.BlockMetas {
			out[m.Header.Height] = meta{blockHash: m.BlockID.Hash.String(), appHash: m.Header.AppHash.String(), numTxs: m.NumTxs}
		}
	}
	for h := from; h <= to; h++ {
		if _, ok := out[h]; !ok {
			return nil, fmt.Errorf("no block meta for height %d", h)
		}
	}
	return out, nil
}

// lineAround returns the log line holding position i.
func lineAround(s string, i int) string {
	start := strings.LastIndexByte(s[:i], '\n') + 1
	end := strings.IndexByte(s[i:], '\n')
	if end < 0 {
		end = len(s) - i
	}
	line := s[start : i+end]
	if len(line) > 300 {
		line = line[:300] + "..."
	}
	return line
}
