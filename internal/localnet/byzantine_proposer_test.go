package localnet_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtcfg "github.com/cometbft/cometbft/config"
	"github.com/corridor-trade/corridor/codec"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/internal/localnet"
	"github.com/corridor-trade/corridor/tx"
	"github.com/corridor-trade/corridor/x/membership"
)

// What the Byzantine proposer adds to its blocks.
const (
	// modeHonest adds nothing.
	modeHonest = iota
	// modeEnvelopes adds whole signed envelopes that are invalid: a bad
	// signature, a valid transaction twice, and a replay of a transaction
	// committed in an earlier block. Honest nodes accept the block and each
	// of these fails alone in FinalizeBlock.
	modeEnvelopes
	// modeBytes adds, in turn, one transaction that is refused on its bytes
	// alone: garbage, an empty transaction, one for another chain, one above
	// max_tx_bytes. Honest nodes reject the whole proposal.
	modeBytes
)

var bytesKinds = []string{"garbage", "empty", "wrong chain-id", "above max_tx_bytes"}

// turn is one proposal the Byzantine node made while misbehaving.
type turn struct {
	height int64
	mode   int
	kind   string   // modeBytes: which kind
	evil   [][]byte // what it added, in block order, before the honest transactions
}

// processed is one ProcessProposal call a node answered.
type processed struct {
	height int64
	txs    [][]byte
	status abci.ResponseProcessProposal_ProposalStatus
}

// observer passes every call to the real application and records the
// ProcessProposal answers. It changes nothing.
type observer struct {
	abci.Application
	mu   sync.Mutex
	seen []processed
}

func (o *observer) ProcessProposal(ctx context.Context, req *abci.RequestProcessProposal) (*abci.ResponseProcessProposal, error) {
	resp, err := o.Application.ProcessProposal(ctx, req)
	if err == nil {
		o.mu.Lock()
		o.seen = append(o.seen, processed{height: req.Height, txs: req.Txs, status: resp.Status})
		o.mu.Unlock()
	}
	return resp, err
}

// answers returns the statuses the node gave to proposals at height that
// held raw.
func (o *observer) answers(height int64, raw []byte) []abci.ResponseProcessProposal_ProposalStatus {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []abci.ResponseProcessProposal_ProposalStatus
	for _, p := range o.seen {
		if p.height == height && containsTx(p.txs, raw) {
			out = append(out, p.status)
		}
	}
	return out
}

// byzantineProposer is one validator's application with a PrepareProposal
// that adds what an honest proposer never proposes. Every other call,
// FinalizeBlock included, goes to the real application unchanged.
type byzantineProposer struct {
	*observer
	mu      sync.Mutex
	mode    int
	chainID string
	signer  *secp.PrivKey // signs the Byzantine node's own transactions
	other   *secp.PrivKey // signs the bad signatures
	maxTx   uint64
	lastOK  []byte // the last transaction that committed with code 0
	turns   []turn
	errs    []error
	nextBad int
}

func (b *byzantineProposer) setMode(m int) {
	b.mu.Lock()
	b.mode = m
	b.mu.Unlock()
}

func (b *byzantineProposer) snapshot() ([]turn, []error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]turn(nil), b.turns...), append([]error(nil), b.errs...)
}

func (b *byzantineProposer) PrepareProposal(ctx context.Context, req *abci.RequestPrepareProposal) (*abci.ResponsePrepareProposal, error) {
	resp, err := b.Application.PrepareProposal(ctx, req)
	if err != nil {
		return resp, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.mode == modeHonest {
		return resp, nil
	}
	tr := turn{height: req.Height, mode: b.mode}
	var err2 error
	if b.mode == modeEnvelopes {
		tr.evil, err2 = b.envelopes(ctx)
	} else {
		tr.kind = bytesKinds[b.nextBad%len(bytesKinds)]
		b.nextBad++
		var raw []byte
		raw, err2 = b.refusedOnBytes(ctx, tr.kind)
		tr.evil = [][]byte{raw}
	}
	if err2 != nil {
		b.errs = append(b.errs, err2)
		return resp, nil
	}
	txs := append([][]byte(nil), tr.evil...)
	var total int64
	for _, t := range txs {
		total += int64(len(t))
	}
	for _, t := range resp.Txs {
		if total+int64(len(t)) > req.MaxTxBytes {
			break
		}
		total += int64(len(t))
		txs = append(txs, t)
	}
	b.turns = append(b.turns, tr)
	return &abci.ResponsePrepareProposal{Txs: txs}, nil
}

// FinalizeBlock remembers the last transaction that succeeded, to replay
// it in a later block.
func (b *byzantineProposer) FinalizeBlock(ctx context.Context, req *abci.RequestFinalizeBlock) (*abci.ResponseFinalizeBlock, error) {
	resp, err := b.Application.FinalizeBlock(ctx, req)
	if err == nil {
		b.mu.Lock()
		for i, r := range resp.TxResults {
			if r.Code == 0 {
				b.lastOK = req.Txs[i]
			}
		}
		b.mu.Unlock()
	}
	return resp, err
}

// sequence asks the real application for the signer's committed sequence.
func (b *byzantineProposer) sequence(ctx context.Context) (uint64, error) {
	res, err := b.Application.Query(ctx, &abci.RequestQuery{Path: "/account/" + b.signer.PubKey().Address().String()})
	if err != nil || res.Code != 0 {
		return 0, fmt.Errorf("account query: %v %s", err, res.GetLog())
	}
	var acct struct {
		Sequence uint64 `json:"sequence"`
	}
	err = json.Unmarshal(res.Value, &acct)
	return acct.Sequence, err
}

// admitTx builds a transaction admitting a fresh member, signed by the
// Byzantine node's operator for chainID at sequence seq.
func (b *byzantineProposer) admitTx(chainID string, seq uint64) ([]byte, error) {
	k, err := secp.GenPrivKey()
	if err != nil {
		return nil, err
	}
	return tx.Build(b.signer, chainID, seq, "", &membership.MsgAdmit{PubKey: k.PubKey(), Roles: []string{membership.RoleTrader}})
}

// envelopes returns [bad signature, x, x, replay]: a transaction at the
// signer's next sequence whose signature was made by another key, a valid
// transaction at that sequence twice, and the last transaction that
// committed in an earlier block.
func (b *byzantineProposer) envelopes(ctx context.Context) ([][]byte, error) {
	seq, err := b.sequence(ctx)
	if err != nil {
		return nil, err
	}
	bad, err := b.admitTx(b.chainID, seq)
	if err != nil {
		return nil, err
	}
	bad, err = resign(bad, b.other, b.chainID)
	if err != nil {
		return nil, err
	}
	x, err := b.admitTx(b.chainID, seq)
	if err != nil {
		return nil, err
	}
	out := [][]byte{bad, x, x}
	if b.lastOK != nil {
		out = append(out, b.lastOK)
	}
	return out, nil
}

// refusedOnBytes returns a transaction of the given kind.
func (b *byzantineProposer) refusedOnBytes(ctx context.Context, kind string) ([]byte, error) {
	switch kind {
	case "garbage":
		return []byte("\x0a\xff\xff\xffgarbage, not a transaction"), nil
	case "empty":
		return []byte{}, nil
	case "wrong chain-id":
		seq, err := b.sequence(ctx)
		if err != nil {
			return nil, err
		}
		return b.admitTx("corridor-other-1", seq)
	default: // above max_tx_bytes: a valid transaction padded by one byte too many
		seq, err := b.sequence(ctx)
		if err != nil {
			return nil, err
		}
		raw, err := b.admitTx(b.chainID, seq)
		if err != nil {
			return nil, err
		}
		return append(raw, make([]byte, int(b.maxTx)+1-len(raw))...), nil
	}
}

// resign replaces a transaction's signature by one that key makes over the
// same body: a well-formed signature that does not verify for the
// envelope's public key.
func resign(raw []byte, key *secp.PrivKey, chainID string) ([]byte, error) {
	env, _, err := tx.Decode(raw)
	if err != nil {
		return nil, err
	}
	env.Signature = key.Sign(tx.SignDigest(chainID, env.Body))
	return codec.Marshal(env), nil
}

func containsTx(txs [][]byte, raw []byte) bool {
	for _, t := range txs {
		if bytes.Equal(t, raw) {
			return true
		}
	}
	return false
}

// TestByzantineProposer runs four validators, one of which proposes blocks
// with invalid, duplicate, replayed, oversized and garbage transactions.
// Whole signed envelopes that are invalid land in the block and fail one
// by one with the same codes on every node; transactions refused on their
// bytes alone make every honest node reject the proposal, and the next
// round's proposer's block commits. Honest transactions commit throughout,
// sent through every node including the Byzantine one, and every node has
// the same app hash at every height.
func TestByzantineProposer(t *testing.T) {
	if testing.Short() {
		t.Skip("network test")
	}
	const byz = 3
	var mu sync.Mutex
	observers := map[int]*observer{}
	var evil *byzantineProposer
	net := localnet.Start(t, localnet.Options{ChainID: "corridor-byzantine-1",
		// A proposal must reach every node before it prevotes nil for
		// lack of one, so that each honest node's ProcessProposal sees the
		// Byzantine block.
		Tune: func(c *cmtcfg.Config) { c.Consensus.TimeoutPropose = 3 * time.Second },
		WrapApp: func(i int, app abci.Application) abci.Application {
			mu.Lock()
			defer mu.Unlock()
			o := &observer{Application: app}
			observers[i] = o
			if i != byz {
				return o
			}
			evil = &byzantineProposer{observer: o}
			return evil
		}})
	net.WaitForHeight(2, time.Minute)
	other, _ := secp.GenPrivKey()
	evil.mu.Lock()
	evil.chainID, evil.signer, evil.other = net.ChainID, net.Keys["hk-operator"], other
	evil.maxTx = membership.DefaultParams().MaxTxBytes
	evil.mu.Unlock()

	// Honest transactions go through every node in turn while the
	// Byzantine node misbehaves, until enough of its turns are decided.
	var admitted []secp.Address
	ops := []string{"sh-operator", "sg-operator", "sh-operator", "sg-operator"}
	k := 0
	honest := func() {
		addr, _ := admitVia(t, net, k%len(net.Nodes), ops[k%len(ops)])
		admitted = append(admitted, addr)
		k++
	}
	committedTurns := func(mode int) (n int) {
		turns, _ := evil.snapshot()
		for _, tr := range turns {
			if tr.mode == mode && blockHolds(t, net, tr.height, tr.evil[0]) {
				n++
			}
		}
		return n
	}
	deadline := time.Now().Add(6 * time.Minute)
	evil.setMode(modeEnvelopes)
	for committedTurns(modeEnvelopes) < 2 {
		if time.Now().After(deadline) {
			t.Fatal("the Byzantine node's blocks did not commit twice in time")
		}
		honest()
	}
	evil.setMode(modeBytes)
	bytesTurns := func() (n int) {
		turns, _ := evil.snapshot()
		for _, tr := range turns {
			if tr.mode == modeBytes {
				n++
			}
		}
		return n
	}
	for bytesTurns() < len(bytesKinds) {
		if time.Now().After(deadline) {
			t.Fatalf("the Byzantine node proposed only %d times in time", bytesTurns())
		}
		honest()
	}
	evil.setMode(modeHonest)
	turns, errs := evil.snapshot()
	if len(errs) > 0 {
		t.Fatalf("the Byzantine proposer could not build its transactions: %v", errs)
	}
	// The chain goes on past the last Byzantine turn, with honest
	// transactions through every node.
	for range 4 {
		honest()
	}
	last := turns[len(turns)-1].height
	st, err := net.Client(0).RPC.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	top := st.SyncInfo.LatestBlockHeight
	if top <= last+1 {
		t.Fatalf("height %d, not past the last Byzantine turn at %d", top, last)
	}
	net.WaitForHeight(top, time.Minute)

	// Every node has the same results and app hash at every height.
	sameAppHashes(t, net, top)
	sameResults(t, net, top)
	for _, a := range admitted {
		for i := range net.Nodes {
			if err := net.Client(i).Query(context.Background(), "/member/"+a.String(), nil); err != nil {
				t.Fatalf("node %d lost honest member %s: %v", i, a, err)
			}
		}
	}

	// Envelope turns that committed: each invalid transaction failed alone
	// with its code, and the valid copy succeeded once.
	seenBytes := map[string]bool{}
	for _, tr := range turns {
		switch {
		case tr.mode == modeEnvelopes && blockHolds(t, net, tr.height, tr.evil[0]):
			checkEnvelopeTurn(t, net, tr)
		case tr.mode == modeBytes:
			seenBytes[tr.kind] = true
			checkBytesTurn(t, net, tr, observers, byz, top)
		}
	}
	if len(seenBytes) != len(bytesKinds) {
		t.Fatalf("tried %v of %v", seenBytes, bytesKinds)
	}
}

// checkEnvelopeTurn checks the codes of a committed Byzantine block's
// added transactions: bad signature, success, bad sequence (the duplicate)
// and bad sequence (the replay).
func checkEnvelopeTurn(t *testing.T, net *localnet.Network, tr turn) {
	t.Helper()
	h := tr.height
	res, err := net.Client(0).RPC.BlockResults(context.Background(), &h)
	if err != nil {
		t.Fatal(err)
	}
	want := []*codes.Error{codes.TxBadSignature, nil, codes.TxBadSequence, codes.TxBadSequence}
	names := []string{"bad signature", "valid", "duplicate", "replay"}
	for i := range tr.evil {
		got := res.TxsResults[i]
		switch {
		case want[i] == nil && got.Code != 0:
			t.Errorf("height %d: %s transaction failed: %d %s", h, names[i], got.Code, got.Log)
		case want[i] != nil && (got.Code != want[i].Code || got.Codespace != want[i].Codespace):
			t.Errorf("height %d: %s transaction: %s/%d %s, want %v", h, names[i], got.Codespace, got.Code, got.Log, want[i])
		default:
			t.Logf("height %d: %s: code %d %s", h, names[i], got.Code, got.Log)
		}
	}
	if len(tr.evil) < 4 {
		t.Logf("height %d: nothing committed before to replay", h)
		return
	}
	// CometBFT's indexer lets the replay's failure replace the original
	// success under the transaction's hash (state is unaffected; the
	// original height's block results still say code 0). Shown, not
	// asserted: see docs/operations.md, "Byzantine behaviour we test".
	hash := tx.Hash(tr.evil[3])
	if r, err := net.Client(0).RPC.Tx(context.Background(), hash[:], false); err == nil {
		t.Logf("height %d: /tx for the replayed transaction answers height %d, code %d", h, r.Height, r.TxResult.Code)
	}
}

// checkBytesTurn checks that a proposal holding a transaction refused on
// its bytes alone was rejected by every honest node that processed it
// (and by at least one), and that no block holds that transaction.
func checkBytesTurn(t *testing.T, net *localnet.Network, tr turn, observers map[int]*observer, byz int, top int64) {
	t.Helper()
	raw := tr.evil[0]
	processedBy := 0
	for i, o := range observers {
		if i == byz {
			continue
		}
		for _, s := range o.answers(tr.height, raw) {
			processedBy++
			if s != abci.ResponseProcessProposal_REJECT {
				t.Errorf("height %d: node %d answered %v to a proposal holding the %s transaction", tr.height, i, s, tr.kind)
			}
		}
	}
	if processedBy == 0 {
		t.Errorf("height %d: no honest node processed the proposal holding the %s transaction", tr.height, tr.kind)
	}
	t.Logf("height %d: the proposal holding the %s transaction was processed %d times by honest nodes", tr.height, tr.kind, processedBy)
	for h := tr.height; h <= top; h++ {
		if blockHolds(t, net, h, raw) {
			t.Errorf("block %d holds the %s transaction", h, tr.kind)
		}
	}
}

// blockHolds reports whether the committed block at height holds raw
// (false when height is not committed yet).
func blockHolds(t *testing.T, net *localnet.Network, height int64, raw []byte) bool {
	t.Helper()
	h := height
	b, err := net.Client(0).RPC.Block(context.Background(), &h)
	if err != nil {
		return false
	}
	for _, x := range b.Block.Txs {
		if bytes.Equal(x, raw) {
			return true
		}
	}
	return false
}

// sameResults checks that every node reports the same code, codespace and
// log for every transaction of every height from 1 to h.
func sameResults(t *testing.T, net *localnet.Network, h int64) {
	t.Helper()
	ctx := context.Background()
	for height := int64(1); height <= h; height++ {
		var first []*abci.ExecTxResult
		for i := range net.Nodes {
			hh := height
			res, err := net.Client(i).RPC.BlockResults(ctx, &hh)
			if err != nil {
				t.Fatalf("node %d results %d: %v", i, height, err)
			}
			if i == 0 {
				first = res.TxsResults
				continue
			}
			if len(res.TxsResults) != len(first) {
				t.Fatalf("height %d: node %d has %d results, node 0 %d", height, i, len(res.TxsResults), len(first))
			}
			for j, r := range res.TxsResults {
				f := first[j]
				if r.Code != f.Code || r.Codespace != f.Codespace || r.Log != f.Log {
					t.Fatalf("height %d tx %d: node %d %s/%d %q, node 0 %s/%d %q", height, j, i, r.Codespace, r.Code, r.Log, f.Codespace, f.Code, f.Log)
				}
			}
		}
	}
}
