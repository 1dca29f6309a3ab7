package invoice

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"testing"

	"github.com/cometbft/cometbft/crypto/merkle"
)

func docs(n int) [][32]byte {
	out := make([][32]byte, n)
	for i := range out {
		var b [8]byte
		binary.BigEndian.PutUint64(b[:], uint64(i))
		out[i] = sha256.Sum256(b[:])
	}
	return out
}

// rfc6962Root is the RFC 6962 definition, recursive at the largest power
// of two below n, as an independent reference.
func rfc6962Root(leaves [][32]byte) [32]byte {
	if len(leaves) == 1 {
		return LeafHash(leaves[0])
	}
	k := 1
	for k*2 < len(leaves) {
		k *= 2
	}
	return NodeHash(rfc6962Root(leaves[:k]), rfc6962Root(leaves[k:]))
}

func TestMerkleRootMatchesRFC6962(t *testing.T) {
	for n := 1; n <= 70; n++ {
		l := docs(n)
		if got, want := MerkleRoot(l), rfc6962Root(l); got != want {
			t.Fatalf("n=%d: root %x, RFC 6962 gives %x", n, got, want)
		}
	}
	if MerkleRoot(nil) != ([32]byte{}) {
		t.Fatal("empty tree must have the zero root")
	}
}

// TestMerkleWorkedExample pins the worked example of docs/invoice.md.
func TestMerkleWorkedExample(t *testing.T) {
	var d [3][32]byte
	for i, s := range []string{"a", "b", "c"} {
		d[i] = sha256.Sum256([]byte(s))
	}
	leaves := d[:]
	l0, l1, l2 := LeafHash(d[0]), LeafHash(d[1]), LeafHash(d[2])
	n01 := NodeHash(l0, l1)
	root := NodeHash(n01, l2)
	if MerkleRoot(leaves) != root {
		t.Fatal("root of three leaves")
	}
	want := map[string]string{
		"doc0": hex.EncodeToString(d[0][:]), "leaf0": hex.EncodeToString(l0[:]),
		"leaf1": hex.EncodeToString(l1[:]), "leaf2": hex.EncodeToString(l2[:]),
		"node01": hex.EncodeToString(n01[:]), "root": hex.EncodeToString(root[:]),
	}
	for k, v := range want {
		t.Logf("%s = %s", k, v)
	}
	p2 := InclusionProof(leaves, 2)
	if len(p2) != 1 || p2[0] != n01 {
		t.Fatalf("path of index 2 must be [node01], got %x", p2)
	}
	p0 := InclusionProof(leaves, 0)
	if len(p0) != 2 || p0[0] != l1 || p0[1] != l2 {
		t.Fatalf("path of index 0 must be [leaf1, leaf2], got %x", p0)
	}
	if Hash(root).String() != workedRoot {
		t.Fatalf("root %x differs from docs/invoice.md's %s", root, workedRoot)
	}
}

// workedRoot is the root of the three documents SHA-256("a"), "b", "c"
// printed in docs/invoice.md.
const workedRoot = "cac3d448d4e20a2ad5eae1f500e63c2a7f9217cd14572ba7fd22e26dc1ec2648"

func TestInclusionAllSizes(t *testing.T) {
	for n := 1; n <= 40; n++ {
		l := docs(n)
		root := MerkleRoot(l)
		all := InclusionProofs(l)
		for i := 0; i < n; i++ {
			p := InclusionProof(l, i)
			if len(p) != len(all[i]) {
				t.Fatalf("n=%d i=%d: InclusionProofs disagrees with InclusionProof", n, i)
			}
			for j := range p {
				if p[j] != all[i][j] {
					t.Fatalf("n=%d i=%d: InclusionProofs disagrees at %d", n, i, j)
				}
			}
			if !VerifyInclusion(root, l[i], uint64(i), uint64(n), p) {
				t.Fatalf("n=%d i=%d: valid proof rejected", n, i)
			}
			if VerifyInclusion(root, l[(i+1)%n], uint64(i), uint64(n), p) && n > 1 {
				t.Fatalf("n=%d i=%d: proof accepted for another leaf", n, i)
			}
			if n > 1 && VerifyInclusion(root, l[i], uint64((i+1)%n), uint64(n), p) {
				t.Fatalf("n=%d i=%d: proof accepted at another index", n, i)
			}
			if len(p) > 0 {
				bad := append([][32]byte(nil), p...)
				bad[len(bad)-1][0] ^= 1
				if VerifyInclusion(root, l[i], uint64(i), uint64(n), bad) {
					t.Fatalf("n=%d i=%d: tampered path accepted", n, i)
				}
				if VerifyInclusion(root, l[i], uint64(i), uint64(n), p[:len(p)-1]) {
					t.Fatalf("n=%d i=%d: short path accepted", n, i)
				}
			}
			if VerifyInclusion(root, l[i], uint64(i), uint64(n), append(append([][32]byte(nil), p...), root)) {
				t.Fatalf("n=%d i=%d: long path accepted", n, i)
			}
		}
	}
	if InclusionProof(docs(3), 3) != nil || InclusionProof(docs(3), -1) != nil {
		t.Fatal("out-of-range index must give nil")
	}
}

func TestInclusionBatchOf10000(t *testing.T) {
	l := docs(MaxBatch)
	root := MerkleRoot(l)
	for _, i := range []int{0, MaxBatch / 2, MaxBatch - 1} {
		p := InclusionProof(l, i)
		if len(p) > 14 {
			t.Fatalf("path of %d has %d nodes", i, len(p))
		}
		if !VerifyInclusion(root, l[i], uint64(i), MaxBatch, p) {
			t.Fatalf("index %d: valid proof rejected", i)
		}
		if VerifyInclusion(root, l[i], uint64(i), MaxBatch, InclusionProof(l, (i+1)%MaxBatch)) {
			t.Fatalf("index %d: a neighbour's path accepted", i)
		}
	}
}

func FuzzVerifyInclusion(f *testing.F) {
	l := docs(5)
	root := MerkleRoot(l)
	p := InclusionProof(l, 4)
	seed := []byte{}
	for _, h := range p {
		seed = append(seed, h[:]...)
	}
	f.Add(root[:], l[4][:], uint64(4), uint64(5), seed)
	f.Add([]byte{}, []byte{}, uint64(0), uint64(0), []byte{})
	f.Add(root[:], l[0][:], ^uint64(0), ^uint64(0), seed)
	f.Fuzz(func(t *testing.T, rootB, leafB []byte, index, count uint64, pathB []byte) {
		var r, lf [32]byte
		copy(r[:], rootB)
		copy(lf[:], leafB)
		var path [][32]byte
		for i := 0; i+32 <= len(pathB) && len(path) < 80; i += 32 {
			var h [32]byte
			copy(h[:], pathB[i:])
			path = append(path, h)
		}
		ok := VerifyInclusion(r, lf, index, count, path)
		if ok && index >= count {
			t.Fatal("accepted an index beyond the count")
		}
		if ok != levelVerify(r, lf, index, count, path) {
			t.Fatal("CometBFT's verifier and the level-order reference disagree")
		}
	})
}

// levelRoot and levelVerify are the level-by-level definition the first
// batches were anchored with (pair nodes left to right, promote a last
// unpaired node), kept as the reference CometBFT's crypto/merkle must
// match: changing the tree would change batch roots, a consensus change.
func levelRoot(leaves [][32]byte) [32]byte {
	level := make([][32]byte, len(leaves))
	for i, l := range leaves {
		level[i] = LeafHash(l)
	}
	for len(level) > 1 {
		next := make([][32]byte, 0, (len(level)+1)/2)
		for j := 0; j+1 < len(level); j += 2 {
			next = append(next, NodeHash(level[j], level[j+1]))
		}
		if len(level)%2 == 1 {
			next = append(next, level[len(level)-1])
		}
		level = next
	}
	return level[0]
}

func levelVerify(root, leaf [32]byte, index, count uint64, path [][32]byte) bool {
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

// TestMerkleMatchesLevelOrder checks, for every size to 300 and every
// index, that CometBFT's tree gives the same root, paths that the old
// verifier accepts, and the same verdict on altered paths.
func TestMerkleMatchesLevelOrder(t *testing.T) {
	for n := 1; n <= 300; n++ {
		l := docs(n)
		root := MerkleRoot(l)
		if root != levelRoot(l) {
			t.Fatalf("n=%d: roots differ", n)
		}
		for i, p := range InclusionProofs(l) {
			if !levelVerify(root, l[i], uint64(i), uint64(n), p) {
				t.Fatalf("n=%d i=%d: the old verifier refuses the path", n, i)
			}
			for _, bad := range [][][32]byte{p[:max(len(p)-1, 0)], append(append([][32]byte(nil), p...), root)} {
				if VerifyInclusion(root, l[i], uint64(i), uint64(n), bad) != levelVerify(root, l[i], uint64(i), uint64(n), bad) {
					t.Fatalf("n=%d i=%d: verdicts differ on an altered path", n, i)
				}
			}
			if j := uint64((i + 1) % n); VerifyInclusion(root, l[i], j, uint64(n), p) != levelVerify(root, l[i], j, uint64(n), p) {
				t.Fatalf("n=%d i=%d: verdicts differ on a wrong index", n, i)
			}
		}
	}
}

// TestRootAndProofsMatchCometBFT: the level-by-level build gives exactly
// the root and paths of CometBFT's crypto/merkle, which MerkleRoot uses
// and the chain's VerifyInclusion checks against, for every size to 300.
func TestRootAndProofsMatchCometBFT(t *testing.T) {
	for n := 0; n <= 300; n++ {
		l := docs(n)
		root, paths := RootAndProofs(l)
		if root != MerkleRoot(l) {
			t.Fatalf("n=%d: root differs from MerkleRoot", n)
		}
		if len(paths) != n {
			t.Fatalf("n=%d: %d paths", n, len(paths))
		}
		if n == 0 {
			continue
		}
		_, proofs := merkle.ProofsFromByteSlices(slices(l))
		for i, p := range proofs {
			if len(paths[i]) != len(p.Aunts) {
				t.Fatalf("n=%d i=%d: path of %d, CometBFT's of %d", n, i, len(paths[i]), len(p.Aunts))
			}
			for j, a := range p.Aunts {
				if paths[i][j] != to32(a) {
					t.Fatalf("n=%d i=%d: path entry %d differs", n, i, j)
				}
			}
			if !VerifyInclusion(root, l[i], uint64(i), uint64(n), paths[i]) {
				t.Fatalf("n=%d i=%d: VerifyInclusion refuses the path", n, i)
			}
		}
	}
}
