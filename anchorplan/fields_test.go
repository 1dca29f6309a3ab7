package anchorplan_test

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"testing"

	"github.com/corridor-trade/corridor/anchorplan"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/disclose"
	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/x/invoice"
)

// counter is a deterministic stand-in for crypto/rand: distinct bytes on
// every read, so every salt differs.
type counter struct{ n byte }

func (c *counter) Read(p []byte) (int, error) {
	for i := range p {
		c.n++
		p[i] = c.n
	}
	return len(p), nil
}

func TestFieldCommitmentsSingle(t *testing.T) {
	d := inv(1)
	pol := anchorplan.Policy{Issuer: secp.Address{7}, BuyerSalt: &salt, FieldCommitments: true, Rand: &counter{}}
	p, err := anchorplan.Make([]anchorplan.File{file("a.xml", d)}, pol)
	if err != nil || p.Err() != nil {
		t.Fatal(err, p.Err())
	}
	if len(p.Singles) != 1 || len(p.Secrets) != 1 {
		t.Fatalf("plan %+v", p)
	}
	sec := p.Secrets[0].Secrets
	if p.Singles[0].Msg.FieldRoot != sec.Root || sec.Root == (invoice.Hash{}) || sec.DocHash != d.CanonicalHash {
		t.Fatalf("field root %x, secrets root %x", p.Singles[0].Msg.FieldRoot, sec.Root)
	}
	if got := p.SecretsIn("a.xml"); len(got) != 1 || got[0].Files[0] != "a.xml" {
		t.Fatalf("secrets of a.xml: %+v", got)
	}
	if disclose.Root(sec.Fields) != sec.Root {
		t.Fatal("the anchored root is not the root of the secrets")
	}
	// The plan's JSON form never carries the salts.
	js, err := json.Marshal(p)
	if err != nil || bytes.Contains(js, []byte(hex.EncodeToString(sec.Fields[0].Salt[:]))) {
		t.Fatalf("the plan's JSON carries a field salt: %s", js)
	}
	// Without the option nothing changes: no field root, no secrets.
	pol.FieldCommitments = false
	p2, _ := anchorplan.Make([]anchorplan.File{file("a.xml", d)}, pol)
	if !p2.Singles[0].Msg.FieldRoot.IsZero() || len(p2.Secrets) != 0 {
		t.Fatalf("field root without the option: %+v", p2.Singles[0].Msg)
	}
}

func TestFieldCommitmentsBatch(t *testing.T) {
	pol := anchorplan.Policy{Issuer: secp.Address{7}, Mode: anchorplan.ModeBatch, FieldCommitments: true, Rand: &counter{}}
	// The same document in two files is one leaf with one set of secrets.
	p, err := anchorplan.Make([]anchorplan.File{file("a", inv(1), inv(2)), file("b", inv(2))}, pol)
	if err != nil || p.Err() != nil {
		t.Fatal(err, p.Err())
	}
	if len(p.Batches) != 1 || len(p.Secrets) != 2 || p.Batches[0].Count != 2 {
		t.Fatalf("batches %+v secrets %d", p.Batches, len(p.Secrets))
	}
	if f := p.Secrets[1].Files; len(f) != 2 || f[0] != "a" || f[1] != "b" {
		t.Fatalf("files of the shared document: %v", f)
	}
	b := p.Batches[0]
	for _, m := range b.Members {
		sec, ok := p.SecretsOf(m.DocHash)
		if !ok || m.FieldRoot != sec.Root || !m.Verify(b.Root, b.Count) {
			t.Fatalf("member %+v", m)
		}
		bare := m
		bare.FieldRoot = invoice.Hash{}
		if bare.Verify(b.Root, b.Count) {
			t.Fatal("a member with a field root verifies without it")
		}
	}
	// The batch file carries each member's field root and reads back.
	data, err := anchorplan.EncodeBatch(&b)
	if err != nil || !bytes.Contains(data, []byte(`"field_root"`)) {
		t.Fatalf("batch file: %v\n%s", err, data)
	}
	back, err := anchorplan.DecodeBatch(data)
	if err != nil || back.Members[0].FieldRoot != b.Members[0].FieldRoot {
		t.Fatalf("decode: %v", err)
	}
	// Without field commitments the same files keep the old leaves.
	pol.FieldCommitments = false
	old, _ := anchorplan.Make([]anchorplan.File{file("a", inv(1), inv(2)), file("b", inv(2))}, pol)
	if old.Batches[0].Root != invoice.Hash(invoice.MerkleRoot([][32]byte{{1}, {2}})) {
		t.Fatal("a batch without field commitments changed its root")
	}
	if bytes.Contains(must(anchorplan.EncodeBatch(&old.Batches[0])), []byte("field_root")) {
		t.Fatal("a batch file without field commitments names field roots")
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

// A document whose fields cannot be committed to is refused, with its
// file, under the disclose code, and nothing else of the file is planned.
func TestFieldCommitmentsRefusal(t *testing.T) {
	raw := formats.RawDocument([]byte("some bytes"))
	pol := anchorplan.Policy{Issuer: secp.Address{7}, Profile: formats.ProfileRaw, FieldCommitments: true, Rand: &counter{},
		Fields: anchorplan.Fields{Number: "1", IssueDate: "2026-01-02", Currency: "EUR", Total: "1"}, BuyerMember: secp.Address{8}}
	p, err := anchorplan.Make([]anchorplan.File{file("raw.bin", raw)}, pol)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Refused) != 1 || p.Refused[0].Code.Codespace != codes.SpaceDisclose || len(p.Msgs()) != 0 || len(p.Secrets) != 0 {
		t.Fatalf("plan %+v", p)
	}
}

// TestFieldCommitmentsKnownSecrets: a document whose secrets the issuer
// already holds (Policy.KnownSecrets) is committed to with them, in a
// single anchor and as a batch member; the others get fresh salts.
func TestFieldCommitmentsKnownSecrets(t *testing.T) {
	d1, d2 := inv(1), inv(2)
	held, err := disclose.NewSecrets(&d1, &counter{n: 100})
	if err != nil {
		t.Fatal(err)
	}
	known := map[invoice.Hash]*disclose.Secrets{invoice.Hash(d1.CanonicalHash): held}
	pol := anchorplan.Policy{Issuer: secp.Address{7}, BuyerSalt: &salt, FieldCommitments: true, KnownSecrets: known, Rand: &counter{}}
	p, err := anchorplan.Make([]anchorplan.File{file("a.xml", d1)}, pol)
	if err != nil || p.Err() != nil || len(p.Singles) != 1 {
		t.Fatal(err, p.Err())
	}
	if p.Singles[0].Msg.FieldRoot != held.Root || p.Secrets[0].Secrets != held {
		t.Fatalf("single: field root %x, want the held %x", p.Singles[0].Msg.FieldRoot, held.Root)
	}
	pol.Mode = anchorplan.ModeBatch
	p, err = anchorplan.Make([]anchorplan.File{file("a.xml", d1), file("b.xml", d2)}, pol)
	if err != nil || p.Err() != nil || len(p.Batches) != 1 {
		t.Fatal(err, p.Err())
	}
	m1, _ := p.Batches[0].Find(invoice.Hash(d1.CanonicalHash))
	m2, _ := p.Batches[0].Find(invoice.Hash(d2.CanonicalHash))
	if m1.FieldRoot != held.Root || m2.FieldRoot.IsZero() || m2.FieldRoot == held.Root {
		t.Fatalf("batch: member field roots %x and %x, held %x", m1.FieldRoot, m2.FieldRoot, held.Root)
	}
}
