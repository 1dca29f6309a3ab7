// Package identity records attestations: signed statements by a member
// holding the attester role that a subject has some property, such as being
// a registered legal entity (legal-entity), an Authorized Economic Operator
// (aeo) or an authorised signatory (signatory).
//
// A subject is either a member address or an external entity named by a
// salted commitment, SHA-256(salt ‖ scheme ‖ ":" ‖ identifier), computed by
// the client (see Commit); the identifier itself never reaches the ledger.
// The credential behind an attestation (for example a W3C Verifiable
// Credential) stays off the ledger too: only its SHA-256 is recorded.
//
// An attestation counts (is active) only while it is not revoked, the block
// time lies within [valid_from, valid_until], and its attester is still an
// active member. Expiry, revocation and the attester's suspension therefore
// take effect at once, without a transaction per attestation. Only the
// attester of record may revoke an attestation, and must give a reason.
//
// docs/identity.md describes the state, messages, events and codes.
package identity
