// Package ingest anchors a directory of trade documents: the EDI way of
// working behind `corridord dock ingest`.
//
// Run walks the directory, detects each file's format with formats,
// anchors what the shared planner (anchorplan) decides — each invoice on
// its own when the run has one file of invoices, otherwise Merkle batches
// per profile — and records ISO 20022 payment proofs against invoices
// already anchored on chain. Every file gets a receipt: its raw and canonical hashes and either the height
// and transaction that anchored it or the error (and rule) that stopped it.
//
// Every transaction is sent through the outbox (client.Outbox), over the
// journal file of the directory: the intent (with ingest's meta — files,
// batch members with their paths, salt) is fsynced before it is broadcast,
// and its outcome after. A rerun after a crash first settles every intent
// the journal left open (Outbox.Settle: by hash, then by the record it
// writes, then by the signer's sequence, rebroadcasting the very same
// bytes while they may still commit), so no file is anchored twice and
// none is skipped; the files of committed intents get their receipts from
// the journal. A transaction commits entirely or not at all, so a batch
// either anchors every one of its files or none, and the receipts say
// which. A journal of ingest's older format (before the outbox) is
// converted once when it is opened (migrate.go).
package ingest
