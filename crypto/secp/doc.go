// Package secp holds Corridor's only signature scheme: ECDSA over secp256k1
// with SHA-256 message digests, as implemented by
// github.com/decred/dcrd/dcrec/secp256k1/v4.
//
// Signatures travel as 64 bytes r||s (big-endian, 32 bytes each). Verify is
// strict where the underlying library is lenient by design: r and s must lie
// in [1, n-1] (no reduction modulo n, so r >= n or s >= n is rejected) and s
// must be in the lower half of the order ("low-S"), which removes the
// signature malleability that would otherwise give one transaction two
// hashes. Sign always produces deterministic (RFC 6979) low-S signatures.
//
// Public keys are 33-byte compressed points. An account address is the
// first 20 bytes of SHA-256 of the compressed public key, written in bech32
// with the human-readable part "cor" (see docs/transactions.md).
package secp
