// Package anchorplan decides, once for every door, how trade documents
// become ledger messages.
//
// Given the issuer, the parsed documents of one or more files (package
// formats) and a Policy, Make returns a Plan: the invoice/anchor messages
// of invoices anchored on their own, the Merkle batches (invoice/anchor-batch)
// with every member's inclusion path, and the documents refused, each with
// a reason and a stable code of the plan codespace (codes/table.go). The
// CLI (tx invoice anchor), dock ingest, the Go client and the HTTP API's
// check endpoint all call Make, so the same files give the same messages,
// or the same refusal, whichever door they come in by. The rules are
// written in docs/invoice.md, "How a document becomes messages".
//
// Batch and Member are the one Go type of a batch and its members' proofs,
// and the one file format (docs/invoice.md, "The batch file"): what the CLI
// writes, what ingest journals and puts in receipts, and what verify,
// revoke and certificates read. DecodeBatch also reads the files written
// before that format existed.
//
// The package does no I/O: it computes hashes, fingerprints and random
// salts, nothing else.
package anchorplan
