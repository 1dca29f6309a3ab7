package app

import (
	"context"
	"errors"
	"fmt"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/store"
	"github.com/corridor-trade/corridor/x/membership"
)

// Version is the application protocol version reported in Info.
const Version uint64 = 1

// Info reports the last committed state so CometBFT can replay the rest.
func (a *App) Info(_ context.Context, req *abci.RequestInfo) (*abci.ResponseInfo, error) {
	return &abci.ResponseInfo{
		Data:             "corridor",
		Version:          req.Version,
		AppVersion:       Version,
		LastBlockHeight:  a.tree.Version(),
		LastBlockAppHash: a.lastHash(),
	}, nil
}

func (a *App) lastHash() []byte {
	if a.tree.Version() == 0 {
		return nil
	}
	return a.tree.Hash()
}

// InitChain writes the genesis state.
func (a *App) InitChain(_ context.Context, req *abci.RequestInitChain) (*abci.ResponseInitChain, error) {
	st, err := ParseAppState(req.AppStateBytes)
	if err != nil {
		return nil, err
	}
	if req.InitialHeight > 1 {
		a.tree.SetInitialVersion(uint64(req.InitialHeight))
	}
	a.chainID = req.ChainId
	kv := a.tree.Working()
	kv.Set([]byte(keyChainID), []byte(req.ChainId))
	vals := make([]membership.ConsensusValidator, 0, len(req.Validators))
	for _, v := range req.Validators {
		pk := v.PubKey.GetEd25519()
		if pk == nil {
			return nil, fmt.Errorf("validator with power %d has a non-ed25519 key; Corridor genesis needs ed25519", v.Power)
		}
		vals = append(vals, membership.ConsensusValidator{Address: consAddress(pk), PubKey: pk, Power: v.Power})
	}
	cache := store.NewCache(kv)
	if st.State != nil {
		if err := importDump(cache, st.State, vals); err != nil {
			return nil, fmt.Errorf("genesis: exported state: %w", err)
		}
	} else if err := initModules(cache, st, vals, kit.Stamp{Height: req.InitialHeight, TimeUnix: req.Time.UnixNano()}); err != nil {
		return nil, err
	}
	cache.Write()
	if err := a.tree.Err(); err != nil {
		return nil, err
	}
	// Until the first block commits, CheckTx sees the genesis state in the
	// working tree (read-only through a cache).
	a.check = store.NewCache(kv)
	a.params = membership.GetParams(a.check)
	return &abci.ResponseInitChain{AppHash: a.tree.WorkingHash()}, nil
}

// initModules writes every module's genesis, membership first.
func initModules(kv store.KV, st *AppState, vals []membership.ConsensusValidator, at kit.Stamp) error {
	if err := membership.InitGenesis(kv, &st.Membership, vals, at); err != nil {
		return fmt.Errorf("genesis: membership: %w", err)
	}
	for _, m := range modules() {
		if m.InitGenesis == nil {
			continue
		}
		if err := m.InitGenesis(kv, st.Modules[m.Name], at); err != nil {
			return fmt.Errorf("genesis: %s: %w", m.Name, err)
		}
	}
	return nil
}

// CheckTx admits a transaction to the mempool, advancing the signer's
// pending sequence in the check state.
func (a *App) CheckTx(_ context.Context, req *abci.RequestCheckTx) (resp *abci.ResponseCheckTx, err error) {
	defer func() {
		if r := recover(); r != nil {
			a.log.Error("CheckTx panicked (a bug)", "panic", r)
			resp, err = &abci.ResponseCheckTx{Code: codes.Internal.Code, Codespace: codes.Internal.Codespace, Log: fmt.Sprint(r)}, nil
		}
	}()
	params := a.params
	ct, err := a.checkTx(a.check, params, req.Tx, decodedTx{})
	if err == nil {
		pending := ct.body.Sequence - membership.Sequence(a.committed, ct.signer.Address)
		if pending >= params.PendingQuota {
			err = codes.TxMempoolQuota.Wrapf("%s already has %d transactions pending (quota %d)", ct.signer.Address, pending, params.PendingQuota)
		}
	}
	if err != nil {
		e := codes.Of(err)
		return &abci.ResponseCheckTx{Code: e.Code, Codespace: e.Codespace, Log: err.Error()}, nil
	}
	membership.SetSequence(a.check, ct.signer.Address, ct.body.Sequence+1)
	return &abci.ResponseCheckTx{Code: 0, GasWanted: 1}, nil
}

// PrepareProposal takes mempool transactions in order up to the size limit.
func (a *App) PrepareProposal(_ context.Context, req *abci.RequestPrepareProposal) (*abci.ResponsePrepareProposal, error) {
	var txs [][]byte
	var total int64
	for _, t := range req.Txs {
		if total+int64(len(t)) > req.MaxTxBytes {
			break
		}
		total += int64(len(t))
		txs = append(txs, t)
	}
	return &abci.ResponsePrepareProposal{Txs: txs}, nil
}

// ProcessProposal accepts every proposal: invalid transactions in it fail
// individually in FinalizeBlock, with their codes, on every node alike.
func (a *App) ProcessProposal(context.Context, *abci.RequestProcessProposal) (*abci.ResponseProcessProposal, error) {
	return &abci.ResponseProcessProposal{Status: abci.ResponseProcessProposal_ACCEPT}, nil
}

// FinalizeBlock executes the block against the working tree and returns the
// resulting app hash. It returns an error only for a broken invariant or a
// database failure; the node then halts instead of committing bad state.
func (a *App) FinalizeBlock(_ context.Context, req *abci.RequestFinalizeBlock) (resp *abci.ResponseFinalizeBlock, err error) {
	defer func() {
		if r := recover(); r != nil {
			a.tree.Rollback()
			resp, err = nil, fmt.Errorf("halting: invariant broken while executing block %d: %v", req.Height, r)
		}
	}()
	block := store.NewCache(a.tree.Working())
	// Queries have no block time of their own; they read the time of the
	// block whose state they see from here.
	block.Set([]byte(KeyBlockTime), kit.Uint64Key(uint64(req.Time.UnixNano())))
	resp = &abci.ResponseFinalizeBlock{TxResults: make([]*abci.ExecTxResult, len(req.Txs))}
	params := membership.GetParams(block)
	pre := a.verifyBlock(req.Txs, params.MaxTxBytes)
	for i, raw := range req.Txs {
		resp.TxResults[i] = a.execTx(block, params, raw, pre[i], req)
	}
	ctx := &kit.Context{KV: block, ChainID: a.chainID, Height: req.Height, Time: req.Time}
	for _, m := range req.Misbehavior {
		membership.RecordMisbehaviour(ctx, m.Validator.Address, misbehaviourKind(m.Type), m.Height, m.Validator.Power)
	}
	resp.Events = toABCIEvents(ctx.Events())
	block.Write()
	if err := a.tree.Err(); err != nil {
		a.tree.Rollback()
		return nil, fmt.Errorf("halting: state database failed in block %d: %w", req.Height, err)
	}
	resp.AppHash = a.tree.WorkingHash()
	return resp, nil
}

// execTx runs one transaction of a block. A failure is the transaction's
// result, never FinalizeBlock's error; only corrupt state halts the node.
func (a *App) execTx(block *store.Cache, params membership.Params, raw []byte, pre decodedTx, req *abci.RequestFinalizeBlock) *abci.ExecTxResult {
	var ct *checkedTx
	var events []kit.Event
	err := func() (err error) {
		// A panic in a message handler is a bug, and every node hits it
		// alike: the transaction fails with code internal (its writes,
		// staged in deliverTx's own cache, are dropped) instead of halting
		// the chain. Corrupt state still halts (FinalizeBlock's recover).
		defer func() {
			if r := recover(); r != nil {
				if corrupt, ok := r.(*kit.CorruptState); ok {
					panic(corrupt)
				}
				err = codes.Internal.Wrapf("transaction panicked (a bug): %v", r)
			}
		}()
		if ct, err = a.checkTx(block, params, raw, pre); err != nil {
			return err
		}
		events, err = a.deliverTx(block, ct, req.Height, req.Time)
		return err
	}()
	if err != nil {
		var corrupt *kit.CorruptState
		if errors.As(err, &corrupt) {
			panic(err)
		}
		e := codes.Of(err)
		if e == codes.Internal {
			a.log.Error("transaction failed with an uncoded error (a bug)", "height", req.Height, "err", err)
		}
		res := &abci.ExecTxResult{Code: e.Code, Codespace: e.Codespace, Log: err.Error()}
		if ct != nil {
			res.Events = toABCIEvents([]kit.Event{{Type: "tx", Attrs: []kit.Attr{
				{Key: "signer", Value: ct.signer.Address.String(), Index: true},
				{Key: "failed", Value: e.Error(), Index: true}}}})
		}
		return res
	}
	return &abci.ExecTxResult{Code: 0, Events: toABCIEvents(events)}
}

func misbehaviourKind(t abci.MisbehaviorType) string {
	switch t {
	case abci.MisbehaviorType_DUPLICATE_VOTE:
		return "duplicate-vote"
	case abci.MisbehaviorType_LIGHT_CLIENT_ATTACK:
		return "light-client-attack"
	}
	return "unknown"
}

// Commit persists the block's state and resets the check state to it,
// then starts a state-sync snapshot when one is due (app/snapshot.go).
func (a *App) Commit(context.Context, *abci.RequestCommit) (*abci.ResponseCommit, error) {
	a.beforeCommit()
	if _, _, err := a.tree.Commit(); err != nil {
		return nil, err
	}
	if err := a.resetCheckState(); err != nil {
		return nil, err
	}
	a.afterCommit()
	return &abci.ResponseCommit{}, nil
}

func toABCIEvents(evs []kit.Event) []abci.Event {
	out := make([]abci.Event, 0, len(evs))
	for _, e := range evs {
		ae := abci.Event{Type: e.Type}
		for _, at := range e.Attrs {
			ae.Attributes = append(ae.Attributes, abci.EventAttribute{Key: at.Key, Value: at.Value, Index: at.Index})
		}
		out = append(out, ae)
	}
	return out
}
