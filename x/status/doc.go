// Package status anchors the revocation status that credential issuers
// publish off the ledger, so that a verifier can check it offline.
//
// Two kinds of status are anchored, both by attester members:
//
//   - W3C Bitstring Status List credentials
//     (https://www.w3.org/TR/vc-bitstring-status-list/): for each version of
//     a list credential the attester hosts, the SHA-256 of the list's id URL,
//     the version (strictly increasing per list), the SHA-256 of the list
//     credential's JCS form (formats' w3c-vc-jcs profile), its purpose
//     (revocation or suspension) and a validity window in block time. Every
//     version is kept with the height it was anchored at, each naming the
//     version before it, so that the version in force at a height is read
//     from that height's state by single-key lookups (InForce), each of
//     which an ICS-23 proof can cover.
//   - OpenAttestation v2 revocation stores: an attester registers a store
//     (the SHA-256 of its id, e.g. the store contract address a document
//     names in issuers[].revocation.location) and anchors the target hashes
//     (targetHash or merkleRoot) it revokes there. A target that is not
//     revoked has no record, which an ICS-23 non-existence proof shows.
//
// The first attester to anchor a list or register a store owns it; only it
// anchors later versions or revocations. Raw list credentials, their URLs
// and the credentials they cover never go on the ledger (docs/privacy.md,
// docs/status-lists.md).
package status
