package title

import (
	"fmt"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/store"
)

// The cross-chain move (docs/transferable.md, "Across chains").
//
// A record moves to a counterparty chain and back through the docking
// module's cometbft light clients, and is live on one chain at a time:
//
//  1. On the origin (where it was issued), its holder, who must also own
//     it, sends it away (MsgSendAway) to a member of the counterparty.
//     The record enters the state away, in which no step but unlock is
//     possible, and a Lock is written at LockKey(id, seq).
//  2. On the counterparty, anyone relays the lock (MsgReceive) with an
//     ICS-23 proof of LockKey at a height of the origin that the
//     counterparty's light client of the origin holds
//     (docking.VerifyValue). A mirror of the record is created (same id,
//     Move.Origin set), held and owned by the recipient; it takes the
//     ordinary steps there except those that need the issuer. Each lock is
//     received once. A lock to a recipient that is not an active member
//     there bounces: the mirror is returned at once, to the sender.
//  3. The mirror's holder (again also its owner) sends it home
//     (MsgSendHome) to a member of the origin: the mirror enters the state
//     returned, in which nothing is possible, and a Return is written at
//     ReturnKey(id, seq).
//  4. On the origin, anyone relays the return (MsgUnlock) with its proof
//     at a height of the counterparty; the record is active again, held
//     and owned by the member named in the return, and its next move has
//     the next sequence number.
//
// The mirror is created only from a proof of the lock, which exists only
// once the origin is away, and the origin unlocks only from a proof of the
// return, which exists only once the mirror is returned: at no height is
// the record live on both chains.
//
// A send-away may name a timeout height of the counterparty (as an IBC
// packet does): the counterparty refuses the lock in a block at or above
// it, and writes a Receipt at ReceiptKey when it receives one in time.
// Once the origin's client holds a counterparty header above the timeout,
// an ICS-23 proof that the receipt is absent at that header shows that the
// lock was not received and never will be, and anyone may cancel the
// send-away (MsgCancelAway): the record is active here again, with its
// sender.

// The states of the move.
const (
	// StateAway: the record was sent to a counterparty chain (origin side).
	StateAway = "away"
	// StateReturned: the mirror was sent home (counterparty side).
	StateReturned = "returned"
)

// The steps of the move.
const (
	StepSendAway = "send-away"
	StepReceive  = "receive"
	StepSendHome = "send-home"
	StepUnlock   = "unlock"
	// StepCancelAway brings back a record whose lock timed out on the
	// counterparty without being received.
	StepCancelAway = "cancel-away"
)

// Move roles.
const (
	RoleOrigin = "origin"
	RoleMirror = "mirror"
)

func init() {
	// send-away and send-home leave the states in which the holder acts
	// freely; away is left only by unlock, returned only by receive (a
	// later move of the record).
	AddState(StateAway, Row{Allow: map[string]string{StepUnlock: StateActive, StepCancelAway: StateActive}, Default: codes.TitleAway}, nil, nil)
	AddState(StateReturned, Row{Allow: map[string]string{StepReceive: StateActive}, Default: codes.TitleReturned},
		[]string{StepSendAway, StepReceive, StepSendHome, StepUnlock, StepCancelAway},
		map[string]map[string]string{
			StateActive:      {StepSendAway: StateAway, StepSendHome: StateReturned},
			StateTransferred: {StepSendAway: StateAway, StepSendHome: StateReturned},
		})
	// Refusals more precise than a row's default: unlock or cancel of a
	// record that is not away, receive of one that is live or done here.
	for _, s := range States {
		r := Table[s]
		if s != StateAway {
			r.Refusals = withRefusal(r.Refusals, StepUnlock, codes.TitleNotAway)
			r.Refusals = withRefusal(r.Refusals, StepCancelAway, codes.TitleNotAway)
		}
		if s != StateReturned {
			r.Refusals = withRefusal(r.Refusals, StepReceive, codes.TitleAlreadyReceived)
		}
		Table[s] = r
	}
}

func withRefusal(m map[string]*codes.Error, step string, c *codes.Error) map[string]*codes.Error {
	out := make(map[string]*codes.Error, len(m)+1)
	for k, v := range m {
		out[k] = v
	}
	out[step] = c
	return out
}

// Move is a record's part in moves between chains. On the origin it is set
// by the first send-away; on a mirror, by the receive.
type Move struct {
	// Role is RoleOrigin on the chain that issued the record and
	// RoleMirror on a counterparty.
	Role string `wire:"1" json:"role"`
	// Seq is the number of the record's latest move (1 for its first
	// departure): the lock and return of that move are keyed by it.
	Seq uint64 `wire:"2" json:"seq"`
	// Chain is the other chain of the latest move: the counterparty on the
	// origin, the origin on a mirror.
	Chain string `wire:"3" json:"chain"`
	// Recipient is the member of the other chain the record was sent to
	// (away: the counterparty's; returned: the origin's); zero, and absent
	// in JSON, once the record is unlocked at home.
	Recipient secp.Address `wire:"4" json:"recipient,omitzero"`
	// Sent is when the record last left this chain (zero while it has not).
	Sent kit.Stamp `wire:"5" json:"sent"`
	// Arrived is when the record last arrived here: received (mirror),
	// unlocked or its send-away cancelled (origin).
	Arrived kit.Stamp `wire:"6" json:"arrived"`
	// ProvedAt is the other chain's height whose header the last arrival
	// (or the cancel's absence of a receipt) was proved against.
	ProvedAt int64 `wire:"7" json:"proved_at,omitempty"`
	// Timeout is the counterparty height from which the lock of the move
	// the record is away on can no longer be received (origin, state away;
	// zero for a send-away without one, and once the record is back).
	Timeout int64 `wire:"8" json:"timeout_height,omitempty"`
}

// Lock is what the origin commits when a record leaves: the record as it
// left (state away) and where it went. A counterparty proves it with an
// ICS-23 proof of LockKey(Record.ID, Seq).
type Lock struct {
	Record    Record       `wire:"1" json:"record"`
	Seq       uint64       `wire:"2" json:"seq"`
	Origin    string       `wire:"3" json:"origin"` // the chain-id of the chain that wrote the lock
	To        string       `wire:"4" json:"to"`     // the counterparty's chain-id
	Recipient secp.Address `wire:"5" json:"recipient"`
	Sender    secp.Address `wire:"6" json:"sender"`
	Locked    kit.Stamp    `wire:"7" json:"locked"`
	// Timeout is the counterparty height at and above which the lock is
	// refused (zero: none, as locks written before timeouts existed, which
	// therefore can never be cancelled). A zero timeout is not encoded, so
	// such a lock has the bytes it had before the field existed.
	Timeout int64 `wire:"8" json:"timeout_height,omitempty"`
}

// Receipt is what a counterparty writes when it receives a lock (a bounce
// included), at ReceiptKey(id, seq, origin). The origin's cancel of a
// send-away rests on the proved absence of this key above the lock's
// timeout, so a receipt is never deleted or overwritten once written: no
// code path of this module deletes a key under title/receipt, and a lock
// is received once (TestReceiptStays checks that it outlives the
// mirror's trip home and its next visit).
type Receipt struct {
	Received kit.Stamp `wire:"1" json:"received"`
	// ProvedAt is the origin's height the lock was proved against.
	ProvedAt int64 `wire:"2" json:"proved_at"`
}

// Return is what a counterparty commits when a mirror is sent home: the
// member of the origin who receives it, and the steps the record took on
// the counterparty. The origin proves it with an ICS-23 proof of
// ReturnKey(ID, Seq).
type Return struct {
	ID        Hash         `wire:"1" json:"id"`
	Seq       uint64       `wire:"2" json:"seq"`
	Origin    string       `wire:"3" json:"origin"` // where the record goes home to
	From      string       `wire:"4" json:"from"`   // the chain-id of the chain that wrote the return
	Recipient secp.Address `wire:"5" json:"recipient"`
	Sender    secp.Address `wire:"6" json:"sender"`
	Returned  kit.Stamp    `wire:"7" json:"returned"`
	// Steps are the mirror's history entries from its receive to its
	// send-home, at the counterparty's heights.
	Steps []HistoryEntry `wire:"8" json:"steps"`
}

// Store keys of the move:
//
//	title/lock/<id 32B>/<seq 8B>                     → Lock    (origin)
//	title/return/<id 32B>/<seq 8B>                   → Return  (counterparty)
//	title/receipt/<id 32B>/<seq 8B>/<origin chain-id> → Receipt (counterparty; never deleted)
const (
	prefixLock    = "title/lock"
	prefixReturn  = "title/return"
	prefixReceipt = "title/receipt"
)

// LockKey is the store key of a record's lock for its move seq.
func LockKey(id Hash, seq uint64) []byte { return kit.Key(prefixLock, id[:], kit.Uint64Key(seq)) }

// ReturnKey is the store key of a mirror's return for move seq.
func ReturnKey(id Hash, seq uint64) []byte { return kit.Key(prefixReturn, id[:], kit.Uint64Key(seq)) }

// ReceiptKey is the store key of the counterparty's receipt of the lock of
// move seq of record id from chain origin. It names the origin so that a
// receipt of another chain's lock of the same id and move is not taken for
// this one's.
func ReceiptKey(id Hash, seq uint64, origin string) []byte {
	return kit.Key(prefixReceipt, id[:], kit.Uint64Key(seq), []byte(origin))
}

// GetReceipt returns the receipt of the lock of move seq of record id from
// chain origin.
func GetReceipt(kv store.KV, id Hash, seq uint64, origin string) (Receipt, bool) {
	var r Receipt
	ok := kit.Get(kv, ReceiptKey(id, seq, origin), &r)
	return r, ok
}

// GetLock returns the lock of move seq of record id.
func GetLock(kv store.KV, id Hash, seq uint64) (Lock, bool) {
	var l Lock
	ok := kit.Get(kv, LockKey(id, seq), &l)
	return l, ok
}

// GetReturn returns the return of move seq of record id.
func GetReturn(kv store.KV, id Hash, seq uint64) (Return, bool) {
	var r Return
	ok := kit.Get(kv, ReturnKey(id, seq), &r)
	return r, ok
}

// IsMirror reports whether r is a mirror of a record issued on another
// chain.
func (r *Record) IsMirror() bool { return r.Move != nil && r.Move.Role == RoleMirror }

// mirrorGuard refuses, on a mirror, the steps that need the record's
// issuer, who is a member of the origin chain: surrender (and so its
// acceptance) and exit to paper. The record goes home first.
func mirrorGuard(r *Record, step string) error {
	if !r.IsMirror() {
		return nil
	}
	switch step {
	case StepSurrender, StepAcceptSurrender, StepRejectSurrender, StepExitToPaper:
		return codes.TitleMirror.Wrapf("record %s is a mirror of a record of %s: %s needs its issuer there; send it home first", r.ID, r.Move.Chain, step)
	}
	return nil
}

// EventMove is the event type of the move's steps; the relayer finds
// locks and returns to carry by it. Attributes: action (sent-away,
// received, sent-home, unlocked, cancelled), id, seq, from_chain, to_chain.
const EventMove = "title_move"

// Event actions of EventMove.
const (
	ActionSentAway = "sent-away"
	ActionReceived = "received"
	ActionSentHome = "sent-home"
	ActionUnlocked = "unlocked"
	// ActionCancelled: a send-away cancelled on the origin after its lock
	// timed out unreceived (from_chain is the counterparty).
	ActionCancelled = "cancelled"
)

// allowedFor returns the steps the table allows the record in its state,
// less those its place in a move excludes: on a mirror, the steps that
// need the issuer and send-away; on a record issued here, send-home; on a
// record away without a timeout, cancel-away.
func allowedFor(r *Record) []string {
	out := []string{}
	for _, s := range AllowedSteps(r.State) {
		switch {
		case mirrorGuard(r, s) != nil, r.IsMirror() && s == StepSendAway, !r.IsMirror() && s == StepSendHome,
			s == StepCancelAway && (r.Move == nil || r.Move.Timeout == 0):
			continue
		}
		out = append(out, s)
	}
	return out
}

// moveNote is what a record's verdict line adds about its move, and
// whether the record is live here: not while it is away (it is held on
// the counterparty) or returned (it is held on its origin).
func moveNote(r *Record) (note string, liveHere bool) {
	if r.Move == nil {
		return "", true
	}
	switch {
	case r.State == StateAway:
		return fmt.Sprintf(" (away on %s since height %d, move %d: it is held there, not here)", r.Move.Chain, r.Move.Sent.Height, r.Move.Seq), false
	case r.State == StateReturned:
		return fmt.Sprintf(" (sent home to %s at height %d, move %d: it is held there, not here)", r.Move.Chain, r.Move.Sent.Height, r.Move.Seq), false
	case r.IsMirror():
		return fmt.Sprintf(" (mirror of a record of %s, received at height %d, move %d)", r.Move.Chain, r.Move.Arrived.Height, r.Move.Seq), true
	}
	return "", true
}
