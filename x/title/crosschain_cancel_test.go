package title_test

import (
	"context"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/corridor-trade/corridor/app/apptest"
	"github.com/corridor-trade/corridor/codec"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/title"
)

// relayAt has the other chain's client of src take the header of src's
// real next height, committing src's latest state (CometBFT's rule: header
// H carries the app hash of block H-1), and returns that height. The
// timeout tests use it for the counterparty so that the heights its
// client holds are the counterparty's block heights, which a timeout
// counts in.
func (p *pair) relayAt(src *apptest.Harness) int64 {
	p.t.Helper()
	height := src.Height + 1
	if height < p.next[src] {
		p.t.Fatalf("header %d of %s is not above the %d already relayed", height, src.App.ChainID(), p.next[src]-1)
	}
	p.next[src] = height + 1
	ok(p.t, p.other(src), "sh-bank", p.signs[src].update(height, src.AppHash()))
	return height
}

// proveAbsent asks h's /store for key with a proof at its latest state and
// expects the key to be absent there (a non-existence proof).
func proveAbsent(t *testing.T, h *apptest.Harness, key []byte) []byte {
	t.Helper()
	q, err := h.App.Query(context.Background(), &abci.RequestQuery{Path: "/store", Data: key, Prove: true})
	if err != nil || q.Code != 0 || q.Value != nil || q.ProofOps == nil || len(q.ProofOps.Ops) != 1 {
		t.Fatalf("prove the absence of %q: %v (code %d, %s, value of %d bytes)", key, err, q.Code, q.Log, len(q.Value))
	}
	return q.ProofOps.Ops[0].Data
}

// cancelMsg proves on the counterparty that it holds no receipt of the
// lock of move seq of id (or, with present, the receipt's existence) at
// its latest state, relays the header of that state, and builds the
// cancel.
func (p *pair) cancelMsg(id kit.Hash, seq uint64, present bool) *title.MsgCancelAway {
	p.t.Helper()
	key := title.ReceiptKey(id, seq, homeChain)
	var pr []byte
	if present {
		_, pr = prove(p.t, p.away, key)
	} else {
		pr = proveAbsent(p.t, p.away, key)
	}
	height := p.relayAt(p.away)
	return &title.MsgCancelAway{ID: id, ChainID: awayChain, Seq: seq, Height: height, Proof: pr}
}

// until makes empty blocks on h until its next block has the given height.
func until(h *apptest.Harness, next int64) {
	for h.Height+1 < next {
		h.Block()
	}
}

func hasReceipt(t *testing.T, h *apptest.Harness, id kit.Hash, seq uint64) bool {
	t.Helper()
	q, err := h.App.Query(context.Background(), &abci.RequestQuery{Path: "/store", Data: title.ReceiptKey(id, seq, homeChain)})
	if err != nil || q.Code != 0 {
		t.Fatalf("store query: %v %+v", err, q)
	}
	return q.Value != nil
}

// TestCancelAway sends an eBL away with a timeout height that the
// counterparty passes without receiving the lock (the relayer is down):
// a cancel proved at a header not above the timeout is refused, the late
// receive is refused, a cancel proved above it brings the record back to
// its sender here, and it is live on one chain at most after every block.
// A replayed cancel is refused, the timed-out lock stays unreceivable, and
// the record's next move (number 2) goes through. A second record whose
// lock was received in time cannot be cancelled: the counterparty proves
// its receipt, not its absence.
func TestCancelAway(t *testing.T) {
	p := newPair(t)
	id := issueOn(t, p, "eBL TIMEOUT-0001", "sg-trader", "sg-trader")
	sender := p.home.Addr("sg-trader")
	before, _ := record(t, p.home, id)

	timeout := p.away.Height + 4
	ok(t, p.home, "sg-trader", &title.MsgSendAway{ID: id, ChainID: awayChain, Recipient: p.away.Addr("hk-trader"), TimeoutHeight: timeout})
	r, _ := record(t, p.home, id)
	if r.State != title.StateAway || r.Move.Timeout != timeout {
		t.Fatalf("after send-away: %+v %+v", r, r.Move)
	}
	lv, _ := prove(t, p.home, title.LockKey(id, 1))
	var lock title.Lock
	if err := codec.Unmarshal(lv, &lock); err != nil || lock.Timeout != timeout {
		t.Fatalf("lock: %+v %v", lock, err)
	}
	if got := allowed(t, p.home, id); got != "unlock cancel-away" {
		t.Errorf("allowed steps of a record away with a timeout: %s", got)
	}
	checkOneLive(t, p, id, nowhere)

	// The relayer takes the header of the lock to the counterparty, but
	// does not deliver the lock before the timeout.
	rm := p.receiveMsg(id, 1)
	if p.away.Height+1 > timeout {
		t.Fatalf("the test needs a header below the timeout: next block %d, timeout %d", p.away.Height+1, timeout)
	}
	early := p.cancelMsg(id, 1, false) // an absence at a header not above the timeout
	if early.Height > timeout {
		t.Fatalf("early header %d is above the timeout %d", early.Height, timeout)
	}
	refuse(t, p.home, "hk-customs", codes.TitleTimeoutNotPassed, early)
	checkOneLive(t, p, id, nowhere)

	until(p.away, timeout)
	refuse(t, p.away, "sg-bank", codes.TitleTimeoutPassed, rm) // in the block of the timeout height itself
	p.away.Block()
	refuse(t, p.away, "sg-bank", codes.TitleTimeoutPassed, rm)
	if hasReceipt(t, p.away, id, 1) {
		t.Fatal("a refused receive wrote a receipt")
	}
	checkOneLive(t, p, id, nowhere)

	cm := p.cancelMsg(id, 1, false)
	if cm.Height <= timeout {
		t.Fatalf("cancel header %d is not above the timeout %d", cm.Height, timeout)
	}
	ok(t, p.home, "hk-customs", cm) // anyone may carry the proof: the record goes back to its sender
	r, _ = record(t, p.home, id)
	if r.State != title.StateActive || r.Holder != sender || r.Owner != sender || r.Holder != before.Holder ||
		r.Move.Seq != 1 || !r.Move.Recipient.IsZero() || r.Move.Timeout != 0 || r.Move.ProvedAt != cm.Height {
		t.Fatalf("after cancel-away: %+v %+v", r, r.Move)
	}
	last := r.History[len(r.History)-1]
	if last.Step != title.StepCancelAway || last.State != title.StateActive || last.ToHolder != sender || last.By != p.home.Addr("hk-customs") ||
		last.At.Height != p.home.Height || len(r.History) != len(before.History)+2 {
		t.Fatalf("cancel entry: %+v (history %d, before %d)", last, len(r.History), len(before.History))
	}
	if _, there := record(t, p.away, id); there {
		t.Fatal("the counterparty holds a mirror of a record whose lock it never received")
	}
	checkOneLive(t, p, id, atHome)
	if got := allowed(t, p.home, id); got != "transfer-holder nominate endorse surrender exit-to-paper send-away" {
		t.Errorf("allowed steps after the cancel: %s", got)
	}
	// One holder: the sender, whose holdings list the record once.
	var held []title.View
	if res := p.home.Query("/titles/holder/"+sender.String(), &held); res.Code != 0 {
		t.Fatalf("held-by query: %s", res.Log)
	}
	n := 0
	for _, v := range held {
		if v.ID == id {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("the sender's holdings list the record %d times", n)
	}

	// The holder acts here again, a replayed cancel is refused, and the
	// timed-out lock is refused however late it comes.
	refuse(t, p.home, "hk-customs", codes.TitleNotAway, cm)
	refuse(t, p.away, "sg-bank", codes.TitleTimeoutPassed, rm)
	checkOneLive(t, p, id, atHome)

	// The next move is number 2 and goes through; the cancelled move's
	// proofs stay refused.
	ok(t, p.home, "sg-trader", &title.MsgSendAway{ID: id, ChainID: awayChain, Recipient: p.away.Addr("hk-trader")})
	refuse(t, p.home, "hk-customs", codes.TitleBadLock, cm) // a cancel of move 1 while away on move 2
	refuse(t, p.away, "sg-bank", codes.TitleTimeoutPassed, rm)
	ok(t, p.away, "sg-bank", p.receiveMsg(id, 2))
	m, _ := record(t, p.away, id)
	if m.Move.Seq != 2 || m.Holder != p.away.Addr("hk-trader") || m.State != title.StateActive {
		t.Fatalf("mirror of move 2: %+v %+v", m, m.Move)
	}
	checkOneLive(t, p, id, atAway)
	// Move 2 has no timeout: it cannot be cancelled, however long it waits.
	refuse(t, p.home, "hk-customs", codes.TitleNoTimeout, p.cancelMsg(id, 2, true))

	t.Run("received in time", func(t *testing.T) {
		// A lock received one block before its timeout: after the timeout
		// the counterparty proves the receipt's presence, and neither that
		// nor an absence proof of another key cancels the send-away.
		b := issueOn(t, p, "eBL TIMEOUT-0002", "sg-trader", "sg-trader")
		timeout := p.away.Height + 3
		ok(t, p.home, "sg-trader", &title.MsgSendAway{ID: b, ChainID: awayChain, Recipient: p.away.Addr("hk-trader"), TimeoutHeight: timeout})
		rb := p.receiveMsg(b, 1)
		if p.away.Height+1 != timeout-1 {
			t.Fatalf("the receive falls at %d, not one block before the timeout %d", p.away.Height+1, timeout)
		}
		ok(t, p.away, "sg-bank", rb)
		if !hasReceipt(t, p.away, b, 1) {
			t.Fatal("no receipt of a received lock")
		}
		checkOneLive(t, p, b, atAway)
		until(p.away, timeout+1)
		present := p.cancelMsg(b, 1, true)
		if present.Height <= timeout {
			t.Fatalf("header %d not above the timeout %d", present.Height, timeout)
		}
		refuse(t, p.home, "hk-customs", codes.TitleLockReceived, present) // membership, not absence
		other := *present
		other.Proof = proveAbsent(t, p.away, title.ReceiptKey(b, 2, homeChain))
		refuse(t, p.home, "hk-customs", codes.DockingBadProof, &other) // the absence of another key
		checkOneLive(t, p, b, atAway)
	})
}

// TestCancelAwayRefusals covers every refusal of cancel-away and the
// timeout's refusals of send-away, each leaving the state unchanged.
func TestCancelAwayRefusals(t *testing.T) {
	p := newPair(t)
	hk := p.away.Addr("hk-trader")
	timeout := p.away.Height + 2
	a := issueOn(t, p, "eBL cancel A", "sg-trader", "sg-trader")
	b := issueOn(t, p, "eBL cancel B", "sg-trader", "sg-trader")
	none := issueOn(t, p, "eBL cancel no timeout", "sg-trader", "sg-trader")
	home := issueOn(t, p, "eBL never sent", "sg-trader", "sg-trader")

	t.Run("send-away", func(t *testing.T) {
		refuse(t, p.home, "sg-trader", codes.TxInvalidMsg, &title.MsgSendAway{ID: a, ChainID: awayChain, Recipient: hk, TimeoutHeight: -1})
		// The home chain's client of the counterparty holds its header 1.
		refuse(t, p.home, "sg-trader", codes.TitleTimeoutPassed, &title.MsgSendAway{ID: a, ChainID: awayChain, Recipient: hk, TimeoutHeight: 1})
	})

	ok(t, p.home, "sg-trader", &title.MsgSendAway{ID: a, ChainID: awayChain, Recipient: hk, TimeoutHeight: timeout})
	ok(t, p.home, "sg-trader", &title.MsgSendAway{ID: b, ChainID: awayChain, Recipient: hk, TimeoutHeight: timeout})
	ok(t, p.home, "sg-trader", &title.MsgSendAway{ID: none, ChainID: awayChain, Recipient: hk})
	until(p.away, timeout)
	atTimeout := p.cancelMsg(a, 1, false) // the header of the timeout height: the state before its block
	if atTimeout.Height != timeout {
		t.Fatalf("header %d, want the timeout height %d", atTimeout.Height, timeout)
	}
	p.away.Block()
	ca := p.cancelMsg(a, 1, false)
	p.away.Block()
	cb := p.cancelMsg(b, 1, false)

	t.Run("cancel-away", func(t *testing.T) {
		with := func(change func(m *title.MsgCancelAway)) *title.MsgCancelAway {
			m := *ca
			change(&m)
			return &m
		}
		refuse(t, p.home, "hk-customs", codes.TitleNotFound, with(func(m *title.MsgCancelAway) { m.ID = kit.Hash{4} }))
		refuse(t, p.home, "hk-customs", codes.TitleNotAway, with(func(m *title.MsgCancelAway) { m.ID = home }))             // never sent
		refuse(t, p.home, "hk-customs", codes.TitleNotAway, with(func(m *title.MsgCancelAway) { m.ChainID = "nowhere-1" })) // away elsewhere
		refuse(t, p.home, "hk-customs", codes.TitleBadLock, with(func(m *title.MsgCancelAway) { m.Seq = 2 }))               // another move
		refuse(t, p.home, "hk-customs", codes.TitleNoTimeout, with(func(m *title.MsgCancelAway) { m.ID = none }))           // sent without a timeout
		refuse(t, p.home, "hk-customs", codes.TitleTimeoutNotPassed, atTimeout)                                             // a true absence, at the timeout itself
		refuse(t, p.home, "hk-customs", codes.DockingBadProof, with(func(m *title.MsgCancelAway) { m.ID = b }))             // the absence of a's receipt, not b's
		refuse(t, p.home, "hk-customs", codes.DockingBadProof, with(func(m *title.MsgCancelAway) { m.Proof = []byte{0xff} }))
		refuse(t, p.home, "hk-customs", codes.DockingHeightUnknown, with(func(m *title.MsgCancelAway) { m.Height = 999 }))
		refuse(t, p.home, "hk-customs", codes.TxInvalidMsg, with(func(m *title.MsgCancelAway) { m.Seq = 0 }))
		refuse(t, p.home, "hk-customs", codes.TxInvalidMsg, with(func(m *title.MsgCancelAway) { m.Proof = nil }))
		refuse(t, p.home, "hk-customs", codes.TxInvalidMsg, with(func(m *title.MsgCancelAway) { m.Height = 0 }))
		// The proof of a later state against an earlier header.
		stale := with(func(m *title.MsgCancelAway) { m.Height = cb.Height - 1 })
		stale.Proof = cb.Proof
		stale.ID = b
		refuse(t, p.home, "hk-customs", codes.DockingBadProof, stale)
	})

	ok(t, p.home, "hk-customs", ca)
	ok(t, p.home, "sg-bank", cb)
	for _, id := range []kit.Hash{a, b} {
		checkOneLive(t, p, id, atHome)
	}
	checkOneLive(t, p, none, nowhere)
}

// TestReceiptStays takes a record through a receive, its trip home and a
// second visit, and checks after each step that the counterparty still
// holds the receipt of the first lock: a receipt is never deleted, or an
// absence proof of it would lie.
func TestReceiptStays(t *testing.T) {
	p := newPair(t)
	id := issueOn(t, p, "eBL receipt", "sg-trader", "sg-trader")
	timeout := p.away.Height + 10
	ok(t, p.home, "sg-trader", &title.MsgSendAway{ID: id, ChainID: awayChain, Recipient: p.away.Addr("hk-trader"), TimeoutHeight: timeout})
	ok(t, p.away, "sg-bank", p.receiveMsg(id, 1))
	check := func(step string) {
		t.Helper()
		if !hasReceipt(t, p.away, id, 1) {
			t.Fatalf("after %s the receipt of move 1 is gone", step)
		}
	}
	check("the receive")
	ok(t, p.away, "hk-trader", &title.MsgTransfer{ID: id, NewHolder: p.away.Addr("hk-bank")})
	check("a transfer")
	ok(t, p.away, "hk-bank", &title.MsgReject{ID: id})
	check("a reject")
	ok(t, p.away, "hk-trader", &title.MsgSendHome{ID: id, Recipient: p.home.Addr("sh-bank")})
	check("the send-home")
	ok(t, p.home, "hk-customs", p.unlockMsg(id, 1))
	check("the unlock at home")
	ok(t, p.home, "sh-bank", &title.MsgSendAway{ID: id, ChainID: awayChain, Recipient: p.away.Addr("sg-customs"), TimeoutHeight: p.away.Height + 10})
	ok(t, p.away, "sg-bank", p.receiveMsg(id, 2))
	check("the second receive")
	if !hasReceipt(t, p.away, id, 2) {
		t.Fatal("no receipt of move 2")
	}
	v, _ := prove(t, p.away, title.ReceiptKey(id, 1, homeChain))
	var rc title.Receipt
	if err := codec.Unmarshal(v, &rc); err != nil || rc.Received.Height == 0 || rc.ProvedAt == 0 {
		t.Fatalf("receipt of move 1: %+v %v", rc, err)
	}
}

// TestOldLockBytes checks that a lock without a timeout has exactly the
// bytes a lock had before the field existed, so that a lock written then
// decodes as before (and, having no timeout, can never be cancelled), and
// that a timeout is carried.
func TestOldLockBytes(t *testing.T) {
	// oldLock is title.Lock as it was before timeouts.
	type oldLock struct {
		Record    title.Record `wire:"1"`
		Seq       uint64       `wire:"2"`
		Origin    string       `wire:"3"`
		To        string       `wire:"4"`
		Recipient [20]byte     `wire:"5"`
		Sender    [20]byte     `wire:"6"`
		Locked    kit.Stamp    `wire:"7"`
	}
	rec := title.Record{ID: kit.Hash{1}, State: title.StateAway, Move: &title.Move{Role: title.RoleOrigin, Seq: 3, Chain: "corridor-1"}}
	old := codec.Marshal(&oldLock{Record: rec, Seq: 3, Origin: "sw-cn-1", To: "corridor-1", Recipient: [20]byte{7}, Sender: [20]byte{8}, Locked: kit.Stamp{Height: 5}})
	now := codec.Marshal(&title.Lock{Record: rec, Seq: 3, Origin: "sw-cn-1", To: "corridor-1", Recipient: [20]byte{7}, Sender: [20]byte{8}, Locked: kit.Stamp{Height: 5}})
	if string(old) != string(now) {
		t.Fatal("a lock without a timeout encodes differently from a lock written before timeouts")
	}
	var l title.Lock
	if err := codec.Unmarshal(old, &l); err != nil || l.Timeout != 0 || l.Seq != 3 {
		t.Fatalf("an old lock: %+v %v", l, err)
	}
	if err := codec.Unmarshal(codec.Marshal(&title.Lock{Seq: 1, Timeout: 77}), &l); err != nil || l.Timeout != 77 {
		t.Fatalf("a lock with a timeout: %+v %v", l, err)
	}
	// And the send-away message likewise.
	type oldSendAway struct {
		ID        kit.Hash `wire:"1"`
		ChainID   string   `wire:"2"`
		Recipient [20]byte `wire:"3"`
	}
	if string(codec.Marshal(&oldSendAway{ID: kit.Hash{1}, ChainID: "c-1", Recipient: [20]byte{2}})) !=
		string(codec.Marshal(&title.MsgSendAway{ID: kit.Hash{1}, ChainID: "c-1", Recipient: [20]byte{2}})) {
		t.Fatal("a send-away without a timeout encodes differently from before")
	}
}
