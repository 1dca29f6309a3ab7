package bench

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"sync"
	"time"

	rpchttp "github.com/cometbft/cometbft/rpc/client/http"
)

// Workload is a set of pre-built transactions and the node each one is
// sent to. Building (and signing) happens before the timed window.
type Workload struct {
	Txs  [][]byte
	Node []int // index into Net.RPC, per transaction
	// Docs is the number of documents each transaction anchors (1 for a
	// single anchor, the batch size for a batch, 0 for kvstore).
	Docs int
	// Account, when not nil, names the signer account of each transaction,
	// so that sequences can be resynchronised after a step.
	Account []int
}

// NodeStat is one node's resource use during a step.
type NodeStat struct {
	CPUSeconds float64 `json:"cpu_s"`
	PeakRSSMiB float64 `json:"peak_rss_mib"`
	EndRSSMiB  float64 `json:"end_rss_mib"`
}

// Step is the result of one load step at one offered rate.
type Step struct {
	System      string  `json:"system"`
	Kind        string  `json:"kind"`
	OfferedRate float64 `json:"offered_tx_per_s"`
	DurationS   float64 `json:"duration_s"`
	Sent        int     `json:"sent"`
	SendRate    float64 `json:"achieved_send_tx_per_s"`
	Rejected    int     `json:"rejected"` // refused by the RPC (e.g. mempool full)
	Committed   int     `json:"committed"`
	Failed      int     `json:"failed_in_block"` // included with a non-zero code
	Lost        int     `json:"uncommitted"`     // accepted but not committed before the drain deadline
	// Withheld counts transactions the client did not send because an
	// earlier sequence of the same account was refused: they could not
	// fit (the client's retry rule, docs/transactions.md).
	Withheld    int        `json:"withheld"`
	TxPerSec    float64    `json:"committed_tx_per_s"`
	DocsPerSec  float64    `json:"docs_per_s,omitempty"`
	P50Ms       float64    `json:"p50_ms"`
	P90Ms       float64    `json:"p90_ms"`
	P99Ms       float64    `json:"p99_ms"`
	Blocks      int        `json:"blocks"`
	Nodes       []NodeStat `json:"nodes"`
	ClientCPU   float64    `json:"client_cpu_s"`
	FirstReject string     `json:"first_reject,omitempty"`
	// MerkleMsPerBatch is the client-side time to build one batch root.
	MerkleMsPerBatch float64 `json:"client_merkle_ms_per_batch,omitempty"`
	// Unsettled lists the accounts with a transaction that was not
	// committed successfully: their sequences must be re-read.
	Unsettled map[int]bool `json:"-"`
}

// StepOptions configure RunStep.
type StepOptions struct {
	System, Kind string
	Rate         float64       // offered transactions per second
	Duration     time.Duration // sending window
	Drain        time.Duration // how long to wait for commits after sending
	CheckCodes   bool          // fetch block results to tell failed transactions apart
	Workers      int           // concurrent broadcasts per node
}

// tx states, per transaction index.
const (
	stNone = iota
	stSent
	stRejected
	stCommitted
	stFailed
	stWithheld
)

type tracker struct {
	mu       sync.Mutex
	state    []uint8
	sentAt   []time.Time
	doneAt   []time.Time
	pending  int // sent and not yet resolved
	dispatch bool
	changed  chan struct{}
	reject   string
	lastDone time.Time
	// refused marks the accounts with a refused transaction in this step
	// (nil for unsigned loads, whose transactions are independent).
	refused map[int]bool
}

func (t *tracker) notify() {
	select {
	case t.changed <- struct{}{}:
	default:
	}
}

// RunStep sends w.Txs[:rate*duration] open-loop at the offered rate, round
// robin per w.Node, and follows committed blocks on node 0 until every
// accepted transaction is committed or the drain deadline passes.
func RunStep(ctx context.Context, net *Net, w *Workload, o StepOptions) (*Step, error) {
	n := int(o.Rate * o.Duration.Seconds())
	if n > len(w.Txs) {
		return nil, fmt.Errorf("workload has %d transactions, step needs %d", len(w.Txs), n)
	}
	if o.Workers == 0 {
		o.Workers = 16
	}
	index := make(map[[32]byte]int, n)
	for i := 0; i < n; i++ {
		index[sha256.Sum256(w.Txs[i])] = i
	}
	poll, err := rpchttp.New(net.RPC[0], "/websocket")
	if err != nil {
		return nil, err
	}
	st, err := poll.Status(ctx)
	if err != nil {
		return nil, err
	}
	startHeight := st.SyncInfo.LatestBlockHeight
	cpu0 := make([]float64, len(net.Procs))
	for i, p := range net.Procs {
		ResetPeak(p.Pid())
		cpu0[i], _ = CPUSeconds(p.Pid())
	}
	self0, _ := CPUSeconds(0)

	tr := &tracker{state: make([]uint8, n), sentAt: make([]time.Time, n), doneAt: make([]time.Time, n), changed: make(chan struct{}, 1), dispatch: true}
	acct := func(int) int { return -1 }
	if w.Account != nil {
		tr.refused = map[int]bool{}
		acct = func(i int) int { return w.Account[i] }
	}
	pctx, cancelPoll := context.WithCancel(ctx)
	defer cancelPoll()
	blocks := 0
	pollErr := make(chan error, 1)
	go func() { pollErr <- follow(pctx, poll, startHeight+1, index, tr, o.CheckCodes, &blocks) }()

	// Senders: a fixed pool per node, fed by the open-loop dispatcher.
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: o.Workers, MaxConnsPerHost: o.Workers, IdleConnTimeout: time.Minute}, Timeout: 30 * time.Second}
	queues := make([]chan int, len(net.RPC))
	var wg sync.WaitGroup
	for ni := range net.RPC {
		queues[ni] = make(chan int, n)
		for k := 0; k < o.Workers; k++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range queues[ni] {
					send(ctx, hc, net.RPC[ni], w.Txs[i], i, acct(i), tr)
				}
			}()
		}
	}
	t0 := time.Now()
	for i := 0; i < n; i++ {
		due := t0.Add(time.Duration(float64(i) / o.Rate * float64(time.Second)))
		if d := time.Until(due); d > time.Millisecond {
			select {
			case <-ctx.Done():
			case <-time.After(d):
			}
		}
		if ctx.Err() != nil {
			break
		}
		queues[w.Node[i]] <- i
	}
	for _, q := range queues {
		close(q)
	}
	wg.Wait()
	sendEnd := time.Now()
	tr.mu.Lock()
	tr.dispatch = false
	tr.mu.Unlock()
	tr.notify()

	// Drain: wait until nothing is pending or the deadline passes.
	deadline := time.After(o.Drain)
wait:
	for {
		tr.mu.Lock()
		pending := tr.pending
		tr.mu.Unlock()
		if pending == 0 {
			break
		}
		select {
		case <-tr.changed:
		case <-deadline:
			break wait
		case err := <-pollErr:
			return nil, fmt.Errorf("following blocks: %w", err)
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	cancelPoll()

	res := &Step{System: o.System, Kind: o.Kind, OfferedRate: o.Rate, DurationS: o.Duration.Seconds()}
	tr.mu.Lock()
	defer tr.mu.Unlock()
	var lat []time.Duration
	res.Unsettled = map[int]bool{}
	for i := 0; i < n; i++ {
		if w.Account != nil && tr.state[i] != stCommitted && tr.state[i] != stNone {
			res.Unsettled[w.Account[i]] = true
		}
		switch tr.state[i] {
		case stNone:
			continue
		case stRejected:
			res.Rejected++
		case stSent:
			res.Lost++
		case stCommitted:
			res.Committed++
			lat = append(lat, tr.doneAt[i].Sub(tr.sentAt[i]))
		case stFailed:
			res.Failed++
		case stWithheld:
			res.Withheld++
			continue
		}
		res.Sent++
	}
	res.SendRate = float64(res.Sent) / sendEnd.Sub(t0).Seconds()
	if res.Committed > 0 {
		res.TxPerSec = float64(res.Committed) / tr.lastDone.Sub(t0).Seconds()
		res.DocsPerSec = res.TxPerSec * float64(w.Docs)
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	res.P50Ms, res.P90Ms, res.P99Ms = pct(lat, 0.50), pct(lat, 0.90), pct(lat, 0.99)
	res.Blocks = blocks
	res.FirstReject = tr.reject
	for i, p := range net.Procs {
		c, _ := CPUSeconds(p.Pid())
		rss, peak, _ := Memory(p.Pid())
		res.Nodes = append(res.Nodes, NodeStat{CPUSeconds: c - cpu0[i], PeakRSSMiB: mib(peak), EndRSSMiB: mib(rss)})
	}
	self1, _ := CPUSeconds(0)
	res.ClientCPU = self1 - self0
	return res, nil
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }

func pct(sorted []time.Duration, q float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(q * float64(len(sorted)-1))
	return float64(sorted[i].Microseconds()) / 1000
}

// send broadcasts one transaction with broadcast_tx_async. For a signed
// load (account >= 0) it follows the client's retry rule: once one of an
// account's transactions was refused, its later sequences cannot fit, so
// they are withheld instead of sent (a real client re-reads the sequence
// and signs again; the harness does that between steps).
func send(ctx context.Context, hc *http.Client, rpc string, raw []byte, i, account int, tr *tracker) {
	url := rpc + "/broadcast_tx_async?tx=0x" + hex.EncodeToString(raw)
	tr.mu.Lock()
	if account >= 0 && tr.refused[account] && tr.state[i] == stNone {
		tr.state[i] = stWithheld
		tr.mu.Unlock()
		return
	}
	tr.sentAt[i] = time.Now()
	if tr.state[i] == stNone {
		tr.state[i] = stSent
		tr.pending++
	}
	tr.mu.Unlock()
	msg := ""
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err == nil {
		var resp *http.Response
		resp, err = hc.Do(req)
		if err == nil {
			var body struct {
				Error *struct {
					Message string `json:"message"`
					Data    string `json:"data"`
				} `json:"error"`
			}
			b, rerr := io.ReadAll(resp.Body)
			resp.Body.Close()
			if rerr != nil {
				err = rerr
			} else if jerr := json.Unmarshal(b, &body); jerr != nil {
				err = jerr
			} else if body.Error != nil {
				msg = body.Error.Message + ": " + body.Error.Data
			}
		}
	}
	if err != nil {
		msg = err.Error()
	}
	if msg == "" {
		return
	}
	tr.mu.Lock()
	// A transaction can be committed before its broadcast call returns.
	if tr.state[i] == stSent {
		tr.state[i] = stRejected
		tr.pending--
		if account >= 0 {
			tr.refused[account] = true
		}
		if tr.reject == "" {
			tr.reject = msg
		}
	}
	tr.mu.Unlock()
	tr.notify()
}

// follow reads blocks from height from onwards and resolves the tracked
// transactions they contain, until ctx ends.
func follow(ctx context.Context, c *rpchttp.HTTP, from int64, index map[[32]byte]int, tr *tracker, codes bool, blocks *int) error {
	h := from
	for ctx.Err() == nil {
		b, err := c.Block(ctx, &h)
		if err != nil {
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(20 * time.Millisecond):
			}
			continue
		}
		seen := time.Now()
		var txCodes []uint32
		if codes && len(b.Block.Txs) > 0 {
			for ctx.Err() == nil {
				r, err := c.BlockResults(ctx, &h)
				if err == nil {
					for _, x := range r.TxsResults {
						txCodes = append(txCodes, x.Code)
					}
					break
				}
				time.Sleep(10 * time.Millisecond)
			}
		}
		tr.mu.Lock()
		*blocks++
		for k, raw := range b.Block.Txs {
			i, ok := index[sha256.Sum256(raw)]
			if !ok || tr.state[i] == stCommitted || tr.state[i] == stFailed {
				continue
			}
			if tr.state[i] == stSent {
				tr.pending--
			}
			if tr.state[i] == stNone {
				// Committed before the sender recorded it: count it sent now.
				tr.sentAt[i] = seen
			}
			tr.state[i] = stCommitted
			if k < len(txCodes) && txCodes[k] != 0 {
				tr.state[i] = stFailed
			}
			tr.doneAt[i] = seen
			tr.lastDone = seen
		}
		tr.mu.Unlock()
		tr.notify()
		h++
	}
	return nil
}

// WaitIdle waits until every node's mempool is empty, up to timeout.
func WaitIdle(ctx context.Context, net *Net, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for _, addr := range net.RPC {
		c, err := rpchttp.New(addr, "/websocket")
		if err != nil {
			return err
		}
		for {
			r, err := c.NumUnconfirmedTxs(ctx)
			if err == nil && r.Total == 0 {
				break
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("mempool of %s not empty after %s", addr, timeout)
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
	return nil
}
