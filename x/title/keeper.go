package title

import (
	"crypto/sha256"

	"github.com/corridor-trade/corridor/codec"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/store"
)

// recordTag is the domain tag of record ids.
const recordTag = "corridor/title/record/v1"

// RecordID returns SHA-256(tag ‖ issuer ‖ document hash): the id of the
// record an issuer creates for a document. A client computes it before
// broadcasting; an issuer creates one record per document.
func RecordID(issuer secp.Address, doc Hash) Hash {
	h := sha256.New()
	h.Write([]byte(recordTag))
	h.Write(issuer[:])
	h.Write(doc[:])
	var id Hash
	copy(id[:], h.Sum(nil))
	return id
}

// GetRecord returns the record with id.
func GetRecord(kv store.KV, id Hash) (Record, bool) {
	var r Record
	ok := kit.Get(kv, RecordKey(id), &r)
	return r, ok
}

// putRecord stores a record and moves its holder index entry from
// oldHolder (zero for a new record) to its holder.
func putRecord(kv store.KV, r *Record, oldHolder secp.Address) {
	kit.Put(kv, RecordKey(r.ID), r)
	if oldHolder != r.Holder {
		if !oldHolder.IsZero() {
			kv.Delete(append(byHolderPrefix(oldHolder), r.ID[:]...))
		}
		kv.Set(append(byHolderPrefix(r.Holder), r.ID[:]...), present)
	}
}

// newRecord stores a record just created and its index entries.
func newRecord(kv store.KV, r *Record) {
	putRecord(kv, r, secp.Address{})
	kv.Set(append(byDocPrefix(r.DocHash), r.ID[:]...), present)
	if r.Import != nil {
		kv.Set(TokenKey(r.Import.Token), r.ID[:])
	}
}

type keyError string

func (e keyError) Error() string { return string(e) }

// idsUnder returns the record ids indexed under prefix, in id order, at
// most limit of them.
func idsUnder(kv store.KV, prefix []byte, limit int) []Hash {
	var out []Hash
	store.IteratePrefix(kv, prefix, func(k, _ []byte) bool {
		if len(k) != len(prefix)+32 {
			panic(&kit.CorruptState{Key: k, Err: keyError("malformed title index key")})
		}
		var id Hash
		copy(id[:], k[len(prefix):])
		out = append(out, id)
		return len(out) < limit
	})
	return out
}

// RecordsOfDocument returns the ids of the records of a document hash.
func RecordsOfDocument(kv store.KV, doc Hash) []Hash {
	return idsUnder(kv, byDocPrefix(doc), MaxResults)
}

// RecordsHeldBy returns the ids of the records a member holds now.
func RecordsHeldBy(kv store.KV, holder secp.Address) []Hash {
	return idsUnder(kv, byHolderPrefix(holder), MaxResults)
}

// ImportedAs returns the id of the record imported from a token, if any.
func ImportedAs(kv store.KV, t TokenRef) (Hash, bool) {
	b := kv.Get(TokenKey(t))
	if b == nil {
		return Hash{}, false
	}
	var id Hash
	if len(b) != len(id) {
		panic(&kit.CorruptState{Key: TokenKey(t), Err: keyError("token index value is not a record id")})
	}
	copy(id[:], b)
	return id, true
}

// GetLegalEffect returns a jurisdiction's legal-effect entry.
func GetLegalEffect(kv store.KV, jurisdiction string) (LegalEffect, bool) {
	var l LegalEffect
	ok := kit.Get(kv, LegalEffectKey(jurisdiction), &l)
	return l, ok
}

// SetLegalEffect stores a jurisdiction's legal-effect entry; gov calls it
// when a legal-effect-set proposal executes, and genesis at InitChain.
func SetLegalEffect(kv store.KV, l LegalEffect) { kit.Put(kv, LegalEffectKey(l.Jurisdiction), &l) }

// LegalEffects returns every jurisdiction's entry, by jurisdiction code.
func LegalEffects(kv store.KV) []LegalEffect {
	var out []LegalEffect
	store.IteratePrefix(kv, legalPrefix(), func(k, v []byte) bool {
		var l LegalEffect
		if err := codec.Unmarshal(v, &l); err != nil {
			panic(&kit.CorruptState{Key: k, Err: err})
		}
		out = append(out, l)
		return true
	})
	return out
}
