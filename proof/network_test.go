package proof_test

import (
	"context"
	"crypto/sha256"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cmtjson "github.com/cometbft/cometbft/libs/json"
	"github.com/corridor-trade/corridor/anchorplan"
	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/internal/localnet"
	"github.com/corridor-trade/corridor/internal/testdocs"
	"github.com/corridor-trade/corridor/proof"
	"github.com/corridor-trade/corridor/proof/fetch"
	"github.com/corridor-trade/corridor/x/identity"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/payment"
	"github.com/corridor-trade/corridor/x/recognition"
)

var update = flag.Bool("update", false, "rewrite testdata/certificate.json and testdata/genesis.json from a live network")

// scenario is a running network with an anchored, attested, recognised and
// partly paid invoice, and a batch with one revoked member.
type scenario struct {
	net    *localnet.Network
	file   []byte   // the invoice document
	doc    [32]byte // its hash
	root   [32]byte // the batch root
	leaves [][32]byte
	trust  *proof.TrustRoot
}

// startScenario starts a 4-validator network and records everything the
// certificate of the invoice proves.
func startScenario(t *testing.T) *scenario {
	t.Helper()
	net := localnet.Start(t, localnet.Options{})
	net.WaitForHeight(2, time.Minute)
	ctx := context.Background()
	c := net.Client(0)
	var last int64
	submit := func(signer string, msgs ...kit.Msg) {
		t.Helper()
		res, err := c.Submit(ctx, net.Keys[signer], client.SubmitOptions{Wait: 30 * time.Second}, msgs...)
		if err != nil {
			t.Fatalf("%s: %v", signer, err)
		}
		if !res.OK() {
			t.Fatalf("%s: %s %s", signer, res.Error, res.Log)
		}
		last = res.Height
	}
	addr := func(name string) [20]byte { return net.Keys[name].PubKey().Address() }
	s := &scenario{net: net}
	s.file = []byte("INVOICE SG-2026-0042\nSeller: Lion City Components Pte Ltd\nBuyer: Huangpu Trading Co\nTotal: USD 1250.00\n")
	s.doc = sha256.Sum256(s.file)

	trader := addr("sg-trader")
	submit("sg-attester", &identity.MsgAttest{Subject: identity.AddressSubject(trader), Claim: identity.ClaimLegalEntity,
		Scheme: identity.SchemeUEN, CredentialHash: sha256.Sum256([]byte("uen:201234567K"))})
	profiles := []string{recognition.ProfileRaw, recognition.ProfileUBL}
	legal := []string{identity.ClaimLegalEntity}
	submit("sh-operator", &recognition.MsgSet{In: "CN-SH", AttesterJurisdiction: "SG", Claims: legal}, &recognition.MsgSet{In: "CN-SH", Profiles: profiles})
	submit("hk-operator", &recognition.MsgSet{In: "HK", AttesterJurisdiction: "SG", Claims: legal}, &recognition.MsgSet{In: "HK", Profiles: profiles})
	submit("sg-operator", &recognition.MsgSet{In: "SG", Profiles: profiles})
	submit("sg-trader", &invoice.MsgAnchor{DocHash: s.doc, Profile: invoice.ProfileRaw, Fingerprint: sha256.Sum256([]byte("SG-2026-0042")),
		BuyerMember: addr("sh-trader"), IssueDate: "2026-11-20", Currency: "USD", Total: "1250"})
	uetr, err := payment.ParseUETR("3f2504e0-4f89-41d3-9a0c-0305e82c3301")
	if err != nil {
		t.Fatal(err)
	}
	submit("sg-bank", &payment.MsgRecord{UETR: uetr, Currency: "USD", ValueDate: "2026-11-21",
		MessageHash: sha256.Sum256([]byte("pacs.008")), Items: []payment.Item{{DocHash: s.doc, Amount: "250"}}})
	for i := 0; i < 3; i++ {
		s.leaves = append(s.leaves, sha256.Sum256([]byte{'b', byte(i)}))
	}
	s.root = invoice.MerkleRoot(s.leaves)
	submit("sg-trader", &invoice.MsgAnchorBatch{Root: s.root, Count: 3, Profile: invoice.ProfileRaw})
	submit("sg-trader", &invoice.MsgRevokeBatchMember{DocHash: s.leaves[2], Root: s.root, Index: 2, Path: hashes(invoice.InclusionProof(s.leaves, 2)), Reason: "superseded"})
	net.WaitForHeight(last+2, time.Minute)
	s.trust, err = proof.GenesisTrust(net.Gen.Genesis)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func hashes(p [][32]byte) []invoice.Hash {
	out := make([]invoice.Hash, len(p))
	for i, h := range p {
		out[i] = h
	}
	return out
}

func batchRef(s *scenario, i int) *anchorplan.Member {
	ref := &anchorplan.Member{Root: s.root, Index: uint64(i), Path: []invoice.Hash{}}
	for _, p := range invoice.InclusionProof(s.leaves, i) {
		ref.Path = append(ref.Path, p)
	}
	return ref
}

// mustVerify round-trips cert through JSON and verifies it offline.
func mustVerify(t *testing.T, cert *proof.Certificate, trust *proof.TrustRoot, opts proof.Options) *proof.Verdict {
	t.Helper()
	b, err := cert.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	back, err := proof.ParseCertificate(b)
	if err != nil {
		t.Fatal(err)
	}
	v, err := proof.VerifyCertificateWith(back, trust, opts)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func wantLine(t *testing.T, v *proof.Verdict, check string, ok bool, contains string) {
	t.Helper()
	l := v.Line(check)
	if l == nil {
		t.Fatalf("verdict has no %s line: %+v", check, v.Lines)
	}
	if l.OK != ok || !strings.Contains(l.Detail, contains) {
		t.Fatalf("%s line: ok=%v %q; want ok=%v containing %q", check, l.OK, l.Detail, ok, contains)
	}
}

func TestCertificatesOnLocalnet(t *testing.T) {
	if testing.Short() {
		t.Skip("network test")
	}
	s := startScenario(t)
	ctx := context.Background()

	t.Run("invoice against each node", func(t *testing.T) {
		for i, nd := range s.net.Nodes {
			cert, err := fetch.BuildCertificate(ctx, s.net.Client(i), s.doc)
			if err != nil {
				t.Fatalf("node %s: %v", nd.Name, err)
			}
			v := mustVerify(t, cert, s.trust, proof.Options{File: s.file})
			if !v.Valid {
				var sb strings.Builder
				v.WriteText(&sb)
				t.Fatalf("node %s: certificate does not verify:\n%s", nd.Name, sb.String())
			}
			wantLine(t, v, proof.CheckDocument, true, "is the certified hash")
			wantLine(t, v, proof.CheckAnchored, true, "profile raw")
			wantLine(t, v, proof.CheckIssuer, true, "uen by")
			for _, j := range []string{"CN-SH", "HK", "SG"} {
				wantLine(t, v, proof.CheckRecognized+"/"+j, true, "accepts profile raw")
			}
			wantLine(t, v, proof.CheckPayment, true, "partially-paid: 250 of 1250 USD paid")
			wantLine(t, v, proof.CheckPayment, true, "UETR 3f2504e0-4f89-41d3-9a0c-0305e82c3301")
			wantLine(t, v, proof.CheckNotRevoked, true, "proven absent")
			wantLine(t, v, proof.CheckSigners, true, "of 40 voting power; jurisdictions")
			if i == 0 && *update {
				b, _ := cert.Marshal()
				if err := os.WriteFile(filepath.Join("testdata", "certificate.json"), b, 0o644); err != nil {
					t.Fatal(err)
				}
				g, _ := cmtjson.MarshalIndent(s.net.Gen.Genesis, "", "  ")
				if err := os.WriteFile(filepath.Join("testdata", "genesis.json"), g, 0o644); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join("testdata", "invoice.txt"), s.file, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	})

	t.Run("a different file is caught", func(t *testing.T) {
		cert, err := fetch.BuildCertificate(ctx, s.net.Client(1), s.doc)
		if err != nil {
			t.Fatal(err)
		}
		altered := append([]byte(nil), s.file...)
		altered[10] ^= 1
		v := mustVerify(t, cert, s.trust, proof.Options{File: altered})
		if v.Valid {
			t.Fatal("an altered file verified")
		}
		wantLine(t, v, proof.CheckDocument, false, "not the certified hash")
	})

	t.Run("TradeTrust document anchored by its merkleRoot", func(t *testing.T) {
		// A TradeTrust issuer publishes the wrapped document's merkleRoot;
		// anchored on Corridor under that root (tx invoice anchor
		// --profile openattestation-v2), the unchanged TradeTrust file
		// verifies offline against the certificate.
		file := testdocs.Read(t, "openattestation/tradetrust-v2-invoice.json")
		docs, err := formats.Parse(file)
		if err != nil || len(docs) != 1 || docs[0].Profile != invoice.ProfileOpenAttestation || docs[0].Integrity == nil || !docs[0].Integrity.Valid {
			t.Fatalf("parse: %+v %v", docs, err)
		}
		root := docs[0].CanonicalHash
		res, err := s.net.Client(0).Submit(ctx, s.net.Keys["sg-trader"], client.SubmitOptions{Wait: 30 * time.Second},
			&invoice.MsgAnchor{DocHash: invoice.Hash(root), Profile: invoice.ProfileOpenAttestation, Fingerprint: sha256.Sum256([]byte("TT-INV-1")),
				BuyerMember: s.net.Keys["sh-trader"].PubKey().Address(), IssueDate: "2026-11-20", Currency: "SGD", Total: "100"})
		if err != nil || !res.OK() {
			t.Fatalf("anchor the merkleRoot: %+v %v", res, err)
		}
		// The anchor committed on node 0; node 3, asked next, may not have
		// committed that block yet.
		s.net.WaitForHeight(res.Height, time.Minute)
		cert, err := fetch.BuildCertificate(ctx, s.net.Client(3), root)
		if err != nil {
			t.Fatal(err)
		}
		v := mustVerify(t, cert, s.trust, proof.Options{File: file})
		wantLine(t, v, proof.CheckDocument, true, "openattestation-v2 hash")
		wantLine(t, v, proof.CheckAnchored, true, "profile openattestation-v2")
		wantLine(t, v, proof.CheckNotRevoked, true, "proven absent")
		// Changing a value inside the TradeTrust document breaks it.
		altered := []byte(strings.Replace(string(file), "INVOICE", "INVOICF", 1))
		v = mustVerify(t, cert, s.trust, proof.Options{File: altered})
		if v.Valid {
			t.Fatal("an altered TradeTrust document verified")
		}
		wantLine(t, v, proof.CheckDocument, false, "integrity check fails")
	})

	t.Run("no such anchor", func(t *testing.T) {
		other := sha256.Sum256([]byte("never anchored"))
		cert, err := fetch.BuildCertificate(ctx, s.net.Client(2), other)
		if err != nil {
			t.Fatal(err)
		}
		v := mustVerify(t, cert, s.trust, proof.Options{})
		if v.Valid {
			t.Fatal("an unanchored document verified")
		}
		wantLine(t, v, proof.CheckProofs, true, "proven absent")
		wantLine(t, v, proof.CheckAnchored, false, "proven absent")
	})

	t.Run("batch member", func(t *testing.T) {
		cert, err := fetch.Build(ctx, s.net.Client(3).RPC, s.leaves[1], fetch.Options{Batch: batchRef(s, 1)})
		if err != nil {
			t.Fatal(err)
		}
		v := mustVerify(t, cert, s.trust, proof.Options{})
		if !v.Valid {
			var sb strings.Builder
			v.WriteText(&sb)
			t.Fatalf("batch member does not verify:\n%s", sb.String())
		}
		wantLine(t, v, proof.CheckAnchored, true, "document 1 of 3")
		wantLine(t, v, proof.CheckNotRevoked, true, "no revocation recorded (proven absent)")

		// The wrong index: the path no longer leads to the root.
		bad := batchRef(s, 1)
		bad.Index = 0
		cert, err = fetch.Build(ctx, s.net.Client(3).RPC, s.leaves[1], fetch.Options{Batch: bad})
		if err != nil {
			t.Fatal(err)
		}
		v = mustVerify(t, cert, s.trust, proof.Options{})
		wantLine(t, v, proof.CheckAnchored, false, "inclusion path does not place")

		// The revoked member.
		cert, err = fetch.Build(ctx, s.net.Client(3).RPC, s.leaves[2], fetch.Options{Batch: batchRef(s, 2)})
		if err != nil {
			t.Fatal(err)
		}
		v = mustVerify(t, cert, s.trust, proof.Options{})
		if v.Valid {
			t.Fatal("a revoked batch member verified")
		}
		wantLine(t, v, proof.CheckNotRevoked, false, "revoked at height")
		wantLine(t, v, proof.CheckRecognized+"/SG", false, "revoked")
	})

	t.Run("lying node", func(t *testing.T) { testLyingNodes(t, s) })

	t.Run("header trust", func(t *testing.T) {
		c := s.net.Client(0)
		th := int64(2)
		cm, err := c.RPC.Commit(ctx, &th)
		if err != nil {
			t.Fatal(err)
		}
		cert, err := fetch.Build(ctx, c.RPC, s.doc, fetch.Options{TrustHeight: th})
		if err != nil {
			t.Fatal(err)
		}
		trust := proof.HeaderTrust(s.net.ChainID, th, cm.SignedHeader.Hash(), 0)
		v := mustVerify(t, cert, trust, proof.Options{})
		if !v.Valid {
			var sb strings.Builder
			v.WriteText(&sb)
			t.Fatalf("header trust:\n%s", sb.String())
		}
		wrong := proof.HeaderTrust(s.net.ChainID, th, make([]byte, 32), 0)
		v = mustVerify(t, cert, wrong, proof.Options{})
		wantLine(t, v, proof.CheckHeader, false, "not the trusted hash")
		expired := proof.HeaderTrust(s.net.ChainID, th, cm.SignedHeader.Hash(), time.Millisecond)
		v = mustVerify(t, cert, expired, proof.Options{})
		wantLine(t, v, proof.CheckHeader, false, "expired")
	})
}
