// Package formats turns the documents that single-window trade systems
// already exchange into the fields and hashes that Corridor anchors.
//
// Each supported format lives in its own file: it detects the format, parses
// the bytes safely (size limits before parsing, no external entities, no
// entity expansion), extracts the business fields needed for anchoring, and
// computes the canonical hash defined by a written profile in
// docs/profiles/. The canonical hash is stable under changes that do not
// alter meaning (indentation, comments, line endings, EDIFACT separators) and
// changes whenever a business value changes. The SHA-256 of the raw bytes is
// kept beside it as evidence of the exact file that was presented.
//
// Nothing in this package touches the network or the ledger; it is used by
// the CLI (dock inspect, dock ingest, tx invoice anchor, verify) and by the
// HTTP API's hash-and-check endpoint.
package formats
