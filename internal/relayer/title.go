package relayer

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/codec"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/x/docking"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/paths"
	"github.com/corridor-trade/corridor/x/title"
)

// labelTitle prefixes the labels of the relayer's title sends:
// title/<action>/<id>/<seq>.
const labelTitle = "title/"

// Move is one step of a transferable record's move found on the source:
// a lock sent to the destination (ActionSentAway) or a mirror sent home to
// it (ActionSentHome).
type Move struct {
	Action string
	ID     kit.Hash
	Seq    uint64
	Height int64 // source height of the transaction
}

// key is the source store key the destination verifies.
func (m Move) key() []byte {
	if m.Action == title.ActionSentAway {
		return title.LockKey(m.ID, m.Seq)
	}
	return title.ReturnKey(m.ID, m.Seq)
}

func (m Move) label() string {
	return labelTitle + m.Action + "/" + m.ID.String() + "/" + strconv.FormatUint(m.Seq, 10)
}

// FindMoves returns the moves of transferable records from src to the
// chain dstChain, in source order, found with tx_search on the source's
// title_move events.
func FindMoves(ctx context.Context, src *client.Client, dstChain string) ([]Move, error) {
	var out []Move
	for _, action := range []string{title.ActionSentAway, title.ActionSentHome} {
		q := fmt.Sprintf("%s.action='%s' AND %s.to_chain='%s'", title.EventMove, action, title.EventMove, dstChain)
		for page := 1; ; page++ {
			p, per := page, 100
			res, err := src.RPC.TxSearch(ctx, q, false, &p, &per, "asc")
			if err != nil {
				return nil, fmt.Errorf("tx_search %q on %s: %w", q, src.Node, err)
			}
			for _, tx := range res.Txs {
				for _, ev := range tx.TxResult.Events {
					if ev.Type != title.EventMove {
						continue
					}
					m := Move{Height: tx.Height}
					var to string
					for _, a := range ev.Attributes {
						switch a.Key {
						case "action":
							m.Action = a.Value
						case "id":
							m.ID, _ = kit.ParseHash(a.Value)
						case "seq":
							m.Seq, _ = strconv.ParseUint(a.Value, 10, 64)
						case "to_chain":
							to = a.Value
						}
					}
					if m.Action == action && to == dstChain && !m.ID.IsZero() && m.Seq > 0 {
						out = append(out, m)
					}
				}
			}
			if page*per >= res.TotalCount || len(res.Txs) == 0 {
				break
			}
		}
	}
	return out, nil
}

// moveDone reports whether the destination has taken the move: it holds a
// mirror of that move or a later one (a lock), or the record is no longer
// away on that move (a return).
func moveDone(ctx context.Context, dst *client.Client, m Move) (bool, error) {
	var v title.View
	err := dst.Query(ctx, paths.Title(m.ID.String(), ""), &v)
	if errors.Is(err, codes.TitleNotFound) || errors.Is(err, codes.QueryNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if m.Action == title.ActionSentAway {
		return v.Move != nil && v.Move.Role == title.RoleMirror && v.Move.Seq >= m.Seq, nil
	}
	return !(v.State == title.StateAway && v.Move != nil && v.Move.Seq == m.Seq), nil
}

// MoveMsg proves the move's lock or return on the source at the state
// committed by the source's header height, and builds the destination's
// message (receive or unlock). It returns nil when the source does not
// hold the value at that state (not yet committed).
func MoveMsg(ctx context.Context, src *client.Client, srcChain string, m Move, height int64) (kit.Msg, error) {
	value, proof, err := ProveAt(ctx, src, m.key(), height-1)
	if err != nil || value == nil {
		return nil, err
	}
	if m.Action == title.ActionSentAway {
		return &title.MsgReceive{ID: m.ID, ChainID: srcChain, Height: height, Lock: value, Proof: proof}, nil
	}
	return &title.MsgUnlock{ID: m.ID, ChainID: srcChain, Height: height, Return: value, Proof: proof}, nil
}

// carryTitles carries the source's title moves to the destination: those
// the destination has not taken are proved at the client's latest header
// (updated first when it does not yet cover them) and sent.
func (r *Relayer) carryTitles(ctx context.Context, st *Stats, height int64) error {
	moves, err := FindMoves(ctx, r.cfg.Src, r.dstChain)
	if err != nil {
		return err
	}
	var todo []Move
	for _, m := range moves {
		done, err := moveDone(ctx, r.cfg.Dst, m)
		if err != nil {
			return err
		}
		if !done {
			todo = append(todo, m)
		}
	}
	if len(todo) == 0 {
		return nil
	}
	for _, m := range todo {
		// Header H commits the state after block H-1: a move of block H-1
		// or later needs a newer header.
		if m.Height >= height {
			cl, err := r.client(ctx)
			if err != nil {
				return err
			}
			if height, err = r.update(ctx, cl.LatestHeight); err != nil {
				return err
			}
			st.Updates++
			break
		}
	}
	for _, m := range todo {
		msg, err := MoveMsg(ctx, r.cfg.Src, r.srcChain, m, height)
		if err != nil {
			return err
		}
		if msg == nil {
			st.Waiting++
			continue
		}
		if late, err := timedOut(ctx, r.cfg.Dst, msg); err != nil {
			return err
		} else if late {
			// The destination refuses the lock from its timeout height on:
			// the origin cancels the send-away (tx title cancel-away).
			continue
		}
		out, err := r.out.Send(ctx, client.Request{Label: m.label(), Msgs: []kit.Msg{msg}})
		if err != nil {
			return err
		}
		switch {
		case out.OK():
			r.logf("%s %s move %d carried at height %d (tx %s)", m.Action, m.ID, m.Seq, out.Height, out.Hash)
			st.Titles++
		case out.Code == codes.TitleAlreadyReceived.Code || out.Code == codes.TitleNotAway.Code:
			// Another relayer was first.
		case out.Code == codes.TitleTimeoutPassed.Code:
			// The destination reached the lock's timeout height meanwhile.
		default:
			return fmt.Errorf("%s of record %s move %d: %s %s", m.Action, m.ID, m.Seq, out.Result().Error, out.Log)
		}
	}
	return nil
}

// timedOut reports whether msg is a receive of a lock whose timeout height
// the destination's next block reaches: the destination would refuse it.
func timedOut(ctx context.Context, dst *client.Client, msg kit.Msg) (bool, error) {
	rm, ok := msg.(*title.MsgReceive)
	if !ok {
		return false, nil
	}
	var l title.Lock
	if err := codec.Unmarshal(rm.Lock, &l); err != nil || l.Timeout == 0 {
		return false, nil
	}
	info, err := dst.RPC.ABCIInfo(ctx)
	if err != nil {
		return false, err
	}
	return info.Response.LastBlockHeight+1 >= l.Timeout, nil
}

// MoveMsgs builds what a member sends to dst to carry one move from src by
// hand (corridord tx title receive and unlock): a client update when dst's
// client of src holds no header covering the move yet (it waits up to wait
// for src's next block), then the receive or unlock proved at that header.
// Both go in one transaction, the update first.
func MoveMsgs(ctx context.Context, src, dst *client.Client, action string, id kit.Hash, seq uint64, wait time.Duration) ([]kit.Msg, error) {
	srcChain, err := src.ChainID(ctx)
	if err != nil {
		return nil, err
	}
	m := Move{Action: action, ID: id, Seq: seq}
	res, err := src.RPC.ABCIQuery(ctx, paths.Store(), m.key())
	if err != nil {
		return nil, err
	}
	if res.Response.Code != 0 || res.Response.Value == nil {
		return nil, fmt.Errorf("%s holds no %s of record %s move %d", srcChain, what(action), id, seq)
	}
	if action == title.ActionSentAway {
		var l title.Lock
		if err := codec.Unmarshal(res.Response.Value, &l); err != nil {
			return nil, err
		}
		m.Height = l.Locked.Height
	} else {
		var r title.Return
		if err := codec.Unmarshal(res.Response.Value, &r); err != nil {
			return nil, err
		}
		m.Height = r.Returned.Height
	}
	var ans docking.ClientAnswer
	if err := dst.Query(ctx, paths.DockingClient(srcChain), &ans); err != nil {
		return nil, fmt.Errorf("the client of %s on the destination: %w", srcChain, err)
	}
	height := ans.Client.LatestHeight
	var msgs []kit.Msg
	if m.Height >= height {
		st, err := src.RPC.Status(ctx)
		if err != nil {
			return nil, err
		}
		target := max(st.SyncInfo.LatestBlockHeight+1, m.Height+1)
		if err := src.WaitForHeight(ctx, target, wait); err != nil {
			return nil, err
		}
		up, err := UpdateMsg(ctx, src, srcChain, target, height)
		if err != nil {
			return nil, err
		}
		msgs, height = append(msgs, up), target
	}
	msg, err := MoveMsg(ctx, src, srcChain, m, height)
	if err != nil {
		return nil, err
	}
	if msg == nil {
		return nil, fmt.Errorf("%s does not hold the %s of record %s move %d at height %d", srcChain, what(action), id, seq, height-1)
	}
	return append(msgs, msg), nil
}

func what(action string) string {
	if action == title.ActionSentAway {
		return "lock"
	}
	return "return"
}
