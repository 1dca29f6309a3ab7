package membership

import (
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/kit"
)

// Store keys. Each prefix names one kind of record.
const (
	prefixMember       = "mem" // mem/<address 20B> → Member
	prefixPubKey       = "pk"  // pk/<compressed pubkey 33B> → address 20B
	prefixSequence     = "seq" // seq/<address 20B> → 8-byte big-endian next sequence
	prefixJurisdiction = "jur" // jur/<code> → Jurisdiction
	prefixValidator    = "val" // val/<consensus address 20B> → Validator
	prefixMisbehaviour = "mis" // mis/<consensus address 20B>/<height 8B> → Misbehaviour
	keyParams          = "params/membership"
)

// MemberKey is the store key of a member record.
func MemberKey(a secp.Address) []byte { return kit.Key(prefixMember, a[:]) }

// PubKeyKey is the store key of the public-key index entry.
func PubKeyKey(pk secp.PubKey) []byte { return kit.Key(prefixPubKey, pk[:]) }

// SequenceKey is the store key of an account's next sequence.
func SequenceKey(a secp.Address) []byte { return kit.Key(prefixSequence, a[:]) }

// JurisdictionKey is the store key of a jurisdiction.
func JurisdictionKey(code string) []byte { return kit.Key(prefixJurisdiction, []byte(code)) }

// ValidatorKey is the store key of a validator record.
func ValidatorKey(consAddr []byte) []byte { return kit.Key(prefixValidator, consAddr) }

// MisbehaviourKey is the store key of one misbehaviour record.
func MisbehaviourKey(consAddr []byte, height int64) []byte {
	return kit.Key(prefixMisbehaviour, consAddr, kit.Uint64Key(uint64(height)))
}
