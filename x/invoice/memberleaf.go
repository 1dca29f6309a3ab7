package invoice

import "crypto/sha256"

// MemberLeafDomain separates a batch member's leaf with a field root from
// every other hash Corridor computes.
const MemberLeafDomain = "corridor/batch-member/v1"

// MemberLeaf returns the value a batch member contributes as its leaf
// (before the tree's leaf prefix, LeafHash): the document hash itself when
// fieldRoot is zero, which is what every batch anchored before field
// commitments holds; otherwise
//
//	SHA-256("corridor/batch-member/v1" ‖ document hash ‖ field root)
//
// so that the batch root commits to both, and a leaf of one kind can never
// be taken for the other (a document hash is never the output of this
// domain-separated hash, barring a SHA-256 collision).
func MemberLeaf(doc, fieldRoot [32]byte) [32]byte {
	if fieldRoot == ([32]byte{}) {
		return doc
	}
	b := make([]byte, 0, len(MemberLeafDomain)+64)
	b = append(b, MemberLeafDomain...)
	b = append(b, doc[:]...)
	b = append(b, fieldRoot[:]...)
	return sha256.Sum256(b)
}
