package relayer

import (
	"context"
	"encoding/hex"
	"fmt"
	"strings"
)

// discover returns the anchors to carry, as lower-case hex document
// hashes: the configured hashes, then those found by searching the
// source's invoice events. Each found anchor is journaled before the
// searched height is, so that a crash never skips one.
func (r *Relayer) discover(ctx context.Context) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	add := func(h string) {
		if !seen[h] {
			seen[h] = true
			out = append(out, h)
		}
	}
	for _, h := range r.cfg.Hashes {
		add(hex.EncodeToString(h[:]))
	}
	if r.cfg.Issuer == "" && !r.cfg.All {
		return out, nil
	}
	st, err := r.cfg.Src.RPC.Status(ctx)
	if err != nil {
		return nil, err
	}
	from := r.cfg.Journal.Scanned()
	latest, err := r.indexedThrough(ctx, from, st.SyncInfo.LatestBlockHeight)
	if err != nil {
		return nil, err
	}
	if latest > from {
		q := fmt.Sprintf("invoice.action='anchored' AND tx.height>%d AND tx.height<=%d", from, latest)
		if r.cfg.Issuer != "" {
			q += fmt.Sprintf(" AND invoice.issuer='%s'", r.cfg.Issuer)
		}
		for page := 1; ; page++ {
			p, per := page, 100
			res, err := r.cfg.Src.RPC.TxSearch(ctx, q, false, &p, &per, "asc")
			if err != nil {
				return nil, fmt.Errorf("tx_search %q on %s: %w", q, r.cfg.Src.Node, err)
			}
			for _, tx := range res.Txs {
				for _, ev := range tx.TxResult.Events {
					if ev.Type != "invoice" {
						continue
					}
					var action, issuer, hash string
					for _, a := range ev.Attributes {
						switch a.Key {
						case "action":
							action = a.Value
						case "issuer":
							issuer = a.Value
						case "hash":
							hash = strings.ToLower(a.Value)
						}
					}
					if action != "anchored" || len(hash) != 64 || (r.cfg.Issuer != "" && issuer != r.cfg.Issuer) {
						continue
					}
					if !r.cfg.Journal.IsFound(hash) {
						if err := r.cfg.Journal.Append(Entry{Op: OpFound, Hash: hash, Height: tx.Height}); err != nil {
							return nil, err
						}
					}
				}
			}
			if page*per >= res.TotalCount || len(res.Txs) == 0 {
				break
			}
		}
		if err := r.cfg.Journal.Append(Entry{Op: OpScan, Height: latest}); err != nil {
			return nil, err
		}
	}
	for _, h := range r.cfg.Journal.Found() {
		add(h)
	}
	return out, nil
}

// maxIndexLag is how many heights below the source's latest indexedThrough
// looks for one its block index holds before it gives up on this round.
const maxIndexLag = 20

// indexedThrough returns the highest height h in [from, latest] such that
// the source's transaction index holds every transaction of blocks 1..h.
//
// A node reports a block in /status as soon as it has stored it, before it
// executes and indexes it, so a search up to that height could miss the
// newest anchors, and journaling the height as scanned would then skip
// them for good. CometBFT's indexer works through blocks in order and, for
// each, writes the block index before the transaction index: if block h is
// in the block index, the transactions of every block below h are in the
// transaction index; block h's own follow once its last transaction is
// found.
func (r *Relayer) indexedThrough(ctx context.Context, from, latest int64) (int64, error) {
	for h := latest; h > from && h > latest-maxIndexLag; h-- {
		res, err := r.cfg.Src.RPC.BlockSearch(ctx, fmt.Sprintf("block.height = %d", h), nil, nil, "asc")
		if err != nil {
			return from, fmt.Errorf("block_search height %d on %s: %w", h, r.cfg.Src.Node, err)
		}
		if res.TotalCount == 0 {
			continue
		}
		// Block h's own transactions are written just after its block
		// index entry: count them in if its last one is found.
		b, err := r.cfg.Src.RPC.Block(ctx, &h)
		if err != nil {
			return from, fmt.Errorf("block %d on %s: %w", h, r.cfg.Src.Node, err)
		}
		if txs := b.Block.Txs; len(txs) == 0 {
			return h, nil
		} else if res, err := r.cfg.Src.RPC.Tx(ctx, txs[len(txs)-1].Hash(), false); err == nil && res.Height == h {
			return h, nil
		}
		return max(h-1, from), nil
	}
	if latest-from >= maxIndexLag {
		return from, fmt.Errorf("the block index of %s holds none of heights %d..%d: is its tx_index indexer \"kv\"?",
			r.cfg.Src.Node, latest-maxIndexLag+1, latest)
	}
	return from, nil // a young chain whose newest blocks are not indexed yet: next round
}
