// Package keyring stores the secp256k1 keys that corridord signs
// transactions with.
//
// Two backends exist. The "file" backend keeps each key in its own file,
// <dir>/keyring-file/<name>.key (mode 0600, directory 0700), as a versioned
// JSON envelope: the private key is encrypted with XChaCha20-Poly1305 under
// a key derived from the keyring passphrase with Argon2id, and the public
// key and address are stored in clear so that listing keys needs no
// passphrase. The "test" backend keeps unencrypted JSON files under
// <dir>/keyring-test/ and exists for devnets and tests only.
//
// Keys can be moved between keyrings as "armored" text: a PEM block holding
// the same encrypted envelope, sealed with an export passphrase chosen for
// the occasion.
//
// Every write goes to a temporary file that is synced and then linked into
// place, so a crash never leaves a partial key file behind and two writers
// cannot both create the same name. See docs/keys.md for the threat model.
package keyring
