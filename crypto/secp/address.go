package secp

import (
	"errors"
	"fmt"

	"github.com/decred/dcrd/bech32"
)

// AddressSize is the length of an account address in bytes.
const AddressSize = 20

// AddressHRP is the bech32 human-readable part of Corridor addresses.
const AddressHRP = "cor"

// ErrBadAddress is returned for strings that are not Corridor addresses.
var ErrBadAddress = errors.New("address must be bech32 with prefix \"cor\" and 20 bytes of data")

// Address identifies an account: the first 20 bytes of SHA-256 of the
// public key the account was admitted with. It does not change when the
// account later rotates its key.
type Address [AddressSize]byte

// String returns the bech32 form, e.g. "cor1qy…".
func (a Address) String() string {
	conv, err := bech32.ConvertBits(a[:], 8, 5, true)
	if err != nil {
		panic(fmt.Sprintf("bech32 convert: %v", err)) // unreachable: 20 bytes always convert
	}
	s, err := bech32.Encode(AddressHRP, conv)
	if err != nil {
		panic(fmt.Sprintf("bech32 encode: %v", err)) // unreachable: fixed hrp and length
	}
	return s
}

// IsZero reports whether a is the zero address.
func (a Address) IsZero() bool { return a == Address{} }

// MarshalText encodes the address in bech32.
func (a Address) MarshalText() ([]byte, error) { return []byte(a.String()), nil }

// UnmarshalText decodes a bech32 address.
func (a *Address) UnmarshalText(b []byte) error {
	x, err := ParseAddress(string(b))
	if err != nil {
		return err
	}
	*a = x
	return nil
}

// ParseAddress decodes a bech32 address with the "cor" prefix.
func ParseAddress(s string) (Address, error) {
	var a Address
	hrp, data, err := bech32.Decode(s)
	if err != nil || hrp != AddressHRP {
		return a, ErrBadAddress
	}
	raw, err := bech32.ConvertBits(data, 5, 8, false)
	if err != nil || len(raw) != AddressSize {
		return a, ErrBadAddress
	}
	copy(a[:], raw)
	return a, nil
}

// AddressFromBytes returns the address held in b, which must be 20 bytes.
func AddressFromBytes(b []byte) (Address, error) {
	var a Address
	if len(b) != AddressSize {
		return a, ErrBadAddress
	}
	copy(a[:], b)
	return a, nil
}
