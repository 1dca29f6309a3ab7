package kit

import (
	"encoding/hex"
	"errors"
	"strings"
)

// Hash is a 32-byte value: a SHA-256 digest (document hash, batch root,
// credential hash), a salted commitment, a fingerprint or an id derived from
// one. It is stored as 32 raw bytes and written as 64 lower-case hex digits
// in JSON and on the command line.
type Hash [32]byte

// String returns the lower-case hex form.
func (h Hash) String() string { return hex.EncodeToString(h[:]) }

// IsZero reports whether h is all zeros.
func (h Hash) IsZero() bool { return h == Hash{} }

// MarshalText writes h in hex.
func (h Hash) MarshalText() ([]byte, error) { return []byte(h.String()), nil }

// UnmarshalText reads 64 hex digits.
func (h *Hash) UnmarshalText(b []byte) error {
	x, err := ParseHash(string(b))
	if err != nil {
		return err
	}
	*h = x
	return nil
}

// ErrBadHash is returned for strings that are not 64 hex digits.
var ErrBadHash = errors.New("hash must be 64 hex digits (32 bytes)")

// ParseHash decodes 64 hex digits (either case).
func ParseHash(s string) (Hash, error) {
	var h Hash
	if len(s) != 64 {
		return h, ErrBadHash
	}
	if _, err := hex.Decode(h[:], []byte(s)); err != nil {
		return h, ErrBadHash
	}
	return h, nil
}

// HexBytes is a byte string written as upper-case hex in JSON, the way
// CometBFT writes validator addresses.
type HexBytes []byte

// MarshalText writes b in upper-case hex.
func (b HexBytes) MarshalText() ([]byte, error) {
	return []byte(strings.ToUpper(hex.EncodeToString(b))), nil
}

// UnmarshalText reads hex in either case.
func (b *HexBytes) UnmarshalText(t []byte) error {
	x, err := hex.DecodeString(string(t))
	if err != nil {
		return err
	}
	*b = x
	return nil
}
