// Package tx defines Corridor's transaction: an Envelope holding the exact
// body bytes, the signer's compressed secp256k1 public key and a 64-byte
// low-S r||s signature; and the Body those bytes decode to: chain-id,
// sequence, messages and memo.
//
// The signature covers SignDigest(chainID, body) = SHA-256 over a domain
// tag, the chain-id and the transmitted body bytes (each length-prefixed),
// so a transaction signed for one chain is void on every other, and bytes
// are never re-encoded before checking. docs/transactions.md specifies the
// format for implementers in other languages.
package tx
