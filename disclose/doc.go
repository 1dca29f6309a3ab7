// Package disclose commits to the fields of a trade document one by one, so
// that the holder can later show one or two fields (the seller's identifier,
// the total, the HS codes) and prove them against the anchored document
// without handing over the rest.
//
// Each disclosable field of a parsed document (Fields) gets a fresh 32-byte
// salt (Salt); its commitment is a domain-separated, length-prefixed SHA-256
// of the field id, its canonical value and the salt (Commitment). The
// commitments, in field-id order, are the leaves of a CometBFT crypto/merkle
// tree, and the field root (Root) binds that tree's root to the number of
// fields. The issuer keeps the salts (Secrets, the "corridor-field-secrets"
// file); a Disclosure (the "corridor-disclosure" file) carries only the
// chosen fields, their salts and their inclusion paths, and Check verifies it
// offline. FromOpenAttestation maps OpenAttestation v2's own salted-field
// obfuscation onto the same result.
//
// Like formats, this package is a leaf of the module: it imports formats, the
// codes table and libraries only, never the ledger (x/, app/) or the verifier
// (proof/). docs/disclosure.md defines the field ids, the canonical values,
// the exact bytes hashed and both file formats.
package disclose
