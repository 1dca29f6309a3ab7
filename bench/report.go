package bench

import (
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"strings"
	"text/tabwriter"
	"time"

	rpcclient "github.com/cometbft/cometbft/rpc/client"
)

var rpcProve = rpcclient.ABCIQueryOptions{Prove: true}

// Report is everything one benchmark run measured.
type Report struct {
	Started      time.Time          `json:"started"`
	Host         map[string]string  `json:"host"`
	Short        bool               `json:"short"`
	Rates        []float64          `json:"rates"`
	DurationS    float64            `json:"duration_s"`
	Mempool      int                `json:"mempool_size"`
	FastTimeouts bool               `json:"fast_timeouts"`
	Traders      int                `json:"traders"`
	Steps        []*Step            `json:"steps"`
	Disk         []Disk             `json:"network_disk"`
	Query        *Latency           `json:"proven_query_rpc,omitempty"`
	Certificate  *CertificateTiming `json:"certificate,omitempty"`
	Direct       []*DirectResult    `json:"direct,omitempty"`
	// VerifyUs is one secp256k1 verification on this machine, in µs
	// (MeasureVerify): the CPU target allows 1.25 of it above kvstore's.
	VerifyUs float64            `json:"secp256k1_verify_us,omitempty"`
	Summary  map[string]float64 `json:"summary"`
	Targets  []Target           `json:"targets"`
	ElapsedS float64            `json:"elapsed_s"`
	Notes    []string           `json:"notes,omitempty"`
}

// Target is one of the targets with the measured value. Limit is
// the goal as a number and AtMost tells its direction (measured <= Limit,
// else measured >= Limit); Met and Margin (how far the measurement is from
// the limit, positive when met) are derived from them by newTarget.
type Target struct {
	Name     string  `json:"name"`
	Goal     string  `json:"goal"`
	Measured float64 `json:"measured"`
	Unit     string  `json:"unit"`
	Limit    float64 `json:"limit"`
	AtMost   bool    `json:"at_most"`
	Met      bool    `json:"met"`
	Margin   float64 `json:"margin"`
}

// newTarget evaluates one target: measured against limit, at most or at
// least. A measurement of zero or below never meets an at-most target (it
// means nothing was measured, e.g. no step committed anything).
func newTarget(name, unit string, measured, limit float64, atMost bool, goal string) Target {
	t := Target{Name: name, Goal: goal, Measured: measured, Unit: unit, Limit: limit, AtMost: atMost}
	if atMost {
		t.Met, t.Margin = measured > 0 && measured <= limit, limit-measured
	} else {
		t.Met, t.Margin = measured >= limit, measured-limit
	}
	if t.Goal == "" {
		t.Goal = map[bool]string{true: "<= ", false: ">= "}[atMost] + trimFloat(limit)
	}
	return t
}

// trimFloat writes a limit without needless decimals.
func trimFloat(f float64) string {
	if f == float64(int64(f)) {
		return fmt.Sprintf("%d", int64(f))
	}
	return fmt.Sprintf("%.2f", f)
}

// HostInfo describes the machine.
func HostInfo() map[string]string {
	h := map[string]string{"go": runtime.Version(), "cpus": fmt.Sprint(runtime.NumCPU()), "goos": runtime.GOOS}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(l, "model name") {
				h["cpu"] = strings.TrimSpace(strings.SplitN(l, ":", 2)[1])
				break
			}
		}
	}
	return h
}

// Short is a one-line summary of a step for the progress log.
func (s *Step) Short() string {
	return fmt.Sprintf("sent %d (%.0f/s) committed %d (%.0f tx/s) failed %d rejected %d uncommitted %d withheld %d p50 %.0f p99 %.0f ms",
		s.Sent, s.SendRate, s.Committed, s.TxPerSec, s.Failed, s.Rejected, s.Lost, s.Withheld, s.P50Ms, s.P99Ms)
}

func (r *Report) best(system, kind string) *Step {
	var b *Step
	for _, s := range r.Steps {
		if s.System == system && s.Kind == kind && (b == nil || s.TxPerSec > b.TxPerSec) {
			b = s
		}
	}
	return b
}

// Issue 18's targets (docs/performance.md, "Targets").
const (
	targetRatio       = 0.75    // Corridor / kvstore committed tx/s at saturation
	targetVerifyShare = 1.25    // node CPU per tx <= kvstore's + this × one verification
	targetP99Ratio    = 2       // Corridor p99 / kvstore p99 at the same offered rate
	targetLostPct     = 1       // accepted but never committed, % of accepted
	targetBytes       = 300     // bytes on disk per anchor, state + block store
	targetBatchDocs   = 300_000 // batched anchoring, documents/s
	targetVerifyMs    = 2       // offline certificate verification p99
	targetBuildMs     = 200     // certificate built over RPC, p50
	targetQueryMs     = 20      // proven query p99 (issue 8)
)

// Summarise computes the saturation figures, the ratios and the target
// verdicts: issue 18's targets, each met or missed with its figure.
func (r *Report) Summarise() {
	r.Summary = map[string]float64{}
	r.Targets = nil
	kv, co := r.best("kvstore", "kv-256B"), r.best("corridor", "anchor")
	if kv != nil {
		r.Summary["kvstore_max_tx_per_s"] = kv.TxPerSec
	}
	if co != nil {
		r.Summary["corridor_max_tx_per_s"] = co.TxPerSec
	}
	if kv != nil && co != nil && kv.TxPerSec > 0 {
		ratio := co.TxPerSec / kv.TxPerSec
		r.Summary["throughput_ratio"] = ratio
		r.Targets = append(r.Targets, newTarget("4 validators: signed single anchors vs kvstore committed tx/s at saturation", "ratio", ratio, targetRatio, false, ""))
		// p99 at the same offered rate: the worst ratio over rates both
		// ran, above saturation included.
		worst := 0.0
		for _, c := range r.Steps {
			if c.System != "corridor" || c.Kind != "anchor" {
				continue
			}
			for _, k := range r.Steps {
				if k.System == "kvstore" && k.OfferedRate == c.OfferedRate && k.P99Ms > 0 {
					worst = max(worst, c.P99Ms/k.P99Ms)
				}
			}
		}
		r.Summary["worst_p99_ratio_same_rate"] = worst
		r.Targets = append(r.Targets, newTarget("4 validators: p99 latency vs kvstore at the same offered rate (worst rate)", "ratio", worst, targetP99Ratio, true, ""))
	}
	// Node CPU per committed transaction, per node, at each system's
	// saturation step: CPU seconds of all nodes / committed / nodes.
	for _, sys := range []string{"kvstore", "corridor", "kvstore-1v", "corridor-1v"} {
		kind := "anchor"
		if strings.HasPrefix(sys, "kvstore") {
			kind = "kv-256B"
		}
		if b := r.best(sys, kind); b != nil && b.Committed > 0 && len(b.Nodes) > 0 {
			cpu := 0.0
			for _, n := range b.Nodes {
				cpu += n.CPUSeconds
			}
			r.Summary[sys+"_cpu_us_per_committed_tx_per_node"] = cpu / float64(b.Committed) / float64(len(b.Nodes)) * 1e6
		}
	}
	kvCPU, okK := r.Summary["kvstore_cpu_us_per_committed_tx_per_node"]
	coCPU, okC := r.Summary["corridor_cpu_us_per_committed_tx_per_node"]
	if okK && okC && r.VerifyUs > 0 {
		limit := kvCPU + targetVerifyShare*r.VerifyUs
		r.Targets = append(r.Targets, newTarget("4 validators: node CPU per committed tx at saturation", "µs", coCPU, limit, true,
			fmt.Sprintf("<= kvstore's %.0f + 1.25 × one verification %.0f = %.0f", kvCPU, r.VerifyUs, limit)))
	}
	// Accepted but never committed, in the worst Corridor step of the
	// four-validator network (accepted: sent and not refused by the RPC).
	worstLost, worstAt := -1.0, ""
	for _, s := range r.Steps {
		if s.System != "corridor" {
			continue
		}
		if acc := s.Sent - s.Rejected; acc > 0 {
			if pct := 100 * float64(s.Lost) / float64(acc); pct > worstLost {
				worstLost, worstAt = pct, fmt.Sprintf("%s at %.0f/s: %d of %d", s.Kind, s.OfferedRate, s.Lost, acc)
			}
		}
	}
	if worstLost >= 0 {
		r.Summary["worst_uncommitted_pct_of_accepted"] = worstLost
		t := newTarget("4 validators: accepted but never committed, worst step ("+worstAt+")", "% of accepted", worstLost, targetLostPct, true, "")
		// None lost is the best result, not "nothing measured".
		t.Met = worstLost <= targetLostPct
		r.Targets = append(r.Targets, t)
	}
	// The one-validator comparison (issue 18 part 4), reported beside.
	kv1, co1 := r.best("kvstore-1v", "kv-256B"), r.best("corridor-1v", "anchor")
	if kv1 != nil && co1 != nil && kv1.TxPerSec > 0 {
		r.Summary["kvstore_1v_max_tx_per_s"] = kv1.TxPerSec
		r.Summary["corridor_1v_max_tx_per_s"] = co1.TxPerSec
		ratio := co1.TxPerSec / kv1.TxPerSec
		r.Summary["throughput_ratio_1v"] = ratio
		r.Targets = append(r.Targets, newTarget("one validator: signed single anchors vs kvstore committed tx/s at saturation", "ratio", ratio, targetRatio, false, ""))
	}
	bestDocs := 0.0
	for _, s := range r.Steps {
		if strings.HasPrefix(s.Kind, "batch-") {
			bestDocs = max(bestDocs, s.DocsPerSec)
		}
	}
	if bestDocs > 0 {
		r.Summary["batch_docs_per_s"] = bestDocs
		r.Targets = append(r.Targets, newTarget("batched anchoring, committed", "documents/s", bestDocs, targetBatchDocs, false, ""))
	}
	if c := r.Certificate; c != nil {
		r.Targets = append(r.Targets,
			newTarget("offline certificate verification p99", "ms", c.Verify.P99Ms, targetVerifyMs, true, ""),
			newTarget("certificate built over RPC p50", "ms", c.Build.P50Ms, targetBuildMs, true, ""))
	}
	if n := len(r.Direct); n > 0 {
		d := r.Direct[n-1]
		r.Targets = append(r.Targets,
			newTarget(fmt.Sprintf("bytes on disk per anchor at %d anchors (state + block store)", d.Anchors), "bytes", d.BytesPerAnchor, targetBytes, true, ""),
			newTarget(fmt.Sprintf("proven query p99 at %d anchors (in-process ABCI; issue 8)", d.Anchors), "ms", d.Query.P99Ms, targetQueryMs, true, ""))
	}
	var rss []float64
	for _, s := range r.Steps {
		if s.System == "corridor" {
			m := 0.0
			for _, n := range s.Nodes {
				m = max(m, n.EndRSSMiB)
			}
			rss = append(rss, m)
		}
	}
	if len(rss) > 1 {
		r.Summary["corridor_rss_first_step_mib"] = rss[0]
		r.Summary["corridor_rss_last_step_mib"] = rss[len(rss)-1]
	}
}

// Print writes the human-readable tables.
func (r *Report) Print(w io.Writer) {
	fmt.Fprintf(w, "\nCorridor benchmark  %s  (%s, %s CPUs, %s)  short=%v\n", r.Started.Format(time.RFC3339), r.Host["cpu"], r.Host["cpus"], r.Host["go"], r.Short)
	fmt.Fprintf(w, "4 validators each (systems ending -1v: one validator alone), one process per node, 127.0.0.1; mempool %d; timeouts %s; %.0f s per rate; Corridor load signed by %d trader accounts\n\n",
		r.Mempool, map[bool]string{true: "fast (localnet.FastConsensus)", false: "CometBFT defaults"}[r.FastTimeouts], r.DurationS, r.Traders)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "system\tkind\toffered/s\tsent/s\tcommitted/s\tdocs/s\tp50 ms\tp90 ms\tp99 ms\trejected\tfailed\tuncommitted\twithheld\tnode CPU s (per node)\tpeak RSS MiB (per node)\tclient CPU s\t")
	for _, s := range r.Steps {
		var cpu, rss []string
		for _, n := range s.Nodes {
			cpu = append(cpu, fmt.Sprintf("%.1f", n.CPUSeconds))
			rss = append(rss, fmt.Sprintf("%.0f", n.PeakRSSMiB))
		}
		docs := "-"
		if s.DocsPerSec > 0 {
			docs = fmt.Sprintf("%.0f", s.DocsPerSec)
		}
		fmt.Fprintf(tw, "%s\t%s\t%.0f\t%.0f\t%.0f\t%s\t%.0f\t%.0f\t%.0f\t%d\t%d\t%d\t%d\t%s\t%s\t%.1f\t\n", s.System, s.Kind, s.OfferedRate, s.SendRate,
			s.TxPerSec, docs, s.P50Ms, s.P90Ms, s.P99Ms, s.Rejected, s.Failed, s.Lost, s.Withheld, strings.Join(cpu, " "), strings.Join(rss, " "), s.ClientCPU)
	}
	tw.Flush()
	if k, ok := r.Summary["kvstore_max_tx_per_s"]; ok {
		fmt.Fprintf(w, "\nsaturation: kvstore %.0f tx/s, corridor %.0f tx/s, ratio corridor/kvstore %.2f; worst p99 ratio at the same offered rate %.2f\n",
			k, r.Summary["corridor_max_tx_per_s"], r.Summary["throughput_ratio"], r.Summary["worst_p99_ratio_same_rate"])
	}
	if k, ok := r.Summary["kvstore_1v_max_tx_per_s"]; ok {
		fmt.Fprintf(w, "one validator alone: kvstore %.0f tx/s, corridor %.0f tx/s, ratio corridor/kvstore %.2f\n",
			k, r.Summary["corridor_1v_max_tx_per_s"], r.Summary["throughput_ratio_1v"])
	}
	var cpuLine []string
	for _, sys := range []string{"kvstore", "corridor", "kvstore-1v", "corridor-1v"} {
		if v, ok := r.Summary[sys+"_cpu_us_per_committed_tx_per_node"]; ok {
			cpuLine = append(cpuLine, fmt.Sprintf("%s %.0f", sys, v))
		}
	}
	if len(cpuLine) > 0 {
		fmt.Fprintf(w, "node CPU per committed tx per node at saturation (µs): %s\n", strings.Join(cpuLine, ", "))
	}
	for _, s := range r.Steps {
		if s.FirstReject != "" {
			fmt.Fprintf(w, "first rejection (%s %.0f/s): %s\n", s.System, s.OfferedRate, clipString(s.FirstReject, 120))
		}
	}
	fmt.Fprintln(w, "\non disk after the network runs (node 0, du):")
	for _, d := range r.Disk {
		fmt.Fprintf(w, "  %-8s %d tx (%d documents): %s; %.0f bytes per committed tx\n", d.System, d.CommittedTx, d.Docs, formatBytes(d.Bytes), d.BytesPerTx)
	}
	if r.Query != nil {
		fmt.Fprintf(w, "\n%s: p50 %.2f ms, p99 %.2f ms (n=%d)\n", r.Query.What, r.Query.P50Ms, r.Query.P99Ms, r.Query.N)
	}
	if c := r.Certificate; c != nil {
		fmt.Fprintf(w, "%s: p50 %.1f ms, p99 %.1f ms (n=%d)\n", c.Build.What, c.Build.P50Ms, c.Build.P99Ms, c.Build.N)
		fmt.Fprintf(w, "%s: p50 %.2f ms, p99 %.2f ms (n=%d, %d bytes)\n", c.Verify.What, c.Verify.P50Ms, c.Verify.P99Ms, c.Verify.N, c.Bytes)
	}
	if len(r.Direct) > 0 {
		fmt.Fprintln(w, "\ndirect ABCI (FinalizeBlock+Commit, no consensus; simulated block store and ABCI responses, see docs/performance.md):")
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "anchors\tanchors/s\tstate B/anchor\tblock store B/anchor\tstate+blocks B/anchor\tABCI responses B/anchor\tproven query p50 ms\tp99 ms\tRSS MiB\tpeak RSS MiB\t")
		for _, d := range r.Direct {
			fmt.Fprintf(tw, "%d\t%.0f\t%.0f\t%.0f\t%.0f\t%.0f\t%.3f\t%.3f\t%.0f\t%.0f\t\n", d.Anchors, d.AnchorsPerSec, d.StatePerAnchor, d.BlocksPerAnchor,
				d.BytesPerAnchor, d.ResponsesPerAnchor, d.Query.P50Ms, d.Query.P99Ms, d.RSSMiB, d.PeakRSSMiB)
		}
		tw.Flush()
	}
	if len(r.Targets) > 0 {
		fmt.Fprintln(w, "\ntargets:")
		for _, t := range r.Targets {
			fmt.Fprintf(w, "  %s\n", t.Line())
		}
	}
	if a, ok := r.Summary["corridor_rss_first_step_mib"]; ok {
		fmt.Fprintf(w, "  corridor max node RSS after first step %.0f MiB, after last step %.0f MiB\n", a, r.Summary["corridor_rss_last_step_mib"])
	}
	for _, n := range r.Notes {
		fmt.Fprintf(w, "NOTE: %s\n", n)
	}
	fmt.Fprintf(w, "\nelapsed %.0f s\n", r.ElapsedS)
}

// Line is the target's report line: met or missed, the figure, the goal
// and, when missed, by how much.
func (t Target) Line() string {
	if t.Met {
		return fmt.Sprintf("MET    %s: %.2f %s (goal %s)", t.Name, t.Measured, t.Unit, t.Goal)
	}
	return fmt.Sprintf("MISSED %s: %.2f %s (goal %s; missed by %.2f %s)", t.Name, t.Measured, t.Unit, t.Goal, math.Abs(t.Margin), t.Unit)
}

func formatBytes(m map[string]int64) string {
	var parts []string
	for _, k := range []string{"application.db", "kvstore", "blockstore.db", "state.db", "tx_index.db", "evidence.db", "total"} {
		if v, ok := m[k]; ok {
			parts = append(parts, fmt.Sprintf("%s %.1f MiB", strings.TrimSuffix(k, ".db"), float64(v)/(1<<20)))
		}
	}
	return strings.Join(parts, ", ")
}

func clipString(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}
