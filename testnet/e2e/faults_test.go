//go:build e2e

package e2e

import (
	"context"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/membership"
)

// Node indexes in the default testnet.
const (
	shanghai  = 0
	singapore = 1
	hongkong  = 2
	lingang   = 3
)

// Row is one line of the results table.
type Row struct {
	Scenario    string
	Acked       int
	Found       int
	FaultBlocks string // blocks committed during the fault
	Recover     string // time to recover
	Result      string
	Note        string
}

// env is what a scenario works with.
type env struct {
	t       *testing.T
	ctx     context.Context
	c       Cluster
	bin     string // the corridord binary under test, for the CLI steps of a scenario
	keys    []*secp.PrivKey
	chainID string
	tracker *Tracker
	checker *Checker
}

// scenario runs a fault under load and fills in its row; the common checks
// run afterwards.
type scenario struct {
	name     string
	needsCut bool
	// run starts its load with e.load, injects the fault and returns the
	// load and any extra node (the twin) the checks must include.
	run func(e *env, row *Row) (load *Load, extra []*Node, err error)
}

func scenarios() []scenario {
	return []scenario{
		{"kill -9 singapore, restart after 20s", false, killOne},
		{fmt.Sprintf("kill -9 under load %d times each: singapore (goleveldb) and lingang (pebbledb)", e2eKills()), false, killRepeatedly},
		{"disconnect hongkong (HK) for 30s", true, disconnectOne},
		{"disconnect shanghai+lingang (CN-SH, 2 of 4) for 20s", true, haltTwo},
		{"rolling restart of all four", false, rollingRestart},
		{"double-signing twin of hongkong", false, doubleSign},
		{"fifth validator joins by proposal (SG), then leaves", false, joinByProposal},
		{"a fresh node joins the running localnet by state sync and serves proofs", false, stateSyncJoin},
	}
}

// selected reports whether the scenario runs: CORRIDOR_E2E_SCENARIOS, if
// set, is a regular expression a scenario's name must match (e.g. "state
// sync" runs that one scenario on a fresh network); unset, all run.
func selected(t *testing.T, name string) bool {
	pat := os.Getenv("CORRIDOR_E2E_SCENARIOS")
	if pat == "" {
		return true
	}
	re, err := regexp.Compile(pat)
	if err != nil {
		t.Fatalf("CORRIDOR_E2E_SCENARIOS=%q: %v", pat, err)
	}
	return re.MatchString(name)
}

// corridord returns the binary to test: CORRIDOR_E2E_BIN, or a fresh build.
func corridord(t *testing.T) string {
	if b := os.Getenv("CORRIDOR_E2E_BIN"); b != "" {
		return b
	}
	bin := filepath.Join(t.TempDir(), "corridord")
	cmd := exec.Command("go", "build", "-o", bin, "github.com/corridor-trade/corridor/cmd/corridord")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build corridord: %v\n%s", err, out)
	}
	return bin
}

func TestFaults(t *testing.T) {
	mode := os.Getenv("CORRIDOR_E2E_MODE")
	if mode == "" {
		mode = "process"
		if exec.Command("docker", "info").Run() == nil {
			if _, err := exec.LookPath("docker-compose"); err == nil {
				mode = "docker"
			}
		}
	}
	bin := corridord(t)
	suiteStart := time.Now()
	var c Cluster
	switch mode {
	case "docker":
		c = newDockerCluster(t, bin)
	case "process":
		c = newProcCluster(t, bin)
	default:
		t.Fatalf("CORRIDOR_E2E_MODE=%q: want docker or process", mode)
	}
	t.Logf("mode: %s", c.Mode())
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	nodes := c.Nodes()
	for _, n := range nodes {
		if err := waitHeight(ctx, n, 2, 90*time.Second); err != nil {
			dumpLogs(t, c)
			t.Fatal(err)
		}
	}
	if dc, ok := c.(*dockerCluster); ok {
		if err := dc.waitHealthy(60 * time.Second); err != nil {
			t.Fatal(err)
		}
	}
	keys, err := setupTraders(ctx, nodes)
	if err != nil {
		t.Fatal(err)
	}
	chainID, err := rpcClient(nodes[0].RPC).ChainID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tracker := NewTracker(nodes)
	defer tracker.Close()
	e := &env{t: t, ctx: ctx, c: c, bin: bin, keys: keys, chainID: chainID, tracker: tracker, checker: NewChecker()}

	var rows []Row
	for _, sc := range scenarios() {
		if !selected(t, sc.name) {
			continue // left out of the table too: this run did not try it
		}
		if sc.needsCut && !c.CanCut() {
			rows = append(rows, Row{Scenario: sc.name, FaultBlocks: "-", Recover: "-", Result: "SKIPPED",
				Note: "needs a network cut (docker network disconnect); process mode has none"})
			continue
		}
		row := Row{Scenario: sc.name, FaultBlocks: "-", Recover: "-"}
		ran := t.Run(strings.NewReplacer(" ", "_", "+", "_").Replace(sc.name), func(t *testing.T) {
			e.t = t
			start := time.Now()
			load, extra, err := sc.run(e, &row)
			if err != nil {
				t.Error(err)
				row.Note = err.Error()
			}
			all := append(append([]*Node(nil), nodes...), extra...)
			logs := func(i int) (string, error) {
				if i >= len(nodes) {
					return c.Logs(-1)
				}
				return c.Logs(i)
			}
			var acks []*Ack
			if load != nil {
				acks = load.Acks()
			}
			stopped := func(i int) bool { return i < len(nodes) && c.WasStopped(i) }
			v := e.checker.Verify(ctx, all, acks, logs, stopped)
			row.Acked, row.Found = v.Acked, v.Found
			for _, p := range v.Problems {
				t.Error(p)
			}
			if len(extra) > 0 {
				if t.Failed() {
					// The extra node is removed next: show its log now.
					out, err := c.Logs(-1)
					lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
					if len(lines) > 40 {
						lines = lines[len(lines)-40:]
					}
					t.Logf("---- last log lines of %s (%v) ----\n%s", extra[0].Name, err, strings.Join(lines, "\n"))
				}
				if err := c.StopTwin(); err != nil {
					t.Error(err)
				}
			}
			if row.Note == "" && len(v.Problems) > 0 {
				// The report is what CI shows: name the first problem there.
				row.Note = firstProblem(v.Problems)
			}
			if row.Note == "" {
				var resent, rejected int64
				if load != nil {
					resent, rejected = load.resent.Load(), load.rejected.Load()
				}
				row.Note = fmt.Sprintf("heights 1..%d identical on %d nodes%s; %d re-sent, %d rejected; %s",
					v.Height, len(all), v.fromBases(all), resent, rejected, time.Since(start).Round(time.Second))
				for _, n := range all {
					if g := v.IndexGaps[n.Name]; g > 0 {
						row.Note += fmt.Sprintf("; /tx index of restarted %s lacks %d committed txs (CometBFT #3211)", n.Name, g)
					}
					if l := v.Late[n.Name]; l != nil {
						row.Note += fmt.Sprintf("; /tx index of %s found %d txs only on a second ask (%s)", n.Name, l.N, l.First)
					}
				}
			}
			row.Result = "PASS"
			if t.Failed() {
				row.Result = "FAIL"
				dumpLogs(t, c)
			}
		})
		if !ran && row.Result == "" {
			continue // filtered out by go test -run
		}
		rows = append(rows, row)
	}
	report(t, c.Mode(), rows, time.Since(suiteStart))
}

// firstProblem is the first of the problems, cut to fit a table cell, with
// how many more there are.
func firstProblem(problems []string) string {
	p := strings.ReplaceAll(problems[0], "|", "/")
	if len(p) > 240 {
		p = p[:240] + "..."
	}
	if len(problems) > 1 {
		p += fmt.Sprintf(" (and %d more)", len(problems)-1)
	}
	return p
}

// dumpLogs shows the tail of every node's log.
func dumpLogs(t *testing.T, c Cluster) {
	for i, n := range c.Nodes() {
		out, err := c.Logs(i)
		if err != nil {
			t.Logf("logs of %s: %v", n.Name, err)
			continue
		}
		lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
		if len(lines) > 15 {
			lines = lines[len(lines)-15:]
		}
		t.Logf("---- last log lines of %s ----\n%s", n.Name, strings.Join(lines, "\n"))
	}
}

// report prints the results table, and writes it to CORRIDOR_E2E_REPORT.
func report(t *testing.T, mode string, rows []Row, took time.Duration) {
	var b strings.Builder
	fmt.Fprintf(&b, "Mode: %s; %d validators; suite took %s (%s).\n\n", mode, 4, took.Round(time.Second), time.Now().UTC().Format("2006-01-02 15:04 UTC"))
	fmt.Fprintf(&b, "| scenario | acknowledged | found in chain | blocks during fault | time to recover | result | notes |\n")
	fmt.Fprintf(&b, "|---|---|---|---|---|---|---|\n")
	for _, r := range rows {
		acked, found := fmt.Sprint(r.Acked), fmt.Sprint(r.Found)
		if r.Result == "SKIPPED" {
			acked, found = "-", "-"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s |\n", r.Scenario, acked, found, r.FaultBlocks, r.Recover, r.Result, r.Note)
	}
	fmt.Fprintf(os.Stdout, "\n==== Corridor fault suite (%s mode) ====\n%s\n", mode, b.String())
	if p := os.Getenv("CORRIDOR_E2E_REPORT"); p != "" {
		if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
			t.Error(err)
		}
	}
}

// others returns the nodes except those at the given indexes.
func others(nodes []*Node, except ...int) []*Node {
	var out []*Node
	for i, n := range nodes {
		skip := false
		for _, x := range except {
			skip = skip || x == i
		}
		if !skip {
			out = append(out, n)
		}
	}
	return out
}

// sleep waits d unless the suite's context ends.
func (e *env) sleep(d time.Duration) {
	select {
	case <-e.ctx.Done():
	case <-time.After(d):
	}
}

// ---- Scenarios ------------------------------------------------------------------

func killOne(e *env, row *Row) (*Load, []*Node, error) {
	nodes := e.c.Nodes()
	load := NewLoad(e.chainID, nodes, e.keys, e.tracker)
	stop := load.Start(e.ctx)
	defer stop()
	e.sleep(5 * time.Second)
	live := others(nodes, singapore)
	h0 := maxHeight(e.ctx, live)
	if err := e.c.Kill(singapore); err != nil {
		return load, nil, err
	}
	e.sleep(20 * time.Second)
	h1 := maxHeight(e.ctx, live)
	row.FaultBlocks = fmt.Sprint(h1 - h0)
	if h1-h0 < 5 {
		return load, nil, fmt.Errorf("only %d blocks committed in 20s with 3 of 4 validators up", h1-h0)
	}
	if err := e.c.Start(singapore); err != nil {
		return load, nil, err
	}
	took, err := waitCaughtUp(e.ctx, nodes[singapore], live, 120*time.Second)
	row.Recover = took.Round(100 * time.Millisecond).String()
	if err != nil {
		return load, nil, err
	}
	e.sleep(5 * time.Second)
	return load, nil, nil
}

func disconnectOne(e *env, row *Row) (*Load, []*Node, error) {
	nodes := e.c.Nodes()
	load := NewLoad(e.chainID, nodes, e.keys, e.tracker)
	stop := load.Start(e.ctx)
	defer stop()
	e.sleep(5 * time.Second)
	live := others(nodes, hongkong)
	h0 := maxHeight(e.ctx, live)
	if err := e.c.Disconnect(hongkong); err != nil {
		return load, nil, err
	}
	e.sleep(30 * time.Second)
	h1 := maxHeight(e.ctx, live)
	row.FaultBlocks = fmt.Sprint(h1 - h0)
	if err := e.c.Connect(hongkong); err != nil {
		return load, nil, err
	}
	if h1-h0 < 5 {
		return load, nil, fmt.Errorf("only %d blocks committed in 30s with 3 of 4 validators connected", h1-h0)
	}
	took, err := waitCaughtUp(e.ctx, nodes[hongkong], live, 120*time.Second)
	row.Recover = took.Round(100 * time.Millisecond).String()
	if err != nil {
		return load, nil, err
	}
	e.sleep(5 * time.Second)
	return load, nil, nil
}

func haltTwo(e *env, row *Row) (*Load, []*Node, error) {
	nodes := e.c.Nodes()
	load := NewLoad(e.chainID, nodes, e.keys, e.tracker)
	stop := load.Start(e.ctx)
	defer stop()
	e.sleep(5 * time.Second)
	live := others(nodes, shanghai, lingang)
	h0 := maxHeight(e.ctx, nodes)
	for _, i := range []int{shanghai, lingang} {
		if err := e.c.Disconnect(i); err != nil {
			return load, nil, err
		}
	}
	// The block in flight may still commit; after that nothing may.
	e.sleep(8 * time.Second)
	hMid := maxHeight(e.ctx, live)
	e.sleep(12 * time.Second)
	h1 := maxHeight(e.ctx, live)
	row.FaultBlocks = fmt.Sprint(h1 - h0)
	for _, i := range []int{shanghai, lingang} {
		if err := e.c.Connect(i); err != nil {
			return load, nil, err
		}
	}
	if h1 != hMid {
		return load, nil, fmt.Errorf("the chain did not halt with 2 of 4 validators cut off: height %d after 8s, %d after 20s", hMid, h1)
	}
	healed := time.Now()
	if err := waitHeight(e.ctx, live[0], h1+1, 120*time.Second); err != nil {
		return load, nil, fmt.Errorf("the chain did not resume after healing: %w", err)
	}
	row.Recover = time.Since(healed).Round(100*time.Millisecond).String() + " to the next block"
	for _, i := range []int{shanghai, lingang} {
		if _, err := waitCaughtUp(e.ctx, nodes[i], live, 120*time.Second); err != nil {
			return load, nil, err
		}
	}
	e.sleep(5 * time.Second)
	return load, nil, nil
}

func rollingRestart(e *env, row *Row) (*Load, []*Node, error) {
	nodes := e.c.Nodes()
	load := NewLoad(e.chainID, nodes, e.keys, e.tracker)
	stop := load.Start(e.ctx)
	defer stop()
	e.sleep(5 * time.Second)
	h0 := maxHeight(e.ctx, nodes)
	var worst time.Duration
	for i := range nodes {
		if err := e.c.Stop(i); err != nil {
			return load, nil, err
		}
		e.sleep(3 * time.Second)
		if err := e.c.Start(i); err != nil {
			return load, nil, err
		}
		took, err := waitCaughtUp(e.ctx, nodes[i], others(nodes, i), 120*time.Second)
		if err != nil {
			return load, nil, err
		}
		worst = max(worst, took)
	}
	row.FaultBlocks = fmt.Sprint(maxHeight(e.ctx, nodes) - h0)
	row.Recover = "max " + worst.Round(100*time.Millisecond).String() + " per node"
	e.sleep(5 * time.Second)
	return load, nil, nil
}

func doubleSign(e *env, row *Row) (*Load, []*Node, error) {
	nodes := e.c.Nodes()
	twin, err := e.c.StartTwin(hongkong)
	if err != nil {
		return nil, nil, err
	}
	started := time.Now()
	if _, err := waitCaughtUp(e.ctx, twin, nodes, 120*time.Second); err != nil {
		return nil, []*Node{twin}, fmt.Errorf("twin did not catch up: %w", err)
	}
	// Some traders talk only to the twin, which relays nothing: its
	// proposals then carry transactions the real hongkong's do not, so the
	// two sign different blocks at the same height and round.
	load := NewLoad(e.chainID, append(append([]*Node(nil), nodes...), twin), e.keys, e.tracker)
	stop := load.Start(e.ctx)
	stopped := false
	defer func() {
		if !stopped {
			stop()
		}
	}()
	h0 := maxHeight(e.ctx, nodes)
	addr := nodes[hongkong].Address
	want, _ := hex.DecodeString(addr)
	var found *membership.Misbehaviour
	deadline := time.Now().Add(150 * time.Second)
	for found == nil && time.Now().Before(deadline) && e.ctx.Err() == nil {
		e.sleep(time.Second)
		var recs []membership.Misbehaviour
		if err := rpcClient(nodes[shanghai].RPC).Query(e.ctx, "/misbehaviour/"+addr, &recs); err != nil {
			continue
		}
		for i := range recs {
			if string(recs[i].ConsAddress) == string(want) && recs[i].Kind == "duplicate-vote" {
				found = &recs[i]
			}
		}
	}
	row.FaultBlocks = fmt.Sprint(maxHeight(e.ctx, nodes) - h0)
	stop()
	stopped = true
	if found == nil {
		return load, []*Node{twin}, fmt.Errorf("no duplicate-vote misbehaviour recorded for hongkong (%s) within 150s of starting its twin", addr)
	}
	row.Recover = fmt.Sprintf("evidence recorded %s after the twin started (vote at height %d)", time.Since(started).Round(100*time.Millisecond), found.Height)
	// The checks compare the twin's chain too, then the suite stops it.
	if err := waitHeight(e.ctx, twin, found.Height, 60*time.Second); err != nil {
		return load, []*Node{twin}, err
	}
	return load, []*Node{twin}, nil
}
