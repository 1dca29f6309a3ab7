package docking_test

import (
	"errors"
	"testing"

	"github.com/corridor-trade/corridor/proof"
	"github.com/corridor-trade/corridor/x/docking"
	"github.com/corridor-trade/corridor/x/kit/store/iavlstore"
	ics23 "github.com/cosmos/ics23/go"
)

// committedTree commits a real IAVL tree holding keys and returns its
// latest snapshot, which answers proofs as a node's /store query does.
func committedTree(t testing.TB, keys ...string) *iavlstore.Snapshot {
	t.Helper()
	tree, err := iavlstore.Open(t.TempDir(), iavlstore.Options{Backend: "memdb"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tree.Close() })
	for _, k := range keys {
		tree.Working().Set([]byte(k), []byte("value of "+k))
	}
	if _, _, err := tree.Commit(); err != nil {
		t.Fatal(err)
	}
	snap, err := tree.Snapshot(tree.Version())
	if err != nil {
		t.Fatal(err)
	}
	return snap
}

func proofBytes(t testing.TB, snap *iavlstore.Snapshot, key string) []byte {
	t.Helper()
	_, p, err := snap.Prove([]byte(key))
	if err != nil {
		t.Fatal(err)
	}
	b, err := p.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestVerifyNonMembership checks the absence check against a real IAVL
// tree's proofs: an absent key (between two keys, before the first, after
// the last) verifies; a present key's existence proof is reported as
// present; a proof for another key, against another root, or a membership
// proof of another key does not verify.
func TestVerifyNonMembership(t *testing.T) {
	snap := committedTree(t, "title/receipt/b", "title/receipt/d", "title/receipt/f")
	root := snap.Hash()
	for _, absent := range []string{"title/receipt/c", "title/receipt/a", "title/receipt/z"} {
		p := proofBytes(t, snap, absent)
		if err := docking.VerifyNonMembership(root, []byte(absent), p); err != nil {
			t.Errorf("absent %s: %v", absent, err)
		}
		if err := docking.VerifyMembership(root, []byte(absent), []byte("value of "+absent), p); err == nil {
			t.Errorf("a non-existence proof of %s passed as membership", absent)
		}
		if err := docking.VerifyNonMembership(root, []byte("title/receipt/e"), p); err == nil {
			t.Errorf("the absence proof of %s proved another key absent", absent)
		}
		other := committedTree(t, "title/receipt/b", "title/receipt/d", "title/receipt/f", "x")
		if err := docking.VerifyNonMembership(other.Hash(), []byte(absent), p); err == nil {
			t.Errorf("the absence proof of %s verified against another root", absent)
		}
	}
	present := proofBytes(t, snap, "title/receipt/d")
	if err := docking.VerifyNonMembership(root, []byte("title/receipt/d"), present); !errors.Is(err, docking.ErrKeyPresent) {
		t.Errorf("a present key: %v, want ErrKeyPresent", err)
	}
	if err := docking.VerifyNonMembership(root, []byte("title/receipt/c"), present); err == nil || errors.Is(err, docking.ErrKeyPresent) {
		t.Errorf("an existence proof of another key: %v", err)
	}
	other := committedTree(t, "title/receipt/d")
	if err := docking.VerifyNonMembership(other.Hash(), []byte("title/receipt/d"), present); err == nil || errors.Is(err, docking.ErrKeyPresent) {
		t.Errorf("an existence proof against another root counted as present: %v", err)
	}
	bare, err := (&ics23.CommitmentProof{Proof: &ics23.CommitmentProof_Nonexist{Nonexist: &ics23.NonExistenceProof{Key: []byte("title/receipt/c")}}}).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	for _, junk := range [][]byte{nil, {0xff}, {0x0a, 0x00}, bare} {
		if err := docking.VerifyNonMembership(root, []byte("title/receipt/c"), junk); err == nil {
			t.Errorf("junk %x verified", junk)
		}
	}
}

// FuzzVerifyNonMembership feeds arbitrary proof bytes to the absence check
// that a transaction reaches (title/cancel-away): never a panic, and what
// it accepts package proof's independent VerifyAbsence accepts too.
func FuzzVerifyNonMembership(f *testing.F) {
	snap := committedTree(f, "k/b", "k/d")
	root := snap.Hash()
	f.Add(proofBytes(f, snap, "k/c"))
	f.Add(proofBytes(f, snap, "k/a"))
	f.Add(proofBytes(f, snap, "k/d"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		if docking.VerifyNonMembership(root, []byte("k/c"), b) != nil {
			return
		}
		p, err := proof.DecodeProof(b)
		if err != nil {
			t.Fatalf("accepted a proof package proof cannot decode: %v", err)
		}
		if err := proof.VerifyAbsence(root, []byte("k/c"), p); err != nil {
			t.Fatalf("accepted a proof package proof refuses: %v", err)
		}
	})
}
