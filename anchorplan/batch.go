package anchorplan

import (
	"fmt"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/x/invoice"
)

// BatchFormat and BatchVersion identify the batch file (docs/invoice.md,
// "The batch file").
const (
	BatchFormat  = "corridor-batch"
	BatchVersion = 1
)

// Batch is a Merkle batch of document hashes and the inclusion proofs of
// its members: the one Go type of a batch, and the batch file's content.
// A batch file may list every member (what tx invoice anchor writes) or
// only some (a receipt lists the members of its file); Count is always
// the whole batch's.
type Batch struct {
	Format  string       `json:"format"`
	Version int          `json:"version"`
	Root    invoice.Hash `json:"root"`
	// Count is the number of leaves (distinct documents) of the whole
	// batch; 0 only in files of the old receipt format, which did not
	// record it (the ledger's batch record has it).
	Count   uint64   `json:"count"`
	Profile string   `json:"profile"`
	Members []Member `json:"members"`
}

// Member is one document of a batch and its inclusion proof: its index
// among the leaves and the RFC 9162 path of sibling hashes from its leaf
// up. A member batched with field commitments carries its FieldRoot, and
// its leaf is invoice.MemberLeaf(DocHash, FieldRoot); without one its leaf
// is the document hash, as in every batch anchored before. In a batch file the root is the batch's and Root is omitted; on its
// own (a certificate's document reference, a revocation) Root is set and
// the member proves itself.
type Member struct {
	DocHash invoice.Hash   `json:"doc_hash,omitzero"`
	File    string         `json:"file,omitempty"` // where the document was found, as the door named it
	Root    invoice.Hash   `json:"root,omitzero"`
	Index   uint64         `json:"index"`
	Path    []invoice.Hash `json:"path"`
	// FieldRoot is the root of the document's salted field commitments
	// (docs/disclosure.md), when it was batched with them.
	FieldRoot invoice.Hash `json:"field_root,omitzero"`
}

// Msg is the message that anchors the batch.
func (b *Batch) Msg() *invoice.MsgAnchorBatch {
	return &invoice.MsgAnchorBatch{Root: b.Root, Count: b.Count, Profile: b.Profile}
}

// Find returns the member with document hash doc, with Root set, or false.
func (b *Batch) Find(doc invoice.Hash) (Member, bool) {
	for _, m := range b.Members {
		if m.DocHash == doc {
			m.Root = b.Root
			return m, true
		}
	}
	return Member{}, false
}

// Only returns the batch restricted to the members found in file.
func (b *Batch) Only(file string) *Batch {
	out := *b
	out.Members = []Member{}
	for _, m := range b.Members {
		if m.File == file {
			out.Members = append(out.Members, m)
		}
	}
	return &out
}

// Check verifies every member's path against the root. A batch of the old
// receipt format (Count 0) is checked by the ledger's count instead, when
// it is used.
func (b *Batch) Check() error {
	if b.Root.IsZero() {
		return fmt.Errorf("batch: no root")
	}
	if b.Count > invoice.MaxBatch {
		return fmt.Errorf("batch: count %d exceeds %d", b.Count, invoice.MaxBatch)
	}
	for _, m := range b.Members {
		if m.DocHash.IsZero() {
			return fmt.Errorf("batch: a member without doc_hash")
		}
		if !m.Root.IsZero() && m.Root != b.Root {
			return fmt.Errorf("batch: member %s names root %s, not the batch's %s", m.DocHash, m.Root, b.Root)
		}
		if b.Count > 0 && !m.Verify(b.Root, b.Count) {
			return fmt.Errorf("batch: the path of %s (index %d) does not lead to root %s", m.DocHash, m.Index, b.Root)
		}
	}
	return nil
}

// Verify reports whether the member's path proves its document at its
// index of a batch of count leaves with the given root.
func (m Member) Verify(root invoice.Hash, count uint64) bool {
	return invoice.VerifyInclusion(root, m.Leaf(), m.Index, count, m.PathHashes())
}

// Leaf returns the member's leaf value: invoice.MemberLeaf of its document
// hash and field root.
func (m Member) Leaf() invoice.Hash {
	return invoice.MemberLeaf(m.DocHash, m.FieldRoot)
}

// PathHashes returns the path as the [32]byte values x/invoice takes.
func (m Member) PathHashes() [][32]byte {
	out := make([][32]byte, len(m.Path))
	for i, h := range m.Path {
		out[i] = h
	}
	return out
}

// NewBatch builds the batch of the distinct leaves, in order, under
// profile; members are added by the caller. leaves are the members' leaf
// values (Member.Leaf: the document hash, or MemberLeaf with a field root).
func NewBatch(profile string, leaves []invoice.Hash) Batch {
	ls := make([][32]byte, len(leaves))
	for i, l := range leaves {
		ls[i] = l
	}
	return Batch{Format: BatchFormat, Version: BatchVersion, Root: invoice.MerkleRoot(ls), Count: uint64(len(leaves)),
		Profile: profile, Members: []Member{}}
}

// chunk is a batch being filled.
type chunk struct {
	profile string
	leaves  []invoice.Hash
	index   map[invoice.Hash]int
	files   []*File
}

func (c *chunk) fresh(f *File) int {
	n := 0
	seen := map[invoice.Hash]bool{}
	for _, d := range f.Docs {
		h := invoice.Hash(d.CanonicalHash)
		if _, ok := c.index[h]; !ok && !seen[h] {
			seen[h] = true
			n++
		}
	}
	return n
}

func (c *chunk) add(f *File) {
	c.files = append(c.files, f)
	for _, d := range f.Docs {
		h := invoice.Hash(d.CanonicalHash)
		if _, ok := c.index[h]; !ok {
			c.index[h] = len(c.leaves)
			c.leaves = append(c.leaves, h)
		}
	}
}

// batches puts files into Merkle batches: one series per profile (sorted),
// files in input order, at most BatchSize distinct documents per batch,
// never splitting a file. A document occurring again is one leaf of its
// batch; a file all of whose documents are already in one batch joins it.
func (p *Plan) batches(files []*File, pol Policy) {
	var ok []*File
	for _, f := range files {
		mixed := false
		for _, d := range f.Docs[1:] {
			mixed = mixed || d.Profile != f.Docs[0].Profile
		}
		if mixed {
			refs := make([]*Refusal, len(f.Docs))
			refs[0] = &Refusal{Code: codes.PlanProfileMismatch, Reason: "the file's documents have different profiles; a batch has one"}
			p.refuseFile(f, refs)
			continue
		}
		ok = append(ok, f)
	}
	for _, profile := range sortedProfiles(ok) {
		var chunks []*chunk
		where := map[invoice.Hash]int{} // document -> chunk of its first placement
		for _, f := range ok {
			if f.Docs[0].Profile != profile {
				continue
			}
			c, covered := -1, true
			for _, d := range f.Docs {
				w, seen := where[invoice.Hash(d.CanonicalHash)]
				if !seen || (c >= 0 && w != c) {
					covered = false
					break
				}
				c = w
			}
			if !covered {
				if len(chunks) == 0 || len(chunks[len(chunks)-1].leaves)+chunks[len(chunks)-1].fresh(f) > pol.BatchSize {
					chunks = append(chunks, &chunk{profile: profile, index: map[invoice.Hash]int{}})
				}
				c = len(chunks) - 1
			}
			chunks[c].add(f)
			for _, d := range f.Docs {
				if _, seen := where[invoice.Hash(d.CanonicalHash)]; !seen {
					where[invoice.Hash(d.CanonicalHash)] = c
				}
			}
		}
		for _, c := range chunks {
			p.Batches = append(p.Batches, c.batch(p.roots))
		}
	}
}

// batch computes the root and every member's path. A document with a
// field root in roots contributes invoice.MemberLeaf(doc, field root) as its
// leaf; the others their document hash.
func (c *chunk) batch(roots map[invoice.Hash]invoice.Hash) Batch {
	values := make([]invoice.Hash, len(c.leaves))
	ls := make([][32]byte, len(c.leaves))
	for i, l := range c.leaves {
		values[i] = invoice.MemberLeaf(l, roots[l])
		ls[i] = values[i]
	}
	b := NewBatch(c.profile, values)
	paths := invoice.InclusionProofs(ls)
	for _, f := range c.files {
		done := map[formats.Hash]bool{}
		for _, d := range f.Docs {
			if done[d.CanonicalHash] {
				continue
			}
			done[d.CanonicalHash] = true
			i := c.index[invoice.Hash(d.CanonicalHash)]
			m := Member{DocHash: invoice.Hash(d.CanonicalHash), File: f.Name, Index: uint64(i), Path: make([]invoice.Hash, len(paths[i])),
				FieldRoot: roots[invoice.Hash(d.CanonicalHash)]}
			for j, h := range paths[i] {
				m.Path[j] = h
			}
			b.Members = append(b.Members, m)
		}
	}
	return b
}
