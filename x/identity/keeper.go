package identity

import (
	"bytes"
	"sort"
	"time"

	"github.com/corridor-trade/corridor/codec"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/store"
	"github.com/corridor-trade/corridor/x/membership"
)

// Get returns the attestation with the given id, whatever its state.
func Get(kv store.KV, id [32]byte) (Attestation, bool) {
	var a Attestation
	ok := kit.Get(kv, AttestationKey(id), &a)
	return a, ok
}

// State returns the attestation's effective state at now: revoked, then
// attester-inactive (the attester is no longer an active member holding
// the attester role), then pending, expired or active by the validity
// window.
func State(kv store.KV, a *Attestation, now time.Time) string {
	if a.Status == StatusRevoked {
		return StateRevoked
	}
	m, ok := membership.ActiveMember(kv, a.Attester)
	if !ok || !m.HasRole(membership.RoleAttester) {
		return StateAttesterInactive
	}
	return a.Window(now)
}

// Active returns the attestation with the given id if it counts at now: not
// revoked, now within [valid_from, valid_until] and its attester an active
// member with the attester role.
func Active(kv store.KV, id [32]byte, now time.Time) (Attestation, bool) {
	a, ok := Get(kv, id)
	if !ok || State(kv, &a, now) != StateActive {
		return Attestation{}, false
	}
	return a, true
}

// ActiveFor returns the attestations of claim type claim ("" for every
// claim) about a member address that count at now, in id order.
func ActiveFor(kv store.KV, subject secp.Address, claim string, now time.Time) []Attestation {
	return ActiveForSubject(kv, AddressSubject(subject), claim, now)
}

// ActiveForSubject is ActiveFor for any subject, including commitments.
func ActiveForSubject(kv store.KV, subject Subject, claim string, now time.Time) []Attestation {
	var out []Attestation
	for _, a := range BySubject(kv, subject, claim) {
		if State(kv, &a, now) == StateActive {
			out = append(out, a)
		}
	}
	return out
}

// BySubject returns every attestation about subject with claim type claim
// ("" for every claim), whatever its state, in id order.
func BySubject(kv store.KV, subject Subject, claim string) []Attestation {
	return loadIndexed(kv, subjectPrefix(subject, claim))
}

// ByAttester returns every attestation made by attester, in id order.
func ByAttester(kv store.KV, attester secp.Address) []Attestation {
	return loadIndexed(kv, attesterPrefix(attester))
}

// loadIndexed loads the attestations whose ids are the values of the index
// entries under prefix, sorted by id so that the order never depends on
// the index layout.
func loadIndexed(kv store.KV, prefix []byte) []Attestation {
	var ids []Hash
	store.IteratePrefix(kv, prefix, func(k, v []byte) bool {
		var id Hash
		if len(v) != len(id) {
			panic(&kit.CorruptState{Key: k, Err: codec.ErrNonCanonical})
		}
		copy(id[:], v)
		ids = append(ids, id)
		return true
	})
	sort.Slice(ids, func(i, j int) bool { return bytes.Compare(ids[i][:], ids[j][:]) < 0 })
	out := make([]Attestation, 0, len(ids))
	for _, id := range ids {
		a, ok := Get(kv, id)
		if !ok {
			panic(&kit.CorruptState{Key: AttestationKey(id), Err: codec.ErrNonCanonical})
		}
		out = append(out, a)
	}
	return out
}

// put stores a and its index entries.
func put(kv store.KV, a *Attestation) {
	kit.Put(kv, AttestationKey(a.ID), a)
	kv.Set(SubjectIndexKey(a.Subject, a.Claim, a.ID), a.ID[:])
	kv.Set(AttesterIndexKey(a.Attester, a.ID), a.ID[:])
}
