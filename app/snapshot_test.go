package app_test

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/corridor-trade/corridor/app"
	"github.com/corridor-trade/corridor/app/apptest"
	"github.com/corridor-trade/corridor/x/kit/store/iavlstore"
)

// TestStateSyncThroughABCI drives the four snapshot calls as CometBFT does:
// a node with anchors takes a snapshot; a fresh application refuses an
// old format, refuses a corrupted and a truncated chunk (asking for it
// again and rejecting its sender), restores the rest and then has the same
// height, app hash, records and answers as the source.
func TestStateSyncThroughABCI(t *testing.T) {
	ctx := context.Background()
	src := apptest.New(t, apptest.WithSnapshots(4, 2048))
	for i := 0; i < 6; i++ {
		wantCode(t, "anchor", src.Deliver("sg-trader", anchorMsg(fmt.Sprint(i))).Code, "", nil)
	}
	if err := src.App.Snapshots().Wait(); err != nil {
		t.Fatal(err)
	}
	list, err := src.App.ListSnapshots(ctx, &abci.RequestListSnapshots{})
	if err != nil || len(list.Snapshots) == 0 {
		t.Fatalf("no snapshots: %v", err)
	}
	snap := list.Snapshots[0]
	if snap.Height != 4 || snap.Chunks < 2 {
		t.Fatalf("snapshot %+v, want height 4 in several chunks", snap)
	}
	var chunks [][]byte
	for i := uint32(0); i < snap.Chunks; i++ {
		c, err := src.App.LoadSnapshotChunk(ctx, &abci.RequestLoadSnapshotChunk{Height: snap.Height, Format: snap.Format, Chunk: i})
		if err != nil || len(c.Chunk) == 0 {
			t.Fatalf("chunk %d: %v", i, err)
		}
		chunks = append(chunks, c.Chunk)
	}
	// The app hash of height 4 is what the light client reads from header 5.
	srcSnap, err := storeAt(src, 4)
	if err != nil {
		t.Fatal(err)
	}
	appHash := srcSnap.hash

	dir := t.TempDir()
	dst, err := app.New(app.Options{Dir: dir, Backend: "goleveldb", Snapshots: iavlstore.SnapshotOptions{Dir: filepath.Join(dir, "snapshots")}})
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()

	old := *snap
	old.Format = 0
	off, _ := dst.OfferSnapshot(ctx, &abci.RequestOfferSnapshot{Snapshot: &old, AppHash: appHash})
	if off.Result != abci.ResponseOfferSnapshot_REJECT_FORMAT {
		t.Fatalf("old format: %v, want REJECT_FORMAT", off.Result)
	}
	off, _ = dst.OfferSnapshot(ctx, &abci.RequestOfferSnapshot{Snapshot: snap, AppHash: appHash})
	if off.Result != abci.ResponseOfferSnapshot_ACCEPT {
		t.Fatalf("offer: %v", off.Result)
	}
	corrupt := append([]byte(nil), chunks[0]...)
	corrupt[10] ^= 0x55
	for name, bad := range map[string][]byte{"corrupted": corrupt, "truncated": chunks[0][:len(chunks[0])/2]} {
		r, _ := dst.ApplySnapshotChunk(ctx, &abci.RequestApplySnapshotChunk{Index: 0, Chunk: bad, Sender: "bad-peer"})
		if r.Result != abci.ResponseApplySnapshotChunk_RETRY || fmt.Sprint(r.RefetchChunks) != "[0]" || fmt.Sprint(r.RejectSenders) != "[bad-peer]" {
			t.Fatalf("%s chunk: %+v, want RETRY, refetch [0], reject [bad-peer]", name, r)
		}
	}
	for i, c := range chunks {
		r, _ := dst.ApplySnapshotChunk(ctx, &abci.RequestApplySnapshotChunk{Index: uint32(i), Chunk: c, Sender: "good-peer"})
		if r.Result != abci.ResponseApplySnapshotChunk_ACCEPT {
			t.Fatalf("chunk %d: %v", i, r.Result)
		}
	}
	if h, refused := dst.SyncStats(); h != 4 || refused != 2 {
		t.Fatalf("sync stats: restored %d, refused %d; want 4 and 2", h, refused)
	}
	info, _ := dst.Info(ctx, &abci.RequestInfo{})
	if info.LastBlockHeight != 4 || !bytes.Equal(info.LastBlockAppHash, appHash) {
		t.Fatalf("after restore: height %d hash %X, want 4 %X", info.LastBlockHeight, info.LastBlockAppHash, appHash)
	}
	if dst.ChainID() != apptest.ChainID {
		t.Fatalf("restored chain-id %q", dst.ChainID())
	}
	n := 0
	dst.DumpCommitted(func(k, v []byte) {
		n++
		if !bytes.Equal(srcSnap.kv[string(k)], v) {
			t.Fatalf("key %q differs after restore", k)
		}
	})
	if n != len(srcSnap.kv) {
		t.Fatalf("restored %d keys, source had %d", n, len(srcSnap.kv))
	}
	q, _ := dst.Query(ctx, &abci.RequestQuery{Path: "/store", Data: []byte("meta/chain-id"), Prove: true})
	if q.Code != 0 || q.ProofOps == nil {
		t.Fatalf("proof query on the restored node: code %d %s", q.Code, q.Log)
	}
}

type versionState struct {
	hash []byte
	kv   map[string][]byte
}

// storeAt closes the harness's application and reads version v of its
// state from the files: root hash and every record.
func storeAt(h *apptest.Harness, v int64) (*versionState, error) {
	if err := h.App.Close(); err != nil {
		return nil, err
	}
	tree, err := iavlstore.Open(h.Dir, iavlstore.Options{})
	if err != nil {
		return nil, err
	}
	defer tree.Close()
	s, err := tree.Snapshot(v)
	if err != nil {
		return nil, err
	}
	out := &versionState{hash: s.Hash(), kv: map[string][]byte{}}
	s.Iterate(nil, nil, func(k, val []byte) bool {
		out.kv[string(k)] = append([]byte(nil), val...)
		return true
	})
	return out, nil
}
