package invoice

import "crypto/sha256"

// The batch Merkle tree follows RFC 6962 / RFC 9162 section 2.1:
//
//	leaf hash  = SHA-256(0x00 ‖ document hash)
//	node hash  = SHA-256(0x01 ‖ left ‖ right)
//
// over the document hashes in the order given (the index of a document is
// its position in that list). Level by level, nodes are paired left to
// right and a last unpaired node is promoted unchanged to the next level;
// this is the same tree as RFC 6962's split at the largest power of two
// below n. The root of a single document is its leaf hash. Inclusion paths
// list the sibling hashes from the leaf upwards, skipping levels where the
// node was promoted, and are checked with RFC 9162's algorithm
// (section 2.1.3.2).

// LeafHash returns the leaf hash of a document hash.
func LeafHash(doc [32]byte) [32]byte {
	var b [33]byte
	copy(b[1:], doc[:])
	return sha256.Sum256(b[:])
}

// NodeHash returns the hash of an inner node.
func NodeHash(left, right [32]byte) [32]byte {
	var b [65]byte
	b[0] = 1
	copy(b[1:], left[:])
	copy(b[33:], right[:])
	return sha256.Sum256(b[:])
}

// MerkleRoot returns the root of the tree over the document hashes leaves,
// and the zero hash for an empty list.
func MerkleRoot(leaves [][32]byte) [32]byte {
	if len(leaves) == 0 {
		return [32]byte{}
	}
	level := make([][32]byte, len(leaves))
	for i, l := range leaves {
		level[i] = LeafHash(l)
	}
	for len(level) > 1 {
		level = nextLevel(level)
	}
	return level[0]
}

func nextLevel(level [][32]byte) [][32]byte {
	next := make([][32]byte, 0, (len(level)+1)/2)
	for j := 0; j+1 < len(level); j += 2 {
		next = append(next, NodeHash(level[j], level[j+1]))
	}
	if len(level)%2 == 1 {
		next = append(next, level[len(level)-1])
	}
	return next
}

// InclusionProof returns the inclusion path of leaves[i], or nil when i is
// out of range. leaves are document hashes.
func InclusionProof(leaves [][32]byte, i int) [][32]byte {
	if i < 0 || i >= len(leaves) {
		return nil
	}
	level := make([][32]byte, len(leaves))
	for j, l := range leaves {
		level[j] = LeafHash(l)
	}
	path := [][32]byte{}
	for len(level) > 1 {
		if sib := i ^ 1; sib < len(level) {
			path = append(path, level[sib])
		}
		level = nextLevel(level)
		i >>= 1
	}
	return path
}

// InclusionProofs returns the inclusion paths of every leaf, building the
// tree once; use it for large batches.
func InclusionProofs(leaves [][32]byte) [][][32]byte {
	paths := make([][][32]byte, len(leaves))
	if len(leaves) == 0 {
		return paths
	}
	level := make([][32]byte, len(leaves))
	for j, l := range leaves {
		level[j] = LeafHash(l)
	}
	for j := range paths {
		paths[j] = [][32]byte{}
	}
	for shift := uint(0); len(level) > 1; shift++ {
		for j := range paths {
			if sib := (j >> shift) ^ 1; sib < len(level) {
				paths[j] = append(paths[j], level[sib])
			}
		}
		level = nextLevel(level)
	}
	return paths
}

// VerifyInclusion reports whether path proves that the document hash leaf
// is at position index of a tree of count documents whose root is root.
// It never panics.
func VerifyInclusion(root, leaf [32]byte, index, count uint64, path [][32]byte) bool {
	if index >= count || len(path) > MaxPath {
		return false
	}
	fn, sn := index, count-1
	r := LeafHash(leaf)
	for _, p := range path {
		if sn == 0 {
			return false
		}
		if fn&1 == 1 || fn == sn {
			r = NodeHash(p, r)
			for fn&1 == 0 && fn != 0 {
				fn >>= 1
				sn >>= 1
			}
		} else {
			r = NodeHash(r, p)
		}
		fn >>= 1
		sn >>= 1
	}
	return sn == 0 && r == root
}

// hashesOf converts stored hashes for VerifyInclusion.
func hashesOf(path []Hash) [][32]byte {
	out := make([][32]byte, len(path))
	for i, p := range path {
		out[i] = p
	}
	return out
}
