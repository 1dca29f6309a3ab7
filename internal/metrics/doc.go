// Package metrics exposes the Corridor application's observations
// (app.Metrics) as Prometheus metrics named corridor_..., registered with
// the same registry CometBFT serves on instrumentation.prometheus_listen_addr
// (the Prometheus default registry), so that one scrape of a node's
// /metrics returns CometBFT's series and Corridor's side by side.
//
// Every series carries the chain_id label, as CometBFT's do. The list of
// metrics, an example scrape configuration and alert rules are in
// docs/operations.md and testnet/prometheus/.
package metrics
