package relayer

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"testing"
	"time"

	rpcclient "github.com/cometbft/cometbft/rpc/client"
	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/internal/localnet"
	"github.com/corridor-trade/corridor/x/docking"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/paths"
	"github.com/corridor-trade/corridor/x/title"
)

// stateAt returns the record's state on c in the state after block h
// ("" when the record does not exist there).
func stateAt(t *testing.T, c *client.Client, id kit.Hash, h int64) string {
	t.Helper()
	res, err := c.RPC.ABCIQueryWithOptions(context.Background(), paths.Title(id.String(), ""), nil, rpcclient.ABCIQueryOptions{Height: h})
	if err != nil {
		t.Fatal(err)
	}
	if res.Response.Code == codes.QueryNotFound.Code || res.Response.Code == codes.TitleNotFound.Code {
		return ""
	}
	if res.Response.Code != 0 {
		t.Fatalf("title query at %d: %s", h, res.Response.Log)
	}
	var v title.View
	if err := json.Unmarshal(res.Response.Value, &v); err != nil {
		t.Fatal(err)
	}
	return v.State
}

func blockTime(t *testing.T, c *client.Client, h int64) time.Time {
	t.Helper()
	res, err := c.RPC.Commit(context.Background(), &h)
	if err != nil {
		t.Fatal(err)
	}
	return res.SignedHeader.Time
}

func liveState(s string) bool {
	switch s {
	case "", title.StateAway, title.StateReturned, title.StateSpent, title.StatePaper:
		return false
	}
	return true
}

// span is a run of time during which the record was live on one chain:
// from the time of the block after which it was live to the time of the
// block that ended it (zero: still live at the last height observed).
type span struct {
	chain      string
	from, to   time.Time
	fromHeight int64
}

// liveSpans reads the record's state after every block of c from
// `from` to its latest height and returns when it was live there.
func liveSpans(t *testing.T, c *client.Client, chain string, id kit.Hash, from int64) []span {
	t.Helper()
	st, err := c.RPC.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var out []span
	var cur *span
	for h := from; h <= st.SyncInfo.LatestBlockHeight; h++ {
		l := liveState(stateAt(t, c, id, h))
		switch {
		case l && cur == nil:
			cur = &span{chain: chain, from: blockTime(t, c, h), fromHeight: h}
		case !l && cur != nil:
			cur.to = blockTime(t, c, h)
			out = append(out, *cur)
			cur = nil
		}
	}
	if cur != nil {
		out = append(out, *cur)
	}
	return out
}

// ensureClient registers src on dst (as jurisdiction j) unless dst already
// has a client of it.
func ensureClient(t *testing.T, src *client.Client, dst *localnet.Network, j string) {
	t.Helper()
	chain, err := src.ChainID(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var ans docking.ClientAnswer
	err = dst.Client(0).Query(context.Background(), paths.DockingClient(chain), &ans)
	if errors.Is(err, codes.QueryNotFound) || errors.Is(err, codes.DockingClientNotFound) {
		trust(t, src, dst, j)
		return
	}
	if err != nil {
		t.Fatal(err)
	}
}

// titleAwayAndBack moves an eBL from the single window (sw-cn-1) to
// corridor-1 and back with the relayer, and checks, at every height of
// both chains from its issue to its return, that the record was never
// live on both at once. A record sent to a non-member bounces home; one
// whose lock times out on corridor-1 is skipped by the relayer and
// cancelled on sw-cn-1.
func titleAwayAndBack(t *testing.T, sw, co *localnet.Network) {
	ctx := context.Background()
	swc, coc := sw.Client(0), co.Client(0)
	ensureClient(t, swc, co, "SG")
	ensureClient(t, coc, sw, "CN-SH")
	swStart, err := swc.RPC.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	coStart, err := coc.RPC.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	addr := func(n *localnet.Network, name string) [20]byte { return n.Keys[name].PubKey().Address() }

	doc := kit.Hash(sha256.Sum256([]byte("eBL SW-2026-0001")))
	submit(t, swc, sw.Keys["sh-trader"], &title.MsgIssue{Kind: title.KindEBL, DocHash: doc, Owner: addr(sw, "sg-trader"), Holder: addr(sw, "sg-trader")})
	id := title.RecordID(addr(sw, "sh-trader"), doc)
	submit(t, swc, sw.Keys["sg-trader"], &title.MsgSendAway{ID: id, ChainID: "corridor-1", Recipient: addr(co, "hk-trader")})

	there, err := New(ctx, Config{Src: swc, Dst: coc, Key: co.Keys["sg-customs"], Titles: true, Log: testLog{t}})
	if err != nil {
		t.Fatal(err)
	}
	if st, err := there.Round(ctx); err != nil || st.Titles != 1 {
		t.Fatalf("round sw-cn-1 → corridor-1: %+v %v", st, err)
	}
	if st, err := there.Round(ctx); err != nil || st.Titles != 0 {
		t.Fatalf("second round sw-cn-1 → corridor-1 carried again: %+v %v", st, err)
	}
	var v title.View
	if err := coc.Query(ctx, paths.Title(id.String(), ""), &v); err != nil {
		t.Fatal(err)
	}
	if v.State != title.StateActive || !v.IsMirror() || v.Holder != addr(co, "hk-trader") || v.Move.Chain != "sw-cn-1" {
		t.Fatalf("mirror on corridor-1: %+v %+v", v.Record, v.Move)
	}
	// On corridor-1 the Hong Kong buyer endorses it to its bank, which
	// sends it home to a Shanghai bank.
	submit(t, coc, co.Keys["hk-trader"], &title.MsgEndorse{ID: id, NewOwner: addr(co, "hk-bank"), NewHolder: addr(co, "hk-bank")})
	submit(t, coc, co.Keys["hk-bank"], &title.MsgSendHome{ID: id, Recipient: addr(sw, "sh-bank")})

	back, err := New(ctx, Config{Src: coc, Dst: swc, Key: sw.Keys["sg-customs"], Titles: true, Log: testLog{t}})
	if err != nil {
		t.Fatal(err)
	}
	if st, err := back.Round(ctx); err != nil || st.Titles != 1 {
		t.Fatalf("round corridor-1 → sw-cn-1: %+v %v", st, err)
	}
	if err := swc.Query(ctx, paths.Title(id.String(), ""), &v); err != nil {
		t.Fatal(err)
	}
	if v.State != title.StateActive || v.Holder != addr(sw, "sh-bank") || v.Owner != v.Holder || v.Move.Seq != 1 {
		t.Fatalf("home on sw-cn-1: %+v %+v", v.Record, v.Move)
	}
	// The relayer going the first way again finds nothing to carry.
	if st, err := there.Round(ctx); err != nil || st.Titles != 0 {
		t.Fatalf("round after the return: %+v %v", st, err)
	}

	// Every height of both chains: live spans never overlap in time, and
	// the record was live on sw-cn-1, then corridor-1, then sw-cn-1.
	spans := append(liveSpans(t, swc, "sw-cn-1", id, swStart.SyncInfo.LatestBlockHeight),
		liveSpans(t, coc, "corridor-1", id, coStart.SyncInfo.LatestBlockHeight)...)
	if len(spans) != 3 {
		t.Fatalf("live spans %+v, want 3 (home, away, home)", spans)
	}
	for i, a := range spans {
		for _, b := range spans[i+1:] {
			if a.chain == b.chain {
				continue
			}
			aEnd, bEnd := a.to, b.to
			if (aEnd.IsZero() || b.from.Before(aEnd)) && (bEnd.IsZero() || a.from.Before(bEnd)) {
				t.Errorf("live on %s from height %d (%s to %s) and on %s from height %d (%s to %s) at once",
					a.chain, a.fromHeight, a.from, a.to, b.chain, b.fromHeight, b.from, b.to)
			}
		}
	}
	// A record sent to someone who is not a member of corridor-1 bounces
	// there and the relayers bring it back to its sender.
	doc2 := kit.Hash(sha256.Sum256([]byte("eBL SW-2026-0002")))
	submit(t, swc, sw.Keys["sh-trader"], &title.MsgIssue{Kind: title.KindEBL, DocHash: doc2, Owner: addr(sw, "sg-trader"), Holder: addr(sw, "sg-trader")})
	id2 := title.RecordID(addr(sw, "sh-trader"), doc2)
	submit(t, swc, sw.Keys["sg-trader"], &title.MsgSendAway{ID: id2, ChainID: "corridor-1", Recipient: [20]byte{9}})
	if st, err := there.Round(ctx); err != nil || st.Titles != 1 {
		t.Fatalf("round carrying the bouncing lock: %+v %v", st, err)
	}
	if st, err := back.Round(ctx); err != nil || st.Titles != 1 {
		t.Fatalf("round carrying the bounce home: %+v %v", st, err)
	}
	if err := swc.Query(ctx, paths.Title(id2.String(), ""), &v); err != nil || v.State != title.StateActive || v.Holder != addr(sw, "sg-trader") {
		t.Fatalf("bounced record at home: %+v %v", v.Record, err)
	}

	// A lock with a timeout that corridor-1 reaches before the relayer
	// runs: the relayer skips it (its round does not fail), and the
	// origin cancels the send-away from corridor-1's proof that it holds
	// no receipt of the lock.
	doc3 := kit.Hash(sha256.Sum256([]byte("eBL SW-2026-0003")))
	submit(t, swc, sw.Keys["sh-trader"], &title.MsgIssue{Kind: title.KindEBL, DocHash: doc3, Owner: addr(sw, "sg-trader"), Holder: addr(sw, "sg-trader")})
	id3 := title.RecordID(addr(sw, "sh-trader"), doc3)
	st, err := coc.RPC.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	timeout := st.SyncInfo.LatestBlockHeight + 2
	submit(t, swc, sw.Keys["sg-trader"], &title.MsgSendAway{ID: id3, ChainID: "corridor-1", Recipient: addr(co, "hk-trader"), TimeoutHeight: timeout})
	co.WaitForHeight(timeout, time.Minute)
	if st, err := there.Round(ctx); err != nil || st.Titles != 0 {
		t.Fatalf("round with a timed-out lock: %+v %v", st, err)
	}
	msgs, err := CancelAwayMsgs(ctx, coc, swc, id3, 1, timeout, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	submit(t, swc, sw.Keys["sg-customs"], msgs...)
	if err := swc.Query(ctx, paths.Title(id3.String(), ""), &v); err != nil || v.State != title.StateActive || v.Holder != addr(sw, "sg-trader") {
		t.Fatalf("cancelled record at home: %+v %v", v.Record, err)
	}
	if err := coc.Query(ctx, paths.Title(id3.String(), ""), &v); !errors.Is(err, codes.TitleNotFound) && !errors.Is(err, codes.QueryNotFound) {
		t.Fatalf("corridor-1 holds the cancelled record: %+v %v", v.Record, err)
	}
	if st, err := there.Round(ctx); err != nil || st.Titles != 0 {
		t.Fatalf("round after the cancel: %+v %v", st, err)
	}

	for _, s := range spans {
		t.Logf("live on %s from height %d: %s to %s", s.chain, s.fromHeight, s.from.Format(time.RFC3339Nano), s.to.Format(time.RFC3339Nano))
	}
}
