package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"syscall"
	"time"

	cmtcfg "github.com/cometbft/cometbft/config"
	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/internal/localnet"
	"github.com/corridor-trade/corridor/proof"
	"github.com/corridor-trade/corridor/proof/fetch"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/paths"
)

// Sweep is the rate sweep both networks run.
type Sweep struct {
	Rates    []float64
	Duration time.Duration
	Drain    time.Duration
	Log      io.Writer
	// Validators is the network size (0 means 4). A one-validator run
	// names its systems "kvstore-1v" and "corridor-1v" and runs only the
	// single-anchor steps: it is the comparison of issue 18 part 4, the
	// deployment where each validator has its machine to itself.
	Validators int
}

func (s Sweep) validators() int {
	if s.Validators <= 0 {
		return 4
	}
	return s.Validators
}

// system names a network in the report: "kvstore" or "corridor" for the
// four-validator runs, with "-<n>v" appended for any other size.
func (s Sweep) system(base string) string {
	if n := s.validators(); n != 4 {
		return fmt.Sprintf("%s-%dv", base, n)
	}
	return base
}

// NetResult is what one network's run produced.
type NetResult struct {
	Steps       []*Step
	Disk        Disk
	Query       *Latency `json:"query,omitempty"`
	Certificate *CertificateTiming
}

// Disk is the on-disk size of node 0's data directory after a run, by
// database, with the number of transactions the run committed.
type Disk struct {
	System      string           `json:"system"`
	CommittedTx int              `json:"committed_tx"`
	Docs        int              `json:"documents"`
	Bytes       map[string]int64 `json:"bytes"`
	BytesPerTx  float64          `json:"bytes_per_tx"`
}

// Latency is a latency distribution, in milliseconds.
type Latency struct {
	What  string  `json:"what"`
	N     int     `json:"n"`
	P50Ms float64 `json:"p50_ms"`
	P99Ms float64 `json:"p99_ms"`
	MaxMs float64 `json:"max_ms"`
}

// CertificateTiming is the cost of building a certificate over RPC and of
// verifying it offline.
type CertificateTiming struct {
	Build  Latency `json:"build_over_rpc"`
	Verify Latency `json:"verify_offline"`
	Bytes  int     `json:"certificate_bytes"`
	// NegativeLines names verdict checks that came out negative for the
	// benchmark's documents (e.g. "issuer": load traders are not attested).
	NegativeLines []string `json:"negative_verdict_lines,omitempty"`
}

func latencyOf(what string, ds []time.Duration) Latency {
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	l := Latency{What: what, N: len(ds)}
	if len(ds) > 0 {
		l.P50Ms, l.P99Ms = pct(ds, 0.5), pct(ds, 0.99)
		l.MaxMs = float64(ds[len(ds)-1].Microseconds()) / 1000
	}
	return l
}

func (s Sweep) logf(format string, args ...any) {
	if s.Log != nil {
		fmt.Fprintf(s.Log, "%s "+format+"\n", append([]any{time.Now().Format("15:04:05")}, args...)...)
	}
}

// KVStore runs the sweep against a kvstore network.
func (s Sweep) KVStore(ctx context.Context, g *Group, dir, bin string, cons Consensus) (*NetResult, error) {
	sys := s.system("kvstore")
	net, err := Generate("kvstore", dir, s.validators(), 0, cons.Tune)
	if err != nil {
		return nil, err
	}
	s.logf("%s: starting %d validators (%s)", sys, s.validators(), dir)
	if err := net.Start(g, bin); err != nil {
		return nil, err
	}
	defer net.Stop()
	if err := net.WaitHeight(ctx, 2, 60*time.Second); err != nil {
		return nil, err
	}
	res := &NetResult{}
	total := 0
	for _, rate := range s.Rates {
		w := KVStoreWorkload(int(rate*s.Duration.Seconds()), len(net.RPC))
		s.logf("%s: %.0f tx/s for %s", sys, rate, s.Duration)
		st, err := RunStep(ctx, net, w, StepOptions{System: sys, Kind: "kv-256B", Rate: rate, Duration: s.Duration, Drain: s.Drain})
		if err != nil {
			return res, err
		}
		s.logf("  %s", st.Short())
		res.Steps = append(res.Steps, st)
		total += st.Committed
		if err := WaitIdle(ctx, net, 60*time.Second); err != nil {
			s.logf("  warning: %v", err)
		}
	}
	net.Stop()
	res.Disk = diskOf(sys, net.Homes[0], total, 0)
	return res, nil
}

// CorridorOptions configure the Corridor run.
type CorridorOptions struct {
	Traders int
	Short   bool
	Profile string // CPU profile destination, or ""
}

// Corridor runs the sweep, the batch steps and the query and certificate
// measurements against a Corridor network.
func (s Sweep) Corridor(ctx context.Context, g *Group, dir, bin string, cons Consensus, o CorridorOptions) (*NetResult, error) {
	sys := s.system("corridor")
	pprofAddr := ""
	tune := cons.Tune
	if o.Profile != "" && s.validators() == 4 {
		ports, err := localnet.FreePorts(1)
		if err != nil {
			return nil, err
		}
		pprofAddr = fmt.Sprintf("127.0.0.1:%d", ports[0])
		tune = func(c *cmtcfg.Config) {
			cons.Tune(c)
			if c.Moniker == "singapore1" {
				c.RPC.PprofListenAddress = pprofAddr
			}
		}
	}
	s.logf("corridor: generating genesis with %d trader accounts", o.Traders)
	net, err := Generate("corridor", dir, s.validators(), o.Traders, tune)
	if err != nil {
		return nil, err
	}
	s.logf("%s: starting %d validators (%s)", sys, s.validators(), dir)
	if err := net.Start(g, bin, "start"); err != nil {
		return nil, err
	}
	defer net.Stop()
	if err := net.WaitHeight(ctx, 2, 90*time.Second); err != nil {
		return nil, err
	}
	accts := NewAccounts(net.ChainID, net.Traders)
	res := &NetResult{}
	total, docs := 0, 0
	var anchored []invoice.Hash
	settle := func(st *Step) error {
		if err := WaitIdle(ctx, net, 60*time.Second); err != nil {
			s.logf("  warning: %v", err)
		}
		if len(st.Unsettled) > 0 {
			s.logf("  re-reading the sequences of %d accounts", len(st.Unsettled))
			return accts.Resync(ctx, net.RPC[0], st.Unsettled)
		}
		return nil
	}
	maxRate := 0.0
	for _, r := range s.Rates {
		maxRate = max(maxRate, r)
	}
	for _, rate := range s.Rates {
		n := int(rate * s.Duration.Seconds())
		var docsOfStep []invoice.Hash
		t := time.Now()
		w, err := accts.SignedWorkload(n, len(net.RPC), 1, func() kit.Msg {
			m := DocMsg()
			docsOfStep = append(docsOfStep, m.DocHash)
			return m
		})
		if err != nil {
			return res, err
		}
		s.logf("%s: signed %d anchors in %s; %.0f tx/s for %s", sys, n, time.Since(t).Round(time.Millisecond), rate, s.Duration)
		var prof chan error
		if pprofAddr != "" && rate == maxRate {
			prof = make(chan error, 1)
			go func() { prof <- cpuProfile(ctx, pprofAddr, o.Profile, 2*time.Second, 10*time.Second) }()
		}
		st, err := RunStep(ctx, net, w, StepOptions{System: sys, Kind: "anchor", Rate: rate, Duration: s.Duration, Drain: s.Drain, CheckCodes: true})
		if err != nil {
			return res, err
		}
		if prof != nil {
			if err := <-prof; err != nil {
				s.logf("  profile: %v", err)
			} else {
				s.logf("  CPU profile of node 1 written to %s", o.Profile)
			}
		}
		s.logf("  %s", st.Short())
		res.Steps = append(res.Steps, st)
		total += st.Committed
		docs += st.Committed
		anchored = append(anchored, docsOfStep[:min(len(docsOfStep), 200)]...)
		if err := settle(st); err != nil {
			return res, err
		}
	}
	if s.validators() != 4 {
		// The one-validator comparison is the single-anchor sweep only.
		net.Stop()
		res.Disk = diskOf(sys, net.Homes[0], total, docs)
		return res, nil
	}
	// Batch anchoring: the offered document rate is 150,000/s (batches of
	// 1,000) and 400,000/s (batches of 10,000): the target is 300,000
	// committed documents/s, which an offer of 200,000/s could never show.
	for _, b := range []struct {
		count int
		rate  float64
	}{{1000, 150}, {10000, 40}} {
		n := int(b.rate * s.Duration.Seconds())
		var merkle time.Duration
		w, err := accts.SignedWorkload(n, len(net.RPC), b.count, func() kit.Msg {
			m, d := BatchMsg(b.count)
			merkle += d
			return m
		})
		if err != nil {
			return res, err
		}
		s.logf("corridor: batches of %d at %.0f tx/s (%.0f docs/s offered) for %s", b.count, b.rate, b.rate*float64(b.count), s.Duration)
		st, err := RunStep(ctx, net, w, StepOptions{System: "corridor", Kind: fmt.Sprintf("batch-%d", b.count), Rate: b.rate, Duration: s.Duration, Drain: s.Drain, CheckCodes: true})
		if err != nil {
			return res, err
		}
		st.MerkleMsPerBatch = float64(merkle.Microseconds()) / 1000 / float64(n)
		s.logf("  %s", st.Short())
		res.Steps = append(res.Steps, st)
		total += st.Committed
		docs += st.Committed * b.count
		if err := settle(st); err != nil {
			return res, err
		}
	}
	// Proven queries and certificates over RPC, on the anchored documents.
	if len(anchored) > 0 {
		q, cert, err := s.queries(ctx, net, anchored, o.Short)
		if err != nil {
			return res, err
		}
		res.Query, res.Certificate = q, cert
	}
	net.Stop()
	res.Disk = diskOf("corridor", net.Homes[0], total, docs)
	return res, nil
}

// queries measures proven store queries over RPC, certificate building
// over RPC and offline certificate verification.
func (s Sweep) queries(ctx context.Context, net *Net, docs []invoice.Hash, short bool) (*Latency, *CertificateTiming, error) {
	c, err := client.New(net.RPC[1])
	if err != nil {
		return nil, nil, err
	}
	// Building a certificate waits for the header of the next block (its
	// app hash commits to the state), about one block interval each.
	nq, nc := 500, 30
	if short {
		nq, nc = 200, 5
	}
	var qs []time.Duration
	for i := 0; i < nq; i++ {
		d := docs[i%len(docs)]
		t := time.Now()
		r, err := c.RPC.ABCIQueryWithOptions(ctx, paths.Store(), invoice.InvoiceKey(d), rpcProve)
		if err != nil {
			return nil, nil, err
		}
		qs = append(qs, time.Since(t))
		if r.Response.Code != 0 || r.Response.ProofOps == nil {
			return nil, nil, fmt.Errorf("proven query of %s: code %d, proof %v", d, r.Response.Code, r.Response.ProofOps != nil)
		}
	}
	q := latencyOf(fmt.Sprintf("proven /store query over RPC, %d anchored state", len(docs)), qs)
	s.logf("corridor: proven query over RPC p50 %.2f ms p99 %.2f ms", q.P50Ms, q.P99Ms)
	trust, err := proof.GenesisTrust(net.Gen.Genesis)
	if err != nil {
		return &q, nil, err
	}
	var builds, verifies []time.Duration
	size := 0
	failed := map[string]bool{}
	for i := 0; i < nc; i++ {
		t := time.Now()
		cert, err := fetch.BuildCertificate(ctx, c, docs[(i*7)%len(docs)])
		if err != nil {
			return &q, nil, fmt.Errorf("build certificate: %w", err)
		}
		builds = append(builds, time.Since(t))
		b, err := cert.Marshal()
		if err != nil {
			return &q, nil, err
		}
		size = len(b)
		for k := 0; k < 20; k++ {
			// Parse from bytes each time: an offline verifier starts from a file.
			t := time.Now()
			pc, err := proof.ParseCertificate(b)
			if err != nil {
				return &q, nil, err
			}
			v, err := proof.VerifyCertificate(pc, trust)
			verifies = append(verifies, time.Since(t))
			if err != nil {
				return &q, nil, err
			}
			// Failed verdict lines are findings about the document (the
			// load's traders hold no attestations), not verification errors;
			// the cryptographic lines must pass.
			for _, l := range v.Failed() {
				if l.Check == proof.CheckHeader || l.Check == proof.CheckProofs || l.Check == proof.CheckAnchored {
					return &q, nil, fmt.Errorf("certificate verification failed: %+v", l)
				}
				failed[l.Check] = true
			}
		}
	}
	ct := &CertificateTiming{Build: latencyOf("certificate built over RPC", builds), Verify: latencyOf("certificate parsed and verified offline", verifies), Bytes: size}
	for c := range failed {
		ct.NegativeLines = append(ct.NegativeLines, c)
	}
	sort.Strings(ct.NegativeLines)
	s.logf("corridor: certificate build p50 %.1f ms, offline verify p50 %.2f ms p99 %.2f ms", ct.Build.P50Ms, ct.Verify.P50Ms, ct.Verify.P99Ms)
	return &q, ct, nil
}

// cpuProfile fetches a CPU profile from a node's pprof endpoint after a
// delay and writes it to path.
func cpuProfile(ctx context.Context, addr, path string, delay, length time.Duration) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(delay):
	}
	url := fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", addr, int(length.Seconds()))
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := (&http.Client{Timeout: length + 30*time.Second}).Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("pprof: %s", resp.Status)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// diskOf sizes each database directory under home/data.
func diskOf(system, home string, committed, docs int) Disk {
	d := Disk{System: system, CommittedTx: committed, Docs: docs, Bytes: map[string]int64{}}
	entries, _ := os.ReadDir(filepath.Join(home, "data"))
	var total int64
	for _, e := range entries {
		n := DirSize(filepath.Join(home, "data", e.Name()))
		d.Bytes[e.Name()] = n
		total += n
	}
	d.Bytes["total"] = total
	if committed > 0 {
		d.BytesPerTx = float64(total) / float64(committed)
	}
	return d
}

// DirSize returns the disk usage (allocated blocks, as du reports) of every
// regular file under path.
func DirSize(path string) int64 {
	var n int64
	_ = filepath.Walk(path, func(_ string, info os.FileInfo, err error) error {
		if err == nil && info.Mode().IsRegular() {
			if st, ok := info.Sys().(*syscall.Stat_t); ok {
				n += st.Blocks * 512
			} else {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}
