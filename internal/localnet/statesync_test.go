package localnet_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	cmtcfg "github.com/cometbft/cometbft/config"
	rpcclient "github.com/cometbft/cometbft/rpc/client"
	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/config"
	"github.com/corridor-trade/corridor/internal/localnet"
	"github.com/corridor-trade/corridor/proof"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/kit"
)

// TestStateSyncJoin: a fresh full node joins a running 4-validator network
// by state sync. Shanghai and Singapore take snapshots in chunks of 1 KiB;
// every chunk Shanghai serves is damaged on its disk (corrupted or
// truncated), so the joining node must refuse them, reject Shanghai and
// fetch them again from Singapore. The joined node then reaches the same
// app hash as the validators and answers a /store query whose ICS-23 proof
// verifies against the chain's header.
func TestStateSyncJoin(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a network")
	}
	net := localnet.Start(t, localnet.Options{App: func(name string, c *config.Config) {
		if name == "shanghai" || name == "singapore" {
			c.StateSync.SnapshotInterval = 20
			c.StateSync.SnapshotChunkBytes = 1024
			// Keep them long enough for the joiner to fetch the one it
			// chose (real intervals are hundreds of blocks).
			c.StateSync.SnapshotKeepRecent = 5
		}
		if name == "joiner" {
			c.Log.Level = "statesync:info,*:error"
		}
	}})
	ctx := context.Background()
	net.WaitForHeight(2, 2*time.Minute)
	var anchored int64
	// Enough state for a dozen chunks: 4 transactions of 40 anchors.
	for i := 0; i < 4; i++ {
		var msgs []kit.Msg
		for j := 0; j < 40; j++ {
			seed := fmt.Sprint(i, "/", j)
			msgs = append(msgs, &invoice.MsgAnchor{
				DocHash: sha256.Sum256([]byte("doc" + seed)), Profile: invoice.ProfileUBL,
				Fingerprint: sha256.Sum256([]byte("fp" + seed)), BuyerCommit: sha256.Sum256([]byte("buyer")),
				IssueDate: "2026-11-02", Currency: "SGD", Total: "100"})
		}
		res, err := net.Client(1).Submit(ctx, net.Keys["sg-trader"], client.SubmitOptions{Wait: 60 * time.Second}, msgs...)
		if err != nil || !res.OK() {
			t.Fatalf("anchors %d: %v %+v", i, err, res)
		}
		anchored = res.Height
	}
	// Wait for a snapshot that has the anchors, and two blocks more (the
	// light client needs headers snapshot+1 and +2); the next snapshot is
	// then 18 blocks away.
	snapAt := (anchored/20 + 1) * 20
	net.WaitForHeight(snapAt+2, 2*time.Minute)
	// Damage every chunk Shanghai has or will take, as soon as it appears
	// (a joining node needs several seconds of discovery before it asks).
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	snaps := net.Nodes[0].App.Snapshots()
	go func() {
		defer wg.Done()
		damaged := map[string]bool{}
		for {
			select {
			case <-stop:
				return
			case <-time.After(50 * time.Millisecond):
			}
			list, _ := snaps.List()
			for _, s := range list {
				for c := uint32(0); c < s.Chunks; c++ {
					path := snaps.ChunkPath(s.Height, c)
					if damaged[path] {
						continue
					}
					b, err := os.ReadFile(path)
					if err != nil || len(b) < 2 {
						continue
					}
					if c%2 == 0 {
						b[len(b)/2] ^= 0xff
					} else {
						b = b[:len(b)-1]
					}
					os.WriteFile(path, b, 0o600)
					damaged[path] = true
				}
			}
		}
	}()
	defer func() { close(stop); wg.Wait() }()

	// The trust point an operator would take from a node it trusts.
	st, err := net.Client(1).RPC.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	trustHeight := st.SyncInfo.LatestBlockHeight
	commit, err := net.Client(1).RPC.Commit(ctx, &trustHeight)
	if err != nil {
		t.Fatal(err)
	}
	rpc := func(i int) string { return strings.Replace(net.Nodes[i].RPC, "tcp://", "http://", 1) }
	idx, err := net.AddFullNode("joiner", func(c *cmtcfg.Config) {
		c.StateSync.Enable = true
		c.StateSync.RPCServers = []string{rpc(1), rpc(2)}
		c.StateSync.TrustHeight = trustHeight
		c.StateSync.TrustHash = commit.SignedHeader.Hash().String()
		c.StateSync.TrustPeriod = 24 * time.Hour
		c.StateSync.DiscoveryTime = 5 * time.Second
		c.StateSync.ChunkRequestTimeout = 15 * time.Second
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := net.StartNode(idx); err != nil {
		t.Fatal(err)
	}
	joiner := net.Nodes[idx]
	target := trustHeight + 10
	if err := net.Client(idx).WaitForHeight(ctx, target, 3*time.Minute); err != nil {
		logTail(t, joiner.Home)
		t.Fatalf("joiner did not reach height %d: %v", target, err)
	}
	restored, refused := joiner.App.SyncStats()
	if restored == 0 {
		t.Fatal("the joiner replayed blocks instead of restoring a snapshot")
	}
	if refused == 0 {
		logTail(t, joiner.Home)
		t.Fatal("no damaged chunk was refused: the joiner never fetched from the damaged peer")
	}
	t.Logf("restored height %d, refused %d damaged chunks", restored, refused)
	if restored < snapAt {
		t.Fatalf("restored height %d, want a snapshot with the anchors (height >= %d)", restored, snapAt)
	}
	// Every block after the snapshot was executed by the joiner's own
	// application against the restored state: CometBFT checks each
	// header's app hash against it.
	if base, err := net.Client(idx).RPC.Block(ctx, &restored); err == nil && base.Block != nil {
		t.Fatalf("joiner has block %d, which it should have skipped by state sync", restored)
	}
	h := target - 1
	b1, err := net.Client(1).RPC.Block(ctx, &target)
	if err != nil {
		t.Fatal(err)
	}
	bj, err := net.Client(idx).RPC.Block(ctx, &target)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b1.Block.AppHash, bj.Block.AppHash) {
		t.Fatalf("app hash at %d: joiner %X, singapore %X", target, bj.Block.AppHash, b1.Block.AppHash)
	}
	key := []byte("meta/chain-id")
	q, err := net.Client(idx).RPC.ABCIQueryWithOptions(ctx, "/store", key, rpcclient.ABCIQueryOptions{Height: h, Prove: true})
	if err != nil || q.Response.Code != 0 || q.Response.ProofOps == nil {
		t.Fatalf("proof query on the joiner: %v %+v", err, q)
	}
	p, err := proof.DecodeProof(q.Response.ProofOps.Ops[0].Data)
	if err != nil {
		t.Fatal(err)
	}
	if err := proof.VerifyValue(b1.Block.AppHash, key, q.Response.Value, p); err != nil {
		t.Fatalf("joiner's proof does not verify against header %d: %v", target, err)
	}
	if string(q.Response.Value) != net.ChainID {
		t.Fatalf("proved value %q", q.Response.Value)
	}
}

// logTail logs the end of a node's log, to see why it failed.
func logTail(t *testing.T, home string) {
	b, _ := os.ReadFile(home + "/node.log")
	if len(b) > 6000 {
		b = b[len(b)-6000:]
	}
	t.Logf("end of %s/node.log:\n%s", home, b)
}
