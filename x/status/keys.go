package status

import "github.com/corridor-trade/corridor/x/kit"

// Store keys. Every key starts with "status/".
//
//	status/lh/<list 32B>              → ListHead
//	status/lv/<list 32B>/<version 8B> → ListVersion
//	status/os/<store 32B>             → OAStore
//	status/or/<store 32B>/<target 32B> → OARevocation (absent: not revoked)
const (
	prefixHead       = "status/lh"
	prefixVersion    = "status/lv"
	prefixStore      = "status/os"
	prefixRevocation = "status/or"
)

// HeadKey is the store key of a list's head.
func HeadKey(list Hash) []byte { return kit.Key(prefixHead, list[:]) }

// VersionKey is the store key of one version of a list.
func VersionKey(list Hash, version uint64) []byte {
	return kit.Key(prefixVersion, list[:], kit.Uint64Key(version))
}

func versionPrefix(list Hash) []byte { return append(kit.Key(prefixVersion, list[:]), '/') }

// StoreKey is the store key of a registered revocation store.
func StoreKey(store Hash) []byte { return kit.Key(prefixStore, store[:]) }

// RevocationKey is the store key of a target's revocation in a store.
func RevocationKey(store, target Hash) []byte {
	return kit.Key(prefixRevocation, store[:], target[:])
}
