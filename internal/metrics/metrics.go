package metrics

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strconv"
	"time"

	"github.com/corridor-trade/corridor/app"
	"github.com/prometheus/client_golang/prometheus"
)

// Namespace prefixes every Corridor metric.
const Namespace = "corridor"

// Prometheus implements app.Metrics with Prometheus collectors.
type Prometheus struct {
	txs             *prometheus.CounterVec
	checkTx         prometheus.Histogram
	finalizeBlock   prometheus.Histogram
	anchors         *prometheus.CounterVec
	batchDocuments  prometheus.Counter
	sigHits         prometheus.Counter
	sigMisses       prometheus.Counter
	stateVersion    prometheus.Gauge
	stateKeys       prometheus.Gauge
	jurisdiction    *prometheus.GaugeVec
	jurisdictionSig *prometheus.GaugeVec
}

var _ app.Metrics = (*Prometheus)(nil)

// New creates Corridor's collectors for chainID and registers them with
// reg (prometheus.DefaultRegisterer to share CometBFT's endpoint).
// stateDir is the directory holding application.db, whose size on disk is
// measured at each scrape. Registering twice in one process (a node
// restarted in place) reuses the collectors already registered.
func New(reg prometheus.Registerer, chainID, stateDir string) (*Prometheus, error) {
	labels := prometheus.Labels{"chain_id": chainID}
	opts := func(name, help string) prometheus.Opts {
		return prometheus.Opts{Namespace: Namespace, Name: name, Help: help, ConstLabels: labels}
	}
	hist := func(name, help string, buckets []float64) prometheus.Histogram {
		o := opts(name, help)
		return prometheus.NewHistogram(prometheus.HistogramOpts{Namespace: o.Namespace, Name: o.Name, Help: o.Help,
			ConstLabels: o.ConstLabels, Buckets: buckets})
	}
	p := &Prometheus{
		txs: prometheus.NewCounterVec(prometheus.CounterOpts(opts("txs_total",
			"Transactions executed in blocks, by message type and result (code 0: success; else codespace and code of docs/errors.md).")),
			[]string{"msg_type", "codespace", "code"}),
		checkTx: hist("check_tx_seconds", "Wall-clock duration of CheckTx.",
			prometheus.ExponentialBuckets(0.00005, 2.5, 10)),
		finalizeBlock: hist("finalize_block_seconds", "Wall-clock duration of FinalizeBlock.",
			prometheus.ExponentialBuckets(0.001, 2.5, 11)),
		anchors: prometheus.NewCounterVec(prometheus.CounterOpts(opts("anchors_total",
			"Successful anchors: kind=document for single invoices, kind=batch for batch roots.")), []string{"kind"}),
		batchDocuments: prometheus.NewCounter(prometheus.CounterOpts(opts("batch_documents_total",
			"Documents in anchored batches (the count each batch declares)."))),
		sigHits: prometheus.NewCounter(prometheus.CounterOpts(opts("sigcache_hits_total",
			"Signature checks answered by the signature cache (the transaction verified here before)."))),
		sigMisses: prometheus.NewCounter(prometheus.CounterOpts(opts("sigcache_misses_total",
			"Signature checks that had to verify the signature."))),
		stateVersion: prometheus.NewGauge(prometheus.GaugeOpts(opts("state_version",
			"Latest committed version of the application state (the block height)."))),
		stateKeys: prometheus.NewGauge(prometheus.GaugeOpts(opts("state_keys",
			"Keys in the latest committed application state."))),
		jurisdiction: prometheus.NewGaugeVec(prometheus.GaugeOpts(opts("jurisdiction_power",
			"Voting power of each jurisdiction's validators in the last commit.")), []string{"jurisdiction"}),
		jurisdictionSig: prometheus.NewGaugeVec(prometheus.GaugeOpts(opts("jurisdiction_signing_power",
			"Voting power of each jurisdiction's validators that signed the last commit (0: none signed).")), []string{"jurisdiction"}),
	}
	disk := prometheus.NewGaugeFunc(prometheus.GaugeOpts(opts("state_disk_bytes",
		"Size on disk of the application state database (application.db), measured at scrape time.")),
		func() float64 { return float64(dirSize(filepath.Join(stateDir, "application.db"))) })
	var err error
	if p.txs, err = register(reg, p.txs); err != nil {
		return nil, err
	}
	if p.checkTx, err = register(reg, p.checkTx); err != nil {
		return nil, err
	}
	if p.finalizeBlock, err = register(reg, p.finalizeBlock); err != nil {
		return nil, err
	}
	if p.anchors, err = register(reg, p.anchors); err != nil {
		return nil, err
	}
	if p.batchDocuments, err = register(reg, p.batchDocuments); err != nil {
		return nil, err
	}
	if p.sigHits, err = register(reg, p.sigHits); err != nil {
		return nil, err
	}
	if p.sigMisses, err = register(reg, p.sigMisses); err != nil {
		return nil, err
	}
	if p.stateVersion, err = register(reg, p.stateVersion); err != nil {
		return nil, err
	}
	if p.stateKeys, err = register(reg, p.stateKeys); err != nil {
		return nil, err
	}
	if p.jurisdiction, err = register(reg, p.jurisdiction); err != nil {
		return nil, err
	}
	if p.jurisdictionSig, err = register(reg, p.jurisdictionSig); err != nil {
		return nil, err
	}
	if _, err = register[prometheus.Collector](reg, disk); err != nil {
		return nil, err
	}
	return p, nil
}

// register registers c, or returns the collector already registered under
// the same description.
func register[C prometheus.Collector](reg prometheus.Registerer, c C) (C, error) {
	err := reg.Register(c)
	var already prometheus.AlreadyRegisteredError
	if errors.As(err, &already) {
		if existing, ok := already.ExistingCollector.(C); ok {
			return existing, nil
		}
	}
	return c, err
}

// CheckTx implements app.Metrics.
func (p *Prometheus) CheckTx(elapsed time.Duration, _ string, _ uint32) {
	p.checkTx.Observe(elapsed.Seconds())
}

// Tx implements app.Metrics.
func (p *Prometheus) Tx(msgType, codespace string, code uint32) {
	p.txs.WithLabelValues(msgType, codespace, strconv.FormatUint(uint64(code), 10)).Inc()
}

// Block implements app.Metrics.
func (p *Prometheus) Block(b app.BlockStats) {
	p.finalizeBlock.Observe(b.Elapsed.Seconds())
	p.anchors.WithLabelValues("document").Add(float64(b.Anchors))
	p.anchors.WithLabelValues("batch").Add(float64(b.Batches))
	p.batchDocuments.Add(float64(b.BatchDocuments))
	for _, j := range b.Jurisdictions {
		p.jurisdiction.WithLabelValues(j.Jurisdiction).Set(float64(j.Power))
		p.jurisdictionSig.WithLabelValues(j.Jurisdiction).Set(float64(j.Signing))
	}
}

// SigCache implements app.Metrics.
func (p *Prometheus) SigCache(hit bool) {
	if hit {
		p.sigHits.Inc()
	} else {
		p.sigMisses.Inc()
	}
}

// Committed implements app.Metrics.
func (p *Prometheus) Committed(version, keys int64) {
	p.stateVersion.Set(float64(version))
	p.stateKeys.Set(float64(keys))
}

// dirSize sums the sizes of the regular files under dir (0 if it cannot
// be read, e.g. with the memdb backend).
func dirSize(dir string) int64 {
	var n int64
	_ = filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}
