package localnet_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/corridor-trade/corridor/anchorplan"
	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/disclose"
	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/internal/localnet"
	"github.com/corridor-trade/corridor/proof"
	"github.com/corridor-trade/corridor/proof/fetch"
	"github.com/corridor-trade/corridor/x/identity"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/recognition"
)

// TestDisclosureStory is issue 16's disclosure story on four validators: a
// Shanghai trader anchors a UBL invoice with field commitments, discloses
// its seller id and total to Singapore customs, which verifies them
// offline after the network is gone — and learns nothing else of the
// invoice. A disclosure of a batch member works the same way, and stops
// verifying once the member is revoked.
func TestDisclosureStory(t *testing.T) {
	if testing.Short() {
		t.Skip("network test")
	}
	sample, err := os.ReadFile(filepath.Join("..", "..", "docs", "examples", "invoice.xml"))
	if err != nil {
		t.Fatal(err)
	}
	net := localnet.Start(t, localnet.Options{ChainID: "corridor-disclose-1"})
	net.WaitForHeight(2, time.Minute)
	s := story{t, net}
	ctx := context.Background()
	const sh, sg = 0, 1

	// The trader is attested in Shanghai; Singapore recognises that
	// attester and UBL invoices.
	trader := net.Keys["sh-trader"].PubKey().Address()
	s.ok(sh, "sh-attester", &identity.MsgAttest{Subject: identity.AddressSubject(trader),
		Claim: identity.ClaimLegalEntity, Scheme: "uscc", CredentialHash: sha256.Sum256([]byte("USCC credential"))})
	s.ok(sg, "sg-operator", &recognition.MsgSet{In: "SG", Attester: net.Keys["sh-attester"].PubKey().Address(), Claims: []string{"legal-entity"}})
	s.ok(sg, "sg-operator", &recognition.MsgSet{In: "SG", Profiles: []string{"ubl-2.1"}})

	// 1. The trader anchors the invoice with field commitments: the field
	// root goes on the ledger, the salts into invoice.xml.secrets.json.
	dir := t.TempDir()
	file := filepath.Join(dir, "invoice.xml")
	if err := os.WriteFile(file, sample, 0o600); err != nil {
		t.Fatal(err)
	}
	docs, err := formats.Parse(sample)
	if err != nil {
		t.Fatal(err)
	}
	opts := client.AnchorOptions{FieldCommitments: true, SecretsBeside: true}
	a, err := net.Client(sh).AnchorFiles(ctx, net.Keys["sh-trader"], []anchorplan.File{{Name: file, Docs: docs}}, opts)
	if err != nil || !a.Result.OK() {
		t.Fatalf("anchor: %v %+v", err, a)
	}
	if len(a.SecretsFiles) != 1 || a.SecretsFiles[0] != file+".secrets.json" {
		t.Fatalf("secrets files %v", a.SecretsFiles)
	}
	if st, err := os.Stat(a.SecretsFiles[0]); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("secrets file: %v %v", err, st)
	}
	sec, err := client.ReadSecrets(a.SecretsFiles[0])
	if err != nil {
		t.Fatal(err)
	}
	doc := invoice.Hash(docs[0].CanonicalHash)
	// The secrets file is never overwritten: a second run stops before
	// sending anything.
	if _, err := net.Client(sh).AnchorFiles(ctx, net.Keys["sh-trader"], []anchorplan.File{{Name: file, Docs: docs}}, opts); !isCode(err, codes.DiscloseSecretsExist) {
		t.Fatalf("second anchor: %v, want disclose/secrets_exist", err)
	}
	if err := net.Client(sg).WaitForHeight(ctx, a.Result.Height, time.Minute); err != nil {
		t.Fatal(err)
	}
	var view invoice.InvoiceView
	if err := net.Client(sg).Query(ctx, "/invoice/"+doc.String(), &view); err != nil || view.FieldRoot != sec.Root {
		t.Fatalf("query invoice: %v, field root %s, want %x", err, view.FieldRoot, sec.Root)
	}

	// 2. It discloses the seller id and the total to Singapore customs,
	// with the certificate of the anchor fetched from the Singapore node.
	d, err := disclose.Make(sec, []string{"seller.id", "total"})
	if err != nil {
		t.Fatal(err)
	}
	cert, err := fetch.Build(ctx, net.Client(sg).RPC, doc, fetch.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d.Certificate, err = cert.Marshal(); err != nil {
		t.Fatal(err)
	}
	file1, err := disclose.Encode(d)
	if err != nil {
		t.Fatal(err)
	}

	// 3. A batch member with field commitments: a second invoice of the
	// trader, batched with the first under another number.
	second := bytes.ReplaceAll(sample, []byte("SH-EXAMPLE-2026-0042"), []byte("SH-EXAMPLE-2026-0043"))
	docs2, err := formats.Parse(second)
	if err != nil {
		t.Fatal(err)
	}
	docs3, _ := formats.Parse(bytes.ReplaceAll(sample, []byte("SH-EXAMPLE-2026-0042"), []byte("SH-EXAMPLE-2026-0044")))
	bopts := client.AnchorOptions{FieldCommitments: true, Mode: anchorplan.ModeBatch}
	b, err := net.Client(sh).AnchorFiles(ctx, net.Keys["sh-trader"], []anchorplan.File{{Name: "second.xml", Docs: docs2}, {Name: "third.xml", Docs: docs3}}, bopts)
	if err != nil || !b.Result.OK() || len(b.Plan.Batches) != 1 || len(b.Secrets) != 2 {
		t.Fatalf("batch anchor: %v %+v", err, b)
	}
	member, _ := b.Plan.Batches[0].Find(invoice.Hash(docs2[0].CanonicalHash))
	sec2, _ := b.Plan.SecretsOf(member.DocHash)
	if member.FieldRoot != sec2.Root {
		t.Fatal("the batch member does not carry its field root")
	}
	d2, err := disclose.Make(sec2, []string{"buyer.id", "total"})
	if err != nil {
		t.Fatal(err)
	}
	if err := net.Client(sg).WaitForHeight(ctx, b.Result.Height, time.Minute); err != nil {
		t.Fatal(err)
	}
	cert2, err := fetch.Build(ctx, net.Client(sg).RPC, member.DocHash, fetch.Options{Batch: &member})
	if err != nil {
		t.Fatal(err)
	}
	if d2.Certificate, err = cert2.Marshal(); err != nil {
		t.Fatal(err)
	}
	file2, _ := disclose.Encode(d2)

	// The trader revokes that member (its field root is part of the
	// proof); a certificate made afterwards no longer verifies.
	rev := s.ok(sh, "sh-trader", &invoice.MsgRevokeBatchMember{DocHash: member.DocHash, Root: member.Root, Index: member.Index,
		Path: member.Path, FieldRoot: member.FieldRoot, Reason: "superseded"})
	if err := net.Client(sg).WaitForHeight(ctx, rev.Height, time.Minute); err != nil {
		t.Fatal(err)
	}
	cert3, err := fetch.Build(ctx, net.Client(sg).RPC, member.DocHash, fetch.Options{Batch: &member})
	if err != nil {
		t.Fatal(err)
	}
	d3 := *d2
	if d3.Certificate, err = cert3.Marshal(); err != nil {
		t.Fatal(err)
	}
	file3, _ := disclose.Encode(&d3)
	gen := net.Gen.Genesis
	net.Stop()

	// 4. Offline, Singapore customs checks each disclosure against the
	// genesis validator set.
	trust, err := proof.GenesisTrust(gen)
	if err != nil {
		t.Fatal(err)
	}
	check := func(data []byte) *proof.DisclosureVerdict {
		t.Helper()
		got, err := disclose.Decode(data)
		if err != nil {
			t.Fatal(err)
		}
		v, err := proof.VerifyDisclosure(got, trust, proof.Options{Jurisdictions: []string{"SG"}})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	v := check(file1)
	var text strings.Builder
	v.WriteText(&text)
	t.Logf("verdict:\n%s", text.String())
	if !v.Valid || v.Code != "" {
		t.Fatalf("disclosure not valid:\n%s", text.String())
	}
	for _, want := range []string{"✓ disclosed fields", "✓ header", "✓ anchored", "✓ issuer identified", "✓ recognized in SG", "✓ not revoked or cancelled",
		"✓ field root anchored", "seller.id", "0199:549300DEVNETSHANGHAI1", "total", "8400.00"} {
		if !strings.Contains(text.String(), want) {
			t.Fatalf("verdict lacks %q:\n%s", want, text.String())
		}
	}
	if len(v.Disclosed) != 2 || v.Disclosed[0].Name == v.Disclosed[1].Name {
		t.Fatalf("disclosed %+v", v.Disclosed)
	}
	// Nothing of the undisclosed fields is in the file or in the verdict:
	// no salt, and no value but those the ledger holds anyway (issue date,
	// currency, total: the anchor's public fields). Values shorter than 8
	// bytes (a type code "380") are not searched for: they occur by chance
	// in the hex of any hash.
	out, _ := json.Marshal(v)
	public := map[string]bool{"issue-date": true, "currency": true, "total": true, "net-total": true, "seller.id": true}
	for _, f := range sec.Fields {
		for _, where := range [][]byte{file1, out, []byte(text.String())} {
			if bytes.Contains(where, []byte(hex.EncodeToString(f.Salt[:]))) && f.Name != "seller.id" && f.Name != "total" {
				t.Fatalf("the salt of %s leaked", f.Name)
			}
			if !public[f.Name] && len(f.Value) >= 8 && bytes.Contains(where, []byte(f.Value)) {
				t.Fatalf("field %s (%q) leaked", f.Name, f.Value)
			}
		}
	}

	// The batch member's disclosure verifies as of its certificate's
	// height; made after the revocation, it fails with a code.
	if v := check(file2); !v.Valid {
		t.Fatalf("batch member disclosure: %+v", v.Failed())
	}
	if v := check(file3); v.Valid || v.Code != codes.DiscloseCertificateFails.Error() || v.Line(proof.CheckNotRevoked).OK {
		t.Fatalf("revoked member's disclosure: valid %v code %s", v.Valid, v.Code)
	}

	// A changed value fails, and so does the first disclosure's field
	// root claimed for the batch member's certificate.
	tampered := bytes.Replace(file1, []byte(`"8400.00"`), []byte(`"8400.01"`), 1)
	if v := check(tampered); v.Valid || v.Code != codes.DiscloseNotInRoot.Error() || len(v.Disclosed) != 0 {
		t.Fatalf("changed total: valid %v code %s", v.Valid, v.Code)
	}
	swapped := *d
	swapped.Certificate = d2.Certificate
	data, _ := disclose.Encode(&swapped)
	if v := check(data); v.Valid || v.Code != codes.DiscloseAnchorMismatch.Error() {
		t.Fatalf("another document's certificate: valid %v code %s", v.Valid, v.Code)
	}
}

func isCode(err error, want *codes.Error) bool { return err != nil && codes.Of(err) == want }
