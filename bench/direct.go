package bench

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtcfg "github.com/cometbft/cometbft/config"
	cmtversion "github.com/cometbft/cometbft/proto/tendermint/version"
	sm "github.com/cometbft/cometbft/state"
	"github.com/cometbft/cometbft/state/txindex"
	txkv "github.com/cometbft/cometbft/state/txindex/kv"
	cmtstore "github.com/cometbft/cometbft/store"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/cometbft/cometbft/version"

	"github.com/corridor-trade/corridor/app"
	"github.com/corridor-trade/corridor/config"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/internal/netgen"
	"github.com/corridor-trade/corridor/proof"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/paths"
	"github.com/corridor-trade/corridor/x/kit/store/iavlstore"
	"github.com/corridor-trade/corridor/x/membership"
)

// DirectResult is one checkpoint of the direct-ABCI run.
type DirectResult struct {
	Anchors       int     `json:"anchors"`
	Blocks        int64   `json:"blocks"`
	TxPerBlock    int     `json:"tx_per_block"`
	AnchorsPerSec float64 `json:"anchors_per_s"`
	CheckTxUs     float64 `json:"checktx_us_per_tx"`         // wall time of CheckTx per transaction
	BlockUs       float64 `json:"finalize_commit_us_per_tx"` // wall time of FinalizeBlock+Commit per transaction
	// With -validator: wall time per transaction of ProcessProposal and
	// of its mempool recheck (one per transaction).
	ProcessProposalUs  float64          `json:"process_proposal_us_per_tx,omitempty"`
	RecheckUs          float64          `json:"recheck_us_per_tx,omitempty"`
	Bytes              map[string]int64 `json:"bytes"`
	StatePerAnchor     float64          `json:"state_bytes_per_anchor"`
	BlocksPerAnchor    float64          `json:"blockstore_bytes_per_anchor"`
	BytesPerAnchor     float64          `json:"state_plus_blockstore_bytes_per_anchor"`
	ResponsesPerAnchor float64          `json:"abci_responses_bytes_per_anchor"`
	TxIndexPerAnchor   float64          `json:"tx_index_bytes_per_anchor"`
	Query              Latency          `json:"proven_query"`
	ICS23Verify        Latency          `json:"ics23_verify"`
	RSSMiB             float64          `json:"rss_mib"`
	PeakRSSMiB         float64          `json:"peak_rss_mib"`
	KeepRecent         int64            `json:"keep_recent"`
	FastIndex          bool             `json:"fast_index"`
	Disk               *DiskBreakdown   `json:"disk_breakdown,omitempty"`
	StateSync          *StateSyncResult `json:"state_sync,omitempty"`
}

// RunDirect runs "<self> direct" as a child process (so that its RSS is its
// own) and returns its checkpoints.
func RunDirect(ctx context.Context, g *Group, self, dir string, counts []float64, log io.Writer) ([]*DirectResult, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	var cs []string
	for _, c := range counts {
		cs = append(cs, strconv.Itoa(int(c)))
	}
	out := filepath.Join(dir, "direct.json")
	fmt.Fprintf(log, "%s direct: anchoring %s invoices through FinalizeBlock/Commit (child process)\n", time.Now().Format("15:04:05"), strings.Join(cs, ", "))
	p, err := g.Start("direct", self, []string{"direct", "-dir", filepath.Join(dir, "home"), "-anchors", strings.Join(cs, ","), "-out", out}, filepath.Join(dir, "direct.log"))
	if err != nil {
		return nil, err
	}
	select {
	case <-ctx.Done():
		p.Stop(5 * time.Second)
		var res []*DirectResult
		if b, err := os.ReadFile(out); err == nil {
			_ = json.Unmarshal(b, &res)
		}
		return res, ctx.Err()
	case <-p.done:
	}
	var res []*DirectResult
	if b, err := os.ReadFile(out); err == nil {
		_ = json.Unmarshal(b, &res)
	}
	if p.err != nil {
		b, _ := os.ReadFile(filepath.Join(dir, "direct.log"))
		return res, fmt.Errorf("direct run failed: %v\n%s", p.err, tail(string(b), 2000))
	}
	return res, nil
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// DirectMain is the "direct" subcommand: it builds a single-node genesis,
// then anchors invoices through FinalizeBlock and Commit as fast as it can,
// saving every block, its commit and its ABCI responses the way CometBFT
// would, and at each checkpoint measures the databases and proven-query
// latency. It returns the exit code.
func DirectMain(args []string) int {
	fs := flag.NewFlagSet("direct", flag.ContinueOnError)
	dir := fs.String("dir", "", "home directory (created)")
	anchors := fs.String("anchors", "100000", "checkpoints, comma-separated, ascending")
	perBlock := fs.Int("block", 2000, "transactions per block")
	traders := fs.Int("traders", 256, "signer accounts")
	out := fs.String("out", "", "JSON output file")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	cacheSize := fs.Int("cache", 0, "IAVL node cache size (default: app.toml's default)")
	withIndex := fs.Bool("txindex", false, "also index every transaction with CometBFT's kv indexer (slow; not part of the disk target)")
	keep := fs.Int64("keep-recent", -1, "state versions to keep (default: app.toml's default)")
	fastIndex := fs.Bool("fast-index", true, "keep IAVL's fast index (app.toml state.fast_index)")
	breakdown := fs.Bool("breakdown", true, "at each checkpoint, also scan every database and print the bytes per anchor by kind (bench/disk.go)")
	validator := fs.Bool("validator", false, "run every block through ProcessProposal too, and keep the next block's transactions in the mempool while a block executes, so that each is rechecked once after the commit (a non-proposing validator's ABCI calls)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer pprof.StopCPUProfile()
	}
	var counts []int
	for _, s := range strings.Split(*anchors, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			fmt.Fprintf(os.Stderr, "bad anchor count %q\n", s)
			return 2
		}
		counts = append(counts, n)
	}
	write := func(res []*DirectResult) {
		b, _ := json.MarshalIndent(res, "", "  ")
		if *out == "" {
			os.Stdout.Write(b)
			return
		}
		if err := os.WriteFile(*out, b, 0o600); err != nil {
			fmt.Fprintln(os.Stderr, err)
		}
	}
	save := write
	if *out == "" {
		save = nil
	}
	res, err := direct(*dir, counts, *perBlock, *traders, *cacheSize, *keep, *fastIndex, *withIndex, *breakdown, *validator, save)
	if err != nil {
		fmt.Fprintln(os.Stderr, "direct:", err)
		return 1
	}
	write(res)
	return 0
}

type preparedBlock struct {
	txs  [][]byte
	docs []invoice.Hash
}

// direct runs the measurement; save, if not nil, receives the results
// after every checkpoint so that an interrupted run keeps what it measured.
func direct(dir string, counts []int, perBlock, traders, cacheSize int, keep int64, fastIndex, withIndex, breakdown, validator bool, save func([]*DirectResult)) ([]*DirectResult, error) {
	js := netgen.DefaultJurisdictions()
	members := netgen.DefaultMembers(js)
	for i := 0; i < traders; i++ {
		members = append(members, netgen.Member{KeyName: TraderName(i), Jurisdiction: js[i%len(js)].Code, Roles: []string{membership.RoleTrader}})
	}
	appCfg := config.Default()
	if cacheSize > 0 {
		appCfg.State.CacheSize = cacheSize
	}
	if keep >= 0 {
		appCfg.State.KeepRecent = keep
	}
	appCfg.State.FastIndex = fastIndex
	gen, err := netgen.Generate(netgen.Spec{
		ChainID: "bench-direct", GenesisTime: time.Now().UTC().Truncate(time.Second), Jurisdictions: js,
		Validators: []netgen.Validator{{Name: "shanghai", Jurisdiction: "CN-SH", Power: 10, P2PPort: 1, RPCPort: 2}},
		Members:    members, App: appCfg,
	}, dir, true, nil)
	if err != nil {
		return nil, err
	}
	conf := cmtcfg.DefaultConfig()
	conf.SetRoot(dir)
	a, err := app.New(app.Options{Dir: conf.DBDir(), Backend: appCfg.State.Backend, KeepRecent: appCfg.State.KeepRecent, CacheSize: appCfg.State.CacheSize,
		NoFastIndex: !appCfg.State.FastIndex, Snapshots: iavlstore.SnapshotOptions{Dir: filepath.Join(dir, "snapshots")}})
	if err != nil {
		return nil, err
	}
	defer a.Close()
	bsDB, err := cmtcfg.DefaultDBProvider(&cmtcfg.DBContext{ID: "blockstore", Config: conf})
	if err != nil {
		return nil, err
	}
	defer bsDB.Close()
	stDB, err := cmtcfg.DefaultDBProvider(&cmtcfg.DBContext{ID: "state", Config: conf})
	if err != nil {
		return nil, err
	}
	defer stDB.Close()
	ixDB, err := cmtcfg.DefaultDBProvider(&cmtcfg.DBContext{ID: "tx_index", Config: conf})
	if err != nil {
		return nil, err
	}
	defer ixDB.Close()
	blocks := cmtstore.NewBlockStore(bsDB)
	states := sm.NewStore(stDB, sm.StoreOptions{})
	index := txkv.NewTxIndex(ixDB)

	g := gen.Genesis
	vals := make([]*cmttypes.Validator, 0, len(g.Validators))
	for _, v := range g.Validators {
		vals = append(vals, cmttypes.NewValidator(v.PubKey, v.Power))
	}
	valSet := cmttypes.NewValidatorSet(vals)
	ctx := context.Background()
	if _, err := a.InitChain(ctx, &abci.RequestInitChain{Time: g.GenesisTime, ChainId: g.ChainID, InitialHeight: 1,
		Validators: cmttypes.TM2PB.ValidatorUpdates(valSet), AppStateBytes: g.AppState}); err != nil {
		return nil, err
	}
	keys := make([]*secp.PrivKey, traders)
	for i := range keys {
		keys[i] = gen.Keys[TraderName(i)]
	}
	accts := NewAccounts(g.ChainID, keys)
	total := counts[len(counts)-1]
	nBlocks := (total + perBlock - 1) / perBlock

	// Sign ahead on every core while the application executes.
	ready := make(chan preparedBlock, 2)
	go func() {
		defer close(ready)
		for b := 0; b < nBlocks; b++ {
			n := min(perBlock, total-b*perBlock)
			var docs []invoice.Hash
			w, err := accts.SignedWorkload(n, 1, 1, func() kit.Msg {
				m := DocMsg()
				docs = append(docs, m.DocHash)
				return m
			})
			if err != nil {
				panic(err)
			}
			ready <- preparedBlock{txs: w.Txs, docs: docs}
		}
	}()

	var sample []invoice.Hash
	var results []*DirectResult
	var lastCommit = &cmttypes.Commit{}
	var lastID cmttypes.BlockID
	anchored, height := 0, int64(0)
	t0 := time.Now()
	var execTime, checkTime, ppTime, recheckTime time.Duration
	admitted, rechecked := 0, 0
	// Like a validator's mempool: CheckTx every transaction first (its
	// signature is verified here and cached for FinalizeBlock).
	admit := func(txs [][]byte, typ abci.CheckTxType) error {
		tc := time.Now()
		for i, raw := range txs {
			r, err := a.CheckTx(ctx, &abci.RequestCheckTx{Tx: raw, Type: typ})
			if err != nil || r.Code != 0 {
				return fmt.Errorf("height %d tx %d: CheckTx (%v): %v %v", height, i, typ, err, r)
			}
		}
		if typ == abci.CheckTxType_Recheck {
			recheckTime += time.Since(tc)
			rechecked += len(txs)
		} else {
			checkTime += time.Since(tc)
			admitted += len(txs)
		}
		return nil
	}
	next := 0
	// carry is, with -validator, the next block: admitted while the
	// current one executes, rechecked after its commit.
	var carry *preparedBlock
	for {
		var pb preparedBlock
		if carry != nil {
			pb, carry = *carry, nil
		} else {
			p, ok := <-ready
			if !ok {
				break
			}
			pb = p
			if err := admit(pb.txs, abci.CheckTxType_New); err != nil {
				return nil, err
			}
		}
		if validator {
			if n, ok := <-ready; ok {
				if err := admit(n.txs, abci.CheckTxType_New); err != nil {
					return nil, err
				}
				carry = &n
			}
		}
		height++
		bt := g.GenesisTime.Add(time.Duration(height) * time.Second)
		if validator {
			tp := time.Now()
			pr, err := a.ProcessProposal(ctx, &abci.RequestProcessProposal{Txs: pb.txs, Height: height, Time: bt, ProposerAddress: valSet.Validators[0].Address})
			if err != nil || pr.Status != abci.ResponseProcessProposal_ACCEPT {
				return nil, fmt.Errorf("height %d: ProcessProposal: %v %v", height, err, pr)
			}
			ppTime += time.Since(tp)
		}
		te := time.Now()
		resp, err := a.FinalizeBlock(ctx, &abci.RequestFinalizeBlock{Txs: pb.txs, Height: height, Time: bt, ProposerAddress: valSet.Validators[0].Address})
		if err != nil {
			return nil, err
		}
		for i, r := range resp.TxResults {
			if r.Code != 0 {
				return nil, fmt.Errorf("height %d tx %d: code %d: %s", height, i, r.Code, r.Log)
			}
		}
		if _, err := a.Commit(ctx, &abci.RequestCommit{}); err != nil {
			return nil, err
		}
		execTime += time.Since(te)
		if carry != nil {
			if err := admit(carry.txs, abci.CheckTxType_Recheck); err != nil {
				return nil, err
			}
		}
		// What CometBFT stores for the block: the block itself (in parts),
		// its seen commit, the ABCI responses and the transaction index.
		txs := make([]cmttypes.Tx, len(pb.txs))
		for i, t := range pb.txs {
			txs[i] = t
		}
		blk := cmttypes.MakeBlock(height, txs, lastCommit, nil)
		blk.Header.Populate(cmtversion.Consensus{Block: version.BlockProtocol, App: app.Version}, g.ChainID, bt, lastID,
			valSet.Hash(), valSet.Hash(), randHash(), resp.AppHash, randHash(), valSet.Validators[0].Address)
		parts, err := blk.MakePartSet(cmttypes.BlockPartSizeBytes)
		if err != nil {
			return nil, err
		}
		id := cmttypes.BlockID{Hash: blk.Hash(), PartSetHeader: parts.Header()}
		seen := simulatedCommit(height, id, bt, 4)
		blocks.SaveBlock(blk, parts, seen)
		if err := states.SaveFinalizeBlockResponse(height, resp); err != nil {
			return nil, err
		}
		if withIndex {
			batch := txindex.NewBatch(int64(len(pb.txs)))
			for i, t := range pb.txs {
				if err := batch.Add(&abci.TxResult{Height: height, Index: uint32(i), Tx: t, Result: *resp.TxResults[i]}); err != nil {
					return nil, err
				}
			}
			if err := index.AddBatch(batch); err != nil {
				return nil, err
			}
		}
		lastCommit, lastID = seen, id
		anchored += len(pb.txs)
		sample = append(sample, pb.docs[:min(len(pb.docs), 8)]...)
		if next < len(counts) && anchored >= counts[next] {
			next++
			r, err := checkpoint(a, dir, anchored, height, perBlock, sample, time.Since(t0), appCfg.State.KeepRecent)
			if err != nil {
				return nil, err
			}
			r.FastIndex = appCfg.State.FastIndex
			r.CheckTxUs = float64(checkTime.Microseconds()) / float64(admitted)
			r.BlockUs = float64(execTime.Microseconds()) / float64(anchored)
			if validator {
				r.ProcessProposalUs = float64(ppTime.Microseconds()) / float64(anchored)
				if rechecked > 0 {
					r.RecheckUs = float64(recheckTime.Microseconds()) / float64(rechecked)
				}
			}
			if r.StateSync, err = measureStateSync(a, dir, height, anchored); err != nil {
				return nil, fmt.Errorf("state sync: %w", err)
			}
			fmt.Fprintf(os.Stderr, "%d anchors: state-sync snapshot %d B in %d chunks, taken in %.1f s, restored in %.1f s\n",
				anchored, r.StateSync.Bytes, r.StateSync.Chunks, r.StateSync.TakeSeconds, r.StateSync.RestoreSeconds)
			fmt.Fprintf(os.Stderr, "%d anchors: CheckTx %.0f µs/tx, FinalizeBlock+Commit %.0f µs/tx; %.0f B/anchor state+blocks, query p99 %.3f ms, RSS %.0f MiB\n",
				anchored, r.CheckTxUs, r.BlockUs, r.BytesPerAnchor, r.Query.P99Ms, r.RSSMiB)
			if validator {
				fmt.Fprintf(os.Stderr, "%d anchors: ProcessProposal %.1f µs/tx, recheck %.1f µs/tx\n", anchored, r.ProcessProposalUs, r.RecheckUs)
			}
			if breakdown {
				if r.Disk, err = MeasureDisk(a, dataDir(dir), anchored, bsDB, stDB, ixDB); err != nil {
					return nil, fmt.Errorf("disk breakdown: %w", err)
				}
				r.Disk.Print(os.Stderr)
			}
			results = append(results, r)
			if save != nil {
				save(results)
			}
		}
	}
	return results, nil
}

func randHash() []byte {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return b
}

// simulatedCommit is a commit of the right shape and size: n precommit
// signatures of 64 random bytes (it is stored, never verified).
func simulatedCommit(h int64, id cmttypes.BlockID, t time.Time, n int) *cmttypes.Commit {
	c := &cmttypes.Commit{Height: h, BlockID: id}
	for i := 0; i < n; i++ {
		sig := make([]byte, 64)
		_, _ = rand.Read(sig)
		c.Signatures = append(c.Signatures, cmttypes.CommitSig{BlockIDFlag: cmttypes.BlockIDFlagCommit,
			ValidatorAddress: randHash()[:20], Timestamp: t, Signature: sig})
	}
	return c
}

func checkpoint(a *app.App, dir string, anchored int, height int64, perBlock int, sample []invoice.Hash, wall time.Duration, keep int64) (*DirectResult, error) {
	ctx := context.Background()
	r := &DirectResult{Anchors: anchored, Blocks: height, TxPerBlock: perBlock, AnchorsPerSec: float64(anchored) / wall.Seconds(), Bytes: map[string]int64{}, KeepRecent: keep}
	r.Bytes = settledSizes(filepath.Join(dir, "data"), []string{"application.db", "blockstore.db", "state.db", "tx_index.db"})
	n := float64(anchored)
	r.StatePerAnchor = float64(r.Bytes["application.db"]) / n
	r.BlocksPerAnchor = float64(r.Bytes["blockstore.db"]) / n
	r.BytesPerAnchor = r.StatePerAnchor + r.BlocksPerAnchor
	r.ResponsesPerAnchor = float64(r.Bytes["state.db"]) / n
	r.TxIndexPerAnchor = float64(r.Bytes["tx_index.db"]) / n
	// Proven queries of random earlier anchors, in-process through ABCI
	// Query, then verification of each proof against the app hash.
	var qs, vs []time.Duration
	info, err := a.Info(ctx, &abci.RequestInfo{})
	if err != nil {
		return nil, err
	}
	for i := 0; i < 2000; i++ {
		d := sample[(i*7919)%len(sample)]
		key := invoice.InvoiceKey(d)
		t := time.Now()
		resp, err := a.Query(ctx, &abci.RequestQuery{Path: paths.Store(), Data: key, Prove: true})
		qs = append(qs, time.Since(t))
		if err != nil || resp.Code != 0 || resp.ProofOps == nil || len(resp.ProofOps.Ops) == 0 {
			return nil, fmt.Errorf("proven query failed: %v %v", err, resp)
		}
		t = time.Now()
		p, err := proof.DecodeProof(resp.ProofOps.Ops[0].Data)
		if err == nil {
			err = proof.VerifyValue(info.LastBlockAppHash, key, resp.Value, p)
		}
		vs = append(vs, time.Since(t))
		if err != nil {
			return nil, fmt.Errorf("proof does not verify: %w", err)
		}
	}
	r.Query = latencyOf("proven /store query, in-process ABCI", qs)
	r.ICS23Verify = latencyOf("ICS-23 proof decode+verify", vs)
	runtime.GC()
	rss, peak, _ := Memory(0)
	r.RSSMiB, r.PeakRSSMiB = mib(rss), mib(peak)
	return r, nil
}

// settledSizes returns the disk usage of each database once goleveldb's
// background compaction has settled (no writes arrive meanwhile): while a
// compaction runs, its input and output tables both exist and du can
// briefly show nearly twice the data. It polls every second, for at most
// 60 seconds, until two readings agree within 0.5%.
func settledSizes(data string, dbs []string) map[string]int64 {
	read := func() (map[string]int64, int64) {
		m, total := map[string]int64{}, int64(0)
		for _, db := range dbs {
			m[db] = DirSize(filepath.Join(data, db))
			total += m[db]
		}
		return m, total
	}
	m, last := read()
	for i := 0; i < 60; i++ {
		time.Sleep(time.Second)
		next, total := read()
		m = next
		if d := total - last; d > -total/200 && d < total/200 {
			break
		}
		last = total
	}
	return m
}
