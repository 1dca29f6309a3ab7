package secp

import (
	"errors"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/decred/dcrd/dcrec/secp256k1/v4/ecdsa"
)

// The reasons Verify gives for refusing a signature. Callers map them to
// ledger error codes; their texts are stable.
var (
	ErrSigLength    = errors.New("signature must be 64 bytes r||s")
	ErrSigRange     = errors.New("signature r and s must be in [1, n-1]")
	ErrSigHighS     = errors.New("signature s must be low (s <= n/2)")
	ErrSigMismatch  = errors.New("signature does not verify against the public key")
	ErrSigBadPubKey = ErrBadPubKey
)

// Verify checks a 64-byte r||s signature of digest under pub. It refuses r
// or s outside [1, n-1] and high-S signatures before doing any curve
// arithmetic.
func Verify(pub PubKey, digest [32]byte, sig []byte) error {
	if len(sig) != SignatureSize {
		return ErrSigLength
	}
	var r, s secp256k1.ModNScalar
	if overflow := r.SetByteSlice(sig[:32]); overflow || r.IsZero() {
		return ErrSigRange
	}
	if overflow := s.SetByteSlice(sig[32:]); overflow || s.IsZero() {
		return ErrSigRange
	}
	if s.IsOverHalfOrder() {
		return ErrSigHighS
	}
	key, err := secp256k1.ParsePubKey(pub[:])
	if err != nil {
		return ErrBadPubKey
	}
	if !ecdsa.NewSignature(&r, &s).Verify(digest[:], key) {
		return ErrSigMismatch
	}
	return nil
}
