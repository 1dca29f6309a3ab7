// Package paths names every ABCI query path of Corridor in one place.
//
// A query path is "/" + a name + "/"-separated arguments, e.g.
// "/invoice/<doc hash hex>". Each module registers its handlers under the
// Name constants of this package (x/kit.Register refuses a name registered
// twice), and every caller — the CLI, the Go client, the HTTP API, ingest,
// the relayer, the certificate fetcher — builds its paths with the
// constructors here instead of concatenating strings.
//
// Arguments are the text forms the handlers parse: addresses in bech32,
// public keys, hashes and ids in hex, jurisdictions as codes. The
// constructors only assemble; the handler on the chain checks each
// argument and refuses a malformed one with a query code (codes/), so a
// door passes on what its user typed and reports the chain's answer. An
// argument must not contain '/'.
//
// The package imports nothing, so that any program, including the offline
// verifier compiled to WebAssembly, can use it.
package paths
