// Package client is the Go client for integrators: it signs and submits
// Corridor transactions and reads state through a node's CometBFT RPC.
//
// A Client trusts the node it talks to for liveness only: transaction
// results and plain queries are what that node says. For answers that must
// not depend on trusting the node, use verified proofs (corridord verify).
package client
