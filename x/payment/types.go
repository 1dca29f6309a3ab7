package payment

import (
	"encoding/hex"
	"errors"
	"strings"

	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/kit"
)

// UETR is an ISO 20022 Unique End-to-end Transaction Reference: a version-4
// UUID, stored as its 16 bytes and written in lower-case canonical form
// (8-4-4-4-12 hex digits).
type UETR [16]byte

// String returns the canonical lower-case form.
func (u UETR) String() string {
	h := hex.EncodeToString(u[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// MarshalText encodes the canonical form.
func (u UETR) MarshalText() ([]byte, error) { return []byte(u.String()), nil }

// UnmarshalText decodes a UUID (see ParseUETR).
func (u *UETR) UnmarshalText(b []byte) error {
	x, err := ParseUETR(string(b))
	if err != nil {
		return err
	}
	*u = x
	return nil
}

// Valid reports whether u is a version-4, RFC 4122-variant UUID, as ISO
// 20022's UUIDv4Identifier requires.
func (u UETR) Valid() bool { return u[6]>>4 == 4 && u[8]>>6 == 2 }

// ErrBadUETR is returned for strings that are not UUIDs.
var ErrBadUETR = errors.New("UETR must be a UUID: 8-4-4-4-12 hex digits")

// ParseUETR decodes a UUID written 8-4-4-4-12 in either case; String gives
// the canonical lower-case form back. It does not check the version (Valid
// does).
func ParseUETR(s string) (UETR, error) {
	var u UETR
	if len(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return u, ErrBadUETR
	}
	if _, err := hex.Decode(u[:], []byte(strings.ReplaceAll(s, "-", ""))); err != nil {
		return u, ErrBadUETR
	}
	return u, nil
}

// ID identifies a payment: its UETR followed by the recording bank's
// address (36 bytes, 72 hex digits). It is also the payment's store key
// suffix, so that every bank's record of one UETR shares a key prefix.
type ID [36]byte

// IDOf returns the identifier of bank's payment with uetr.
func IDOf(uetr UETR, bank secp.Address) ID {
	var id ID
	copy(id[:16], uetr[:])
	copy(id[16:], bank[:])
	return id
}

// String returns the identifier in lower-case hex.
func (id ID) String() string { return hex.EncodeToString(id[:]) }

// UETR returns the identifier's UETR.
func (id ID) UETR() UETR {
	var u UETR
	copy(u[:], id[:16])
	return u
}

// Bank returns the identifier's bank address.
func (id ID) Bank() secp.Address {
	var a secp.Address
	copy(a[:], id[16:])
	return a
}

// ParseID decodes 72 hex digits.
func ParseID(s string) (ID, error) {
	var id ID
	if len(s) != 2*len(id) {
		return id, errors.New("payment id must be 72 hex digits (UETR and bank address)")
	}
	if _, err := hex.Decode(id[:], []byte(s)); err != nil {
		return id, errors.New("payment id must be 72 hex digits (UETR and bank address)")
	}
	return id, nil
}

// Item allocates an amount of the payment to one invoice.
type Item struct {
	DocHash invoice.Hash `wire:"1" json:"doc_hash"`
	Amount  string       `wire:"2" json:"amount"`
}

// Payment is the stored record at PaymentKey(id). The UETR and the bank are
// in the key, not repeated here.
type Payment struct {
	Currency    string       `wire:"1"`
	ValueDate   uint32       `wire:"2"` // YYYYMMDD
	MessageHash invoice.Hash `wire:"3"` // SHA-256 of the pacs.008 / camt.054 message
	Items       []Item       `wire:"4"`
	Recorded    kit.Stamp    `wire:"5"`
}
