package node_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	mrand "math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/internal/localnet"
	"github.com/corridor-trade/corridor/tx"
	"github.com/corridor-trade/corridor/x/invoice"
)

// killCount is how many times TestKillUnderLoad kills the node on each
// backend: CORRIDOR_KILLS, default 5 (make test).
func killCount(t *testing.T) int {
	if s := os.Getenv("CORRIDOR_KILLS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("CORRIDOR_KILLS=%q: want a positive number", s)
		}
		return n
	}
	return 5
}

// TestKillUnderLoad runs a single-validator node as the real corridord
// process on each state backend, sends it a stream of invoice anchors, and
// kills it with SIGKILL at a random moment, again and again. After every
// restart the node must start (never "version does not exist"), go on
// making blocks, and hold every invoice it had acknowledged (committed and
// reported by the application) before any kill. Issue 12 saw 3 of 20 such
// kills leave a pebbledb node that never started again.
func TestKillUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("process test")
	}
	bin := buildCorridord(t)
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("CORRIDOR_KILL_SEED"); s != "" {
		seed, _ = strconv.ParseUint(s, 10, 64)
	}
	t.Logf("kill moments from CORRIDOR_KILL_SEED=%d", seed)
	for _, backend := range []string{"goleveldb", "pebbledb"} {
		t.Run(backend, func(t *testing.T) {
			killUnderLoad(t, bin, backend, killCount(t), mrand.New(mrand.NewPCG(seed, 12)))
		})
	}
}

func killUnderLoad(t *testing.T, bin, backend string, kills int, r *mrand.Rand) {
	dir := t.TempDir()
	res, vals, err := localnet.Generate(dir, localnet.Options{Validators: 1})
	if err != nil {
		t.Fatal(err)
	}
	home := res.Homes[0]
	p := &nodeProc{t: t, bin: bin, home: home, backend: backend}
	c, err := client.New(fmt.Sprintf("tcp://127.0.0.1:%d", vals[0].RPCPort))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p.start()
	defer p.stop()
	if err := p.waitHeight(ctx, c, 2); err != nil {
		t.Fatalf("%v\n%s", err, p.logTail())
	}
	// pebble writes OPTIONS-* files, goleveldb none.
	if m, _ := filepath.Glob(filepath.Join(home, "data", "application.db", "OPTIONS-*")); (len(m) > 0) != (backend == "pebbledb") {
		t.Fatalf("the node's application.db is not a %s database", backend)
	}
	l := &killLoad{c: c, chainID: res.Genesis.ChainID, docs: map[string]invoice.Hash{}, acked: map[invoice.Hash]int64{}}
	var wg sync.WaitGroup
	for _, name := range []string{"sg-trader", "sh-trader", "hk-trader"} {
		wg.Add(1)
		go func() { defer wg.Done(); l.trader(ctx, res.Keys[name]) }()
	}
	wg.Add(1)
	go func() { defer wg.Done(); l.follow(ctx) }()
	defer func() { cancel(); wg.Wait() }()

	for k := 1; k <= kills; k++ {
		time.Sleep(time.Duration(500+r.IntN(2500)) * time.Millisecond)
		p.kill()
		h, n := l.ackedSoFar()
		t.Logf("kill %d: %d invoices acknowledged, up to height %d", k, n, h)
		p.start()
		// The node starts, replays, and makes new blocks.
		if err := p.waitHeight(ctx, c, h+1); err != nil {
			t.Fatalf("after kill %d the node did not get past height %d: %v\n%s", k, h, err, p.logTail())
		}
		if err := l.checkAll(ctx); err != nil {
			t.Fatalf("after kill %d: %v", k, err)
		}
	}
	cancel()
	wg.Wait()
	h, n := l.ackedSoFar()
	if n == 0 || h < 3 {
		t.Fatalf("only %d invoices acknowledged up to height %d: the load did not run", n, h)
	}
	if err := l.checkAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: %d kills; %d acknowledged invoices all present; %d transactions rejected in CheckTx", backend, kills, n, l.rejected)
}

// nodeProc is the corridord start process of one home.
type nodeProc struct {
	t       *testing.T
	bin     string
	home    string
	backend string
	cmd     *exec.Cmd
	done    chan struct{}
}

func (p *nodeProc) start() {
	logf, err := os.OpenFile(filepath.Join(p.home, "node.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		p.t.Fatal(err)
	}
	fmt.Fprintf(logf, "---- start (%s) ----\n", p.backend)
	cmd := exec.Command(p.bin, "start", "--home", p.home, "--state.backend", p.backend, "--log.level", "error")
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		p.t.Fatal(err)
	}
	p.cmd, p.done = cmd, make(chan struct{})
	go func() { _ = cmd.Wait(); logf.Close(); close(p.done) }()
}

// waitHeight waits until the node's application committed height h, and
// gives up at once if the process exits (a node that cannot load its state
// exits with the reason in its log).
func (p *nodeProc) waitHeight(ctx context.Context, c *client.Client, h int64) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		select {
		case <-p.done:
			cancel()
		case <-ctx.Done():
		}
	}()
	err := c.WaitForHeight(ctx, h, 2*time.Minute)
	select {
	case <-p.done:
		return fmt.Errorf("the node exited (%v)", p.cmd.ProcessState)
	default:
		return err
	}
}

func (p *nodeProc) kill() {
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.done
}

// stop ends the node cleanly (SIGTERM), or kills it after 30s.
func (p *nodeProc) stop() {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(30 * time.Second):
		p.kill()
	}
}

func (p *nodeProc) logTail() string {
	b, _ := os.ReadFile(filepath.Join(p.home, "node.log"))
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > 20 {
		lines = lines[len(lines)-20:]
	}
	return "node log:\n" + strings.Join(lines, "\n")
}

// killLoad sends anchors and follows the chain: an invoice is acknowledged
// once its transaction succeeded in a block the application reports as
// committed.
type killLoad struct {
	c       *client.Client
	chainID string

	mu       sync.Mutex
	docs     map[string]invoice.Hash // transaction hash (hex) -> its document
	acked    map[invoice.Hash]int64  // document -> height
	rejected int
}

func randHash() invoice.Hash {
	var h invoice.Hash
	if _, err := rand.Read(h[:]); err != nil {
		panic(err)
	}
	return h
}

// trader sends anchors one after the other without waiting for commits,
// re-reading its sequence whenever the node refuses one or is down.
func (l *killLoad) trader(ctx context.Context, key *secp.PrivKey) {
	var seq uint64
	fresh := false
	for ctx.Err() == nil {
		if !fresh {
			_, s, err := l.c.Sequence(ctx, key.PubKey())
			if err != nil {
				sleep(ctx, 200*time.Millisecond)
				continue
			}
			seq, fresh = s, true
		}
		m := &invoice.MsgAnchor{DocHash: randHash(), Profile: invoice.ProfileUBL, Fingerprint: randHash(),
			BuyerCommit: randHash(), IssueDate: "2026-11-02", Currency: "SGD", Total: "1000"}
		raw, err := tx.Build(key, l.chainID, seq, "", m)
		if err != nil {
			panic(err)
		}
		h := tx.Hash(raw)
		l.mu.Lock()
		l.docs[hex.EncodeToString(h[:])] = m.DocHash
		l.mu.Unlock()
		res, err := l.c.BroadcastRaw(ctx, raw, 0)
		switch {
		case err != nil: // the node is down
			fresh = false
			sleep(ctx, 200*time.Millisecond)
		case res.Code == 0:
			seq++
			sleep(ctx, 40*time.Millisecond) // about 25 anchors a second per trader
		default:
			l.mu.Lock()
			l.rejected++
			l.mu.Unlock()
			fresh = res.Code != codes.TxBadSequence.Code
			sleep(ctx, 100*time.Millisecond)
		}
	}
}

// follow reads every block the application has committed and records the
// invoices of its successful transactions.
func (l *killLoad) follow(ctx context.Context) {
	next := int64(1)
	for ctx.Err() == nil {
		info, err := l.c.RPC.ABCIInfo(ctx)
		for err == nil && next <= info.Response.LastBlockHeight {
			h := next
			b, berr := l.c.RPC.Block(ctx, &h)
			if berr != nil {
				break
			}
			results, rerr := l.c.RPC.BlockResults(ctx, &h)
			if rerr != nil {
				break
			}
			l.mu.Lock()
			for i, raw := range b.Block.Txs {
				hash := tx.Hash(raw)
				if doc, ok := l.docs[hex.EncodeToString(hash[:])]; ok && results.TxsResults[i].Code == 0 {
					l.acked[doc] = h
				}
			}
			l.mu.Unlock()
			next++
		}
		sleep(ctx, 200*time.Millisecond)
	}
}

// ackedSoFar returns the highest height of an acknowledged invoice and how
// many there are.
func (l *killLoad) ackedSoFar() (height int64, n int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, h := range l.acked {
		height = max(height, h)
	}
	return height, len(l.acked)
}

// checkAll queries every acknowledged invoice from the node.
func (l *killLoad) checkAll(ctx context.Context) error {
	l.mu.Lock()
	acked := make(map[invoice.Hash]int64, len(l.acked))
	for d, h := range l.acked {
		acked[d] = h
	}
	l.mu.Unlock()
	for d, h := range acked {
		var v invoice.InvoiceView
		if err := l.c.Query(ctx, "/invoice/"+d.String(), &v); err != nil {
			return fmt.Errorf("invoice %s, acknowledged at height %d, is gone: %w", d, h, err)
		}
		if v.DocHash != d {
			return fmt.Errorf("invoice %s answers as %s", d, v.DocHash)
		}
	}
	return nil
}

func sleep(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}

// buildCorridord compiles the corridord binary into the test's directory.
func buildCorridord(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "corridord")
	_, file, _, _ := runtime.Caller(0)
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/corridord")
	cmd.Dir = filepath.Join(filepath.Dir(file), "..", "..")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build corridord: %v\n%s", err, out)
	}
	return bin
}
