package title_test

import (
	"crypto/sha256"
	"strings"
	"testing"

	"github.com/corridor-trade/corridor/app/apptest"
	"github.com/corridor-trade/corridor/codec"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/title"
)

// issueOn has sh-trader (a Shanghai carrier) issue an eBL of doc on h to
// owner and holder, and returns its id.
func issueOn(t *testing.T, p *pair, doc, owner, holder string) kit.Hash {
	t.Helper()
	d := kit.Hash(sha256.Sum256([]byte(doc)))
	ok(t, p.home, "sh-trader", &title.MsgIssue{Kind: title.KindEBL, DocHash: d, Owner: p.home.Addr(owner), Holder: p.home.Addr(holder)})
	return title.RecordID(p.home.Addr("sh-trader"), d)
}

// checkOneLive fails unless the record is live on exactly the chain named
// (nil: on neither) at the latest height of both.
func checkOneLive(t *testing.T, p *pair, id kit.Hash, where *struct{ home, away bool }) {
	t.Helper()
	h, a := live(t, p.home, id), live(t, p.away, id)
	if h && a {
		t.Fatalf("record %s is live on both chains (heights %d and %d)", id, p.home.Height, p.away.Height)
	}
	if h != where.home || a != where.away {
		t.Fatalf("record %s: live at home %v, away %v; want %v, %v", id, h, a, where.home, where.away)
	}
}

var (
	atHome  = &struct{ home, away bool }{true, false}
	atAway  = &struct{ home, away bool }{false, true}
	nowhere = &struct{ home, away bool }{false, false}
)

// TestMoveAndReturn moves an eBL from its origin chain to a counterparty,
// transacts on it there, brings it home, and moves it again: each step is
// verified through the other chain's docking light client, and the record
// is live on one chain at most after every block of either.
func TestMoveAndReturn(t *testing.T) {
	p := newPair(t)
	id := issueOn(t, p, "eBL SHA-2026-0001", "sg-trader", "sg-trader")
	checkOneLive(t, p, id, atHome)

	ok(t, p.home, "sg-trader", &title.MsgSendAway{ID: id, ChainID: awayChain, Recipient: p.away.Addr("hk-trader")})
	r, _ := record(t, p.home, id)
	if r.State != title.StateAway || r.Move == nil || r.Move.Seq != 1 || r.Move.Chain != awayChain || r.Move.Role != title.RoleOrigin {
		t.Fatalf("after send-away: %+v %+v", r, r.Move)
	}
	lv, _ := prove(t, p.home, title.LockKey(id, 1))
	var lock title.Lock
	if err := codec.Unmarshal(lv, &lock); err != nil || lock.Record.ID != id || lock.To != awayChain || lock.Origin != homeChain ||
		lock.Recipient != p.away.Addr("hk-trader") || lock.Seq != 1 || lock.Record.State != title.StateAway {
		t.Fatalf("lock: %+v %v", lock, err)
	}
	checkOneLive(t, p, id, nowhere)
	// Away, the holder can do nothing here.
	refuse(t, p.home, "sg-trader", codes.TitleAway, &title.MsgTransfer{ID: id, NewHolder: p.home.Addr("sg-bank")})
	refuse(t, p.home, "sh-trader", codes.TitleAway, &title.MsgExitToPaper{ID: id, Reason: "gone"})
	refuse(t, p.home, "sg-trader", codes.TitleAway, &title.MsgSendAway{ID: id, ChainID: awayChain, Recipient: p.away.Addr("hk-bank")})

	rm := p.receiveMsg(id, 1)
	ok(t, p.away, "sg-bank", rm) // any member relays
	m, _ := record(t, p.away, id)
	if m.State != title.StateActive || m.Holder != p.away.Addr("hk-trader") || m.Owner != m.Holder || !m.IsMirror() ||
		m.Move.Chain != homeChain || m.Move.Seq != 1 || m.Issuer != p.home.Addr("sh-trader") || m.ID != id {
		t.Fatalf("mirror: %+v %+v", m, m.Move)
	}
	if last := m.History[len(m.History)-1]; last.Step != title.StepReceive || len(m.History) != len(r.History)+1 {
		t.Fatalf("mirror history: %+v", m.History)
	}
	checkOneLive(t, p, id, atAway)
	refuse(t, p.away, "sg-bank", codes.TitleAlreadyReceived, rm) // one receipt per lock
	// The query says what each side may do: the mirror not what needs its
	// issuer, the origin nothing but unlock.
	if got := allowed(t, p.away, id); got != "transfer-holder nominate endorse send-home" {
		t.Errorf("the mirror's allowed steps: %s", got)
	}
	if got := allowed(t, p.home, id); got != "unlock" {
		t.Errorf("the away record's allowed steps: %s", got)
	}

	// On the counterparty the mirror takes the ordinary steps, but not those
	// that need its issuer, and it cannot go on to a third chain.
	ok(t, p.away, "hk-trader", &title.MsgEndorse{ID: id, NewOwner: p.away.Addr("hk-bank"), NewHolder: p.away.Addr("hk-bank")})
	refuse(t, p.away, "hk-bank", codes.TitleMirror, &title.MsgSurrender{ID: id})
	refuse(t, p.away, "sh-trader", codes.TitleMirror, &title.MsgExitToPaper{ID: id, Reason: "paper"})
	refuse(t, p.away, "hk-bank", codes.TitleMirror, &title.MsgSendAway{ID: id, ChainID: homeChain, Recipient: p.home.Addr("hk-bank")})

	ok(t, p.away, "hk-bank", &title.MsgSendHome{ID: id, Recipient: p.home.Addr("sh-bank")})
	m, _ = record(t, p.away, id)
	if m.State != title.StateReturned {
		t.Fatalf("mirror after send-home: %s", m.State)
	}
	checkOneLive(t, p, id, nowhere)
	refuse(t, p.away, "hk-bank", codes.TitleReturned, &title.MsgTransfer{ID: id, NewHolder: p.away.Addr("hk-trader")})
	refuse(t, p.away, "hk-bank", codes.TitleReturned, &title.MsgSendHome{ID: id, Recipient: p.home.Addr("sh-bank")})

	um := p.unlockMsg(id, 1)
	ok(t, p.home, "hk-customs", um)
	r, _ = record(t, p.home, id)
	if r.State != title.StateActive || r.Holder != p.home.Addr("sh-bank") || r.Owner != r.Holder || r.Move.Seq != 1 {
		t.Fatalf("after unlock: %+v %+v", r, r.Move)
	}
	if last := r.History[len(r.History)-1]; last.Step != title.StepUnlock || last.ToHolder != r.Holder {
		t.Fatalf("unlock entry: %+v", last)
	}
	checkOneLive(t, p, id, atHome)
	refuse(t, p.home, "hk-customs", codes.TitleNotAway, um) // a second unlock of the same return

	// A second trip: move 2, which revives the returned mirror; the first
	// lock stays refused.
	ok(t, p.home, "sh-bank", &title.MsgSendAway{ID: id, ChainID: awayChain, Recipient: p.away.Addr("sg-customs")})
	refuse(t, p.away, "sg-bank", codes.TitleAlreadyReceived, rm)
	checkOneLive(t, p, id, nowhere)
	ok(t, p.away, "sg-bank", p.receiveMsg(id, 2))
	m, _ = record(t, p.away, id)
	if m.Holder != p.away.Addr("sg-customs") || m.Move.Seq != 2 || m.State != title.StateActive {
		t.Fatalf("mirror of move 2: %+v %+v", m, m.Move)
	}
	checkOneLive(t, p, id, atAway)
	// The return of move 1 cannot unlock move 2.
	refuse(t, p.home, "hk-customs", codes.TitleBadReturn, um)
}

func allowed(t *testing.T, h *apptest.Harness, id kit.Hash) string {
	t.Helper()
	var v title.View
	if res := h.Query("/title/"+id.String(), &v); res.Code != 0 {
		t.Fatalf("query: %s", res.Log)
	}
	return strings.Join(v.Allowed, " ")
}

func reencode[T any](t *testing.T, b []byte, change func(*T)) []byte {
	t.Helper()
	var v T
	if err := codec.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	change(&v)
	return codec.Marshal(&v)
}

// TestMoveRefusals covers every refusal of the four messages of the move,
// each with its code and no change to the state.
func TestMoveRefusals(t *testing.T) {
	p := newPair(t)
	hk := p.away.Addr("hk-trader")
	send := func(id kit.Hash) *title.MsgSendAway {
		return &title.MsgSendAway{ID: id, ChainID: awayChain, Recipient: hk}
	}

	t.Run("send-away", func(t *testing.T) {
		id := issueOn(t, p, "eBL send-away", "sg-trader", "sg-trader")
		refuse(t, p.home, "sg-trader", codes.TitleNotFound, send(kit.Hash{1}))
		refuse(t, p.home, "sg-bank", codes.TitleNotHolder, send(id))
		refuse(t, p.home, "sg-trader", codes.DockingClientNotFound, &title.MsgSendAway{ID: id, ChainID: "nowhere-1", Recipient: hk})
		refuse(t, p.home, "sg-trader", codes.TxInvalidMsg, &title.MsgSendAway{ID: id, ChainID: homeChain, Recipient: hk})
		refuse(t, p.home, "sg-trader", codes.TxInvalidMsg, &title.MsgSendAway{ID: id, ChainID: awayChain})
		split := issueOn(t, p, "eBL held by a bank", "sg-trader", "sg-bank")
		refuse(t, p.home, "sg-bank", codes.TitleMoveNotOwner, send(split))
		ok(t, p.home, "sg-trader", &title.MsgNominate{ID: id, Nominee: p.home.Addr("hk-trader")})
		refuse(t, p.home, "sg-trader", codes.TitleNominationPending, send(id))
	})

	// Two records away and one returned, for the refusals of receive,
	// send-home and unlock.
	a := issueOn(t, p, "eBL A", "sg-trader", "sg-trader")
	b := issueOn(t, p, "eBL B", "sg-trader", "sg-trader")
	ok(t, p.home, "sg-trader", send(a))
	ok(t, p.home, "sg-trader", send(b))
	ra, rb := p.receiveMsg(a, 1), p.receiveMsg(b, 1)

	t.Run("receive", func(t *testing.T) {
		other := *ra
		other.ID = b
		refuse(t, p.away, "sg-bank", codes.TitleBadLock, &other) // a lock of another record
		elsewhere := *ra
		elsewhere.Lock = reencode(t, ra.Lock, func(l *title.Lock) { l.To = "third-1" })
		refuse(t, p.away, "sg-bank", codes.TitleBadLock, &elsewhere) // sent to another chain
		garbage := *ra
		garbage.Lock = []byte("not a lock")
		refuse(t, p.away, "sg-bank", codes.TitleBadLock, &garbage)
		forged := *ra
		forged.Lock = reencode(t, ra.Lock, func(l *title.Lock) { l.Recipient = p.away.Addr("sg-trader") })
		refuse(t, p.away, "sg-bank", codes.DockingBadProof, &forged) // the proof is of the true lock
		swapped := *ra
		swapped.Proof = rb.Proof
		refuse(t, p.away, "sg-bank", codes.DockingBadProof, &swapped) // the proof of another record's lock
		unknown := *ra
		unknown.Height = 999
		refuse(t, p.away, "sg-bank", codes.DockingHeightUnknown, &unknown)
		noClient := *ra
		noClient.ChainID = "nowhere-1"
		refuse(t, p.away, "sg-bank", codes.TitleBadLock, &noClient) // the lock names its writer
	})

	t.Run("receive where the id is taken", func(t *testing.T) {
		// The same carrier key issues the same document on the counterparty:
		// the same id, a record of its own there.
		doc := kit.Hash(sha256.Sum256([]byte("eBL C")))
		c := issueOn(t, p, "eBL C", "sg-trader", "sg-trader")
		ok(t, p.away, "sh-trader", &title.MsgIssue{Kind: title.KindEBL, DocHash: doc, Owner: p.away.Addr("sg-trader"), Holder: p.away.Addr("sg-trader")})
		ok(t, p.home, "sg-trader", send(c))
		refuse(t, p.away, "sg-bank", codes.TitleExists, p.receiveMsg(c, 1))
		refuse(t, p.away, "sg-trader", codes.TitleNotMirror, &title.MsgSendHome{ID: c, Recipient: p.home.Addr("sg-trader")})
	})

	t.Run("receive of a token imported here", func(t *testing.T) {
		// The same TradeTrust token imported on both chains by different
		// issuers: the mirror would be a second record of it here.
		tok := title.TokenRef{ChainID: 11155111, Registry: "0x" + strings.Repeat("ab", 20), TokenID: kit.Hash{0xee}}
		imp := func(doc string, owner [20]byte) *title.MsgImport {
			return &title.MsgImport{Kind: title.KindEBL, DocHash: kit.Hash(sha256.Sum256([]byte(doc))), MerkleRoot: kit.Hash{0xee},
				Token: tok, Owner: owner, Holder: owner}
		}
		ok(t, p.home, "sh-trader", imp("eBL imported", p.home.Addr("sg-trader")))
		ok(t, p.away, "hk-trader", imp("eBL imported again", p.away.Addr("hk-trader")))
		id := title.RecordID(p.home.Addr("sh-trader"), kit.Hash(sha256.Sum256([]byte("eBL imported"))))
		ok(t, p.home, "sg-trader", send(id))
		refuse(t, p.away, "sg-bank", codes.TitleImportExists, p.receiveMsg(id, 1))
	})

	t.Run("a lock to a non-member bounces", func(t *testing.T) {
		// The recipient is not a member of the counterparty: the receive
		// returns the mirror at once, and the origin unlocks the record to
		// its sender from that return.
		d := issueOn(t, p, "eBL D", "sg-trader", "sg-trader")
		ok(t, p.home, "sg-trader", &title.MsgSendAway{ID: d, ChainID: awayChain, Recipient: secp.Address{9}})
		ok(t, p.away, "sg-bank", p.receiveMsg(d, 1))
		if m, _ := record(t, p.away, d); m.State != title.StateReturned || m.Move.Recipient != p.home.Addr("sg-trader") {
			t.Fatalf("bounced mirror: %+v %+v", m, m.Move)
		}
		checkOneLive(t, p, d, nowhere)
		refuse(t, p.away, "sg-bank", codes.TitleReturned, &title.MsgTransfer{ID: d, NewHolder: p.away.Addr("hk-trader")})
		ok(t, p.home, "hk-customs", p.unlockMsg(d, 1))
		if r, _ := record(t, p.home, d); r.State != title.StateActive || r.Holder != p.home.Addr("sg-trader") {
			t.Fatalf("after the bounce came home: %+v", r)
		}
		checkOneLive(t, p, d, atHome)
	})

	ok(t, p.away, "sg-bank", ra)
	ok(t, p.away, "sg-bank", rb)

	t.Run("send-home", func(t *testing.T) {
		home := func(id kit.Hash) *title.MsgSendHome {
			return &title.MsgSendHome{ID: id, Recipient: p.home.Addr("sg-bank")}
		}
		refuse(t, p.away, "hk-trader", codes.TitleNotFound, home(kit.Hash{2}))
		refuse(t, p.home, "sg-trader", codes.TitleNotMirror, home(a)) // the origin's own record, away
		e := issueOn(t, p, "eBL E", "sg-trader", "sg-trader")
		refuse(t, p.home, "sg-trader", codes.TitleNotMirror, home(e)) // a record never sent
		refuse(t, p.away, "hk-bank", codes.TitleNotHolder, home(a))
		ok(t, p.away, "hk-trader", &title.MsgTransfer{ID: b, NewHolder: p.away.Addr("hk-bank")})
		refuse(t, p.away, "hk-bank", codes.TitleMoveNotOwner, home(b))
		ok(t, p.away, "hk-bank", &title.MsgReject{ID: b}) // hk-trader holds and owns it again
	})

	ok(t, p.away, "hk-trader", &title.MsgSendHome{ID: a, Recipient: p.home.Addr("sg-bank")})
	ok(t, p.away, "hk-trader", &title.MsgSendHome{ID: b, Recipient: p.home.Addr("sg-bank")})
	ua, ub := p.unlockMsg(a, 1), p.unlockMsg(b, 1)

	t.Run("unlock", func(t *testing.T) {
		never := issueOn(t, p, "eBL never sent", "sg-trader", "sg-trader")
		n := *ua
		n.ID = never
		refuse(t, p.home, "hk-customs", codes.TitleNotAway, &n) // a return of a record never sent
		unknown := *ua
		unknown.ID = kit.Hash{3}
		refuse(t, p.home, "hk-customs", codes.TitleNotFound, &unknown)
		other := *ua
		other.ID = b
		refuse(t, p.home, "hk-customs", codes.TitleBadReturn, &other) // the return of another record
		swapped := *ua
		swapped.Proof = ub.Proof
		refuse(t, p.home, "hk-customs", codes.DockingBadProof, &swapped) // the proof of another record's return
		forged := *ua
		forged.Return = reencode(t, ua.Return, func(r *title.Return) { r.Recipient = p.home.Addr("hk-customs") })
		refuse(t, p.home, "hk-customs", codes.DockingBadProof, &forged)
		wrongChain := *ua
		wrongChain.ChainID = "nowhere-1"
		refuse(t, p.home, "hk-customs", codes.TitleNotAway, &wrongChain)
		wrongSeq := *ua
		wrongSeq.Return = reencode(t, ua.Return, func(r *title.Return) { r.Seq = 7 })
		refuse(t, p.home, "hk-customs", codes.TitleBadReturn, &wrongSeq)
		garbage := *ua
		garbage.Return = []byte{0xff}
		refuse(t, p.home, "hk-customs", codes.TitleBadReturn, &garbage)
	})

	ok(t, p.home, "hk-customs", ua)
	ok(t, p.home, "hk-customs", ub)
	for _, id := range []kit.Hash{a, b} {
		checkOneLive(t, p, id, atHome)
	}
}

// TestMoveTable checks the move's rows and columns of the state table:
// unlock and cancel-away only from away, receive only into a returned mirror, send-away
// and send-home from the states in which the holder acts freely, and the
// core states' own refusals elsewhere.
func TestMoveTable(t *testing.T) {
	want := map[string]map[string]any{
		title.StateActive:      {title.StepSendAway: title.StateAway, title.StepSendHome: title.StateReturned, title.StepUnlock: codes.TitleNotAway, title.StepReceive: codes.TitleAlreadyReceived, title.StepCancelAway: codes.TitleNotAway},
		title.StateTransferred: {title.StepSendAway: title.StateAway, title.StepSendHome: title.StateReturned, title.StepUnlock: codes.TitleNotAway, title.StepReceive: codes.TitleAlreadyReceived, title.StepCancelAway: codes.TitleNotAway},
		title.StateNominated:   {title.StepSendAway: codes.TitleNominationPending, title.StepSendHome: codes.TitleNominationPending, title.StepUnlock: codes.TitleNotAway, title.StepReceive: codes.TitleAlreadyReceived, title.StepCancelAway: codes.TitleNotAway},
		title.StateSurrendered: {title.StepSendAway: codes.TitleSurrenderPending, title.StepSendHome: codes.TitleSurrenderPending, title.StepUnlock: codes.TitleNotAway, title.StepReceive: codes.TitleAlreadyReceived, title.StepCancelAway: codes.TitleNotAway},
		title.StateSpent:       {title.StepSendAway: codes.TitleSpent, title.StepSendHome: codes.TitleSpent, title.StepUnlock: codes.TitleNotAway, title.StepReceive: codes.TitleAlreadyReceived, title.StepCancelAway: codes.TitleNotAway},
		title.StatePaper:       {title.StepSendAway: codes.TitlePaper, title.StepSendHome: codes.TitlePaper, title.StepUnlock: codes.TitleNotAway, title.StepReceive: codes.TitleAlreadyReceived, title.StepCancelAway: codes.TitleNotAway},
		title.StateAway:        {title.StepSendAway: codes.TitleAway, title.StepSendHome: codes.TitleAway, title.StepUnlock: title.StateActive, title.StepReceive: codes.TitleAlreadyReceived, title.StepCancelAway: title.StateActive},
		title.StateReturned:    {title.StepSendAway: codes.TitleReturned, title.StepSendHome: codes.TitleReturned, title.StepUnlock: codes.TitleNotAway, title.StepReceive: title.StateActive, title.StepCancelAway: codes.TitleNotAway},
	}
	for _, s := range title.States {
		row, ok := want[s]
		if !ok {
			t.Errorf("state %s has no expected row here", s)
			continue
		}
		for step, exp := range row {
			c := title.Can(s, step)
			switch exp := exp.(type) {
			case string:
				if !c.Allowed() || c.Next != exp {
					t.Errorf("Can(%s, %s) = %+v, want → %s", s, step, c, exp)
				}
			case *codes.Error:
				if c.Refuse != exp {
					t.Errorf("Can(%s, %s) = %+v, want %s", s, step, c, exp)
				}
			}
		}
		// Every core step is refused in the two states of the move.
		if s == title.StateAway || s == title.StateReturned {
			for _, step := range []string{title.StepTransfer, title.StepNominate, title.StepEndorse, title.StepReject,
				title.StepSurrender, title.StepAcceptSurrender, title.StepRejectSurrender, title.StepExitToPaper} {
				if c := title.Can(s, step); c.Allowed() {
					t.Errorf("%s allows %s", s, step)
				}
			}
		}
	}
}

// TestMoveLine checks the verdict line of a record away, mirrored and
// returned: it names the other chain, and a record away or returned is
// not held here.
func TestMoveLine(t *testing.T) {
	e := newEnv(t)
	id := e.issue("eBL line")
	for _, c := range []struct {
		state, role, want string
		ok                bool
	}{
		{title.StateAway, title.RoleOrigin, "away on corridor-1 since height 7, move 1: it is held there, not here", false},
		{title.StateActive, title.RoleMirror, "mirror of a record of corridor-1, received at height 9, move 1", true},
		{title.StateReturned, title.RoleMirror, "sent home to corridor-1 at height 7, move 1", false},
		{title.StateActive, title.RoleOrigin, "", true},
	} {
		r := e.record(id)
		r.State, r.Move = c.state, &title.Move{Role: c.role, Seq: 1, Chain: "corridor-1", Sent: kit.Stamp{Height: 7}, Arrived: kit.Stamp{Height: 9}}
		kit.Put(e.KV, title.RecordKey(id), &r)
		ok, detail, found := title.DocumentLine(e.KV, docHash("eBL line"), nil, apptest.GenesisTime)
		if !found || ok != c.ok || !strings.Contains(detail, c.want) || (c.want == "" && strings.Contains(detail, "corridor-1")) {
			t.Errorf("%s %s: ok %v, %q", c.state, c.role, ok, detail)
		}
	}
}

// TestMoveFrozenClient freezes each chain's client of the other (two valid
// headers for one height) and checks that nothing moves through it: no
// receive of a lock, no send-away towards it.
func TestMoveFrozenClient(t *testing.T) {
	p := newPair(t)
	id := issueOn(t, p, "eBL frozen", "sg-trader", "sg-trader")
	ok(t, p.home, "sg-trader", &title.MsgSendAway{ID: id, ChainID: awayChain, Recipient: p.away.Addr("hk-trader")})
	rm := p.receiveMsg(id, 1)
	// A second valid header for the height the lock was proved at.
	ok(t, p.away, "sh-bank", p.signs[p.home].update(rm.Height, h32("another history")))
	refuse(t, p.away, "sg-bank", codes.DockingClientFrozen, rm)

	other := issueOn(t, p, "eBL frozen 2", "sg-trader", "sg-trader")
	held := p.relay(p.away)
	ok(t, p.home, "sh-bank", p.signs[p.away].update(held, h32("another state")))
	refuse(t, p.home, "sg-trader", codes.DockingClientFrozen, &title.MsgSendAway{ID: other, ChainID: awayChain, Recipient: p.away.Addr("hk-trader")})
}
