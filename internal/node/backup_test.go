package node_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/config"
	"github.com/corridor-trade/corridor/internal/localnet"
	"github.com/corridor-trade/corridor/internal/node"
	"github.com/corridor-trade/corridor/x/invoice"
)

// TestBackupAndRestore follows docs/operations.md, "Backup and restore":
// stop the node, archive its whole home with tar, delete the original,
// unpack the archive somewhere else and start the node from there. The
// restored node has the anchor, its app hash after the last height it
// had is the one the original computed, and it goes on making blocks
// with the same validator key (the state file travelled with it, and the
// original is gone, so the key is never used twice).
func TestBackupAndRestore(t *testing.T) {
	if testing.Short() {
		t.Skip("network test")
	}
	net := localnet.Start(t, localnet.Options{Validators: 1})
	ctx := context.Background()
	key := net.Keys["sg-trader"]
	doc := invoice.Hash(sha256.Sum256([]byte("backup")))
	fp, _ := invoice.Fingerprint(key.PubKey().Address(), "BK-1")
	res, err := net.Client(0).Submit(ctx, key, client.SubmitOptions{Wait: time.Minute}, &invoice.MsgAnchor{
		DocHash: doc, Profile: invoice.ProfileRaw, Fingerprint: fp,
		BuyerMember: net.Keys["hk-trader"].PubKey().Address(), IssueDate: "2026-11-22", Currency: "SGD", Total: "10"})
	if err != nil || !res.OK() {
		t.Fatalf("anchor: %v %+v", err, res)
	}
	net.StopNode(0)
	home := net.Nodes[0].Home

	// Back up: one archive of the stopped home.
	archive := filepath.Join(t.TempDir(), "shanghai-home.tar.gz")
	run(t, "tar", "-C", filepath.Dir(home), "-czf", archive, filepath.Base(home))
	// The original is gone (a lost machine); restore on another path.
	if err := os.RemoveAll(home); err != nil {
		t.Fatal(err)
	}
	elsewhere := t.TempDir()
	run(t, "tar", "-C", elsewhere, "-xzf", archive)
	restoredHome := filepath.Join(elsewhere, filepath.Base(home))
	if st, err := os.Stat(filepath.Join(restoredHome, "data", "priv_validator_state.json")); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("the state file did not come back as it was: %v %v", st, err)
	}

	cfg := config.Default()
	cfg.Log.Level = "error"
	logf, err := os.Create(filepath.Join(restoredHome, "restored.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer logf.Close()
	n, err := node.New(restoredHome, cfg, logf)
	if err != nil {
		t.Fatal(err)
	}
	info, err := n.App.Info(ctx, &abci.RequestInfo{})
	if err != nil {
		t.Fatal(err)
	}
	height, appHash := info.LastBlockHeight, info.LastBlockAppHash
	if height < res.Height {
		t.Fatalf("restored state at height %d, the anchor is at %d", height, res.Height)
	}
	if err := n.Start(); err != nil {
		t.Fatal(err)
	}
	defer n.Stop()
	c := net.Client(0) // a new connection, to the restored node
	if err := c.WaitForHeight(ctx, height+2, 2*time.Minute); err != nil {
		t.Fatalf("the restored node makes no blocks: %v", err)
	}
	next := height + 1
	b, err := c.RPC.Block(ctx, &next)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Block.AppHash, appHash) {
		t.Fatalf("header %d carries app hash %X; the backed-up state had %X", next, b.Block.AppHash, appHash)
	}
	if err := c.Query(ctx, "/invoice/"+doc.String(), nil); err != nil {
		t.Fatalf("the restored node lost the anchor: %v", err)
	}
}

func run(t *testing.T, name string, args ...string) {
	t.Helper()
	if out, err := exec.Command(name, args...).CombinedOutput(); err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
}
