//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	cmtcfg "github.com/cometbft/cometbft/config"
	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/proof"
)

// Snapshots for the state-sync scenario: the validators in snapshotNodes
// take one every snapshotInterval blocks (app.toml [statesync], set before
// their first start, the way usePebble sets the backend) and keep
// snapshotKeep, so that a snapshot stays on offer for about a minute of
// blocks, long enough for the joining node's discovery and fetch.
const (
	snapshotInterval = 10
	snapshotKeep     = 4
)

// snapshotNodes serve snapshots: two, as docs/operations.md asks of an
// operator, on the two storage engines.
var snapshotNodes = []int{singapore, pebbleNode}

// useSnapshots turns on state-sync snapshots in a home's app.toml.
func useSnapshots(home string) error {
	path := filepath.Join(home, "config", "app.toml")
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	s := string(b)
	for _, r := range [][2]string{
		{"snapshot_interval = 0", "snapshot_interval = " + strconv.Itoa(snapshotInterval)},
		{"snapshot_keep_recent = 2", "snapshot_keep_recent = " + strconv.Itoa(snapshotKeep)},
	} {
		if !strings.Contains(s, r[0]) {
			return fmt.Errorf("%s has no %s line", path, r[0])
		}
		s = strings.Replace(s, r[0], r[1], 1)
	}
	return os.WriteFile(path, []byte(s), 0o600)
}

// snapshotHeights lists the complete snapshots in a home (directories
// named by height holding an info.json; one being written is hidden).
func snapshotHeights(home string) []int64 {
	entries, _ := os.ReadDir(filepath.Join(home, "data", "snapshots"))
	var out []int64
	for _, e := range entries {
		h, err := strconv.ParseInt(e.Name(), 10, 64)
		if err != nil || !e.IsDir() {
			continue
		}
		if _, err := os.Stat(filepath.Join(home, "data", "snapshots", e.Name(), "info.json")); err == nil {
			out = append(out, h)
		}
	}
	return out
}

// waitSnapshot waits until every snapshot node holds a snapshot of a
// height >= from, and returns the lowest such height they all hold.
func waitSnapshot(ctx context.Context, nodes []*Node, from int64, timeout time.Duration) (int64, error) {
	deadline := time.Now().Add(timeout)
	for {
		var common int64 = -1
		for _, i := range snapshotNodes {
			var best int64 = -1
			for _, h := range snapshotHeights(nodes[i].Home) {
				if h >= from && (best < 0 || h < best) {
					best = h
				}
			}
			if best < 0 {
				common = -1
				break
			}
			common = max(common, best)
		}
		if common > 0 {
			return common, nil
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			var held []string
			for _, i := range snapshotNodes {
				held = append(held, fmt.Sprintf("%s %v", nodes[i].Name, snapshotHeights(nodes[i].Home)))
			}
			return 0, fmt.Errorf("no snapshot of height >= %d on every snapshot node within %s (held: %s)", from, timeout, strings.Join(held, "; "))
		}
		time.Sleep(500 * time.Millisecond)
	}
}

// cliJSON runs the corridord binary and decodes its JSON output into v.
// A non-zero exit is an error, with what the command printed.
func cliJSON(ctx context.Context, bin string, v any, args ...string) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, append(args, "-o", "json")...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	runErr := cmd.Run()
	if v != nil && out.Len() > 0 {
		if err := json.Unmarshal(out.Bytes(), v); err != nil && runErr == nil {
			return fmt.Errorf("corridord %s: output is not JSON: %v: %s", strings.Join(args, " "), err, out.String())
		}
	}
	if runErr != nil {
		return fmt.Errorf("corridord %s: %v: %s%s", strings.Join(args, " "), runErr, strings.TrimSpace(errb.String()), strings.TrimSpace(out.String()))
	}
	return nil
}

// trustPoint is what `corridord statesync trust -o json` prints.
type trustPoint struct {
	ChainID     string `json:"chain_id"`
	TrustHeight int64  `json:"trust_height"`
	TrustHash   string `json:"trust_hash"`
}

// httpURL turns the suite's tcp://host:port into the http://host:port an
// operator writes in rpc_servers.
func httpURL(rpc string) string { return "http://" + strings.TrimPrefix(rpc, "tcp://") }

// stateSyncJoin: a fresh full node joins the running network by state sync
// and serves proofs, the way docs/operations.md ("Joining a node by state
// sync") tells an operator. A document is anchored; once the snapshot
// nodes hold a snapshot taken after it, the trust height and hash are
// taken from Shanghai with `corridord statesync trust` (and compared with
// Singapore's header), and a new node with an empty home, its own keys and
// config.toml [statesync] enable, rpc_servers (Shanghai, Singapore),
// trust_height, trust_hash and trust_period starts, under load. It must
// restore a snapshot (its earliest block is above 1, so it replayed
// nothing from genesis), catch up, and serve the certificate of the
// document — `corridord query certificate` against the new node — that
// `corridord verify --certificate --trust genesis.json` checks offline: the
// signed header against the genesis validators, every record's proof
// against its app hash, the document anchored at its height below the
// snapshot's. The common checks then compare every height from the new
// node's first block on with the validators'.
func stateSyncJoin(e *env, row *Row) (*Load, []*Node, error) {
	nodes := e.c.Nodes()
	anchor := randomAnchor()
	var anchoredAt int64
	for try := 0; anchoredAt == 0; try++ {
		res, err := rpcClient(nodes[shanghai].RPC).Submit(e.ctx, e.keys[0], client.SubmitOptions{Wait: 60 * time.Second}, anchor)
		switch {
		case err == nil && res.OK():
			anchoredAt = res.Height
		case try == 4:
			return nil, nil, fmt.Errorf("anchor the document to prove: %v %+v", err, res)
		default:
			e.sleep(2 * time.Second) // e.g. a sequence the last load moved on
		}
	}
	load := NewLoad(e.chainID, nodes, e.keys, e.tracker)
	stop := load.Start(e.ctx)
	defer stop()
	snapAt, err := waitSnapshot(e.ctx, nodes, anchoredAt+1, 3*time.Minute)
	if err != nil {
		return load, nil, err
	}
	// The light client verifies the headers after the snapshot's height.
	if err := waitHeight(e.ctx, nodes[shanghai], snapAt+2, 60*time.Second); err != nil {
		return load, nil, err
	}
	var tp trustPoint
	if err := cliJSON(e.ctx, e.bin, &tp, "statesync", "trust", "--node", nodes[shanghai].RPC); err != nil {
		return load, nil, err
	}
	// As the runbook says: compare the hash with a second node.
	th := tp.TrustHeight
	cm, err := rpcClient(nodes[singapore].RPC).RPC.Commit(e.ctx, &th)
	if err != nil {
		return load, nil, fmt.Errorf("singapore's header %d: %w", th, err)
	}
	if got := strings.ToUpper(cm.SignedHeader.Hash().String()); got != tp.TrustHash || tp.ChainID != e.chainID {
		return load, nil, fmt.Errorf("trust point %+v: singapore has header hash %s at that height", tp, got)
	}
	ss := cmtcfg.DefaultStateSyncConfig()
	ss.Enable = true
	ss.RPCServers = []string{httpURL(nodes[shanghai].RPC), httpURL(nodes[singapore].RPC)}
	ss.TrustHeight, ss.TrustHash, ss.TrustPeriod = tp.TrustHeight, tp.TrustHash, 168*time.Hour
	h0 := maxHeight(e.ctx, nodes)
	started := time.Now()
	joiner, err := e.c.StartStateSyncer(ss)
	if err != nil {
		return load, nil, err
	}
	extra := []*Node{joiner}
	took, err := waitCaughtUp(e.ctx, joiner, nodes, 4*time.Minute)
	if err != nil {
		return load, extra, fmt.Errorf("the state-sync node did not catch up: %w", err)
	}
	row.FaultBlocks = fmt.Sprint(maxHeight(e.ctx, nodes) - h0)
	st, err := rpcClient(joiner.RPC).RPC.Status(e.ctx)
	if err != nil {
		return load, extra, err
	}
	base := st.SyncInfo.EarliestBlockHeight
	if base <= 1 {
		return load, extra, fmt.Errorf("the new node's first block is %d: it replayed the chain instead of restoring a snapshot (snapshots held from %d)", base, snapAt)
	}
	if base <= anchoredAt {
		return load, extra, fmt.Errorf("the new node's first block %d is not above the anchor's height %d: the proof would not come from the restored state", base, anchoredAt)
	}
	row.Recover = fmt.Sprintf("restored the snapshot of height %d (first block %d), caught up in %s", base-1, base, took.Round(100*time.Millisecond))

	// A proof of the document, from the new node, checked offline.
	dir, err := os.MkdirTemp("", "corridor-e2e-cert-")
	if err != nil {
		return load, extra, err
	}
	defer os.RemoveAll(dir)
	certFile := filepath.Join(dir, "certificate.json")
	doc := hex.EncodeToString(anchor.DocHash[:])
	var sum struct {
		Height int64 `json:"height"`
	}
	if err := cliJSON(e.ctx, e.bin, &sum, "query", "certificate", doc, "--node", joiner.RPC, "--out", certFile); err != nil {
		return load, extra, fmt.Errorf("certificate from the new node: %w", err)
	}
	if sum.Height < base {
		return load, extra, fmt.Errorf("the certificate is at height %d, below the new node's first block %d", sum.Height, base)
	}
	var v proof.Verdict
	// verify exits 1 when any check fails: the issuer and recognition
	// checks do (the load's traders hold no attestation), so the exit
	// status is not the verdict here; the lines are.
	_ = cliJSON(e.ctx, e.bin, &v, "verify", "--certificate", certFile, "--trust", filepath.Join(nodes[shanghai].Home, "config", "genesis.json"))
	if len(v.Lines) == 0 {
		return load, extra, fmt.Errorf("corridord verify printed no verdict for the certificate from the new node")
	}
	for _, check := range []string{proof.CheckHeader, proof.CheckProofs, proof.CheckAnchored} {
		l := v.Line(check)
		if l == nil || !l.OK {
			return load, extra, fmt.Errorf("the certificate from the new node fails %q offline: %+v", check, l)
		}
	}
	if !strings.Contains(v.Line(proof.CheckAnchored).Detail, fmt.Sprintf("at height %d ", anchoredAt)) {
		return load, extra, fmt.Errorf("the certificate places the anchor elsewhere: %s", v.Line(proof.CheckAnchored).Detail)
	}
	row.Recover += fmt.Sprintf("; certificate at height %d verified offline against genesis (anchor at %d); %s from start to proof",
		sum.Height, anchoredAt, time.Since(started).Round(100*time.Millisecond))
	return load, extra, nil
}
