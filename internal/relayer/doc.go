// Package relayer carries Corridor invoice anchors from one chain (the
// source) to another (the destination) through the destination's docking
// module.
//
// A relayer is untrusted: it only transports signed headers and ICS-23
// proofs that the destination verifies itself, so a relayer that lies
// wastes its own transactions and nothing else. Each round it
//
//   - finds the anchors it is asked to carry: named document hashes, or
//     the source's invoice "anchored" events (all, or one issuer's) found
//     with tx_search;
//   - skips those the destination already holds as foreign anchors;
//   - updates the destination's light client of the source to a recent
//     header when the client's latest header does not yet cover an anchor
//     (or is a third of the way to expiry);
//   - proves each anchor at that header's state and submits a dock
//     message signed by its key.
//
// A journal file (JSON lines, synced after each line) records its progress
// (events searched, anchors found, anchors done). Its transactions go
// through the client package's outbox (client.Outbox), journaled beside
// it: the signed bytes of each transaction are journaled before they are
// broadcast, and each round first settles what a crash left open (by hash,
// by the anchor docked by this key, by sequence), rebroadcasting unchanged
// bytes that can still commit (same sequence, so they execute at most
// once) before anything new is signed. The destination's state is checked
// before every submission.
package relayer
