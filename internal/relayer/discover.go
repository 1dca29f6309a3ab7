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
	latest, from := st.SyncInfo.LatestBlockHeight, r.cfg.Journal.Scanned()
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
