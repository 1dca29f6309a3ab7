package bench

import (
	"strings"
	"testing"
)

// A report's target lines follow issue 18's goals: each figure is judged
// against its limit in the right direction and a missed one says by how
// much.
func TestSummariseTargets(t *testing.T) {
	node := func(cpu float64) []NodeStat { return []NodeStat{{CPUSeconds: cpu}, {CPUSeconds: cpu}} }
	r := &Report{
		VerifyUs: 160,
		Steps: []*Step{
			// kvstore: best 2,000 tx/s; 10,000 committed, 1.4 CPU s per node: 140 µs.
			{System: "kvstore", Kind: "kv-256B", OfferedRate: 1000, TxPerSec: 1000, Committed: 5000, P99Ms: 1000, Nodes: node(1)},
			{System: "kvstore", Kind: "kv-256B", OfferedRate: 2500, TxPerSec: 2000, Committed: 10000, P99Ms: 1500, Nodes: node(1.4)},
			// Corridor: best 1,600 tx/s (ratio 0.8, met); 8,000 committed at
			// 2.8 CPU s per node: 350 µs against 140 + 1.25 × 160 = 340, missed.
			{System: "corridor", Kind: "anchor", OfferedRate: 1000, Sent: 5000, Rejected: 0, Lost: 10, TxPerSec: 900, Committed: 4990, P99Ms: 1900, Nodes: node(2)},
			{System: "corridor", Kind: "anchor", OfferedRate: 2500, Sent: 10000, Rejected: 2000, Lost: 200, TxPerSec: 1600, Committed: 8000, P99Ms: 3300, Nodes: node(2.8)},
			{System: "corridor", Kind: "batch-10000", OfferedRate: 40, Sent: 400, TxPerSec: 31, DocsPerSec: 310000},
		},
		Certificate: &CertificateTiming{Build: Latency{P50Ms: 14}, Verify: Latency{P99Ms: 2.5}},
		Direct:      []*DirectResult{{Anchors: 20000, BytesPerAnchor: 280, Query: Latency{P99Ms: 3}}},
	}
	r.Summarise()
	want := map[string]struct {
		met      bool
		measured float64
	}{
		"4 validators: signed single anchors":        {true, 0.8},
		"4 validators: p99 latency":                  {false, 2.2}, // 3300/1500
		"4 validators: node CPU":                     {false, 350},
		"4 validators: accepted but never committed": {false, 2.5}, // 200 of 8,000
		"batched anchoring":                          {true, 310000},
		"offline certificate verification p99":       {false, 2.5},
		"certificate built over RPC p50":             {true, 14},
		"bytes on disk per anchor":                   {true, 280},
		"proven query p99":                           {true, 3},
	}
	found := map[string]bool{}
	for _, tg := range r.Targets {
		for prefix, w := range want {
			if !strings.HasPrefix(tg.Name, prefix) {
				continue
			}
			found[prefix] = true
			if tg.Met != w.met || tg.Measured < w.measured-1e-6 || tg.Measured > w.measured+1e-6 {
				t.Errorf("%s: met %v measured %v, want met %v measured %v", tg.Name, tg.Met, tg.Measured, w.met, w.measured)
			}
			line := tg.Line()
			if w.met != strings.HasPrefix(line, "MET") || !w.met && !strings.Contains(line, "missed by") {
				t.Errorf("line %q", line)
			}
		}
	}
	for prefix := range want {
		if !found[prefix] {
			t.Errorf("no target line %q in %+v", prefix, r.Targets)
		}
	}
	for _, tg := range r.Targets {
		if strings.HasPrefix(tg.Name, "4 validators: node CPU") && !strings.Contains(tg.Goal, "340") {
			t.Errorf("CPU goal %q does not state the limit 140 + 1.25 × 160 = 340", tg.Goal)
		}
		if strings.HasPrefix(tg.Name, "4 validators: accepted") && !strings.Contains(tg.Name, "200 of 8000") {
			t.Errorf("lost line %q does not name the worst step", tg.Name)
		}
	}
	// Summarise is idempotent: a second call does not repeat the lines.
	n := len(r.Targets)
	r.Summarise()
	if len(r.Targets) != n {
		t.Errorf("second Summarise: %d targets, want %d", len(r.Targets), n)
	}
}

// The limit's direction and edges: at the limit is met; an at-most target
// with nothing measured (0) is missed.
func TestNewTargetEdges(t *testing.T) {
	for _, c := range []struct {
		measured, limit float64
		atMost, met     bool
	}{
		{2, 2, true, true}, {2.01, 2, true, false}, {0, 2, true, false},
		{0.75, 0.75, false, true}, {0.74, 0.75, false, false}, {300000, 300000, false, true},
	} {
		tg := newTarget("x", "u", c.measured, c.limit, c.atMost, "")
		if tg.Met != c.met {
			t.Errorf("%+v: met %v", c, tg.Met)
		}
	}
	if g := newTarget("x", "u", 1, 300000, false, "").Goal; g != ">= 300000" {
		t.Errorf("goal %q", g)
	}
}

// MeasureVerify measures something plausible: a secp256k1 verification
// takes more than a microsecond and less than 100 ms of CPU.
func TestMeasureVerify(t *testing.T) {
	us := MeasureVerify(3)
	if us < 1 || us > 100000 {
		t.Fatalf("one verification measured at %v µs", us)
	}
	t.Logf("one secp256k1 verification: %.0f µs of thread CPU", us)
}
