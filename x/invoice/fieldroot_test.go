package invoice_test

import (
	"crypto/sha256"
	"encoding/hex"
	"github.com/corridor-trade/corridor/codes"
	"testing"

	"github.com/corridor-trade/corridor/codec"
	"github.com/corridor-trade/corridor/x/invoice"
)

// Golden encodings taken from the code before field roots existed (commit
// 7ecb75b): an anchor and its stored record without a field root must stay
// byte-identical, so that existing transactions, records and app hashes are
// unchanged.
const (
	goldenAnchorMsg = "0a20c63ebdcbe00c06b7d93143056be2bb37d7edc77c5076c1dd3b1c9931f36ddb8a120775626c2d322e311a20042f3736a430e42afc99d9c5f5c346dbd4aaaf8560acc0607c02973449ac58752214523b3974c7fed0a90f3b3c66bcb3a33321c9b507320a323032362d30312d30323a03534744420431303030"
	goldenRecord    = "0a140789ad0e14f54d411d2378847cfc098ca89af72210011a14523b3974c7fed0a90f3b3c66bcb3a33321c9b5072886cad40932035347443a04313030304a100a0c08021080c8ccbba287e587311001"
)

func TestNoFieldRootEncodesAsBefore(t *testing.T) {
	e := newEnv(t)
	msg := anchorMsg("doc1", "fp1", e.Addrs["hk-trader"])
	if got := hex.EncodeToString(codec.Marshal(msg)); got != goldenAnchorMsg {
		t.Fatalf("invoice/anchor without a field root encodes to\n%s\nwant (as before field roots)\n%s", got, goldenAnchorMsg)
	}
	e.ok("sh-trader", msg)
	if got := hex.EncodeToString(e.KV.Get(invoice.InvoiceKey(hashOf("doc1")))); got != goldenRecord {
		t.Fatalf("the invoice record without a field root is\n%s\nwant (as before field roots)\n%s", got, goldenRecord)
	}
}

func TestAnchorWithFieldRoot(t *testing.T) {
	e := newEnv(t)
	msg := anchorMsg("doc1", "fp1", e.Addrs["hk-trader"])
	msg.FieldRoot = hashOf("field root")
	e.ok("sh-trader", msg)
	inv, ok := invoice.GetInvoice(e.KV, hashOf("doc1"))
	if !ok || inv.FieldRoot != hashOf("field root") {
		t.Fatalf("stored %+v", inv)
	}
	v := invoice.View(e.KV, hashOf("doc1"), &inv)
	if v.FieldRoot != hashOf("field root") {
		t.Fatalf("view %+v", v)
	}
	// The record only grows by the appended field.
	plain, _ := hex.DecodeString(goldenRecord)
	if got := e.KV.Get(invoice.InvoiceKey(hashOf("doc1"))); len(got) != len(plain)+34 {
		t.Fatalf("record with a field root is %d bytes, want %d", len(got), len(plain)+34)
	}
	var back invoice.MsgAnchor
	if err := codec.Unmarshal(codec.Marshal(msg), &back); err != nil || back.FieldRoot != msg.FieldRoot {
		t.Fatalf("round trip: %v %+v", err, back)
	}
}

func TestMemberLeaf(t *testing.T) {
	doc, fr := hashOf("doc"), hashOf("fields")
	if invoice.MemberLeaf(doc, invoice.Hash{}) != doc {
		t.Fatal("a member without a field root must keep its document hash as leaf")
	}
	want := sha256.Sum256(append(append([]byte("corridor/batch-member/v1"), doc[:]...), fr[:]...))
	if got := invoice.MemberLeaf(doc, fr); got != want || got == doc {
		t.Fatalf("leaf %x, want %x", got, want)
	}
	if invoice.MemberLeaf(fr, doc) == invoice.MemberLeaf(doc, fr) {
		t.Fatal("document hash and field root must not commute")
	}
}

// A batch mixing a member with a field root and one without: each is
// proved and revoked by its own leaf rule, and a path is refused with the
// wrong field root (or none).
func TestBatchMemberWithFieldRoot(t *testing.T) {
	e := newEnv(t)
	d1, d2, fr := hashOf("with fields"), hashOf("without"), hashOf("field root")
	leaves := [][32]byte{invoice.MemberLeaf(d1, fr), invoice.MemberLeaf(d2, invoice.Hash{})}
	root := invoice.MerkleRoot(leaves)
	e.ok("hk-trader", &invoice.MsgAnchorBatch{Root: root, Count: 2, Profile: invoice.ProfileUBL})
	paths := invoice.InclusionProofs(leaves)
	if _, ok := invoice.MemberFacts(e.KV, root, d1, fr, 0, paths[0]); !ok {
		t.Fatal("member with field root not proved")
	}
	if _, ok := invoice.BatchMemberFacts(e.KV, root, d1, 0, paths[0]); ok {
		t.Fatal("member with field root proved without it")
	}
	if _, ok := invoice.MemberFacts(e.KV, root, d1, hashOf("another root"), 0, paths[0]); ok {
		t.Fatal("member proved with another field root")
	}
	if _, ok := invoice.BatchMemberFacts(e.KV, root, d2, 1, paths[1]); !ok {
		t.Fatal("member without field root not proved")
	}
	revoke := &invoice.MsgRevokeBatchMember{DocHash: d1, Root: root, Index: 0, Path: []invoice.Hash{paths[0][0]}}
	e.reject("hk-trader", revoke, codes.InvoiceBadInclusionProof)
	revoke.FieldRoot = fr
	e.ok("hk-trader", revoke)
	if f, _ := invoice.MemberFacts(e.KV, root, d1, fr, 0, paths[0]); f.Status != invoice.StatusRevoked {
		t.Fatalf("status %s after revocation", f.Status)
	}
	e.ok("hk-trader", &invoice.MsgRevokeBatchMember{DocHash: d2, Root: root, Index: 1, Path: []invoice.Hash{paths[1][0]}})
}
