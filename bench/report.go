package bench

import (
	"fmt"
	"io"
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
	Summary      map[string]float64 `json:"summary"`
	Targets      []Target           `json:"targets"`
	ElapsedS     float64            `json:"elapsed_s"`
	Notes        []string           `json:"notes,omitempty"`
}

// Target is one of the targets with the measured value.
type Target struct {
	Name     string  `json:"name"`
	Goal     string  `json:"goal"`
	Measured float64 `json:"measured"`
	Unit     string  `json:"unit"`
	Met      bool    `json:"met"`
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

// Summarise computes the saturation figures, the ratios and the target
// verdicts.
func (r *Report) Summarise() {
	r.Summary = map[string]float64{}
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
		r.Targets = append(r.Targets, Target{Name: "signed single anchors vs kvstore at saturation", Goal: ">= 0.75", Measured: ratio, Unit: "ratio", Met: ratio >= 0.75})
		// p99 at the same offered rate: the worst ratio over rates both ran.
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
		r.Targets = append(r.Targets, Target{Name: "p99 latency vs kvstore at the same offered rate (worst rate)", Goal: "<= 2", Measured: worst, Unit: "ratio", Met: worst > 0 && worst <= 2})
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
	// The one-validator comparison (issue 18 part 4).
	kv1, co1 := r.best("kvstore-1v", "kv-256B"), r.best("corridor-1v", "anchor")
	if kv1 != nil && co1 != nil && kv1.TxPerSec > 0 {
		r.Summary["kvstore_1v_max_tx_per_s"] = kv1.TxPerSec
		r.Summary["corridor_1v_max_tx_per_s"] = co1.TxPerSec
		ratio := co1.TxPerSec / kv1.TxPerSec
		r.Summary["throughput_ratio_1v"] = ratio
		r.Targets = append(r.Targets, Target{Name: "one validator: signed single anchors vs kvstore at saturation", Goal: ">= 0.75", Measured: ratio, Unit: "ratio", Met: ratio >= 0.75})
	}
	bestDocs := 0.0
	for _, s := range r.Steps {
		if strings.HasPrefix(s.Kind, "batch-") {
			bestDocs = max(bestDocs, s.DocsPerSec)
		}
	}
	if bestDocs > 0 {
		r.Summary["batch_docs_per_s"] = bestDocs
		r.Targets = append(r.Targets, Target{Name: "batched anchoring", Goal: ">= 100000", Measured: bestDocs, Unit: "documents/s", Met: bestDocs >= 100000})
	}
	if r.Certificate != nil {
		v := r.Certificate.Verify.P99Ms
		r.Targets = append(r.Targets, Target{Name: "offline certificate verification p99", Goal: "<= 5", Measured: v, Unit: "ms", Met: v <= 5})
	}
	if n := len(r.Direct); n > 0 {
		d := r.Direct[n-1]
		r.Targets = append(r.Targets,
			Target{Name: fmt.Sprintf("proven query p99 at %d anchors (in-process ABCI)", d.Anchors), Goal: "<= 20", Measured: d.Query.P99Ms, Unit: "ms", Met: d.Query.P99Ms <= 20},
			Target{Name: fmt.Sprintf("bytes on disk per anchor at %d anchors (state + block store)", d.Anchors), Goal: "<= 300", Measured: d.BytesPerAnchor, Unit: "bytes", Met: d.BytesPerAnchor <= 300})
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
			v := map[bool]string{true: "MET", false: "MISSED"}[t.Met]
			fmt.Fprintf(w, "  %-6s %s: %.2f %s (goal %s)\n", v, t.Name, t.Measured, t.Unit, t.Goal)
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
