// Package store is the narrow state interface every module works against:
// KV, the prefix helpers and Cache. It imports only the standard library;
// the IAVL tree the node keeps its state in is package iavlstore, which
// the modules and the offline verifier never link.
//
// The node has three views of its state: the working tree, written only by
// FinalizeBlock through a per-block Cache and persisted by Commit; read-only
// snapshots of committed versions, for queries and proofs; and the check
// state, a Cache over the last committed snapshot that CheckTx writes to
// and Commit throws away.
//
// Cache collects writes in memory and flushes them to its parent in sorted
// key order, because the shape (and so the hash) of an AVL tree depends on
// the order of insertion. Into another Cache (a transaction's writes into
// its block's) the order cannot matter, and the entries move as they are.
//
// Commit writes each version as one synced batch, so that a crash or a power
// cut leaves a version whole or absent, and Open repairs what a crash in the
// middle of a commit of an older release left (recover.go). Package crashdb
// tests both by crashing at every write point. docs/operations.md ("After a
// crash or power loss") states what a node promises.
//
// Snapshots (snapshot*.go) are state-sync snapshots: a committed version
// exported with IAVL's exporter into a versioned, chunked stream whose
// chunk hashes are the snapshot's metadata, and restored with IAVL's
// importer into an empty tree whose root hash must equal the trusted app
// hash.
package store
