package iavlstore

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
)

// Usage is what the state database holds, by kind, in logical bytes: the
// length of each database key plus its value as IAVL hands them to the
// database, before the engine's own per-entry overhead and compression.
// Usage says where the bytes go; the directory's size on disk (du) says
// how many there are.
type Usage struct {
	Version int64 `json:"version"`
	// Leaves are the leaf nodes of the latest version, by key class (the
	// key up to and including its first '/', e.g. "iv/").
	Leaves map[string]Bytes `json:"leaves"`
	// Inner are the inner nodes of the latest version.
	Inner Bytes `json:"inner"`
	// Orphans are the tree nodes (leaf or inner) that the latest version
	// no longer references: they are kept for the older versions that
	// pruning (KeepRecent) has not deleted yet.
	Orphans Bytes `json:"orphans"`
	// Fast are IAVL's fast-index entries (a copy of each live value under
	// its key), by key class.
	Fast map[string]Bytes `json:"fast"`
	// Other is everything else: IAVL's metadata and version roots.
	Other Bytes `json:"other"`
}

// Bytes counts database entries and their logical size.
type Bytes struct {
	Count int64 `json:"count"`
	Bytes int64 `json:"bytes"`
}

func (b *Bytes) add(n int) { b.Count++; b.Bytes += int64(n) }

// Total returns the logical size of every entry.
func (u *Usage) Total() int64 {
	t := u.Inner.Bytes + u.Orphans.Bytes + u.Other.Bytes
	for _, b := range u.Leaves {
		t += b.Bytes
	}
	for _, b := range u.Fast {
		t += b.Bytes
	}
	return t
}

// Classes returns the key classes seen, sorted.
func (u *Usage) Classes() []string {
	seen := map[string]bool{}
	for c := range u.Leaves {
		seen[c] = true
	}
	for c := range u.Fast {
		seen[c] = true
	}
	out := make([]string, 0, len(seen))
	for c := range seen {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// KeyClass is the default class of a state key: the key up to and
// including its first '/' (at most 16 bytes), or its first byte in hex.
func KeyClass(key []byte) string {
	if i := bytes.IndexByte(key, '/'); i >= 0 && i < 16 {
		return string(key[:i+1])
	}
	if len(key) == 0 {
		return "(empty)"
	}
	return fmt.Sprintf("0x%02x", key[0])
}

// IAVL v1's database layout (github.com/cosmos/iavl nodedb.go): nodes at
// 's' ‖ version (8 B) ‖ nonce (4 B), the fast index at 'f' ‖ key, metadata
// at 'm' ‖ name.
const (
	nodePrefix   = 's'
	fastPrefix   = 'f'
	nodeKeyBytes = 1 + 8 + 4
)

// Usage scans the whole database once and walks the latest version's tree
// once (a database read per live node), so it takes time proportional to
// the state; run it on a node that is not serving. classify names a leaf's
// or fast entry's key class; nil means KeyClass.
func (t *Tree) Usage(classify func(key []byte) string) (*Usage, error) {
	if classify == nil {
		classify = KeyClass
	}
	u := &Usage{Version: t.tree.Version(), Leaves: map[string]Bytes{}, Fast: map[string]Bytes{}}
	// Every tree node, live or not, and everything that is not a node.
	var nodes Bytes
	it, err := t.db.Iterator(nil, nil)
	if err != nil {
		return nil, err
	}
	for ; it.Valid(); it.Next() {
		k, v := it.Key(), it.Value()
		n := len(k) + len(v)
		switch {
		case len(k) == nodeKeyBytes && k[0] == nodePrefix && isRootReference(k, v):
			u.Other.add(n)
		case len(k) == nodeKeyBytes && k[0] == nodePrefix:
			nodes.add(n)
		case len(k) > 0 && k[0] == fastPrefix:
			c := classify(k[1:])
			b := u.Fast[c]
			b.add(n)
			u.Fast[c] = b
		default:
			u.Other.add(n)
		}
	}
	err = it.Error()
	it.Close()
	if err != nil {
		return nil, err
	}
	// The live tree, from the latest root.
	var live Bytes
	if u.Version > 0 {
		root, err := t.rootKey(u.Version)
		if err != nil {
			return nil, err
		}
		stack := [][]byte{root}
		for len(stack) > 0 {
			nk := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			v, err := t.db.Get(nk)
			if err != nil {
				return nil, err
			}
			if v == nil {
				return nil, fmt.Errorf("state node %x is missing", nk[1:])
			}
			n, err := decodeNode(v)
			if err != nil {
				return nil, fmt.Errorf("state node %x: %w", nk[1:], err)
			}
			live.add(len(nk) + len(v))
			if n.leaf {
				c := classify(n.key)
				b := u.Leaves[c]
				b.add(len(nk) + len(v))
				u.Leaves[c] = b
				continue
			}
			stack = append(stack, n.left, n.right)
		}
	}
	for _, b := range u.Leaves {
		live.Count -= b.Count
		live.Bytes -= b.Bytes
		nodes.Count -= b.Count
		nodes.Bytes -= b.Bytes
	}
	u.Inner = live
	u.Orphans = Bytes{Count: nodes.Count - live.Count, Bytes: nodes.Bytes - live.Bytes}
	return u, nil
}

// rootKey returns the database key of version v's root node, following a
// reference root (a version that changed nothing points at an earlier
// root).
func (t *Tree) rootKey(v int64) ([]byte, error) {
	k := nodeKey(v, 1)
	for i := 0; i < 2; i++ {
		val, err := t.db.Get(k)
		if err != nil {
			return nil, err
		}
		if val == nil {
			return nil, fmt.Errorf("version %d has no root", v)
		}
		if !isRootReference(k, val) {
			return k, nil
		}
		k = append([]byte(nil), val...)
	}
	return nil, fmt.Errorf("version %d: root reference chain", v)
}

// isRootReference reports whether the node entry k → v is a root that
// refers to an earlier version's root instead of holding a node: its value
// is itself a node key.
func isRootReference(k, v []byte) bool {
	return binary.BigEndian.Uint32(k[9:]) == 1 && len(v) == nodeKeyBytes && v[0] == nodePrefix
}

func nodeKey(version int64, nonce uint32) []byte {
	k := make([]byte, nodeKeyBytes)
	k[0] = nodePrefix
	binary.BigEndian.PutUint64(k[1:], uint64(version))
	binary.BigEndian.PutUint32(k[9:], nonce)
	return k
}

// rawNode is what Usage needs of an encoded IAVL v1 node.
type rawNode struct {
	leaf        bool
	key         []byte
	left, right []byte // database keys of the children (inner nodes)
}

var errBadNode = errors.New("malformed IAVL node")

// decodeNode decodes IAVL v1's node encoding (node.go, MakeNode): height
// and size as signed varints, the key as length-prefixed bytes, then for a
// leaf its value, for an inner node its hash, a mode varint and the two
// children's node keys as (version, nonce) varints. Legacy (hash-keyed)
// children are refused: Corridor's trees were never in the legacy format.
func decodeNode(b []byte) (rawNode, error) {
	var n rawNode
	height, b, ok := varint(b)
	if !ok {
		return n, errBadNode
	}
	if _, b, ok = varint(b); !ok { // size
		return n, errBadNode
	}
	if n.key, b, ok = lenBytes(b); !ok {
		return n, errBadNode
	}
	if height == 0 {
		if _, _, ok = lenBytes(b); !ok {
			return n, errBadNode
		}
		n.leaf = true
		return n, nil
	}
	if _, b, ok = lenBytes(b); !ok { // hash
		return n, errBadNode
	}
	mode, b, ok := varint(b)
	if !ok {
		return n, errBadNode
	}
	if mode != 0 {
		return n, fmt.Errorf("%w: legacy child references (mode %d)", errBadNode, mode)
	}
	for _, child := range []*[]byte{&n.left, &n.right} {
		var ver, nonce int64
		if ver, b, ok = varint(b); !ok {
			return n, errBadNode
		}
		if nonce, b, ok = varint(b); !ok {
			return n, errBadNode
		}
		if ver < 0 || nonce < 0 || nonce > int64(^uint32(0)) {
			return n, errBadNode
		}
		*child = nodeKey(ver, uint32(nonce))
	}
	return n, nil
}

func varint(b []byte) (int64, []byte, bool) {
	v, n := binary.Varint(b)
	if n <= 0 {
		return 0, nil, false
	}
	return v, b[n:], true
}

func lenBytes(b []byte) ([]byte, []byte, bool) {
	l, n := binary.Uvarint(b)
	if n <= 0 || l > uint64(len(b)-n) {
		return nil, nil, false
	}
	return b[n : n+int(l)], b[n+int(l):], true
}
