package status

import (
	"time"

	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/store"
)

// MaxWalk bounds how many versions InForce reads back from the latest
// before it gives up (a version whose window has not opened yet is
// skipped for the one before it).
const MaxWalk = 32

// GetHead returns a list's head.
func GetHead(kv store.KV, list Hash) (ListHead, bool) {
	var h ListHead
	ok := kit.Get(kv, HeadKey(list), &h)
	return h, ok
}

// GetVersion returns one version of a list.
func GetVersion(kv store.KV, list Hash, version uint64) (ListVersion, bool) {
	var v ListVersion
	ok := kit.Get(kv, VersionKey(list, version), &v)
	return v, ok
}

// Versions returns every anchored version of a list, lowest first.
func Versions(kv store.KV, list Hash) []ListVersion {
	var out []ListVersion
	store.IteratePrefix(kv, versionPrefix(list), func(k, _ []byte) bool {
		var v ListVersion
		if !kit.Get(kv, k, &v) {
			return true
		}
		out = append(out, v)
		return true
	})
	return out
}

// InForce returns the version of a list in force at t in the state kv
// holds: of the anchored versions whose validity window holds t, the
// latest. It reads only the head and the versions from the latest back
// along Prev (at most MaxWalk), each by its key, so that a certificate
// proves the answer with existence proofs of exactly those records. found
// is false when the list has no head; ok is false when it has one but no
// version is in force at t (why says which).
func InForce(kv store.KV, list Hash, t time.Time) (v ListVersion, head ListHead, found, ok bool, why string) {
	head, found = GetHead(kv, list)
	if !found {
		return v, head, false, false, "no version of this list is anchored"
	}
	at := t.UnixNano()
	n := head.Latest
	for i := 0; n != 0 && i < MaxWalk; i++ {
		cur, exists := GetVersion(kv, list, n)
		if !exists {
			return v, head, true, false, "the list's head names a version that is not stored"
		}
		if cur.InWindow(at) {
			return cur, head, true, true, ""
		}
		if cur.ValidUntil != 0 && at >= cur.ValidUntil {
			// Versions only get newer going up: the latest one that has
			// started is expired, so nothing before it is in force.
			return cur, head, true, false, "the latest version that has started expired"
		}
		n = cur.Prev
	}
	return v, head, true, false, "no anchored version's validity window has opened yet"
}

// GetStore returns a registered revocation store.
func GetStore(kv store.KV, s Hash) (OAStore, bool) {
	var o OAStore
	ok := kit.Get(kv, StoreKey(s), &o)
	return o, ok
}

// GetRevocation returns a target's revocation in a store.
func GetRevocation(kv store.KV, s, target Hash) (OARevocation, bool) {
	var r OARevocation
	ok := kit.Get(kv, RevocationKey(s, target), &r)
	return r, ok
}
