package app

import (
	"context"
	"errors"
	"sync/atomic"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/store/iavlstore"
)

// State sync: the four ABCI snapshot calls, translated to and from
// x/kit/store's Snapshots and Restore, which hold the logic
// (docs/operations.md, "State sync").

// snapshotState is the application's part in state sync.
type snapshotState struct {
	snaps   *iavlstore.Snapshots // nil when the node has no snapshot directory
	restore *iavlstore.Restore   // the restore in progress, if any

	restored      atomic.Int64 // height restored from a snapshot
	chunksRefused atomic.Int64 // chunks that did not match their hash
}

func (a *App) openSnapshots(opts iavlstore.SnapshotOptions) error {
	if opts.Dir == "" {
		return nil
	}
	if opts.Logger == nil {
		opts.Logger = a.log.With("part", "snapshots")
	}
	s, err := iavlstore.OpenSnapshots(opts)
	if err != nil {
		return err
	}
	a.sync.snaps = s
	return nil
}

// beforeCommit lets a running snapshot finish if the coming commit would
// prune the version it reads.
func (a *App) beforeCommit() {
	if a.sync.snaps != nil {
		a.sync.snaps.BeforeCommit(a.tree)
	}
}

// afterCommit starts a snapshot of the version just committed when the
// interval says so. The snapshot is written in the background.
func (a *App) afterCommit() {
	if a.sync.snaps != nil {
		a.sync.snaps.MaybeTake(a.tree, a.tree.Version())
	}
}

// Snapshots returns the node's snapshot store, nil if it has none.
func (a *App) Snapshots() *iavlstore.Snapshots { return a.sync.snaps }

// ListSnapshots offers this node's snapshots to a peer that state-syncs.
func (a *App) ListSnapshots(context.Context, *abci.RequestListSnapshots) (*abci.ResponseListSnapshots, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	resp := &abci.ResponseListSnapshots{}
	if a.sync.snaps == nil {
		return resp, nil
	}
	list, err := a.sync.snaps.List()
	if err != nil {
		a.log.Error("list snapshots", "err", err)
		return resp, nil
	}
	for _, s := range list {
		resp.Snapshots = append(resp.Snapshots, &abci.Snapshot{Height: s.Height, Format: s.Format, Chunks: s.Chunks, Hash: s.Hash, Metadata: s.Metadata})
	}
	return resp, nil
}

// LoadSnapshotChunk serves one chunk; an empty answer means "not here".
func (a *App) LoadSnapshotChunk(_ context.Context, req *abci.RequestLoadSnapshotChunk) (*abci.ResponseLoadSnapshotChunk, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.sync.snaps == nil {
		return &abci.ResponseLoadSnapshotChunk{}, nil
	}
	chunk, err := a.sync.snaps.LoadChunk(req.Height, req.Format, req.Chunk)
	if err != nil {
		a.log.Error("load snapshot chunk", "height", req.Height, "chunk", req.Chunk, "err", err)
	}
	return &abci.ResponseLoadSnapshotChunk{Chunk: chunk}, nil
}

// OfferSnapshot starts a restore. req.AppHash comes from the header CometBFT's
// light client verified; the restored state must have it.
func (a *App) OfferSnapshot(_ context.Context, req *abci.RequestOfferSnapshot) (*abci.ResponseOfferSnapshot, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.sync.snaps == nil || req.Snapshot == nil {
		return &abci.ResponseOfferSnapshot{Result: abci.ResponseOfferSnapshot_ABORT}, nil
	}
	if a.sync.restore != nil {
		a.sync.restore.Close()
		a.sync.restore = nil
	}
	s := req.Snapshot
	r, err := a.sync.snaps.Offer(a.tree, iavlstore.SnapshotInfo{Height: s.Height, Format: s.Format, Chunks: s.Chunks, Hash: s.Hash, Metadata: s.Metadata}, req.AppHash)
	switch {
	case errors.Is(err, iavlstore.ErrSnapshotFormat):
		a.log.Info("refusing snapshot", "height", s.Height, "err", err)
		return &abci.ResponseOfferSnapshot{Result: abci.ResponseOfferSnapshot_REJECT_FORMAT}, nil
	case errors.Is(err, iavlstore.ErrSnapshotInvalid):
		a.log.Info("refusing snapshot", "height", s.Height, "err", err)
		return &abci.ResponseOfferSnapshot{Result: abci.ResponseOfferSnapshot_REJECT}, nil
	case err != nil:
		a.log.Error("cannot restore a snapshot", "height", s.Height, "err", err)
		return &abci.ResponseOfferSnapshot{Result: abci.ResponseOfferSnapshot_ABORT}, nil
	}
	a.log.Info("restoring snapshot", "height", s.Height, "chunks", s.Chunks)
	a.sync.restore = r
	return &abci.ResponseOfferSnapshot{Result: abci.ResponseOfferSnapshot_ACCEPT}, nil
}

// ApplySnapshotChunk checks and keeps one chunk. A chunk that does not
// match its hash is fetched again and its sender is not asked again for
// this snapshot; after the last chunk the restored state is checked
// against the trusted app hash and, if it matches, becomes the state.
func (a *App) ApplySnapshotChunk(_ context.Context, req *abci.RequestApplySnapshotChunk) (*abci.ResponseApplySnapshotChunk, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	r := a.sync.restore
	if r == nil {
		return &abci.ResponseApplySnapshotChunk{Result: abci.ResponseApplySnapshotChunk_ABORT}, nil
	}
	done, err := r.Apply(req.Index, req.Chunk)
	switch {
	case errors.Is(err, iavlstore.ErrChunkInvalid):
		a.sync.chunksRefused.Add(1)
		a.log.Info("refusing snapshot chunk, fetching it again from another peer", "index", req.Index, "sender", req.Sender, "err", err)
		resp := &abci.ResponseApplySnapshotChunk{Result: abci.ResponseApplySnapshotChunk_RETRY, RefetchChunks: []uint32{req.Index}}
		if req.Sender != "" {
			resp.RejectSenders = []string{req.Sender}
		}
		return resp, nil
	case errors.Is(err, iavlstore.ErrSnapshotInvalid):
		a.sync.restore = nil
		a.log.Error("snapshot rejected", "height", r.Height(), "err", err)
		return &abci.ResponseApplySnapshotChunk{Result: abci.ResponseApplySnapshotChunk_REJECT_SNAPSHOT}, nil
	case err != nil:
		a.sync.restore = nil
		r.Close()
		a.log.Error("snapshot restore failed", "height", r.Height(), "err", err)
		return &abci.ResponseApplySnapshotChunk{Result: abci.ResponseApplySnapshotChunk_ABORT}, nil
	}
	if done {
		a.sync.restore = nil
		a.checkMu.Lock()
		err := a.resetCheckState()
		if err == nil {
			a.chainID = string(a.committed.Get([]byte(kit.ChainIDKey)))
		}
		a.checkMu.Unlock()
		if err != nil {
			return nil, err
		}
		a.sync.restored.Store(int64(r.Height()))
		a.log.Info("state restored from snapshot", "height", r.Height())
	}
	return &abci.ResponseApplySnapshotChunk{Result: abci.ResponseApplySnapshotChunk_ACCEPT}, nil
}

// SyncStats says what state sync did on this node: the height restored
// from a snapshot (0 if none) and how many chunks were refused.
func (a *App) SyncStats() (restoredHeight int64, chunksRefused int64) {
	return a.sync.restored.Load(), a.sync.chunksRefused.Load()
}

// TakeSnapshot writes a snapshot of committed height now, on the caller's
// goroutine, for tools and benchmarks; the node needs a snapshot
// directory.
func (a *App) TakeSnapshot(height int64) (*iavlstore.SnapshotInfo, error) {
	if a.sync.snaps == nil {
		return nil, errors.New("this node has no snapshot directory")
	}
	return a.sync.snaps.Take(a.tree, height)
}
