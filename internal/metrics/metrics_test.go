package metrics_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	cmtcfg "github.com/cometbft/cometbft/config"
	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/internal/localnet"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/kit"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"gopkg.in/yaml.v3"
)

// TestMetricsOnCometBFTEndpoint runs a four-validator network whose
// Shanghai node serves Prometheus metrics (CometBFT allows one such node
// per process), anchors documents and a batch and sends a transaction
// that fails in its block, and checks on the node's one /metrics endpoint
// that CometBFT's series and Corridor's are both there and that Corridor's
// move. It then stops the Hong Kong validator and checks that HK's signing
// power drops to zero while the chain goes on. Last, it checks that the
// alert rules of testnet/prometheus parse and name only metrics the node
// serves.
func TestMetricsOnCometBFTEndpoint(t *testing.T) {
	if testing.Short() {
		t.Skip("network test")
	}
	ports, err := localnet.FreePorts(1)
	if err != nil {
		t.Fatal(err)
	}
	metricsURL := fmt.Sprintf("http://127.0.0.1:%d/metrics", ports[0])
	net := localnet.Start(t, localnet.Options{Tune: func(c *cmtcfg.Config) {
		if c.Moniker == "shanghai" {
			c.Instrumentation.Prometheus = true
			c.Instrumentation.PrometheusListenAddr = fmt.Sprintf("127.0.0.1:%d", ports[0])
		}
	}})
	net.WaitForHeight(2, 2*time.Minute)
	before := scrape(t, metricsURL)

	ctx := context.Background()
	c := net.Client(0)
	key := net.Keys["sg-trader"]
	issuer := key.PubKey().Address()
	buyer := net.Keys["hk-trader"].PubKey().Address()
	submit := func(want uint32, msgs ...kit.Msg) {
		t.Helper()
		res, err := c.Submit(ctx, key, client.SubmitOptions{Wait: time.Minute}, msgs...)
		if err != nil {
			t.Fatal(err)
		}
		if res.Code != want {
			t.Fatalf("code %d (%s %s), want %d", res.Code, res.Error, res.Log, want)
		}
	}
	anchor := func(n string) *invoice.MsgAnchor {
		fp, _ := invoice.Fingerprint(issuer, n)
		return &invoice.MsgAnchor{DocHash: invoice.Hash(sha256.Sum256([]byte("metrics " + n))), Profile: invoice.ProfileRaw,
			Fingerprint: fp, BuyerMember: buyer, IssueDate: "2026-11-22", Currency: "SGD", Total: "10"}
	}
	submit(0, anchor("M-1"), anchor("M-2"))
	submit(0, &invoice.MsgAnchorBatch{Root: invoice.Hash(sha256.Sum256([]byte("metrics batch"))), Count: 7, Profile: invoice.ProfileRaw})
	dup := anchor("M-1")
	dup.Fingerprint, _ = invoice.Fingerprint(issuer, "M-3")
	submit(codes.InvoiceDuplicateDocument.Code, dup) // the same document again: refused in its block (invoice/duplicate_document)
	h, err := c.RPC.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	net.WaitForHeight(h.SyncInfo.LatestBlockHeight+1, time.Minute)
	// A commit needs three of the four validators: a block's last commit
	// can lack HK's signature when its vote came late (under load it
	// does), so the metrics are read again until a commit HK signed.
	// Nothing is sent any more, so the other series stay as they are.
	after := scrape(t, metricsURL)
	for deadline := time.Now().Add(time.Minute); value(after, "corridor_jurisdiction_signing_power", "jurisdiction", "HK") != 10 && time.Now().Before(deadline); {
		time.Sleep(300 * time.Millisecond)
		after = scrape(t, metricsURL)
	}

	delta := func(name string, labels ...string) float64 {
		return value(after, name, labels...) - value(before, name, labels...)
	}
	checks := []struct {
		what string
		got  float64
		ok   func(float64) bool
	}{
		{"anchors of documents", delta("corridor_anchors_total", "kind", "document"), eq(2)},
		{"anchors of batches", delta("corridor_anchors_total", "kind", "batch"), eq(1)},
		{"documents in batches", delta("corridor_batch_documents_total"), eq(7)},
		{"successful anchor transactions", delta("corridor_txs_total", "msg_type", "invoice/anchor", "code", "0"), eq(1)},
		{"successful batch transactions", delta("corridor_txs_total", "msg_type", "invoice/anchor-batch", "code", "0"), eq(1)},
		{"refused duplicate", delta("corridor_txs_total", "msg_type", "invoice/anchor", "codespace", "invoice", "code", fmt.Sprint(codes.InvoiceDuplicateDocument.Code)), eq(1)},
		{"CheckTx latencies observed", delta("corridor_check_tx_seconds"), atLeast(3)},
		{"FinalizeBlock latencies observed", delta("corridor_finalize_block_seconds"), atLeast(1)},
		{"signature cache hits", delta("corridor_sigcache_hits_total") + delta("corridor_sigcache_misses_total"), atLeast(3)},
		{"state version", value(after, "corridor_state_version"), atLeast(float64(h.SyncInfo.LatestBlockHeight))},
		{"state keys grew", delta("corridor_state_keys"), atLeast(3)},
		{"state on disk", value(after, "corridor_state_disk_bytes"), atLeast(1)},
		{"CN-SH power", value(after, "corridor_jurisdiction_power", "jurisdiction", "CN-SH"), eq(20)},
		{"HK signing", value(after, "corridor_jurisdiction_signing_power", "jurisdiction", "HK"), eq(10)},
		{"CometBFT's height on the same endpoint", value(after, "cometbft_consensus_height"), atLeast(float64(h.SyncInfo.LatestBlockHeight))},
	}
	for _, ch := range checks {
		if !ch.ok(ch.got) {
			t.Errorf("%s: got %v", ch.what, ch.got)
		}
	}

	// Hong Kong's only validator stops: 30 of 40 power still make blocks,
	// and the last commit no longer has an HK signature.
	hk := 2
	if net.Nodes[hk].Name != "hongkong" {
		t.Fatalf("node %d is %s", hk, net.Nodes[hk].Name)
	}
	net.StopNode(hk)
	deadline := time.Now().Add(2 * time.Minute)
	var last map[string]*dto.MetricFamily
	for {
		last = scrape(t, metricsURL)
		if value(last, "corridor_jurisdiction_signing_power", "jurisdiction", "HK") == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("HK signing power did not drop to 0: %v", value(last, "corridor_jurisdiction_signing_power", "jurisdiction", "HK"))
		}
		time.Sleep(500 * time.Millisecond)
	}
	if got := value(last, "corridor_jurisdiction_signing_power", "jurisdiction", "SG"); got != 10 {
		t.Errorf("SG signing power %v with HK down, want 10", got)
	}

	checkAlertRules(t, last)
}

// checkAlertRules parses testnet/prometheus/alerts.yml and checks that the
// three alerts are there and every metric they use is served.
func checkAlertRules(t *testing.T, served map[string]*dto.MetricFamily) {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(file), "..", "..", "testnet", "prometheus")
	var rules struct {
		Groups []struct {
			Name  string
			Rules []struct {
				Alert       string
				Expr        string
				For         string
				Labels      map[string]string
				Annotations map[string]string
			}
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, "alerts.yml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(b, &rules); err != nil {
		t.Fatalf("alerts.yml: %v", err)
	}
	metric := regexp.MustCompile(`\b(cometbft|corridor)_[a-z0-9_]+`)
	seen := map[string]bool{}
	for _, g := range rules.Groups {
		for _, r := range g.Rules {
			seen[r.Alert] = true
			if r.Expr == "" || r.For == "" || r.Labels["severity"] == "" || r.Annotations["summary"] == "" {
				t.Errorf("alert %q lacks expr, for, severity or summary", r.Alert)
			}
			names := metric.FindAllString(r.Expr, -1)
			if len(names) == 0 {
				t.Errorf("alert %q uses no node metric", r.Alert)
			}
			for _, n := range names {
				if served[n] == nil {
					t.Errorf("alert %q uses %s, which the node does not serve", r.Alert, n)
				}
			}
		}
	}
	for _, a := range []string{"CorridorNoNewBlock", "CorridorSigningPowerBelowTwoThirds", "CorridorJurisdictionNotSigning"} {
		if !seen[a] {
			t.Errorf("alerts.yml has no alert %s", a)
		}
	}
	var scrapeCfg struct {
		RuleFiles     []string `yaml:"rule_files"`
		ScrapeConfigs []struct {
			JobName string `yaml:"job_name"`
		} `yaml:"scrape_configs"`
	}
	b, err = os.ReadFile(filepath.Join(dir, "prometheus.yml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(b, &scrapeCfg); err != nil || len(scrapeCfg.ScrapeConfigs) == 0 || len(scrapeCfg.RuleFiles) == 0 {
		t.Fatalf("prometheus.yml: %v %+v", err, scrapeCfg)
	}
}

func scrape(t *testing.T, url string) map[string]*dto.MetricFamily {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var p expfmt.TextParser
	fams, err := p.TextToMetricFamilies(strings.NewReader(string(b)))
	if err != nil {
		t.Fatalf("parse /metrics: %v", err)
	}
	return fams
}

// value sums the series of family name whose labels include every
// (name, value) pair given: counters and gauges by value, histograms by
// sample count.
func value(fams map[string]*dto.MetricFamily, name string, labels ...string) float64 {
	f := fams[name]
	if f == nil {
		return 0
	}
	var sum float64
next:
	for _, m := range f.Metric {
		for i := 0; i+1 < len(labels); i += 2 {
			found := false
			for _, l := range m.Label {
				if l.GetName() == labels[i] && l.GetValue() == labels[i+1] {
					found = true
				}
			}
			if !found {
				continue next
			}
		}
		switch {
		case m.Counter != nil:
			sum += m.Counter.GetValue()
		case m.Gauge != nil:
			sum += m.Gauge.GetValue()
		case m.Histogram != nil:
			sum += float64(m.Histogram.GetSampleCount())
		}
	}
	return sum
}

func eq(want float64) func(float64) bool     { return func(v float64) bool { return v == want } }
func atLeast(min float64) func(float64) bool { return func(v float64) bool { return v >= min } }
