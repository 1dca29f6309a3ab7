package invoice

import (
	"crypto/sha256"
	"math"

	"github.com/cometbft/cometbft/crypto/merkle"
)

// The batch Merkle tree follows RFC 6962 / RFC 9162 section 2.1:
//
//	leaf hash  = SHA-256(0x00 ‖ document hash)
//	node hash  = SHA-256(0x01 ‖ left ‖ right)
//
// over the document hashes in the order given (the index of a document is
// its position in that list), split at the largest power of two below n.
// The root of a single document is its leaf hash. Inclusion paths list the
// sibling hashes from the leaf upwards. This is exactly the tree of
// CometBFT's crypto/merkle (same prefixes, same split, same path order),
// which computes the root and verifies paths here (RootAndProofs builds
// the paths level by level for speed, checked equal to CometBFT's by
// TestRootAndProofsMatchCometBFT); the one difference is the empty list, whose root
// is the zero hash here (CometBFT's is SHA-256 of nothing), and no batch
// is empty. TestMerkleMatchesLevelOrder keeps the level-by-level
// definition the first batches were anchored with as a reference.

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

func slices(leaves [][32]byte) [][]byte {
	items := make([][]byte, len(leaves))
	for i := range leaves {
		items[i] = leaves[i][:]
	}
	return items
}

func to32(b []byte) [32]byte {
	var h [32]byte
	copy(h[:], b)
	return h
}

// MerkleRoot returns the root of the tree over the document hashes leaves,
// and the zero hash for an empty list.
func MerkleRoot(leaves [][32]byte) [32]byte {
	if len(leaves) == 0 {
		return [32]byte{}
	}
	return to32(merkle.HashFromByteSlices(slices(leaves)))
}

// InclusionProof returns the inclusion path of leaves[i], or nil when i is
// out of range. leaves are document hashes.
func InclusionProof(leaves [][32]byte, i int) [][32]byte {
	if i < 0 || i >= len(leaves) {
		return nil
	}
	return InclusionProofs(leaves)[i]
}

// InclusionProofs returns the inclusion paths of every leaf, building the
// tree once; use it for large batches.
func InclusionProofs(leaves [][32]byte) [][][32]byte {
	_, paths := RootAndProofs(leaves)
	return paths
}

// RootAndProofs returns MerkleRoot(leaves) and InclusionProofs(leaves)
// from one build of the tree, level by level: the leaf hashes, then each
// level's pairs hashed, an unpaired last node moving up unchanged — the
// same tree as RFC 6962's split at the largest power of two (this is how
// Certificate Transparency computes it), checked against CometBFT's
// crypto/merkle for every size up to 300 by
// TestRootAndProofsMatchCometBFT. A node's path is its siblings from the
// leaf up, skipping the levels where it has none. It hashes each node
// once into fixed arrays and allocates only the levels and the paths' one
// backing array: CometBFT's ProofsFromByteSlices allocates per node and
// per path entry, which made planning a batch of 10,000 allocation-bound.
func RootAndProofs(leaves [][32]byte) ([32]byte, [][][32]byte) {
	n := len(leaves)
	paths := make([][][32]byte, n)
	if n == 0 {
		return [32]byte{}, paths
	}
	var levels [][][32]byte
	level := make([][32]byte, n)
	for i := range leaves {
		level[i] = LeafHash(leaves[i])
	}
	levels = append(levels, level)
	for len(level) > 1 {
		up := make([][32]byte, (len(level)+1)/2)
		for j := 0; j+1 < len(level); j += 2 {
			up[j/2] = NodeHash(level[j], level[j+1])
		}
		if len(level)%2 == 1 {
			up[len(up)-1] = level[len(level)-1]
		}
		levels = append(levels, up)
		level = up
	}
	// Path lengths first, so that every path is a window of one array.
	lens := make([]int, n)
	total := 0
	for i := range lens {
		j := i
		for _, l := range levels[:len(levels)-1] {
			if j^1 < len(l) {
				lens[i]++
			}
			j >>= 1
		}
		total += lens[i]
	}
	all := make([][32]byte, total)
	for i := range paths {
		p := all[:0:lens[i]]
		all = all[lens[i]:]
		j := i
		for _, l := range levels[:len(levels)-1] {
			if j^1 < len(l) {
				p = append(p, l[j^1])
			}
			j >>= 1
		}
		paths[i] = p
	}
	return level[0], paths
}

// VerifyInclusion reports whether path proves that the document hash leaf
// is at position index of a tree of count documents whose root is root.
// It never panics.
func VerifyInclusion(root, leaf [32]byte, index, count uint64, path [][32]byte) bool {
	if index >= count || count > math.MaxInt64 || len(path) > MaxPath {
		return false
	}
	lh := LeafHash(leaf)
	p := merkle.Proof{Total: int64(count), Index: int64(index), LeafHash: lh[:], Aunts: make([][]byte, len(path))}
	for i := range path {
		p.Aunts[i] = path[i][:]
	}
	return p.Verify(root[:], leaf[:]) == nil
}

// hashesOf converts stored hashes for VerifyInclusion.
func hashesOf(path []Hash) [][32]byte {
	out := make([][32]byte, len(path))
	for i, p := range path {
		out[i] = p
	}
	return out
}
