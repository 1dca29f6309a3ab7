package title

import (
	"strconv"

	"github.com/corridor-trade/corridor/codec"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/docking"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/membership"
)

// crossChainRoutes lists the messages of the cross-chain move. Any active
// member may sign them: who may send is the record's business (its holder
// and owner), and receive and unlock carry proofs the chain verifies.
func crossChainRoutes() []kit.Route {
	return []kit.Route{
		{Type: TypeSendAway, New: func() kit.Msg { return &MsgSendAway{} }, Handle: func(c *kit.Context, m kit.Msg) error { return SendAway(c, m.(*MsgSendAway)) }},
		{Type: TypeReceive, New: func() kit.Msg { return &MsgReceive{} }, Handle: func(c *kit.Context, m kit.Msg) error { return Receive(c, m.(*MsgReceive)) }},
		{Type: TypeSendHome, New: func() kit.Msg { return &MsgSendHome{} }, Handle: func(c *kit.Context, m kit.Msg) error { return SendHome(c, m.(*MsgSendHome)) }},
		{Type: TypeUnlock, New: func() kit.Msg { return &MsgUnlock{} }, Handle: func(c *kit.Context, m kit.Msg) error { return Unlock(c, m.(*MsgUnlock)) }},
		{Type: TypeCancelAway, New: func() kit.Msg { return &MsgCancelAway{} }, Handle: func(c *kit.Context, m kit.Msg) error { return CancelAway(c, m.(*MsgCancelAway)) }},
	}
}

// holderOwner checks that the signer holds and owns r: a move hands both
// to the recipient on the other chain, so the owner must consent.
func holderOwner(r *Record, s secp.Address) error {
	if err := isHolder(r, s); err != nil {
		return err
	}
	if r.Owner != s {
		return codes.TitleMoveNotOwner.Wrapf("record %s is held by %s but owned by %s: only a holder who owns it may move it to another chain", r.ID, s, r.Owner)
	}
	return nil
}

func emitMove(ctx *kit.Context, action string, id Hash, seq uint64, from, to string) {
	ctx.Emit(EventMove, "action", action, "id", id.String(), "seq", strconv.FormatUint(seq, 10), "from_chain", from, "to_chain", to)
}

// SendAway locks a record here and commits its Lock (MsgSendAway).
func SendAway(ctx *kit.Context, msg *MsgSendAway) error {
	if err := msg.ValidateBasic(); err != nil {
		return err
	}
	if msg.ChainID == ctx.ChainID {
		return codes.TxInvalidMsg.Wrapf("%s is this chain's own chain-id", msg.ChainID)
	}
	// The return must be verifiable: an active cometbft client of the
	// counterparty, or the record would be stuck away.
	c, err := docking.ActiveCometBFT(ctx, msg.ChainID)
	if err != nil {
		return err
	}
	// A timeout the counterparty has reached (its header of that height is
	// held here) would make a lock that can never be received.
	if msg.TimeoutHeight != 0 && msg.TimeoutHeight <= c.LatestHeight {
		return codes.TitleTimeoutPassed.Wrapf("timeout height %d: this chain's client of %s already holds its header %d, so the lock could never be received there",
			msg.TimeoutHeight, msg.ChainID, c.LatestHeight)
	}
	var seq uint64
	reason := "to " + msg.ChainID
	if msg.TimeoutHeight != 0 {
		reason += " (timeout at its height " + strconv.FormatInt(msg.TimeoutHeight, 10) + ")"
	}
	err = take(ctx, msg.ID, StepSendAway, reason, func(r *Record, s secp.Address) error {
		if r.IsMirror() {
			return codes.TitleMirror.Wrapf("record %s is a mirror of a record of %s: send it home (send-home), not to a third chain", r.ID, r.Move.Chain)
		}
		if err := holderOwner(r, s); err != nil {
			return err
		}
		if r.Move == nil {
			r.Move = &Move{Role: RoleOrigin}
		}
		r.Move.Seq++
		r.Move.Chain, r.Move.Recipient, r.Move.Sent, r.Move.Timeout = msg.ChainID, msg.Recipient, ctx.Stamp(), msg.TimeoutHeight
		seq = r.Move.Seq
		return nil
	})
	if err != nil {
		return err
	}
	r, _ := GetRecord(ctx.KV, msg.ID)
	kit.Put(ctx.KV, LockKey(r.ID, seq), &Lock{Record: r, Seq: seq, Origin: ctx.ChainID, To: msg.ChainID,
		Recipient: msg.Recipient, Sender: ctx.Signer, Locked: ctx.Stamp(), Timeout: msg.TimeoutHeight})
	emitMove(ctx, ActionSentAway, r.ID, seq, ctx.ChainID, msg.ChainID)
	return nil
}

// Receive verifies a counterparty's lock and creates (or revives) the
// record's mirror here (MsgReceive).
func Receive(ctx *kit.Context, msg *MsgReceive) error {
	if err := msg.ValidateBasic(); err != nil {
		return err
	}
	signer, err := membership.Signer(ctx, "")
	if err != nil {
		return err
	}
	var l Lock
	if err := codec.Unmarshal(msg.Lock, &l); err != nil {
		return codes.TitleBadLock.Wrapf("the lock does not decode: %v", err)
	}
	switch {
	case l.Record.ID != msg.ID || l.Seq == 0:
		return codes.TitleBadLock.Wrapf("the lock is of record %s move %d, not of record %s", l.Record.ID, l.Seq, msg.ID)
	case l.Origin != msg.ChainID:
		return codes.TitleBadLock.Wrapf("the lock was written by %q, not by %s", clipID(l.Origin), msg.ChainID)
	case l.To != ctx.ChainID:
		return codes.TitleBadLock.Wrapf("the lock sends record %s to %q, not to this chain %s", msg.ID, clipID(l.To), ctx.ChainID)
	case l.Record.State != StateAway || l.Record.Move == nil || l.Record.Move.Seq != l.Seq:
		return codes.TitleBadLock.Wrapf("the locked record is not away on move %d", l.Seq)
	}
	// A lock is received only below its timeout height: from that height on
	// the origin may cancel the send-away on a proof that this chain holds
	// no receipt of it, so a receipt written later would make the record
	// live on both chains.
	if l.Timeout != 0 && l.Timeout <= ctx.Height {
		return codes.TitleTimeoutPassed.Wrapf("the lock of record %s move %d timed out at this chain's height %d (this block is %d)",
			msg.ID, l.Seq, l.Timeout, ctx.Height)
	}
	proved, err := docking.VerifyValue(ctx, msg.ChainID, msg.Height, LockKey(msg.ID, l.Seq), msg.Lock, msg.Proof)
	if err != nil {
		return err
	}
	var oldHolder secp.Address
	var history []HistoryEntry
	if prev, ok := GetRecord(ctx.KV, msg.ID); ok {
		switch {
		case !prev.IsMirror() || prev.Move.Chain != msg.ChainID:
			return codes.TitleExists.Wrapf("a record %s that is not a mirror of %s exists here", msg.ID, msg.ChainID)
		case prev.Move.Seq >= l.Seq:
			return codes.TitleAlreadyReceived.Wrapf("move %d of record %s was received here already (this is move %d)", prev.Move.Seq, msg.ID, l.Seq)
		}
		if cell := Can(prev.State, StepReceive); !cell.Allowed() {
			return cell.Refuse.Wrapf("receive of record %s in state %s", msg.ID, prev.State)
		}
		oldHolder, history = prev.Holder, prev.History
	}
	// A lock to a member this chain does not have (or has suspended) bounces:
	// the mirror is returned at once, to the sender, and the origin unlocks
	// it from that return like from any other, so that no record is stuck
	// away for want of a recipient.
	bounce := activeParty(ctx, "recipient", l.Recipient) != nil
	if imp := l.Record.Import; imp != nil && oldHolder.IsZero() {
		if other, dup := ImportedAs(ctx.KV, imp.Token); dup && other != msg.ID {
			return codes.TitleImportExists.Wrapf("token %s of registry %s on chain %d is record %s here", imp.Token.TokenID, imp.Token.Registry, imp.Token.ChainID, other)
		}
	}
	m := l.Record
	m.State, m.Holder, m.Owner, m.Nominee, m.Prev = StateActive, l.Recipient, l.Recipient, secp.Address{}, Prev{}
	m.Move = &Move{Role: RoleMirror, Seq: l.Seq, Chain: msg.ChainID, Arrived: ctx.Stamp(), ProvedAt: proved.Height}
	reason := "received from " + msg.ChainID + " (move " + strconv.FormatUint(l.Seq, 10) + ", proved at its height " +
		strconv.FormatInt(proved.Height, 10) + "); entries before were recorded there"
	if bounce {
		m.State = StateReturned
		m.Move.Recipient, m.Move.Sent = l.Sender, ctx.Stamp()
		reason = "bounced to its sender on " + msg.ChainID + ": the recipient " + l.Recipient.String() +
			" is not an active member here (move " + strconv.FormatUint(l.Seq, 10) + ", proved at its height " +
			strconv.FormatInt(proved.Height, 10) + "); entries before were recorded there"
	}
	// The mirror keeps the origin's history (at the origin's heights) and
	// what it did here on earlier visits; the receive entry marks the
	// boundary.
	if history == nil {
		history = l.Record.History
	}
	m.History = append(history, HistoryEntry{Step: StepReceive, By: signer.Address, FromHolder: l.Sender, ToHolder: m.Holder,
		FromOwner: l.Sender, ToOwner: m.Owner, State: m.State, At: ctx.Stamp(), Reason: reason})
	if oldHolder.IsZero() {
		newRecord(ctx.KV, &m)
	} else {
		putRecord(ctx.KV, &m, oldHolder)
	}
	// The receipt: written once and never deleted (the origin's cancel of
	// the send-away proves its absence; see Receipt).
	kit.Put(ctx.KV, ReceiptKey(m.ID, l.Seq, msg.ChainID), &Receipt{Received: ctx.Stamp(), ProvedAt: proved.Height})
	ctx.Emit("title", "step", StepReceive, "id", m.ID.String(), "by", signer.Address.String(), "holder", m.Holder.String(),
		"owner", m.Owner.String(), "state", m.State)
	emitMove(ctx, ActionReceived, m.ID, l.Seq, msg.ChainID, ctx.ChainID)
	if bounce {
		ret := Return{ID: m.ID, Seq: l.Seq, Origin: msg.ChainID, From: ctx.ChainID, Recipient: l.Sender,
			Returned: ctx.Stamp(), Steps: m.History[len(m.History)-1:]}
		kit.Put(ctx.KV, ReturnKey(m.ID, l.Seq), &ret)
		emitMove(ctx, ActionSentHome, m.ID, l.Seq, ctx.ChainID, msg.ChainID)
	}
	return nil
}

// SendHome returns a mirror to its origin and commits the Return
// (MsgSendHome).
func SendHome(ctx *kit.Context, msg *MsgSendHome) error {
	if err := msg.ValidateBasic(); err != nil {
		return err
	}
	r, ok := GetRecord(ctx.KV, msg.ID)
	if ok && !r.IsMirror() {
		return codes.TitleNotMirror.Wrapf("record %s was issued here, not received from another chain: there is no home to send it to", msg.ID)
	}
	var start int
	err := take(ctx, msg.ID, StepSendHome, "to "+originOf(&r), func(r *Record, s secp.Address) error {
		if err := holderOwner(r, s); err != nil {
			return err
		}
		start = lastReceive(r.History)
		r.Move.Recipient, r.Move.Sent = msg.Recipient, ctx.Stamp()
		return nil
	})
	if err != nil {
		return err
	}
	r, _ = GetRecord(ctx.KV, msg.ID)
	ret := Return{ID: r.ID, Seq: r.Move.Seq, Origin: r.Move.Chain, From: ctx.ChainID, Recipient: msg.Recipient,
		Sender: ctx.Signer, Returned: ctx.Stamp(), Steps: append([]HistoryEntry(nil), r.History[start:]...)}
	kit.Put(ctx.KV, ReturnKey(r.ID, ret.Seq), &ret)
	emitMove(ctx, ActionSentHome, r.ID, ret.Seq, ctx.ChainID, ret.Origin)
	return nil
}

func originOf(r *Record) string {
	if r.Move == nil {
		return ""
	}
	return r.Move.Chain
}

// lastReceive returns the index of the last receive entry of a history.
func lastReceive(h []HistoryEntry) int {
	for i := len(h) - 1; i >= 0; i-- {
		if h[i].Step == StepReceive {
			return i
		}
	}
	return 0
}

// Unlock verifies a counterparty's return and makes the record active here
// again, held and owned by the return's recipient (MsgUnlock).
func Unlock(ctx *kit.Context, msg *MsgUnlock) error {
	if err := msg.ValidateBasic(); err != nil {
		return err
	}
	var ret Return
	if err := codec.Unmarshal(msg.Return, &ret); err != nil {
		return codes.TitleBadReturn.Wrapf("the return does not decode: %v", err)
	}
	r, ok := GetRecord(ctx.KV, msg.ID)
	if !ok {
		return codes.TitleNotFound.Wrapf("no record %s", msg.ID)
	}
	if r.State != StateAway || r.Move == nil || r.Move.Role != RoleOrigin || r.Move.Chain != msg.ChainID {
		return codes.TitleNotAway.Wrapf("record %s is %s here, not away on %s", msg.ID, r.State, msg.ChainID)
	}
	switch {
	case ret.ID != msg.ID:
		return codes.TitleBadReturn.Wrapf("the return is of record %s, not of record %s", ret.ID, msg.ID)
	case ret.Seq != r.Move.Seq:
		return codes.TitleBadReturn.Wrapf("the return is of move %d of record %s; the record is away on move %d", ret.Seq, msg.ID, r.Move.Seq)
	case ret.From != msg.ChainID:
		return codes.TitleBadReturn.Wrapf("the return was written by %q, not by %s", clipID(ret.From), msg.ChainID)
	case ret.Origin != ctx.ChainID:
		return codes.TitleBadReturn.Wrapf("the return sends record %s to %q, not to this chain %s", msg.ID, clipID(ret.Origin), ctx.ChainID)
	}
	proved, err := docking.VerifyValue(ctx, msg.ChainID, msg.Height, ReturnKey(msg.ID, ret.Seq), msg.Return, msg.Proof)
	if err != nil {
		return err
	}
	if err := activeParty(ctx, "recipient", ret.Recipient); err != nil {
		return err
	}
	reason := "home from " + msg.ChainID + " (move " + strconv.FormatUint(ret.Seq, 10) + ", " + strconv.Itoa(len(ret.Steps)) +
		" steps there, sent home at its height " + strconv.FormatInt(ret.Returned.Height, 10) + ", proved at its height " +
		strconv.FormatInt(proved.Height, 10) + ")"
	return comeHome(ctx, msg.ID, StepUnlock, reason, ret.Recipient, proved.Height, ret.Seq, msg.ChainID, ActionUnlocked)
}

// comeHome ends a record's move to chainID here: the record is live again,
// held and owned by to, with a history entry (step, reason) and a
// title_move event (action). provedAt is the counterparty height whose
// state proved the move over (its return, or the absence of its receipt).
func comeHome(ctx *kit.Context, id Hash, step, reason string, to secp.Address, provedAt int64, seq uint64, chainID, action string) error {
	err := take(ctx, id, step, reason, func(r *Record, _ secp.Address) error {
		r.Holder, r.Owner = to, to
		r.Move.Recipient, r.Move.Arrived, r.Move.ProvedAt, r.Move.Timeout = secp.Address{}, ctx.Stamp(), provedAt, 0
		return nil
	})
	if err != nil {
		return err
	}
	emitMove(ctx, action, id, seq, chainID, ctx.ChainID)
	return nil
}

// CancelAway brings back a record whose send-away timed out unreceived
// (MsgCancelAway): the lock of the move it is away on has a timeout
// height, the proof's counterparty header is above it, and the
// counterparty's state committed by that header holds no receipt of the
// lock. Since the counterparty refuses the lock from the timeout height on
// and never deletes a receipt, the lock was not received and never will
// be; the record is active here again, held and owned by its sender. The
// lock stays in the store (as every lock does); the next move has the next
// number.
func CancelAway(ctx *kit.Context, msg *MsgCancelAway) error {
	if err := msg.ValidateBasic(); err != nil {
		return err
	}
	r, ok := GetRecord(ctx.KV, msg.ID)
	if !ok {
		return codes.TitleNotFound.Wrapf("no record %s", msg.ID)
	}
	if r.State != StateAway || r.Move == nil || r.Move.Role != RoleOrigin || r.Move.Chain != msg.ChainID {
		return codes.TitleNotAway.Wrapf("record %s is %s here, not away on %s", msg.ID, r.State, msg.ChainID)
	}
	if msg.Seq != r.Move.Seq {
		return codes.TitleBadLock.Wrapf("record %s is away on move %d, not move %d", msg.ID, r.Move.Seq, msg.Seq)
	}
	l, ok := GetLock(ctx.KV, msg.ID, msg.Seq)
	if !ok {
		return codes.Internal.Wrapf("record %s is away on move %d but its lock is missing", msg.ID, msg.Seq)
	}
	if l.Timeout == 0 {
		return codes.TitleNoTimeout.Wrapf("the lock of record %s move %d has no timeout height: it can still be received on %s, so only its return brings the record back",
			msg.ID, msg.Seq, msg.ChainID)
	}
	if msg.Height <= l.Timeout {
		return codes.TitleTimeoutNotPassed.Wrapf("the proof is at height %d of %s, not above the lock's timeout height %d: the lock could still be received there",
			msg.Height, msg.ChainID, l.Timeout)
	}
	proved, err := docking.VerifyAbsence(ctx, msg.ChainID, msg.Height, ReceiptKey(msg.ID, msg.Seq, ctx.ChainID), msg.Proof, codes.TitleLockReceived)
	if err != nil {
		return err
	}
	reason := "send-away to " + msg.ChainID + " cancelled (move " + strconv.FormatUint(msg.Seq, 10) + "): not received by its timeout height " +
		strconv.FormatInt(l.Timeout, 10) + ", no receipt there at its height " + strconv.FormatInt(proved.Height, 10)
	return comeHome(ctx, msg.ID, StepCancelAway, reason, l.Sender, proved.Height, msg.Seq, msg.ChainID, ActionCancelled)
}
