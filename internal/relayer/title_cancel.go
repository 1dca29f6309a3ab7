package relayer

import (
	"context"
	"fmt"
	"time"

	rpcclient "github.com/cometbft/cometbft/rpc/client"
	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/x/docking"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/paths"
	"github.com/corridor-trade/corridor/x/title"
)

// ProveEither returns key's ICS-23 proof in the source's state after block
// version (committed by header version+1): a non-existence proof when the
// key is absent, an existence proof (and present) when it holds a value.
func ProveEither(ctx context.Context, src *client.Client, key []byte, version int64) (proof []byte, present bool, err error) {
	res, err := src.RPC.ABCIQueryWithOptions(ctx, paths.Store(), key, rpcclient.ABCIQueryOptions{Height: version, Prove: true})
	if err != nil {
		return nil, false, fmt.Errorf("prove %x at %d on %s: %w", key, version, src.Node, err)
	}
	r := res.Response
	switch {
	case r.Code != 0:
		return nil, false, fmt.Errorf("prove %x at %d on %s: %s", key, version, src.Node, r.Log)
	case r.Height != version:
		return nil, false, fmt.Errorf("asked for version %d, %s answered %d", version, src.Node, r.Height)
	case r.ProofOps == nil || len(r.ProofOps.Ops) != 1:
		return nil, false, fmt.Errorf("%s answered %x without a proof", src.Node, key)
	}
	return r.ProofOps.Ops[0].Data, r.Value != nil, nil
}

// CancelAwayMsgs builds what a member sends to the origin to cancel the
// send-away of move seq of record id to counterparty (corridord tx title
// cancel-away): the proof, at a counterparty header above timeout, that
// the counterparty holds no receipt of the lock, preceded by a client
// update when the origin's client of the counterparty holds no header
// above timeout yet (it waits up to wait for the counterparty to pass
// it). When the counterparty holds the receipt, the proof is of its
// presence, which the origin refuses with title/lock_received: the chain,
// not this function, decides.
func CancelAwayMsgs(ctx context.Context, counterparty, origin *client.Client, id kit.Hash, seq uint64, timeout int64, wait time.Duration) ([]kit.Msg, error) {
	cpChain, err := counterparty.ChainID(ctx)
	if err != nil {
		return nil, err
	}
	originChain, err := origin.ChainID(ctx)
	if err != nil {
		return nil, err
	}
	var ans docking.ClientAnswer
	if err := origin.Query(ctx, paths.DockingClient(cpChain), &ans); err != nil {
		return nil, fmt.Errorf("the client of %s on %s: %w", cpChain, originChain, err)
	}
	height := ans.Client.LatestHeight
	var msgs []kit.Msg
	if height <= timeout {
		// A header above the timeout: the counterparty's next block, or
		// the one after the timeout if it has not got there yet.
		st, err := counterparty.RPC.Status(ctx)
		if err != nil {
			return nil, err
		}
		target := max(st.SyncInfo.LatestBlockHeight+1, timeout+1)
		if err := counterparty.WaitForHeight(ctx, target, wait); err != nil {
			return nil, fmt.Errorf("%s has not passed the timeout height %d of record %s move %d (it is at %d): %w",
				cpChain, timeout, id, seq, st.SyncInfo.LatestBlockHeight, err)
		}
		up, err := UpdateMsg(ctx, counterparty, cpChain, target, height)
		if err != nil {
			return nil, err
		}
		msgs, height = append(msgs, up), target
	}
	proof, _, err := ProveEither(ctx, counterparty, title.ReceiptKey(id, seq, originChain), height-1)
	if err != nil {
		return nil, err
	}
	return append(msgs, &title.MsgCancelAway{ID: id, ChainID: cpChain, Seq: seq, Height: height, Proof: proof}), nil
}
