package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/corridor-trade/corridor/internal/keyring"
	"github.com/corridor-trade/corridor/internal/localnet"
	"github.com/corridor-trade/corridor/internal/relayer"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/kit"
)

// TestRelayHelperProcess is not a test: TestRelayKilled runs the test
// binary as `corridord` through it, so that it can kill a real process.
func TestRelayHelperProcess(t *testing.T) {
	if os.Getenv("CORRIDORD_HELPER") != "1" {
		t.Skip("helper process of TestRelayKilled")
	}
	var args []string
	if err := json.Unmarshal([]byte(os.Getenv("CORRIDORD_HELPER_ARGS")), &args); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	root, _ := newRoot()
	root.SetArgs(args)
	if err := root.Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "Error:", err)
		os.Exit(1)
	}
	os.Exit(0)
}

// TestRelayKilled kills a running `corridord relay` process (SIGKILL) right
// after its first dock, restarts it on the same journal, and checks that
// every anchor of the source arrives on the destination exactly once.
func TestRelayKilled(t *testing.T) {
	sw := localnet.Start(t, localnet.Options{ChainID: "sw-cn-1", Validators: 1})
	co := localnet.Start(t, localnet.Options{ChainID: "corridor-1", Validators: 1})
	sw.WaitForHeight(2, time.Minute)
	co.WaitForHeight(2, time.Minute)
	ctx := context.Background()
	reg, _, err := relayer.RegisterMsg(ctx, sw.Client(0), time.Hour, 10*time.Second, "")
	if err != nil {
		t.Fatal(err)
	}
	mustSubmit(t, co.Client(0), co.Keys["sg-operator"], reg)

	issuer := sw.Keys["sh-trader"].PubKey().Address()
	var docs []invoice.Hash
	var msgs []kit.Msg
	for i := 0; i < 6; i++ {
		number := fmt.Sprintf("KILL-%04d", i)
		fp, _ := invoice.Fingerprint(issuer, number)
		m := &invoice.MsgAnchor{DocHash: invoice.Hash(sha256Sum("kill " + number)), Profile: invoice.ProfileRaw, Fingerprint: fp,
			BuyerMember: sw.Keys["hk-trader"].PubKey().Address(), IssueDate: "2026-11-22", Currency: "SGD", Total: "10"}
		docs, msgs = append(docs, m.DocHash), append(msgs, m)
	}
	mustSubmit(t, sw.Client(0), sw.Keys["sh-trader"], msgs...)

	home := t.TempDir()
	kr, err := keyring.Open(keyring.BackendTest, filepath.Join(home, "keyring"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := kr.Import("relayer", co.Keys["hk-customs"].Bytes()); err != nil {
		t.Fatal(err)
	}
	journal := filepath.Join(home, "relay.journal")
	args, _ := json.Marshal([]string{"relay", "--src", sw.Nodes[0].RPC, "--dst", co.Nodes[0].RPC, "--from", "relayer",
		"--keyring-backend", "test", "--all", "--journal", journal, "--interval", "300ms", "--home", home})
	start := func() (*exec.Cmd, *bufio.Scanner) {
		cmd := exec.Command(os.Args[0], "-test.run=^TestRelayHelperProcess$")
		cmd.Env = append(os.Environ(), "CORRIDORD_HELPER=1", "CORRIDORD_HELPER_ARGS="+string(args))
		stderr, err := cmd.StderrPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
		return cmd, bufio.NewScanner(stderr)
	}

	first, lines := start()
	killed := false
	for lines.Scan() {
		t.Log("run 1: " + lines.Text())
		if !killed && strings.Contains(lines.Text(), " docked at height ") {
			if err := first.Process.Kill(); err != nil {
				t.Fatal(err)
			}
			killed = true
		}
	}
	first.Wait() // the scanner has seen EOF: the process is gone
	if !killed {
		t.Fatal("the first relayer exited without docking anything")
	}

	second, lines := start()
	drained := make(chan struct{})
	go func() {
		defer close(drained)
		for lines.Scan() {
			t.Log("run 2: " + lines.Text())
		}
	}()
	// Six docks and their client updates, a few blocks each: generous,
	// for a loaded machine's slow blocks.
	deadline := time.Now().Add(3 * time.Minute)
	for _, d := range docs {
		for {
			var anchors []json.RawMessage
			if err := co.Client(0).Query(ctx, "/docking/anchors/"+d.String(), &anchors); err != nil {
				t.Fatal(err)
			}
			if len(anchors) == 1 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s not docked 3 min after the restart", d)
			}
			time.Sleep(300 * time.Millisecond)
		}
	}
	second.Process.Kill()
	<-drained
	second.Wait()

	// Each document was docked by exactly one successful transaction.
	for _, d := range docs {
		q := fmt.Sprintf("docking_anchor.action='docked' AND docking_anchor.hash='%s'", hex.EncodeToString(d[:]))
		res := co.TxSearch(0, q, 1, 30*time.Second)
		if res.TotalCount != 1 {
			t.Errorf("%s: %d successful dock transactions, want 1", d, res.TotalCount)
		}
	}
}

func sha256Sum(s string) [32]byte { return sha256.Sum256([]byte(s)) }
