// Package crashdb is a cosmos-db database for crash tests: it forgets, at a
// simulated crash, every write that was not yet synced.
//
// # The model
//
// A Disk is what survives a crash. A DB is the database as one run of the
// process sees it: every write is visible to its reads at once, but only a
// synced write (SetSync, DeleteSync, Batch.WriteSync, or a clean Close)
// reaches the Disk. The writes in between wait in a volatile layer, oldest
// first, each one a group that is applied whole or not at all (a single
// Set or Delete, or one batch).
//
// This is how both of Corridor's engines behave, because both append every
// write to one log (goleveldb's journal, pebble's WAL) and replay it after
// a crash: a sync makes every earlier write durable too, a batch is one log
// record with a checksum (never half applied), and what survives of the
// unsynced tail is a prefix of it, cut where the log was torn. How long a
// prefix depends on the fault: after kill -9, goleveldb's unsynced writes
// are all in the operating system's page cache and survive (keep them
// all), while pebble's may still sit in its own log buffer (keep some);
// after a power cut, any prefix, down to none, can be all that is left.
// Image.Disk(keep) builds the disk for each of these: the synced state plus
// the first keep unsynced groups.
//
// # Write points
//
// Every call that writes (Set, SetSync, Delete, DeleteSync, Batch.Write,
// Batch.WriteSync) is one write point, counted from 1. A DB opened with
// CrashAt(k) crashes as write point k begins: writes 1..k-1 happened, k
// did not, and from then on every call fails with ErrCrashed, as if the
// process were gone. A first run without a crash counts the write points
// (Writes); a test then crashes at each in turn, builds the disk for each
// fault from the Image, reopens and checks (the way FoundationDB's and
// etcd's recovery tests enumerate failure points).
package crashdb
