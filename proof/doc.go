// Package proof checks Corridor's answers without trusting the node that
// gave them.
//
// Everything here is pure verification: no function of this package opens a
// network connection. VerifyValue and VerifyAbsence check one ICS-23 proof
// (existence or non-existence) against an IAVL root, the app hash. A
// TrustRoot (the genesis validator set, or a header hash the verifier
// already trusts) lets VerifyHeader accept a signed header and its
// validator set with CometBFT's light-client rules; genesis trust follows
// the validator-set changes governance makes through the light blocks
// ("hops") a certificate carries (VerifyHeaderVia). A Certificate bundles a
// document's records, their proofs and the signed header that commits to
// them, so that VerifyCertificate can produce a Verdict offline, line by
// line: not tampered with, anchored, issuer identified, recognised in each
// jurisdiction, payment status, not revoked or cancelled, exported under a
// declared data flow (only for a document that came with one), and signed by
// which validators of which jurisdictions.
//
// Fetching a certificate from a node is the job of package proof/fetch; see
// docs/proofs.md and docs/certificate.md.
package proof
