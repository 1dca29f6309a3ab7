// Package iavlstore keeps Corridor's state on disk: one IAVL tree
// (github.com/cosmos/iavl v1) over a cosmos-db database (goleveldb by
// default, pebbledb selectable). The app hash is the IAVL root hash.
//
// Tree.Working is the working tree, written only by FinalizeBlock through
// a per-block store.Cache and persisted by Commit (SaveVersion); Snapshot
// gives read-only views of committed versions, for queries and proofs.
//
// It lives apart from package store, which holds only the store.KV
// interface and the Cache every module works against, so that the modules
// and the offline verifier built on them (proof/, compiled to WebAssembly
// for the page of issue 19) link no database. Only the application opens
// a Tree.
package iavlstore
