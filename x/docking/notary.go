package docking

import (
	"crypto/sha256"
	"encoding/binary"
)

// notaryTag separates notary statements from every other signature.
const notaryTag = "corridor/docking/notary/v1"

// NotaryDigest is what each notary signs (secp256k1, low-S, as
// crypto/secp): SHA-256 over the tag, the counterparty's chain-id (or
// ledger name), the height, the record key, the SHA-256 of the record
// value, the document hash and the profile, each length-prefixed with 4
// big-endian bytes (the height as 8 big-endian bytes).
func NotaryDigest(chainID string, height int64, key []byte, valueHash [32]byte, docHash [32]byte, profile string) [32]byte {
	h := sha256.New()
	var hb [8]byte
	binary.BigEndian.PutUint64(hb[:], uint64(height))
	for _, part := range [][]byte{[]byte(notaryTag), []byte(chainID), hb[:], key, valueHash[:], docHash[:], []byte(profile)} {
		var l [4]byte
		binary.BigEndian.PutUint32(l[:], uint32(len(part)))
		h.Write(l[:])
		h.Write(part)
	}
	var d [32]byte
	copy(d[:], h.Sum(nil))
	return d
}
