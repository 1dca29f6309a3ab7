package disclose

import (
	"crypto/sha256"
	"encoding/binary"
	"io"
	"sort"

	"github.com/cometbft/cometbft/crypto/merkle"
)

// Salted is a field with the salt of its commitment. Its JSON form gives the
// salt as 64 lower-case hex digits.
type Salted struct {
	Field
	Salt [32]byte `json:"salt"`
}

// The domain-separation tags of the two hashes this package defines. Each is
// written length-prefixed like every other input (docs/disclosure.md).
const (
	commitmentTag = "corridor-field-commitment-v1"
	rootTag       = "corridor-field-root-v1"
)

// Salt gives every field a fresh 32-byte salt read from rand (crypto/rand's
// Reader in production). The fields keep their order. A short read, or two
// fields drawing the same salt, is an error.
func Salt(fields []Field, rand io.Reader) ([]Salted, error) {
	out := make([]Salted, len(fields))
	seen := make(map[[32]byte]bool, len(fields))
	for i, f := range fields {
		out[i].Field = f
		if _, err := io.ReadFull(rand, out[i].Salt[:]); err != nil {
			return nil, ErrSaltReused.Wrapf("reading a salt for %s: %v", f.ID, err)
		}
		if seen[out[i].Salt] {
			return nil, ErrSaltReused.Wrapf("the random source gave the same salt twice (field %s)", f.ID)
		}
		seen[out[i].Salt] = true
	}
	return out, nil
}

// putString appends a 4-byte big-endian length and s.
func putString(b []byte, s string) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(len(s)))
	return append(b, s...)
}

// Commitment returns the commitment of one salted field:
//
//	SHA-256( L(tag) ‖ L(id) ‖ L(value) ‖ salt )
//
// where tag is "corridor-field-commitment-v1", L(x) is x's length as a
// 4-byte big-endian integer followed by x's bytes, and salt is the 32 raw
// salt bytes. The field's Name is not committed: it is fixed by the profile.
func Commitment(s Salted) [32]byte {
	b := make([]byte, 0, 12+len(commitmentTag)+len(s.ID)+len(s.Value)+32)
	b = putString(b, commitmentTag)
	b = putString(b, s.ID)
	b = putString(b, s.Value)
	b = append(b, s.Salt[:]...)
	return sha256.Sum256(b)
}

// sortedByID returns the salted fields in ID order (a copy).
func sortedByID(salted []Salted) []Salted {
	out := append([]Salted(nil), salted...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// leaves returns the commitments of salted, which must be in ID order.
func leaves(salted []Salted) [][]byte {
	items := make([][]byte, len(salted))
	for i := range salted {
		c := Commitment(salted[i])
		items[i] = c[:]
	}
	return items
}

// Root returns the field root of the salted fields:
//
//	SHA-256( L(tag) ‖ count as 8-byte big-endian ‖ tree root )
//
// where tag is "corridor-field-root-v1" and tree root is the CometBFT
// crypto/merkle root (RFC 6962 leaf prefix 0x00, inner prefix 0x01) over the
// commitments taken in field-ID order. Binding the count stops a disclosure
// from claiming a smaller tree whose paths fold to the same tree root. The
// fields are sorted by ID here, so the caller's order does not matter.
func Root(salted []Salted) [32]byte {
	s := sortedByID(salted)
	return rootOf(len(s), merkle.HashFromByteSlices(leaves(s)))
}

// rootOf wraps a tree root with the field count.
func rootOf(count int, tree []byte) [32]byte {
	b := make([]byte, 0, 4+len(rootTag)+8+len(tree))
	b = putString(b, rootTag)
	b = binary.BigEndian.AppendUint64(b, uint64(count))
	b = append(b, tree...)
	return sha256.Sum256(b)
}

// paths returns the inclusion path of every field of salted (in ID order),
// sibling hashes from the leaf upwards, as CometBFT's merkle.Proof.Aunts.
func paths(salted []Salted) [][][32]byte {
	_, proofs := merkle.ProofsFromByteSlices(leaves(salted))
	out := make([][][32]byte, len(proofs))
	for i, p := range proofs {
		out[i] = make([][32]byte, len(p.Aunts))
		for j, a := range p.Aunts {
			copy(out[i][j][:], a)
		}
	}
	return out
}

// treeRootFromPath folds a commitment up its path at index of a tree of
// count leaves, returning nil when the path does not fit that position.
func treeRootFromPath(commitment [32]byte, index, count int, path [][32]byte) []byte {
	if index < 0 || count <= 0 || index >= count || len(path) != pathLen(index, count) {
		return nil
	}
	aunts := make([][]byte, len(path))
	for i := range path {
		aunts[i] = path[i][:]
	}
	// The root of a one-leaf tree is that leaf's RFC 6962 leaf hash,
	// SHA-256(0x00 ‖ leaf): CometBFT computes it, nothing is hand-rolled.
	lh := merkle.HashFromByteSlices([][]byte{commitment[:]})
	p := merkle.Proof{Total: int64(count), Index: int64(index), LeafHash: lh, Aunts: aunts}
	return p.ComputeRootHash()
}

// MaxPath is the longest inclusion path accepted (a tree of MaxFields
// leaves needs 10 hashes).
const MaxPath = 16

// pathLen is the number of sibling hashes on the path of leaf index in a
// CometBFT tree of count leaves (split at the largest power of two below
// count). ComputeRootHash panics on a path of another length, so Check
// refuses such paths first.
func pathLen(index, count int) int {
	n := 0
	for count > 1 {
		left := 1
		for left*2 < count {
			left *= 2
		}
		if index < left {
			count = left
		} else {
			index, count = index-left, count-left
		}
		n++
	}
	return n
}
