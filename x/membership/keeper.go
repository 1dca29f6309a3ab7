package membership

import (
	"encoding/binary"

	"github.com/corridor-trade/corridor/codec"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/store"
)

// GetMember returns the member at addr.
func GetMember(kv store.KV, addr secp.Address) (Member, bool) {
	var m Member
	ok := kit.Get(kv, MemberKey(addr), &m)
	return m, ok
}

// MemberByPubKey returns the member whose current key is pk.
func MemberByPubKey(kv store.KV, pk secp.PubKey) (Member, bool) {
	b := kv.Get(PubKeyKey(pk))
	if b == nil {
		return Member{}, false
	}
	addr, err := secp.AddressFromBytes(b)
	if err != nil {
		panic(&kit.CorruptState{Key: PubKeyKey(pk), Err: err})
	}
	return GetMember(kv, addr)
}

// ActiveMember returns the member at addr if it exists and is active.
func ActiveMember(kv store.KV, addr secp.Address) (Member, bool) {
	m, ok := GetMember(kv, addr)
	return m, ok && m.Status == StatusActive
}

// putMember stores m and its public-key index entry.
func putMember(kv store.KV, m *Member) {
	kit.Put(kv, MemberKey(m.Address), m)
	kv.Set(PubKeyKey(m.PubKey), m.Address[:])
}

// Sequence returns the next sequence expected from addr.
func Sequence(kv store.KV, addr secp.Address) uint64 {
	b := kv.Get(SequenceKey(addr))
	if len(b) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(b)
}

// SetSequence stores the next sequence expected from addr.
func SetSequence(kv store.KV, addr secp.Address, seq uint64) {
	kv.Set(SequenceKey(addr), kit.Uint64Key(seq))
}

// GetParams returns the membership parameters.
func GetParams(kv store.KV) Params {
	var p Params
	if !kit.Get(kv, []byte(keyParams), &p) {
		return DefaultParams()
	}
	return p
}

// GetJurisdiction returns the jurisdiction with the given code.
func GetJurisdiction(kv store.KV, code string) (Jurisdiction, bool) {
	var j Jurisdiction
	ok := kit.Get(kv, JurisdictionKey(code), &j)
	return j, ok
}

// Jurisdictions returns every jurisdiction in code order.
func Jurisdictions(kv store.KV) []Jurisdiction {
	var out []Jurisdiction
	store.IteratePrefix(kv, []byte(prefixJurisdiction+"/"), func(_, v []byte) bool {
		var j Jurisdiction
		mustDecode(v, &j)
		out = append(out, j)
		return true
	})
	return out
}

// Validators returns every validator record in address order.
func Validators(kv store.KV) []Validator {
	var out []Validator
	store.IteratePrefix(kv, []byte(prefixValidator+"/"), func(_, v []byte) bool {
		var val Validator
		mustDecode(v, &val)
		out = append(out, val)
		return true
	})
	return out
}

// GetValidator returns the validator with the given consensus address.
func GetValidator(kv store.KV, consAddr []byte) (Validator, bool) {
	var v Validator
	ok := kit.Get(kv, ValidatorKey(consAddr), &v)
	return v, ok
}

// RecordMisbehaviour stores evidence committed against a validator and
// emits a "misbehaviour" event. Evidence for an unknown validator is still
// recorded: it names a key that once signed.
func RecordMisbehaviour(ctx *kit.Context, consAddr []byte, kind string, height, power int64) {
	rec := Misbehaviour{ConsAddress: consAddr, Kind: kind, Height: height, Recorded: ctx.Stamp(), Power: power}
	kit.Put(ctx.KV, MisbehaviourKey(consAddr, height), &rec)
	ctx.Emit("misbehaviour", "validator", hexUpper(consAddr), "kind", kind)
}

// MisbehaviourOf returns the misbehaviour recorded against a validator, or
// against all validators when consAddr is nil, in key order.
func MisbehaviourOf(kv store.KV, consAddr []byte) []Misbehaviour {
	prefix := []byte(prefixMisbehaviour + "/")
	if consAddr != nil {
		prefix = append(kit.Key(prefixMisbehaviour, consAddr), '/')
	}
	var out []Misbehaviour
	store.IteratePrefix(kv, prefix, func(_, v []byte) bool {
		var m Misbehaviour
		mustDecode(v, &m)
		out = append(out, m)
		return true
	})
	return out
}

// MembersOf returns the members of a jurisdiction ("" for all), in address order.
func MembersOf(kv store.KV, jurisdiction string) []Member {
	var out []Member
	store.IteratePrefix(kv, []byte(prefixMember+"/"), func(_, v []byte) bool {
		var m Member
		mustDecode(v, &m)
		if jurisdiction == "" || m.Jurisdiction == jurisdiction {
			out = append(out, m)
		}
		return true
	})
	return out
}

func mustDecode(b []byte, v any) {
	if err := codec.Unmarshal(b, v); err != nil {
		panic(&kit.CorruptState{Err: err})
	}
}

const hexdigits = "0123456789ABCDEF"

func hexUpper(b []byte) string {
	out := make([]byte, 2*len(b))
	for i, c := range b {
		out[2*i], out[2*i+1] = hexdigits[c>>4], hexdigits[c&15]
	}
	return string(out)
}

// Signer returns the transaction's signer if it is an active member holding
// role ("" for any role). The application checks this before any handler
// runs; handlers call Signer again so that each is safe on its own.
func Signer(ctx *kit.Context, role string) (Member, error) {
	m, ok := ActiveMember(ctx.KV, ctx.Signer)
	if !ok {
		return m, codes.TxUnknownSigner.Wrapf("signer %s is not an active member", ctx.Signer)
	}
	if role != "" && !m.HasRole(role) {
		return m, codes.TxWrongRole.Wrapf("signer %s does not hold the %s role", ctx.Signer, role)
	}
	return m, nil
}
