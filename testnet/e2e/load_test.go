//go:build e2e

package e2e

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	rpchttp "github.com/cometbft/cometbft/rpc/client/http"
	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/internal/keyring"
	"github.com/corridor-trade/corridor/tx"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/membership"
)

// Load parameters: a steady, bounded stream.
const (
	loadRate     = 20              // transactions per second, across all traders
	loadMaxTxs   = 4000            // per scenario
	resendAfter  = 8 * time.Second // a trader re-sends an uncommitted transaction after this
	giveUpAfter  = 90 * time.Second
	rpcTimeout   = 3 * time.Second
	tradersPerOp = 8 // traders each operator admits for the load
)

// rpcClients holds one client per node address (see rpcClient).
var rpcClients sync.Map // address -> *client.Client

// rpcClient returns the suite's client for a node, with a request timeout
// so that a request to a node that was cut off fails instead of hanging.
// Clients are shared, so that their connections are reused: a new client
// per request leaves an idle connection behind each time, and a node's RPC
// server stops accepting at max_open_connections (900) until idle ones
// time out, which once stalled a node for seconds in the middle of the
// checks.
func rpcClient(addr string) *client.Client {
	if c, ok := rpcClients.Load(addr); ok {
		return c.(*client.Client)
	}
	c, err := rpchttp.NewWithTimeout(addr, "/websocket", uint(rpcTimeout/time.Second))
	if err != nil {
		panic(err) // only a malformed address, which the suite builds itself
	}
	shared, _ := rpcClients.LoadOrStore(addr, &client.Client{RPC: c, Node: addr})
	return shared.(*client.Client)
}

// Ack is one transaction a node accepted (CheckTx code 0).
type Ack struct {
	Hash   string // upper-case hex, as CometBFT prints it
	Raw    []byte
	Node   string
	At     time.Time
	Resent int
}

// Load sends signed anchors and records every acknowledged transaction.
type Load struct {
	chainID string
	targets []*client.Client
	keys    []*secp.PrivKey

	mu   sync.Mutex
	acks []*Ack

	tokens   chan struct{}
	sent     atomic.Int64
	rejected atomic.Int64
	resent   atomic.Int64
	tracker  *Tracker
}

// setupTraders has the operators of CN-SH, SG and HK each admit
// tradersPerOp new traders for the load, and returns their keys together
// with the three genesis traders.
func setupTraders(ctx context.Context, nodes []*Node) ([]*secp.PrivKey, error) {
	var keys []*secp.PrivKey
	for i, pfx := range []string{"sh", "sg", "hk"} {
		n := nodes[i] // shanghai, singapore and hongkong hold these keyrings
		kr, err := keyring.Open(keyring.BackendTest, filepath.Join(n.Home, "keyring"), nil)
		if err != nil {
			return nil, err
		}
		op, err := kr.Key(pfx + "-operator")
		if err != nil {
			return nil, err
		}
		trader, err := kr.Key(pfx + "-trader")
		if err != nil {
			return nil, err
		}
		keys = append(keys, trader)
		var msgs []kit.Msg
		for j := 0; j < tradersPerOp; j++ {
			k, err := secp.GenPrivKey()
			if err != nil {
				return nil, err
			}
			keys = append(keys, k)
			msgs = append(msgs, &membership.MsgAdmit{PubKey: k.PubKey(), Roles: []string{membership.RoleTrader}, Label: fmt.Sprintf("%s-load-%d", pfx, j)})
		}
		res, err := rpcClient(n.RPC).Submit(ctx, op, client.SubmitOptions{Wait: 30 * time.Second}, msgs...)
		if err != nil {
			return nil, fmt.Errorf("%s-operator admits load traders: %w", pfx, err)
		}
		if !res.OK() {
			return nil, fmt.Errorf("%s-operator admits load traders: %s %s", pfx, res.Error, res.Log)
		}
	}
	return keys, nil
}

// NewLoad prepares a load against targets (the nodes the traders talk to).
func NewLoad(chainID string, targets []*Node, keys []*secp.PrivKey, tr *Tracker) *Load {
	l := &Load{chainID: chainID, keys: keys, tokens: make(chan struct{}), tracker: tr}
	for _, n := range targets {
		l.targets = append(l.targets, rpcClient(n.RPC))
	}
	return l
}

// Run sends until stop is cancelled or loadMaxTxs were sent, then waits
// (bounded by hard) for each trader's last transaction. It returns when
// every trader is done.
func (l *Load) Run(stop, hard context.Context) {
	var wg sync.WaitGroup
	go func() { // the rate limiter
		tick := time.NewTicker(time.Second / loadRate)
		defer tick.Stop()
		for {
			select {
			case <-stop.Done():
				close(l.tokens)
				return
			case <-tick.C:
				select {
				case l.tokens <- struct{}{}:
				case <-stop.Done():
					close(l.tokens)
					return
				}
			}
		}
	}()
	for w, k := range l.keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l.trader(hard, w, k)
		}()
	}
	wg.Wait()
}

// Start runs the load in the background; the returned function stops it
// and waits for the traders.
func (l *Load) Start(hard context.Context) (stop func()) {
	ctx, cancel := context.WithCancel(hard)
	done := make(chan struct{})
	go func() { l.Run(ctx, hard); close(done) }()
	return func() { cancel(); <-done }
}

// Acks returns the acknowledged transactions so far.
func (l *Load) Acks() []*Ack {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]*Ack(nil), l.acks...)
}

// trader sends one anchor at a time: the next only after the previous one
// committed (or was given up on).
func (l *Load) trader(ctx context.Context, w int, key *secp.PrivKey) {
	node := w % len(l.targets)
	seq, ok := l.sequence(ctx, key)
	if !ok {
		return
	}
	for range l.tokens {
		if l.sent.Load() >= loadMaxTxs || ctx.Err() != nil {
			continue // drain the tokens until the limiter stops
		}
		raw, err := tx.Build(key, l.chainID, seq, "", randomAnchor())
		if err != nil {
			panic(err)
		}
		l.sent.Add(1)
		var ack *Ack
		for try := 0; try < len(l.targets) && ack == nil; try++ {
			c := l.targets[node]
			rctx, cancel := context.WithTimeout(ctx, rpcTimeout)
			res, err := c.BroadcastRaw(rctx, raw, 0)
			cancel()
			switch {
			case err != nil: // node unreachable: try the next one
				node = (node + 1) % len(l.targets)
			case res.Code == 0:
				ack = &Ack{Hash: res.Hash, Raw: raw, Node: c.Node, At: time.Now()}
			case res.Code == codes.TxBadSequence.Code:
				// This node is behind, or an earlier transaction of ours
				// committed after all: re-read, and move on to another node.
				l.rejected.Add(1)
				if s, ok := l.sequence(ctx, key); ok {
					seq = s
				}
				node = (node + 1) % len(l.targets)
				try = len(l.targets)
			default:
				l.rejected.Add(1)
				try = len(l.targets)
			}
		}
		if ack == nil {
			continue
		}
		l.mu.Lock()
		l.acks = append(l.acks, ack)
		l.mu.Unlock()
		seq++
		l.awaitCommit(ctx, ack, &node)
	}
}

// awaitCommit waits until the tracker saw the transaction in a block,
// re-sending the same bytes to the next node every resendAfter.
func (l *Load) awaitCommit(ctx context.Context, a *Ack, node *int) {
	start, last := time.Now(), time.Now()
	for ctx.Err() == nil && time.Since(start) < giveUpAfter {
		if l.tracker.Seen(a.Hash) {
			return
		}
		if time.Since(last) > resendAfter {
			last = time.Now()
			*node = (*node + 1) % len(l.targets)
			rctx, cancel := context.WithTimeout(ctx, rpcTimeout)
			_, _ = l.targets[*node].BroadcastRaw(rctx, a.Raw, 0) // "already in cache" is fine
			cancel()
			a.Resent++
			l.resent.Add(1)
		}
		select {
		case <-ctx.Done():
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// sequence asks every reachable node for the trader's committed next
// sequence and takes the highest, so that a node still catching up (whose
// state is behind) cannot make the trader reuse a sequence.
func (l *Load) sequence(ctx context.Context, key *secp.PrivKey) (uint64, bool) {
	for try := 0; try < 50 && ctx.Err() == nil; try++ {
		var best uint64
		ok := false
		for _, c := range l.targets {
			rctx, cancel := context.WithTimeout(ctx, rpcTimeout)
			_, seq, err := c.Sequence(rctx, key.PubKey())
			cancel()
			if err == nil {
				best, ok = max(best, seq), true
			}
		}
		if ok {
			return best, true
		}
		time.Sleep(200 * time.Millisecond)
	}
	return 0, false
}

func randHash() invoice.Hash {
	var h invoice.Hash
	if _, err := rand.Read(h[:]); err != nil {
		panic(err)
	}
	return h
}

// randomAnchor is an invoice anchor with a fresh document hash and
// fingerprint, and a buyer commitment (no member lookup).
func randomAnchor() *invoice.MsgAnchor {
	return &invoice.MsgAnchor{DocHash: randHash(), Profile: invoice.ProfileUBL, Fingerprint: randHash(),
		BuyerCommit: randHash(), IssueDate: "2026-11-02", Currency: "SGD", Total: "1000"}
}

// ---- Tracker ------------------------------------------------------------------

// Tracker follows the chain on whichever node answers and records the
// height of every transaction hash it sees in a block.
type Tracker struct {
	nodes []*client.Client
	mu    sync.Mutex
	seen  map[string]int64
	next  int64 // next height to read
	stop  chan struct{}
	done  chan struct{}
}

// NewTracker starts following the chain.
func NewTracker(nodes []*Node) *Tracker {
	t := &Tracker{seen: map[string]int64{}, next: 1, stop: make(chan struct{}), done: make(chan struct{})}
	for _, n := range nodes {
		t.nodes = append(t.nodes, rpcClient(n.RPC))
	}
	go t.loop()
	return t
}

// Close stops the tracker.
func (t *Tracker) Close() { close(t.stop); <-t.done }

// Seen reports whether hash was in a block.
func (t *Tracker) Seen(hash string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	_, ok := t.seen[hash]
	return ok
}

func (t *Tracker) loop() {
	defer close(t.done)
	i := 0
	for {
		select {
		case <-t.stop:
			return
		case <-time.After(150 * time.Millisecond):
		}
		c := t.nodes[i%len(t.nodes)]
		if err := t.catchUp(c); err != nil {
			i++
		}
	}
}

func (t *Tracker) catchUp(c *client.Client) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	st, err := c.RPC.Status(ctx)
	if err != nil {
		return err
	}
	for h := t.next; h <= st.SyncInfo.LatestBlockHeight; h++ {
		b, err := c.RPC.Block(ctx, &h)
		if err != nil {
			return err
		}
		t.mu.Lock()
		for _, raw := range b.Block.Txs {
			t.seen[strings.ToUpper(hex.EncodeToString(raw.Hash()))] = h
		}
		t.next = h + 1
		t.mu.Unlock()
	}
	return nil
}
