package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/corridor-trade/corridor/app"
	"github.com/corridor-trade/corridor/x/kit/store/iavlstore"
)

// StateSyncResult measures a state-sync snapshot of the direct run's
// state: taking it, its size, and restoring it into a fresh node through
// the ABCI snapshot calls (chunks read from disk, each hash-checked, then
// imported and the root hash checked) — the application's share of a
// state sync, without the network transfer.
type StateSyncResult struct {
	Height         int64   `json:"height"`
	Chunks         uint32  `json:"chunks"`
	Bytes          int64   `json:"bytes"`
	BytesPerAnchor float64 `json:"bytes_per_anchor"`
	Nodes          int64   `json:"iavl_nodes"`
	TakeSeconds    float64 `json:"take_s"`
	RestoreSeconds float64 `json:"restore_s"`
}

// measureStateSync snapshots height of a and restores it under dir.
func measureStateSync(a *app.App, dir string, height int64, anchors int) (*StateSyncResult, error) {
	ctx := context.Background()
	t0 := time.Now()
	info, err := a.TakeSnapshot(height)
	if err != nil {
		return nil, err
	}
	r := &StateSyncResult{Height: height, Chunks: info.Chunks, Bytes: info.Bytes, Nodes: info.Nodes,
		BytesPerAnchor: float64(info.Bytes) / float64(anchors), TakeSeconds: time.Since(t0).Seconds()}
	restoreDir := filepath.Join(dir, "statesync-restore")
	os.RemoveAll(restoreDir)
	defer os.RemoveAll(restoreDir)
	dst, err := app.New(app.Options{Dir: restoreDir, Snapshots: iavlstore.SnapshotOptions{Dir: filepath.Join(restoreDir, "snapshots")}})
	if err != nil {
		return nil, err
	}
	defer dst.Close()
	t1 := time.Now()
	off, err := dst.OfferSnapshot(ctx, &abci.RequestOfferSnapshot{AppHash: info.AppHash, Snapshot: &abci.Snapshot{
		Height: info.Height, Format: info.Format, Chunks: info.Chunks, Hash: info.Hash, Metadata: info.Metadata}})
	if err != nil || off.Result != abci.ResponseOfferSnapshot_ACCEPT {
		return nil, fmt.Errorf("offer: %v %v", off, err)
	}
	for i := uint32(0); i < info.Chunks; i++ {
		c, err := a.LoadSnapshotChunk(ctx, &abci.RequestLoadSnapshotChunk{Height: info.Height, Format: info.Format, Chunk: i})
		if err != nil {
			return nil, err
		}
		res, err := dst.ApplySnapshotChunk(ctx, &abci.RequestApplySnapshotChunk{Index: i, Chunk: c.Chunk, Sender: "local"})
		if err != nil || res.Result != abci.ResponseApplySnapshotChunk_ACCEPT {
			return nil, fmt.Errorf("chunk %d: %v %v", i, res, err)
		}
	}
	r.RestoreSeconds = time.Since(t1).Seconds()
	if h, _ := dst.SyncStats(); h != height {
		return nil, fmt.Errorf("restored height %d, want %d", h, height)
	}
	return r, nil
}
