package relayer

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/docking"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/paths"
)

// Config configures a relayer.
type Config struct {
	Src, Dst *client.Client
	// Key signs on the destination; it must be an active member there.
	Key *secp.PrivKey
	// Hashes are document hashes to carry.
	Hashes [][32]byte
	// Issuer, when set, carries every anchor of that issuer (a source
	// address) found by tx_search; All carries every anchor.
	Issuer string
	All    bool
	// Titles also carries the moves of transferable records from Src to
	// Dst (title.go): locks sent to Dst, and mirrors sent home to it.
	Titles bool
	// Journal records progress; nil means an in-memory journal.
	Journal *Journal
	// Interval is the pause between rounds of Run (default 2 s).
	Interval time.Duration
	// CommitWait bounds the wait for each transaction's commit (default 30 s).
	CommitWait time.Duration
	// Log receives one line per action (nil: discarded).
	Log io.Writer
}

// Stats counts what a round did.
type Stats struct {
	Found   int // anchors the round looked at
	Docked  int // dock transactions that landed
	Held    int // anchors the destination already held
	Updates int // client updates that landed
	Waiting int // anchors not (yet) provable on the source
	Titles  int // title moves (receive, unlock) that landed
}

// Relayer carries anchors from Src to Dst.
type Relayer struct {
	cfg                Config
	srcChain, dstChain string
	// out sends the relayer's transactions on the destination, journaled
	// in cfg.Journal.Sends().
	out *client.Outbox
	// crash, when set by tests, is asked at each point of a send (with the
	// send's label) whether to stop dead, as a killed process would.
	crash func(p client.Point, label string) bool
}

// Labels of the relayer's sends.
const (
	labelDock   = "dock/"   // + the document hash (lower-case hex)
	labelUpdate = "update/" // + the header height
)

// errCrash is returned when the test hook stops the relayer.
var errCrash = errors.New("relayer stopped by crash hook")

// New checks both nodes and the destination's client of the source.
func New(ctx context.Context, cfg Config) (*Relayer, error) {
	if cfg.Src == nil || cfg.Dst == nil || cfg.Key == nil {
		return nil, errors.New("relayer needs a source, a destination and a signing key")
	}
	if cfg.Journal == nil {
		cfg.Journal, _ = OpenJournal("")
	}
	if cfg.Interval <= 0 {
		cfg.Interval = 2 * time.Second
	}
	if cfg.CommitWait <= 0 {
		cfg.CommitWait = 30 * time.Second
	}
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	if cfg.Issuer != "" {
		if _, err := secp.ParseAddress(cfg.Issuer); err != nil {
			return nil, fmt.Errorf("issuer %q: %v", cfg.Issuer, err)
		}
	}
	r := &Relayer{cfg: cfg}
	r.out = client.NewOutbox(cfg.Dst, cfg.Key, cfg.Journal.Sends(), client.OutboxOptions{
		Wait: cfg.CommitWait, Effect: r.effect, Log: cfg.Log,
		Hook: func(p client.Point, in client.Intent) error {
			if r.crash != nil && r.crash(p, in.Label) {
				return errCrash
			}
			return nil
		}})
	var err error
	if r.srcChain, err = cfg.Src.ChainID(ctx); err != nil {
		return nil, err
	}
	if r.dstChain, err = cfg.Dst.ChainID(ctx); err != nil {
		return nil, err
	}
	if r.srcChain == r.dstChain {
		return nil, fmt.Errorf("source and destination are the same chain %s", r.srcChain)
	}
	cl, err := r.client(ctx)
	if err != nil {
		return nil, err
	}
	if cl.Type != docking.TypeCometBFT {
		return nil, fmt.Errorf("the client of %s on %s is a %s client; a relayer feeds cometbft clients", r.srcChain, r.dstChain, cl.Type)
	}
	return r, nil
}

func (r *Relayer) logf(format string, args ...any) {
	fmt.Fprintf(r.cfg.Log, "relay %s→%s: %s\n", r.srcChain, r.dstChain, fmt.Sprintf(format, args...))
}

func (r *Relayer) client(ctx context.Context) (docking.ClientView, error) {
	var ans docking.ClientAnswer
	if err := r.cfg.Dst.Query(ctx, paths.DockingClient(r.srcChain), &ans); err != nil {
		if errors.Is(err, codes.QueryNotFound) {
			return ans.Client, fmt.Errorf("%s has no client of %s: an operator registers it first (corridord tx docking register-cometbft)", r.dstChain, r.srcChain)
		}
		return ans.Client, err
	}
	return ans.Client, nil
}

// Run runs rounds until ctx ends, pausing Interval between them, and then
// returns nil. A round's error is logged and the next round retries.
func (r *Relayer) Run(ctx context.Context) error {
	for {
		st, err := r.Round(ctx)
		if errors.Is(err, errCrash) {
			return err
		}
		if ctx.Err() != nil {
			return nil // stopped: the journal lets the next run resume
		}
		if err != nil {
			r.logf("round failed: %v", err)
		} else if st.Docked+st.Updates+st.Titles > 0 {
			r.logf("round: %d anchors, %d docked, %d already held, %d updates, %d waiting, %d title moves", st.Found, st.Docked, st.Held, st.Updates, st.Waiting, st.Titles)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(r.cfg.Interval):
		}
	}
}

// Round does one pass: settle the transactions a previous round or run
// left open, discover, skip what the destination holds, update the client
// if needed, prove and dock.
func (r *Relayer) Round(ctx context.Context) (Stats, error) {
	var st Stats
	settled, err := r.out.Settle(ctx)
	if err != nil {
		return st, err
	}
	landed := map[string]bool{}
	for _, out := range settled {
		h, ok := strings.CutPrefix(out.Label, labelDock)
		if !ok {
			continue
		}
		switch ok, err := r.docked(h, &out); {
		case errors.Is(err, errJournal):
			return st, err
		case err != nil:
			r.logf("%v", err) // the anchor is tried again below
		case ok:
			landed[h] = true
		}
	}
	hashes, err := r.discover(ctx)
	if err != nil {
		return st, err
	}
	st.Found = len(hashes)
	var todo []string
	for _, h := range hashes {
		if landed[h] {
			st.Docked++
			continue
		}
		if r.cfg.Journal.Done(h) {
			st.Held++
			continue
		}
		held, err := r.held(ctx, h)
		if err != nil {
			return st, err
		}
		if held {
			st.Held++
			continue
		}
		todo = append(todo, h)
	}
	cl, err := r.client(ctx)
	if err != nil {
		return st, err
	}
	if cl.Status != docking.StatusActive {
		return st, fmt.Errorf("the client of %s on %s is %s: an operator must act (docs/cross-chain.md)", r.srcChain, r.dstChain, cl.Status)
	}
	height := cl.LatestHeight
	stale := cl.ExpiresAt != nil && cl.LatestTime != nil && time.Now().After(cl.LatestTime.Add(cl.ExpiresAt.Sub(*cl.LatestTime)/3))
	// Update when an anchor the source holds now is not yet under the
	// client's latest header; anchors the source does not hold (yet) wait
	// without costing an update each round.
	need := stale
	for _, h := range todo {
		if need {
			break
		}
		if v, _, err := ProveAt(ctx, r.cfg.Src, anchorKey(h), height-1); err == nil && v != nil {
			continue
		}
		res, err := r.cfg.Src.RPC.ABCIQuery(ctx, paths.Store(), anchorKey(h))
		if err != nil {
			return st, err
		}
		need = res.Response.Code == 0 && res.Response.Value != nil
	}
	if need {
		if height, err = r.update(ctx, cl.LatestHeight); err != nil {
			return st, err
		}
		st.Updates++
	}
	var failed []string
	for _, h := range todo {
		landed, err := r.dock(ctx, h, height)
		switch {
		case errors.Is(err, errCrash):
			return st, err
		case err != nil:
			failed = append(failed, fmt.Sprintf("%s: %v", h, err))
		case landed:
			st.Docked++
		default:
			st.Waiting++
		}
	}
	if r.cfg.Titles {
		if err := r.carryTitles(ctx, &st, height); err != nil {
			if errors.Is(err, errCrash) {
				return st, err
			}
			failed = append(failed, "title moves: "+err.Error())
		}
	}
	if len(failed) > 0 {
		return st, fmt.Errorf("%d anchors failed: %s", len(failed), strings.Join(failed, "; "))
	}
	return st, nil
}

func anchorKey(hexHash string) []byte {
	var h invoice.Hash
	b, _ := hex.DecodeString(hexHash)
	copy(h[:], b)
	return invoice.InvoiceKey(h)
}

// held reports whether the destination holds the anchor from the source;
// if so it is journaled as done.
func (r *Relayer) held(ctx context.Context, h string) (bool, error) {
	var a struct {
		Docked kit.Stamp `json:"docked"`
	}
	err := r.cfg.Dst.Query(ctx, paths.DockingAnchor(r.srcChain, h), &a)
	if errors.Is(err, codes.QueryNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return true, r.cfg.Journal.Append(Entry{Op: OpDone, Hash: h, Height: a.Docked.Height})
}

// update moves the destination's client to the source's latest header,
// verified from the client's header trusted.
func (r *Relayer) update(ctx context.Context, trusted int64) (int64, error) {
	st, err := r.cfg.Src.RPC.Status(ctx)
	if err != nil {
		return 0, err
	}
	// Header L commits to the state after block L-1, so a transaction of
	// the latest block L is provable only under header L+1: wait for it.
	target := st.SyncInfo.LatestBlockHeight + 1
	if target <= trusted {
		target = trusted + 1
	}
	if err := r.cfg.Src.WaitForHeight(ctx, target, r.cfg.CommitWait); err != nil {
		return 0, err
	}
	msg, err := UpdateMsg(ctx, r.cfg.Src, r.srcChain, target, trusted)
	if err != nil {
		return 0, err
	}
	out, err := r.out.Send(ctx, client.Request{Label: fmt.Sprintf("%s%d", labelUpdate, target), Msgs: []kit.Msg{msg}})
	if err != nil {
		return 0, err
	}
	if !out.OK() && out.Code != codes.DockingHeaderExists.Code {
		return 0, fmt.Errorf("update of the client to %d: %s: %s", target, out.Status, out.Result().Error+" "+out.Log)
	}
	r.logf("client updated to height %d (tx %s)", target, out.Hash)
	return target, nil
}

// dock proves the anchor h at the state committed by header height and
// submits it. It reports false without error when the source does not
// hold the anchor at that state (not yet anchored, or not an invoice).
func (r *Relayer) dock(ctx context.Context, h string, height int64) (bool, error) {
	key := anchorKey(h)
	value, proof, err := ProveAt(ctx, r.cfg.Src, key, height-1)
	if err != nil {
		return false, err
	}
	if value == nil {
		r.logf("%s is not anchored on %s at height %d; will retry", h, r.srcChain, height-1)
		return false, nil
	}
	msg := &docking.MsgDock{ChainID: r.srcChain, Height: height, Key: key, Value: value, Proof: proof}
	copy(msg.DocHash[:], key[len(key)-32:])
	out, err := r.out.Send(ctx, client.Request{Label: labelDock + h, Msgs: []kit.Msg{msg}})
	if err != nil {
		return false, err
	}
	return r.docked(h, out)
}

// errJournal marks a failure to write the relayer's journal.
var errJournal = errors.New("journal")

// docked acts on the outcome of a dock transaction: committed, or refused
// because the destination already holds the anchor, the anchor is done
// (reported true only when this transaction docked it); any other outcome
// is an error, and the anchor is tried again next round.
func (r *Relayer) docked(h string, out *client.Outcome) (bool, error) {
	done := func() error {
		if err := r.cfg.Journal.Append(Entry{Op: OpDone, Hash: h, Height: out.Height}); err != nil {
			return fmt.Errorf("%w: %v", errJournal, err)
		}
		return nil
	}
	switch {
	case out.OK():
		r.logf("%s docked at height %d (tx %s, %s)", h, out.Height, out.Hash, out.How)
		return true, done()
	case out.Status == client.Failed && out.Code == codes.DockingAlreadyDocked.Code:
		return false, done()
	case out.Status == client.Abandoned:
		return false, fmt.Errorf("dock of %s: tx %s was abandoned (its sequence went to another transaction)", h, out.Hash)
	}
	return false, fmt.Errorf("dock of %s failed: %s %s", h, out.Result().Error, out.Log)
}

// effect tells the outbox whether a journaled dock transaction took effect:
// the destination holds the anchor, docked by this relayer's key. (Client
// updates have no effect worth looking for: their hash or their sequence
// settles them.)
func (r *Relayer) effect(ctx context.Context, in client.Intent) (int64, bool, error) {
	h, ok := strings.CutPrefix(in.Label, labelDock)
	if !ok {
		return 0, false, nil
	}
	var a struct {
		Docked   kit.Stamp    `json:"docked"`
		DockedBy secp.Address `json:"docked_by"`
	}
	err := r.cfg.Dst.Query(ctx, "/docking/anchor/"+r.srcChain+"/"+h, &a)
	if errors.Is(err, codes.QueryNotFound) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	return a.Docked.Height, a.DockedBy == r.cfg.Key.PubKey().Address(), nil
}
