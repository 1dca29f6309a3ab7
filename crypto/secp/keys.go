package secp

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"github.com/decred/dcrd/dcrec/secp256k1/v4/ecdsa"
)

// PubKeySize is the length of a compressed public key.
const PubKeySize = 33

// SignatureSize is the length of an r||s signature.
const SignatureSize = 64

// PrivKeySize is the length of a serialised private key.
const PrivKeySize = 32

// ErrBadPubKey is returned for bytes that are not a valid compressed
// secp256k1 point.
var ErrBadPubKey = errors.New("public key must be a valid 33-byte compressed secp256k1 point")

// ErrBadPrivKey is returned for bytes that are not a valid private scalar.
var ErrBadPrivKey = errors.New("private key must be 32 bytes encoding a scalar in [1, n-1]")

// PrivKey is a secp256k1 private key.
type PrivKey struct{ k *secp256k1.PrivateKey }

// GenPrivKey returns a new private key from the operating system's random source.
func GenPrivKey() (*PrivKey, error) {
	k, err := secp256k1.GeneratePrivateKey()
	if err != nil {
		return nil, fmt.Errorf("generate key: %w", err)
	}
	return &PrivKey{k: k}, nil
}

// PrivKeyFromBytes parses a 32-byte private key, refusing zero and values
// not below the group order.
func PrivKeyFromBytes(b []byte) (*PrivKey, error) {
	if len(b) != PrivKeySize {
		return nil, ErrBadPrivKey
	}
	var s secp256k1.ModNScalar
	if overflow := s.SetByteSlice(b); overflow || s.IsZero() {
		return nil, ErrBadPrivKey
	}
	return &PrivKey{k: secp256k1.NewPrivateKey(&s)}, nil
}

// Bytes returns the 32-byte private scalar. Handle with care.
func (p *PrivKey) Bytes() []byte { return p.k.Serialize() }

// PubKey returns the compressed public key.
func (p *PrivKey) PubKey() PubKey {
	var pk PubKey
	copy(pk[:], p.k.PubKey().SerializeCompressed())
	return pk
}

// Sign returns the deterministic low-S r||s signature of a 32-byte digest.
func (p *PrivKey) Sign(digest [32]byte) [SignatureSize]byte {
	sig := ecdsa.Sign(p.k, digest[:]) // RFC 6979, canonical (low-S)
	r, s := sig.R(), sig.S()
	var out [SignatureSize]byte
	r.PutBytesUnchecked(out[:32])
	s.PutBytesUnchecked(out[32:])
	return out
}

// PubKey is a 33-byte compressed secp256k1 public key.
type PubKey [PubKeySize]byte

// ParsePubKey checks that b is a valid compressed point and returns it.
func ParsePubKey(b []byte) (PubKey, error) {
	var pk PubKey
	if len(b) != PubKeySize || (b[0] != 0x02 && b[0] != 0x03) {
		return pk, ErrBadPubKey
	}
	if _, err := secp256k1.ParsePubKey(b); err != nil {
		return pk, ErrBadPubKey
	}
	copy(pk[:], b)
	return pk, nil
}

// ParsePubKeyHex parses a hex-encoded compressed public key.
func ParsePubKeyHex(s string) (PubKey, error) {
	b, err := hex.DecodeString(s)
	if err != nil {
		return PubKey{}, ErrBadPubKey
	}
	return ParsePubKey(b)
}

// String returns the key in lower-case hex.
func (pk PubKey) String() string { return hex.EncodeToString(pk[:]) }

// Address returns the account address derived from the key.
func (pk PubKey) Address() Address {
	h := sha256.Sum256(pk[:])
	var a Address
	copy(a[:], h[:AddressSize])
	return a
}

// MarshalText encodes the key in hex.
func (pk PubKey) MarshalText() ([]byte, error) { return []byte(pk.String()), nil }

// UnmarshalText decodes and validates a hex key.
func (pk *PubKey) UnmarshalText(b []byte) error {
	k, err := ParsePubKeyHex(string(b))
	if err != nil {
		return err
	}
	*pk = k
	return nil
}
