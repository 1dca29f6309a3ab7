// Package bench measures Corridor against CometBFT's kvstore example
// application on the same machine, in one run (GitHub issue 8).
//
// It generates two 4-validator networks with identical CometBFT settings,
// runs every validator as its own OS process (so that CPU time and peak RSS
// can be read per node from /proc), drives each network with the same
// bounded open-loop load, and matches committed blocks to the broadcast
// transactions to compute throughput and broadcast-to-commit latency. It
// also drives the Corridor application directly through ABCI to measure
// bytes on disk per anchored invoice and proven-query latency at scale.
//
// Every child process is started in its own process group with a parent
// death signal; Group.StopAll ends them all, and the command calls it on
// return, on failure and on SIGINT/SIGTERM.
package bench
