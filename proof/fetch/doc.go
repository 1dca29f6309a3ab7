// Package fetch builds Corridor certificates from a node: it asks the
// node's /store query for every record a verdict reads, with ICS-23 proofs
// at one height H, and for the signed header, commit and validator set of
// height H+1. It verifies nothing itself; package proof does, offline.
package fetch
