// Package verifier is what the page's WebAssembly module (web/wasm) runs,
// kept apart from syscall/js so that it is tested on the host: hashing a
// dropped document the way `corridord dock inspect` does (formats.Parse),
// reading a genesis file into a trust root, and verifying a certificate
// with proof.VerifyCertificateWith, the code `corridord verify
// --certificate FILE --trust genesis.json` runs. Every function takes bytes
// and returns a JSON-ready value; nothing here touches a network.
package verifier
