package client

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/tx"
	"github.com/corridor-trade/corridor/x/kit"
)

// DefaultWait is how long Send waits for a transaction's commit unless
// OutboxOptions.Wait says otherwise.
const DefaultWait = time.Minute

// Point names a moment of a send, at which OutboxOptions.Hook is called.
type Point string

// The points of a send, in order.
const (
	// PointIntent: the intent is journaled (and fsynced); nothing is
	// broadcast yet.
	PointIntent Point = "intent"
	// PointBroadcast: the node accepted the transaction into its mempool
	// (or already had it); its commit is not seen yet.
	PointBroadcast Point = "broadcast"
	// PointCommitted: the transaction is found in a block; its outcome is
	// not journaled yet.
	PointCommitted Point = "committed"
)

// OutboxOptions tune an Outbox.
type OutboxOptions struct {
	// Wait bounds the wait for each transaction's commit (0: DefaultWait).
	// A negative Wait makes Send return once the node's mempool has
	// accepted the transaction, its intent still open (Status Pending).
	Wait time.Duration
	// Effect, if set, looks for the effect of a journaled transaction on
	// chain (e.g. "is this document hash anchored by this signer"). Settle
	// asks it when the hash is not found, since a node's transaction index
	// can be incomplete (pruned, or a node that does not index): found
	// means the transaction committed, at the height returned.
	Effect func(ctx context.Context, in Intent) (height int64, found bool, err error)
	// Hook, if set, is called at each Point of a send; a non-nil error
	// stops the send right there and is returned, as if the process had
	// died. Tests use it to crash the sender at a named point.
	Hook func(p Point, in Intent) error
	// Log, if set, receives one line per recovery decision.
	Log io.Writer
}

// Outbox is the one durable sender: it signs with one key, journals each
// intent (fsynced) before it broadcasts it, waits for the commit and
// journals the outcome. After a crash, Settle (and every Send, first)
// settles the intents left open. docs/transactions.md ("Durable
// submission") describes the journal and the outcomes.
//
// An Outbox sends one transaction at a time; it is safe for concurrent
// use, but calls are serialised.
type Outbox struct {
	c    *Client
	key  *secp.PrivKey
	j    *Journal
	opts OutboxOptions

	mu      sync.Mutex
	chainID string
	signer  secp.Address
	indexed bool // the node keeps a transaction index (tx_index on)
}

// NewOutbox returns an outbox that signs with key, sends through c and
// journals to j (an in-memory journal if nil).
func NewOutbox(c *Client, key *secp.PrivKey, j *Journal, opts OutboxOptions) *Outbox {
	if j == nil {
		j, _ = OpenJournal("")
	}
	if opts.Wait == 0 {
		opts.Wait = DefaultWait
	}
	return &Outbox{c: c, key: key, j: j, opts: opts}
}

// Journal returns the outbox's journal.
func (o *Outbox) Journal() *Journal { return o.j }

// Request is one transaction to send.
type Request struct {
	// Label and Meta are stored with the intent for the caller (see Intent).
	Label string
	Meta  any // marshalled with encoding/json; nil for none
	Msgs  []kit.Msg
	Memo  string
	// Sequence, if set, is signed as is. Otherwise the signer's committed
	// sequence is used, and a refusal in CheckTx for its sequence (the
	// node's mempool holds another transaction of the signer, so its check
	// state is ahead of its committed state) is retried a few times with
	// the next committed sequence, each try a new intent.
	Sequence *uint64
}

// sequenceRetries bounds how often Send signs again after the node's
// mempool refused a sequence read from its committed state, and
// sequenceWait how long it waits each time for that state to move on.
const (
	sequenceRetries = 3
	sequenceWait    = 5 * time.Second
)

// Send settles the open intents of the outbox's signer, then signs req,
// journals the intent, broadcasts it, waits for its fate and journals the
// outcome, which it returns.
//
// The error is nil when the outcome is final (committed, failed or
// abandoned; a failed transaction is not an error here) and, with a
// negative Wait, when the mempool accepted the transaction. Otherwise it
// says why the fate is unknown (codes.ClientNotSettled: not committed in
// time, or the node did not answer), and the returned outcome, if any, is
// Pending: the intent stays open in the journal for Settle. Bytes that are
// already journaled are not journaled again: their outcome is returned, or
// they are settled.
func (o *Outbox) Send(ctx context.Context, req Request) (*Outcome, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if err := o.init(ctx); err != nil {
		return nil, err
	}
	if _, err := o.settleAll(ctx); err != nil {
		return nil, err
	}
	var meta json.RawMessage
	if req.Meta != nil {
		b, err := json.Marshal(req.Meta)
		if err != nil {
			return nil, fmt.Errorf("outbox: meta of %s: %w", req.Label, err)
		}
		meta = b
	}
	seq := uint64(0)
	if req.Sequence != nil {
		seq = *req.Sequence
	} else {
		var err error
		if _, seq, err = o.c.Sequence(ctx, o.key.PubKey()); err != nil {
			return nil, err
		}
	}
	for try := 0; ; try++ {
		raw, err := tx.Build(o.key, o.chainID, seq, req.Memo, req.Msgs...)
		if err != nil {
			return nil, err
		}
		in := Intent{Hash: hashHex(raw), Signer: o.signer.String(), Sequence: seq, Label: req.Label, Meta: meta, Tx: raw, Time: time.Now().UTC()}
		if _, seen := o.j.Intent(in.Hash); seen {
			// The very same bytes were sent before (signing is
			// deterministic): they have one fate.
			if out, ok := o.j.Outcome(in.Hash); ok {
				return &out, nil
			}
			return o.settle(ctx, in)
		}
		if err := o.j.writeIntent(in); err != nil {
			return nil, err
		}
		if err := o.hook(PointIntent, in); err != nil {
			return nil, err
		}
		out, err := o.deliver(ctx, in, "sent")
		if err != nil || out.Status == Pending {
			return out, err
		}
		if err := o.j.writeOutcome(*out); err != nil {
			return nil, err
		}
		if req.Sequence != nil || !refusedForSequence(out) || try >= sequenceRetries {
			return out, nil
		}
		next, err := o.nextSequence(ctx, seq)
		if err != nil || next == seq {
			return out, err
		}
		seq = next
	}
}

// Settle settles every open intent of the outbox's signer, in sequence
// order, and returns their outcomes. It stops at the first intent whose
// fate cannot be known yet (an error: that intent and those after it stay
// open).
func (o *Outbox) Settle(ctx context.Context) ([]Outcome, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if err := o.init(ctx); err != nil {
		return nil, err
	}
	return o.settleAll(ctx)
}

func (o *Outbox) settleAll(ctx context.Context) ([]Outcome, error) {
	var outs []Outcome
	for _, in := range o.j.Open() {
		if in.Signer != o.signer.String() {
			continue // another key's intents: its own outbox settles them
		}
		out, err := o.settle(ctx, in)
		if err != nil {
			return outs, err
		}
		outs = append(outs, *out)
	}
	return outs, nil
}

// init learns the node's chain-id and whether it indexes transactions,
// and the signer's address, once.
func (o *Outbox) init(ctx context.Context) error {
	if err := o.initNode(ctx); err != nil || !o.signer.IsZero() {
		return err
	}
	signer, _, err := o.c.Sequence(ctx, o.key.PubKey())
	if err != nil {
		return err
	}
	o.signer = signer
	return nil
}

func (o *Outbox) initNode(ctx context.Context) error {
	if o.chainID != "" {
		return nil
	}
	st, err := o.c.RPC.Status(ctx)
	if err != nil {
		return fmt.Errorf("cannot reach node %s: %w", o.c.Node, err)
	}
	o.chainID, o.indexed = st.NodeInfo.Network, st.NodeInfo.Other.TxIndex == "on"
	return nil
}

func (o *Outbox) hook(p Point, in Intent) error {
	if o.opts.Hook == nil {
		return nil
	}
	return o.opts.Hook(p, in)
}

func (o *Outbox) logf(format string, args ...any) {
	if o.opts.Log != nil {
		fmt.Fprintf(o.opts.Log, "outbox: "+format+"\n", args...)
	}
}

// settle decides the fate of an open intent and journals it:
//
//  1. found by hash in the node's transaction index: committed or failed
//     with the code of its block result;
//  2. else its effect found on chain (OutboxOptions.Effect): committed;
//  3. else, if the signer's committed sequence has passed the intent's, it
//     can never commit: abandoned (after looking once more two blocks
//     later, in case the index trailed the state);
//  4. else it can still commit: the same bytes are broadcast again and
//     waited for (they carry one sequence, so they execute at most once).
func (o *Outbox) settle(ctx context.Context, in Intent) (*Outcome, error) {
	if !o.indexed && o.opts.Effect == nil {
		// Without an index or an effect, a committed transaction and one
		// that never will commit look alike once the sequence has passed.
		return nil, codes.ClientNotSettled.Wrapf("intent %s (%s): node %s keeps no transaction index (tx_index off) and the outbox has no effect check", in.Hash, in.Label, o.c.Node)
	}
	const attempts = 3
	for attempt := 0; attempt < attempts; attempt++ {
		if out, found, err := o.lookup(ctx, in, "settled: found by hash"); err != nil {
			return nil, err
		} else if found {
			return o.record(in, out)
		}
		if out, found, err := o.effect(ctx, in, "settled: effect found on chain"); err != nil {
			return nil, err
		} else if found {
			return o.record(in, out)
		}
		_, next, err := o.c.Sequence(ctx, o.key.PubKey())
		if err != nil {
			return nil, err
		}
		if next > in.Sequence {
			if attempt == 0 {
				if err := o.nextBlocks(ctx); err != nil {
					return nil, err
				}
				continue
			}
			o.logf("%s %s: sequence %d used by another transaction (committed sequence %d); abandoned", in.Label, in.Hash, in.Sequence, next)
			return o.record(in, &Outcome{Hash: in.Hash, Label: in.Label, Status: Abandoned, How: "settled: sequence used by another transaction"})
		}
		o.logf("%s %s: not on chain, sequence %d still free; broadcasting the same bytes again", in.Label, in.Hash, in.Sequence)
		out, err := o.deliver(ctx, in, "settled: rebroadcast")
		if err != nil || out.Status == Pending {
			return out, err
		}
		if refusedForSequence(out) && attempt < attempts-1 {
			// Another transaction of the signer holds this sequence in the
			// mempool, or ours just committed: look again after it lands.
			if err := o.nextBlocks(ctx); err != nil {
				return nil, err
			}
			continue
		}
		return o.record(in, out)
	}
	return nil, codes.ClientNotSettled.Wrapf("intent %s (%s, sequence %d): its sequence is taken in the mempool but not yet committed", in.Hash, in.Label, in.Sequence)
}

// record journals an outcome and returns it.
func (o *Outbox) record(in Intent, out *Outcome) (*Outcome, error) {
	out.Label = in.Label
	out.Time = time.Now().UTC()
	if err := o.j.writeOutcome(*out); err != nil {
		return nil, err
	}
	return out, nil
}

// nextBlocks waits until the chain has grown by two blocks.
func (o *Outbox) nextBlocks(ctx context.Context) error {
	st, err := o.c.RPC.Status(ctx)
	if err != nil {
		return err
	}
	return o.c.WaitForHeight(ctx, st.SyncInfo.LatestBlockHeight+2, max(o.opts.Wait, 30*time.Second))
}

// nextSequence polls the committed sequence of the signer for up to
// sequenceWait until it differs from used, and returns the last answer.
func (o *Outbox) nextSequence(ctx context.Context, used uint64) (uint64, error) {
	deadline := time.Now().Add(sequenceWait)
	for {
		_, seq, err := o.c.Sequence(ctx, o.key.PubKey())
		if err != nil || seq != used || time.Now().After(deadline) {
			return seq, err
		}
		select {
		case <-ctx.Done():
			return seq, ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// refusedForSequence reports whether CheckTx refused a transaction for its
// sequence.
func refusedForSequence(out *Outcome) bool {
	return out.Status == Failed && out.Height == 0 && out.Code == codes.TxBadSequence.Code
}

// deliver broadcasts in's bytes and waits for their fate, which it returns
// without journaling it. The outcome is Pending (with a nil error) only
// when the outbox does not wait; a fate not learnt in time is Pending with
// a codes.ClientNotSettled error.
func (o *Outbox) deliver(ctx context.Context, in Intent, how string) (*Outcome, error) {
	pending := &Outcome{Hash: in.Hash, Label: in.Label, Status: Pending, How: how}
	b, err := o.c.RPC.BroadcastTxSync(ctx, in.Tx)
	switch {
	case err != nil && InMempoolCache(err):
		// The node has these bytes already: their fate is learnt by hash.
	case err != nil:
		return pending, codes.ClientNotSettled.Wrapf("broadcast %s to %s: %v", in.Hash, o.c.Node, err)
	case b.Code != 0:
		return &Outcome{Hash: in.Hash, Label: in.Label, Status: Failed, Code: b.Code, Codespace: b.Codespace, Log: b.Log,
			How: how + ", refused by CheckTx"}, nil
	}
	if err := o.hook(PointBroadcast, in); err != nil {
		return nil, err
	}
	if o.opts.Wait < 0 {
		return pending, nil
	}
	if !o.indexed && o.opts.Effect == nil {
		return pending, codes.ClientNotSettled.Wrapf("transaction %s was accepted, but node %s keeps no transaction index (tx_index off) to see it commit", in.Hash, o.c.Node)
	}
	deadline := time.Now().Add(o.opts.Wait)
	for {
		out, found, err := o.lookup(ctx, in, how)
		if err == nil && !found && !o.indexed {
			out, found, err = o.effect(ctx, in, how)
		}
		if err != nil {
			return pending, err
		}
		if found {
			if err := o.hook(PointCommitted, in); err != nil {
				return nil, err
			}
			return out, nil
		}
		if time.Now().After(deadline) {
			return pending, codes.ClientNotSettled.Wrapf("transaction %s was accepted but not committed within %s", in.Hash, o.opts.Wait)
		}
		select {
		case <-ctx.Done():
			return pending, ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// effect asks the caller's effect check, if any, whether in took effect.
func (o *Outbox) effect(ctx context.Context, in Intent, how string) (*Outcome, bool, error) {
	if o.opts.Effect == nil {
		return nil, false, nil
	}
	h, found, err := o.opts.Effect(ctx, in)
	if err != nil || !found {
		return nil, false, err
	}
	return &Outcome{Hash: in.Hash, Label: in.Label, Status: Committed, Height: h, How: how}, true, nil
}

// lookup finds a transaction by hash in the node's transaction index. Not
// found is not an error: the node answers an error for an unknown hash, and
// any other failure to answer means the same to the caller (look again).
func (o *Outbox) lookup(ctx context.Context, in Intent, how string) (*Outcome, bool, error) {
	if !o.indexed {
		return nil, false, nil
	}
	hash := tx.Hash(in.Tx)
	r, err := o.c.RPC.Tx(ctx, hash[:], false)
	if err != nil {
		if ctx.Err() != nil {
			return nil, false, ctx.Err()
		}
		return nil, false, nil
	}
	out := &Outcome{Hash: in.Hash, Label: in.Label, Status: Committed, Height: r.Height, How: how}
	if r.TxResult.Code != 0 {
		out.Status, out.Code, out.Codespace, out.Log = Failed, r.TxResult.Code, r.TxResult.Codespace, r.TxResult.Log
	}
	return out, true, nil
}
