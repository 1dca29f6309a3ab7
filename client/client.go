package client

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	rpchttp "github.com/cometbft/cometbft/rpc/client/http"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/paths"
	"github.com/corridor-trade/corridor/x/membership"
)

// Client talks to one node.
type Client struct {
	RPC  *rpchttp.HTTP
	Node string
}

// New connects to a node's RPC address, e.g. "tcp://127.0.0.1:26657".
func New(node string) (*Client, error) {
	c, err := rpchttp.New(node, "/websocket")
	if err != nil {
		return nil, fmt.Errorf("node %s: %w", node, err)
	}
	return &Client{RPC: c, Node: node}, nil
}

// QueryError is a coded error answered by the node.
type QueryError struct {
	Code      uint32
	Codespace string
	Log       string
}

func (q *QueryError) Error() string {
	name := fmt.Sprintf("%s code %d", q.Codespace, q.Code)
	if ce := codes.ByCode(q.Code); ce != nil {
		name = ce.Error()
	}
	if strings.HasPrefix(q.Log, name+":") {
		return q.Log
	}
	return fmt.Sprintf("%s: %s", name, q.Log)
}

// Unwrap returns the table entry of the code, so that errors.As finds a
// *codes.Error in a query error (nil for a code the table lacks).
func (q *QueryError) Unwrap() error {
	if ce := codes.ByCode(q.Code); ce != nil {
		return ce
	}
	return nil
}

// Is lets errors.Is(err, codes.X) match a query error by code.
func (q *QueryError) Is(target error) bool {
	ce, ok := target.(*codes.Error)
	return ok && ce.Code == q.Code
}

// Query runs an ABCI query and decodes the JSON answer into out (if not nil).
func (c *Client) Query(ctx context.Context, path string, out any) error {
	res, err := c.RPC.ABCIQuery(ctx, path, nil)
	if err != nil {
		return fmt.Errorf("query %s at %s: %w", path, c.Node, err)
	}
	if res.Response.Code != 0 {
		return &QueryError{Code: res.Response.Code, Codespace: res.Response.Codespace, Log: res.Response.Log}
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(res.Response.Value, out)
}

// ChainID returns the node's chain-id.
func (c *Client) ChainID(ctx context.Context) (string, error) {
	st, err := c.RPC.Status(ctx)
	if err != nil {
		return "", fmt.Errorf("cannot reach node %s: %w", c.Node, err)
	}
	return st.NodeInfo.Network, nil
}

// Sequence returns the committed next sequence of the account whose current
// key is pub.
func (c *Client) Sequence(ctx context.Context, pub secp.PubKey) (secp.Address, uint64, error) {
	var m membership.Member
	if err := c.Query(ctx, paths.MemberByKey(pub.String()), &m); err != nil {
		return secp.Address{}, 0, fmt.Errorf("key of %s is not a member's current key: %w", pub.Address(), err)
	}
	var acct struct {
		Sequence uint64 `json:"sequence"`
	}
	if err := c.Query(ctx, paths.Account(m.Address.String()), &acct); err != nil {
		return m.Address, 0, err
	}
	return m.Address, acct.Sequence, nil
}

// Result is the outcome of a submitted transaction.
type Result struct {
	Hash      string `json:"hash"`
	Code      uint32 `json:"code"`
	Codespace string `json:"codespace,omitempty"`
	Error     string `json:"error,omitempty"` // codespace/name
	Log       string `json:"log,omitempty"`
	Height    int64  `json:"height,omitempty"`
	Committed bool   `json:"committed"`
}

// OK reports whether the transaction was accepted (and, if waited for,
// committed) with code 0.
func (r *Result) OK() bool { return r.Code == 0 }

// SubmitOptions tune Submit.
type SubmitOptions struct {
	Sequence *uint64 // nil: ask the node
	Memo     string
	Wait     time.Duration // 0: return after CheckTx
}

// Submit signs msgs with key, broadcasts them and, if opts.Wait > 0, waits
// up to that long for the commit. It is the outbox (Outbox.Send) over an
// in-memory journal: for a send that survives a crash of the caller, use
// an Outbox over a journal file.
//
// When opts.Sequence is nil the sequence comes from the node's committed
// state, which can lag the state its mempool checks against (the node
// committed between the query and the broadcast, or the signer has a
// transaction in the mempool). A transaction refused in CheckTx for its
// sequence never entered the mempool, so Submit then waits for the
// committed sequence to move past the one it used and signs again, a few
// times at most.
func (c *Client) Submit(ctx context.Context, key *secp.PrivKey, opts SubmitOptions, msgs ...kit.Msg) (*Result, error) {
	wait := opts.Wait
	if wait <= 0 {
		wait = -1 // return after CheckTx
	}
	o := NewOutbox(c, key, nil, OutboxOptions{Wait: wait})
	out, err := o.Send(ctx, Request{Msgs: msgs, Memo: opts.Memo, Sequence: opts.Sequence})
	if out == nil {
		return nil, err
	}
	return out.Result(), err
}

// BroadcastRaw broadcasts signed transaction bytes and optionally (wait >
// 0) waits for the commit, the same way the outbox delivers its own, but
// journals nothing: the caller keeps the bytes.
func (c *Client) BroadcastRaw(ctx context.Context, raw []byte, wait time.Duration) (*Result, error) {
	if wait <= 0 {
		wait = -1
	}
	o := NewOutbox(c, nil, nil, OutboxOptions{Wait: wait})
	if wait > 0 {
		if err := o.initNode(ctx); err != nil {
			return nil, err
		}
	}
	out, err := o.deliver(ctx, Intent{Hash: hashHex(raw), Tx: raw}, "sent")
	if out == nil {
		return nil, err
	}
	return out.Result(), err
}

// WaitForHeight polls until the node's application has committed height h,
// so that queries to that node see block h's state. (The height in /status
// counts a block as soon as it is stored, before it is executed and
// committed.) Transaction indexing may still trail by a moment.
func (c *Client) WaitForHeight(ctx context.Context, h int64, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		info, err := c.RPC.ABCIInfo(ctx)
		if err == nil && info.Response.LastBlockHeight >= h {
			return nil
		}
		if time.Now().After(deadline) {
			if err != nil {
				return fmt.Errorf("node %s did not commit height %d in %s: %w", c.Node, h, timeout, err)
			}
			return fmt.Errorf("node %s did not commit height %d in %s (at %d)", c.Node, h, timeout, info.Response.LastBlockHeight)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}
