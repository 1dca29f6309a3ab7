package localnet_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/internal/localnet"
	"github.com/corridor-trade/corridor/x/membership"
)

// admitVia sends an admit transaction for a fresh key to node i and waits
// for its commit.
func admitVia(t *testing.T, net *localnet.Network, i int, operator string) (secp.Address, int64) {
	t.Helper()
	key, _ := secp.GenPrivKey()
	res, err := net.Client(i).Submit(context.Background(), net.Keys[operator], client.SubmitOptions{Wait: time.Minute},
		&membership.MsgAdmit{PubKey: key.PubKey(), Roles: []string{"trader"}})
	if err != nil {
		t.Fatalf("submit via node %d: %v", i, err)
	}
	if !res.OK() {
		t.Fatalf("admit via node %d: %s %s", i, res.Error, res.Log)
	}
	// The next admit may go through another node, which checks the
	// operator's sequence against its own committed state: wait until
	// every running node has committed this one.
	net.WaitForHeight(res.Height, 2*time.Minute)
	return key.PubKey().Address(), res.Height
}

// sameAppHashes checks that every running node reports the same app hash
// in the header of every height from 1 to h.
func sameAppHashes(t *testing.T, net *localnet.Network, h int64) {
	t.Helper()
	ctx := context.Background()
	for height := int64(1); height <= h; height++ {
		var first []byte
		for i, nd := range net.Nodes {
			if nd.Node == nil {
				continue
			}
			hh := height
			b, err := net.Client(i).RPC.Block(ctx, &hh)
			if err != nil {
				t.Fatalf("node %s block %d: %v", nd.Name, height, err)
			}
			if first == nil {
				first = b.Block.AppHash
			} else if !bytes.Equal(first, b.Block.AppHash) {
				t.Fatalf("height %d: node %s app hash %X differs from %X", height, nd.Name, b.Block.AppHash, first)
			}
		}
	}
}

func TestFourValidatorsAgree(t *testing.T) {
	if testing.Short() {
		t.Skip("network test")
	}
	net := localnet.Start(t, localnet.Options{})
	net.WaitForHeight(2, time.Minute)
	// Each city's operator admits a member through a different node.
	ops := []string{"sh-operator", "sg-operator", "hk-operator", "sh-operator"}
	var last int64
	var admitted []secp.Address
	for i := range net.Nodes {
		addr, h := admitVia(t, net, i, ops[i])
		admitted = append(admitted, addr)
		if h > last {
			last = h
		}
	}
	net.WaitForHeight(last+1, time.Minute)
	// Every node knows every member.
	for i := range net.Nodes {
		for _, a := range admitted {
			var m membership.Member
			if err := net.Client(i).Query(context.Background(), "/member/"+a.String(), &m); err != nil {
				t.Fatalf("node %d does not know %s: %v", i, a, err)
			}
		}
	}
	sameAppHashes(t, net, last+1)
}

// buildBinary compiles corridord once per test binary run.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "corridord")
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/corridord")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build corridord: %v\n%s", err, out)
	}
	return bin
}

// TestKillAndRestart runs one of four validators as a real process, kills
// it with SIGKILL in the middle of a stream of transactions, restarts it,
// and checks that it catches up to the same app hash and lost nothing.
func TestKillAndRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("network test")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	res, vals, err := localnet.Generate(dir, localnet.Options{})
	if err != nil {
		t.Fatal(err)
	}
	net := &localnet.Network{T: t, ChainID: res.Genesis.ChainID, Dir: dir, Keys: res.Keys, Gen: res}
	for i, v := range vals {
		net.Nodes = append(net.Nodes, &localnet.Node{Name: v.Name, Home: res.Homes[i], RPC: fmt.Sprintf("tcp://127.0.0.1:%d", v.RPCPort)})
	}
	t.Cleanup(net.Stop)
	for i := 0; i < 3; i++ {
		if err := net.StartNode(i); err != nil {
			t.Fatal(err)
		}
	}
	victim := 3
	start := func() *exec.Cmd {
		logf, err := os.OpenFile(filepath.Join(res.Homes[victim], "process.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(bin, "start", "--home", res.Homes[victim], "--log.level", "error")
		cmd.Stdout, cmd.Stderr = logf, logf
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait(); logf.Close() })
		return cmd
	}
	proc := start()
	victimClient := net.Client(victim)
	if err := victimClient.WaitForHeight(context.Background(), 2, time.Minute); err != nil {
		t.Fatal(err)
	}
	// Stream transactions through the victim and the others; kill the
	// victim after a few commits.
	var committed []secp.Address
	for k := 0; k < 6; k++ {
		via := k % 3
		if k < 3 {
			via = victim
		}
		addr, _ := admitVia(t, net, via, "sg-operator")
		committed = append(committed, addr)
		if k == 2 {
			if err := proc.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			proc.Wait()
		}
	}
	st, err := net.Client(0).RPC.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	target := st.SyncInfo.LatestBlockHeight
	start()
	if err := victimClient.WaitForHeight(context.Background(), target+1, 2*time.Minute); err != nil {
		t.Fatalf("restarted node did not catch up: %v", err)
	}
	for _, a := range committed {
		if err := victimClient.Query(context.Background(), "/member/"+a.String(), nil); err != nil {
			t.Fatalf("restarted node lost member %s: %v", a, err)
		}
	}
	// The victim's app hash at every height matches node 0's.
	ctx := context.Background()
	for h := int64(1); h <= target; h++ {
		hh := h
		a, err := net.Client(0).RPC.Block(ctx, &hh)
		if err != nil {
			t.Fatal(err)
		}
		b, err := victimClient.RPC.Block(ctx, &hh)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Block.AppHash, b.Block.AppHash) || !bytes.Equal(a.BlockID.Hash, b.BlockID.Hash) {
			t.Fatalf("height %d differs after restart", h)
		}
	}
}
