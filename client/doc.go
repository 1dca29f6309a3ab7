// Package client is the Go client for integrators: it signs and submits
// Corridor transactions and reads state through a node's CometBFT RPC.
//
// Every transaction goes through the outbox (Outbox), the one sender: it
// journals each signed transaction before broadcasting it and its outcome
// after (committed, failed with a code, or abandoned), and after a crash
// settles what was left open without sending anything twice. Submit is the
// outbox over an in-memory journal; give an Outbox a journal file
// (OpenJournal) for sends that survive the caller's crash. See
// docs/transactions.md, "Durable submission".
//
// A Client trusts the node it talks to for liveness only: transaction
// results and plain queries are what that node says. For answers that must
// not depend on trusting the node, use verified proofs (corridord verify).
package client
