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
// the order of insertion.
package store
