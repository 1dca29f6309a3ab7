// Command corridor-bench runs the Corridor throughput and scale benchmark
// (GitHub issue 8): CometBFT's kvstore and Corridor as 4-validator
// localnets with the same settings, one OS process per validator, driven by
// the same open-loop rate sweep; batch anchoring; proven queries and
// certificate verification; and bytes on disk per anchor through ABCI.
//
// Usage: corridor-bench [-short] [-json FILE] (see -help). `make bench`
// builds the binaries it needs and runs it.
package main
