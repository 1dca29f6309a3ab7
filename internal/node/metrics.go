package node

import (
	"fmt"

	cmtcfg "github.com/cometbft/cometbft/config"
	nm "github.com/cometbft/cometbft/node"
	"github.com/corridor-trade/corridor/app"
	"github.com/corridor-trade/corridor/internal/metrics"
	"github.com/prometheus/client_golang/prometheus"
)

// newMetrics returns the application's metrics: Prometheus collectors in
// the default registry, which CometBFT serves on
// instrumentation.prometheus_listen_addr, when instrumentation.prometheus
// is on in config.toml; none otherwise.
func newMetrics(conf *cmtcfg.Config) (app.Metrics, error) {
	if !conf.Instrumentation.IsPrometheusEnabled() {
		return nil, nil
	}
	gen, err := nm.DefaultGenesisDocProviderFunc(conf)()
	if err != nil {
		return nil, fmt.Errorf("metrics: read genesis: %w", err)
	}
	m, err := metrics.New(prometheus.DefaultRegisterer, gen.ChainID, conf.DBDir())
	if err != nil {
		return nil, fmt.Errorf("metrics: %w", err)
	}
	return m, nil
}
