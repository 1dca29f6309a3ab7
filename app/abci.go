package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/tx"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/store"
)

// Version is the application protocol version reported in Info.
const Version uint64 = 1

// Info reports the last committed state so CometBFT can replay the rest.
func (a *App) Info(_ context.Context, req *abci.RequestInfo) (*abci.ResponseInfo, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
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

// InitChain writes the genesis state: every module's app_state entry, in
// the modules' order, with CometBFT's genesis validators.
func (a *App) InitChain(_ context.Context, req *abci.RequestInitChain) (*abci.ResponseInitChain, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	st, err := ParseAppState(req.AppStateBytes)
	if err != nil {
		return nil, err
	}
	if req.InitialHeight > 1 {
		a.tree.SetInitialVersion(uint64(req.InitialHeight))
	}
	a.checkMu.Lock()
	a.chainID = req.ChainId
	a.checkMu.Unlock()
	kv := a.tree.Working()
	kv.Set([]byte(kit.ChainIDKey), []byte(req.ChainId))
	vals := make([]kit.ConsensusValidator, 0, len(req.Validators))
	for _, v := range req.Validators {
		pk := v.PubKey.GetEd25519()
		if pk == nil {
			return nil, fmt.Errorf("validator with power %d has a non-ed25519 key; Corridor genesis needs ed25519", v.Power)
		}
		vals = append(vals, kit.ConsensusValidator{Address: consAddress(pk), PubKey: pk, Power: v.Power})
	}
	env := kit.GenesisEnv{At: kit.Stamp{Height: req.InitialHeight, TimeUnix: req.Time.UnixNano()}, Validators: vals}
	cache := store.NewCache(kv)
	if st.State != nil {
		// An exported chain's whole state (corridord export) replaces
		// every module's genesis (app/statedump.go).
		if err := importDump(cache, st.State, vals, a.accounts); err != nil {
			return nil, fmt.Errorf("genesis: exported state: %w", err)
		}
	} else {
		for _, m := range a.reg.Modules {
			if m.InitGenesis == nil {
				continue
			}
			if err := m.InitGenesis(cache, st.Modules[m.Name], env); err != nil {
				return nil, fmt.Errorf("genesis: %s: %w", m.Name, err)
			}
		}
	}
	cache.Write()
	if err := a.tree.Err(); err != nil {
		return nil, err
	}
	// Until the first block commits, CheckTx sees the genesis state in the
	// working tree (read-only through a cache).
	a.checkMu.Lock()
	a.check = store.NewCache(kv)
	a.memo = nil // the working tree changes under this check state
	a.limits = a.accounts.Limits(a.check)
	a.checkOnWorking.Store(true)
	a.checkMu.Unlock()
	return &abci.ResponseInitChain{AppHash: a.tree.WorkingHash()}, nil
}

// CheckTx admits a transaction to the mempool, advancing the signer's
// pending sequence in the check state.
func (a *App) CheckTx(_ context.Context, req *abci.RequestCheckTx) (resp *abci.ResponseCheckTx, err error) {
	if a.checkOnWorking.Load() {
		// Between InitChain and the first Commit the check state reads the
		// working tree, which FinalizeBlock writes: wait for the consensus
		// connection (mu before checkMu, as Commit takes them).
		a.mu.Lock()
		defer a.mu.Unlock()
	}
	a.checkMu.Lock()
	defer a.checkMu.Unlock()
	defer func() {
		if r := recover(); r != nil {
			a.log.Error("CheckTx panicked (a bug)", "panic", r)
			resp, err = &abci.ResponseCheckTx{Code: codes.Internal.Code, Codespace: codes.Internal.Codespace, Log: fmt.Sprint(r)}, nil
		}
	}()
	defer a.observeCheckTx(time.Now(), &resp)
	limits := a.limits
	var addr secp.Address
	var seq uint64
	// A recheck of a transaction this node admitted repeats only the
	// checks that depend on state (app/recheck.go); anything else, and any
	// failure of those, goes through the full checkTx below.
	fast := false
	if req.Type == abci.CheckTxType_Recheck && !a.noFastRecheck {
		if adm, ok := a.admitted.get(tx.Hash(req.Tx)); ok {
			var signer kit.Signer
			if signer, fast = a.recheckFast(adm, a.check, limits); fast {
				addr, seq = signer.Address, adm.seq
				a.fastRechecks.Add(1)
			}
		}
	}
	if !fast {
		ct, err := a.checkTx(a.check, true, limits, req.Tx, decodedTx{})
		if err != nil {
			e := codes.Of(err)
			return &abci.ResponseCheckTx{Code: e.Code, Codespace: e.Codespace, Log: err.Error()}, nil
		}
		addr, seq = ct.signer.Address, ct.body.Sequence
		if !a.noFastRecheck {
			a.remember(ct, len(req.Tx))
		}
	}
	if pending := seq - a.committedSequence(addr); pending >= limits.PendingQuota {
		err := codes.TxMempoolQuota.Wrapf("%s already has %d transactions pending (quota %d)", addr, pending, limits.PendingQuota)
		e := codes.Of(err)
		return &abci.ResponseCheckTx{Code: e.Code, Codespace: e.Codespace, Log: err.Error()}, nil
	}
	a.accounts.SetSequence(a.check, addr, seq+1)
	return &abci.ResponseCheckTx{Code: 0, GasWanted: 1}, nil
}

// PrepareProposal takes mempool transactions in order up to the size limit.
// Sizes are counted as CometBFT counts them, encoded in the block's data
// (each transaction with its field tag and length): CometBFT halts a
// proposer whose transactions exceed MaxTxBytes that way, and counting raw
// lengths could pass the limit by a few bytes per transaction when the
// mempool holds more than a block (with block.max_bytes = -1 CometBFT
// hands over the whole mempool).
func (a *App) PrepareProposal(_ context.Context, req *abci.RequestPrepareProposal) (*abci.ResponsePrepareProposal, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	var txs [][]byte
	var total int64
	for _, t := range req.Txs {
		size := cmttypes.ComputeProtoSizeForTxs([]cmttypes.Tx{t})
		if total+size > req.MaxTxBytes {
			break
		}
		total += size
		txs = append(txs, t)
	}
	return &abci.ResponsePrepareProposal{Txs: txs}, nil
}

// ProcessProposal rejects a proposal that holds a transaction CheckTx
// refuses on its bytes alone, in any state: one larger than max_tx_bytes,
// one that does not decode, or one for another chain. No honest proposer
// can include such a transaction (its mempool holds only what CheckTx
// admitted, under the same genesis parameters), so only a Byzantine
// proposer loses its round. Without this, one proposer could fill a block
// with millions of empty transactions, and every node would store a
// result, a log line and an index entry for each, for ever. Every other
// invalid transaction (a bad signature, a duplicate, a replay) is a whole
// signed envelope, so it cannot multiply what a block costs; finding it
// takes a signature verification or the state, and it fails individually
// in FinalizeBlock, with its code, on every node alike.
func (a *App) ProcessProposal(_ context.Context, req *abci.RequestProcessProposal) (*abci.ResponseProcessProposal, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for i, raw := range req.Txs {
		// A transaction this node's CheckTx admitted passed decodeTx, a
		// pure function of its bytes, the size limit (compared again here)
		// and the chain-id (fixed for an App): it would pass again, so it
		// is not decoded a second time (docs/performance.md, "Round
		// three"). Hashing is cheaper than decoding.
		if uint64(len(raw)) <= a.limits.MaxTxBytes && a.admitted.has(tx.Hash(raw)) {
			continue
		}
		if _, _, err := a.decodeTx(a.limits.MaxTxBytes, raw); err != nil {
			a.log.Warn("rejecting a proposal no honest proposer makes", "height", req.Height,
				"proposer", fmt.Sprintf("%X", req.ProposerAddress), "tx", i, "err", err)
			return &abci.ResponseProcessProposal{Status: abci.ResponseProcessProposal_REJECT}, nil
		}
	}
	return &abci.ResponseProcessProposal{Status: abci.ResponseProcessProposal_ACCEPT}, nil
}

// FinalizeBlock executes the block against the working tree and returns the
// resulting app hash. It returns an error only for a broken invariant or a
// database failure; the node then halts instead of committing bad state.
func (a *App) FinalizeBlock(_ context.Context, req *abci.RequestFinalizeBlock) (resp *abci.ResponseFinalizeBlock, err error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	start := time.Now() // for the latency histogram only
	defer func() {
		if r := recover(); r != nil {
			a.tree.Rollback()
			resp, err = nil, fmt.Errorf("halting: invariant broken while executing block %d: %v", req.Height, r)
		}
	}()
	block := store.NewCache(a.tree.Working())
	// Queries have no block time of their own; they read the time of the
	// block whose state they see from here.
	kit.SetBlockTime(block, req.Time)
	ctx := &kit.Context{KV: block, ChainID: a.chainID, Height: req.Height, Time: req.Time}
	if err := a.beginBlock(ctx); err != nil {
		return nil, err
	}
	resp = &abci.ResponseFinalizeBlock{TxResults: make([]*abci.ExecTxResult, len(req.Txs))}
	limits := a.accounts.Limits(block)
	pre := a.verifyBlock(req.Txs, limits.MaxTxBytes)
	for i, raw := range req.Txs {
		resp.TxResults[i] = a.execTx(block, limits, raw, pre[i], req)
	}
	for _, m := range req.Misbehavior {
		ev := kit.Misbehaviour{Validator: m.Validator.Address, Kind: misbehaviourKind(m.Type), Height: m.Height, Power: m.Validator.Power}
		for _, mod := range a.reg.Modules {
			if mod.Misbehaviour != nil {
				mod.Misbehaviour(ctx, ev)
			}
		}
	}
	a.endBlock(ctx, resp)
	resp.Events = toABCIEvents(ctx.Events())
	block.Write()
	if err := a.tree.Err(); err != nil {
		a.tree.Rollback()
		return nil, fmt.Errorf("halting: state database failed in block %d: %w", req.Height, err)
	}
	resp.AppHash = a.tree.WorkingHash()
	a.observeBlock(start, req, pre, resp)
	return resp, nil
}

// execTx runs one transaction of a block. A failure is the transaction's
// result, never FinalizeBlock's error; only corrupt state halts the node.
func (a *App) execTx(block *store.Cache, limits kit.TxLimits, raw []byte, pre decodedTx, req *abci.RequestFinalizeBlock) *abci.ExecTxResult {
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
		if ct, err = a.checkTx(block, false, limits, raw, pre); err != nil {
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
	a.mu.Lock()
	defer a.mu.Unlock()
	a.beforeCommit()
	// No CheckTx while the version is saved and the check state replaced:
	// CometBFT already holds its mempool lock around Commit, and IAVL's
	// SaveVersion updates node-database fields that reads of the committed
	// snapshot use.
	a.checkMu.Lock()
	_, _, err := a.tree.Commit()
	if err == nil {
		err = a.resetCheckState()
	}
	a.checkMu.Unlock()
	if err != nil {
		return nil, err
	}
	a.observeCommit()
	a.afterCommit()
	return &abci.ResponseCommit{}, nil
}

func toABCIEvents(evs []kit.Event) []abci.Event {
	// One backing array for every attribute of the transaction instead of
	// a growing slice per event (issue 18: allocations per transaction);
	// each event's window is capped so that no append can reach the next.
	n := 0
	for _, e := range evs {
		n += len(e.Attrs)
	}
	all := make([]abci.EventAttribute, n)
	out := make([]abci.Event, 0, len(evs))
	for _, e := range evs {
		ae := abci.Event{Type: e.Type}
		if k := len(e.Attrs); k > 0 {
			ae.Attributes, all = all[:k:k], all[k:]
			for i, at := range e.Attrs {
				ae.Attributes[i] = abci.EventAttribute{Key: at.Key, Value: at.Value, Index: at.Index}
			}
		}
		out = append(out, ae)
	}
	return out
}
