package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/config"
	"github.com/corridor-trade/corridor/internal/localnet"
	"github.com/corridor-trade/corridor/internal/node"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/kit/store/iavlstore"
)

// TestRollbackReexecutes stops a one-validator node at height N, runs
// `corridord rollback`, and checks that both states are at N-1 with the
// app hash CometBFT recorded, and that the restarted node re-executes block N to the same app hash (in header N+1)
// and goes on.
func TestRollbackReexecutes(t *testing.T) {
	if testing.Short() {
		t.Skip("network test")
	}
	net := localnet.Start(t, localnet.Options{Validators: 1}) // returns once block 1 is committed
	ctx := context.Background()
	c := net.Client(0)
	key := net.Keys["sg-trader"]
	fp, _ := invoice.Fingerprint(key.PubKey().Address(), "RB-1")
	res, err := c.Submit(ctx, key, client.SubmitOptions{Wait: time.Minute}, &invoice.MsgAnchor{
		DocHash: invoice.Hash(sha256.Sum256([]byte("rollback"))), Profile: invoice.ProfileRaw, Fingerprint: fp,
		BuyerMember: net.Keys["hk-trader"].PubKey().Address(), IssueDate: "2026-11-22", Currency: "SGD", Total: "10"})
	if err != nil || !res.OK() {
		t.Fatalf("anchor: %v %+v", err, res)
	}
	net.StopNode(0)
	home := net.Nodes[0].Home
	n, hashN := appState(t, home)
	if n < res.Height {
		t.Fatalf("state at %d, anchor at %d", n, res.Height)
	}
	_, hashBefore := appStateAt(t, home, n-1)

	out, _ := mustCLI(t, home, "rollback", "-o", "json")
	var rb RollbackResult
	if err := json.Unmarshal([]byte(out), &rb); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if rb.Height != n-1 || rb.StateFrom != n || rb.AppHash != fmt.Sprintf("%X", hashBefore) {
		t.Fatalf("rollback answered %+v; want height %d from %d, app hash %X", rb, n-1, n, hashBefore)
	}
	if v, h := appState(t, home); v != n-1 || !bytes.Equal(h, hashBefore) {
		t.Fatalf("application state at %d (%X) after the rollback, want %d (%X)", v, h, n-1, hashBefore)
	}

	// Restart with an info log, to show the re-execution if it fails.
	cfg := config.Default()
	cfg.Log.Level = "info"
	logPath := filepath.Join(home, "restart.log")
	logf, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer logf.Close()
	restarted, err := node.New(home, cfg, logf)
	if err != nil {
		t.Fatal(err)
	}
	if err := restarted.Start(); err != nil {
		t.Fatal(err)
	}
	defer restarted.Stop()
	// A new client: the old one's kept-alive connection still reaches the
	// stopped node's RPC handler (CometBFT closes its listener, not open
	// connections).
	c = net.Client(0)
	if err := c.WaitForHeight(ctx, n+1, 2*time.Minute); err != nil {
		t.Fatalf("no block after the rollback: %v\n%s", err, mustRead(t, logPath))
	}
	next := n + 1
	b, err := c.RPC.Block(ctx, &next)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Block.AppHash, hashN) {
		t.Fatalf("block %d re-executed to app hash %X, was %X", n, b.Block.AppHash, hashN)
	}
	if err := c.Query(ctx, "/invoice/"+invoice.Hash(sha256.Sum256([]byte("rollback"))).String(), nil); err != nil {
		t.Fatalf("the anchor is gone after the rollback: %v", err)
	}
}

// appState opens a stopped node's application state and returns its
// latest version and app hash.
func appState(t *testing.T, home string) (int64, []byte) { return appStateAt(t, home, 0) }

func appStateAt(t *testing.T, home string, v int64) (int64, []byte) {
	t.Helper()
	conf, err := node.LoadCometConfig(home)
	if err != nil {
		t.Fatal(err)
	}
	tree, err := iavlstore.Open(conf.DBDir(), iavlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer tree.Close()
	snap, err := tree.Snapshot(v)
	if err != nil {
		t.Fatal(err)
	}
	return snap.Version(), snap.Hash()
}
