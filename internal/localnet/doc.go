// Package localnet starts a network of real Corridor validators inside one
// test process: each node is a full CometBFT node with the Corridor
// application, its own home directory, and real TCP sockets on 127.0.0.1.
// Tests use it to check that transactions sent to different nodes commit
// and that every node computes the same app hash.
package localnet
