package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"encoding/json"
	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/internal/localnet"
	"github.com/corridor-trade/corridor/internal/netgen"
	"github.com/corridor-trade/corridor/proof"
	"github.com/corridor-trade/corridor/x/identity"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/kit"
)

// TestVerifyCommands anchors an invoice on a 4-validator network, verifies
// it through each node with the CLI, exports its certificate, stops the
// network and verifies the certificate offline.
func TestVerifyCommands(t *testing.T) {
	if testing.Short() {
		t.Skip("network test")
	}
	js := netgen.DefaultJurisdictions()
	net := localnet.Start(t, localnet.Options{AppState: map[string]json.RawMessage{"recognition": netgen.SampleRecognition(js)}})
	net.WaitForHeight(2, time.Minute)
	ctx := context.Background()
	var last int64
	submit := func(signer string, msgs ...kit.Msg) {
		t.Helper()
		res, err := net.Client(0).Submit(ctx, net.Keys[signer], client.SubmitOptions{Wait: 30 * time.Second}, msgs...)
		if err != nil || !res.OK() {
			t.Fatalf("%s: %v %+v", signer, err, res)
		}
		last = res.Height
	}
	trader := net.Keys["hk-trader"].PubKey().Address()
	submit("hk-attester", &identity.MsgAttest{Subject: identity.AddressSubject(trader), Claim: identity.ClaimLegalEntity,
		Scheme: identity.SchemeBR, CredentialHash: sha256.Sum256([]byte("br:12345678"))})
	dir := t.TempDir()
	file := filepath.Join(dir, "invoice.txt")
	body := []byte("INVOICE HK-7731\nTotal: HKD 9800\n")
	if err := os.WriteFile(file, body, 0o644); err != nil {
		t.Fatal(err)
	}
	doc := sha256.Sum256(body)
	submit("hk-trader", &invoice.MsgAnchor{DocHash: doc, Profile: invoice.ProfileRaw, Fingerprint: sha256.Sum256([]byte("HK-7731")),
		BuyerMember: net.Keys["sg-trader"].PubKey().Address(), IssueDate: "2026-11-20", Currency: "HKD", Total: "9800"})
	leaves := [][32]byte{sha256.Sum256([]byte("packing list 1")), sha256.Sum256([]byte("packing list 2")), sha256.Sum256([]byte("packing list 3"))}
	root := invoice.MerkleRoot(leaves)
	submit("hk-trader", &invoice.MsgAnchorBatch{Root: root, Count: uint64(len(leaves)), Profile: invoice.ProfileRaw})
	net.WaitForHeight(last+2, time.Minute)
	genesis := filepath.Join(net.Nodes[0].Home, "config", "genesis.json")
	home := t.TempDir()

	for _, nd := range net.Nodes {
		out, _ := mustCLI(t, home, "verify", file, "--node", nd.RPC, "--trust", genesis)
		for _, want := range []string{"✓ header", "✓ document not tampered with", "✓ anchored", "✓ issuer identified", "✓ recognized in SG",
			"✓ recognized in CN-SH", "✓ not revoked or cancelled", "✓ signed by", "VALID"} {
			if !strings.Contains(out, want) {
				t.Fatalf("node %s: verify output lacks %q:\n%s", nd.Name, want, out)
			}
		}
	}

	// A batch member verifies through its inclusion path.
	var path []string
	for _, p := range invoice.InclusionProof(leaves, 2) {
		path = append(path, hex.EncodeToString(p[:]))
	}
	out, _ := mustCLI(t, home, "verify", hex.EncodeToString(leaves[2][:]), "--node", net.Nodes[1].RPC, "--trust", genesis, "--jurisdiction", "HK",
		"--batch-root", hex.EncodeToString(root[:]), "--batch-index", "2", "--batch-path", strings.Join(path, ","))
	if !strings.Contains(out, "document 2 of 3") || !strings.Contains(out, "✓ recognized in HK") || strings.Contains(out, "recognized in SG") || !strings.Contains(out, "VALID") {
		t.Fatalf("batch member:\n%s", out)
	}

	// Header trust: a header hash the verifier already trusts.
	th := int64(2)
	cm, err := net.Client(0).RPC.Commit(ctx, &th)
	if err != nil {
		t.Fatal(err)
	}
	out, _ = mustCLI(t, home, "verify", file, "--node", net.Nodes[0].RPC, "--trust-height", "2", "--trust-hash", cm.SignedHeader.Hash().String())
	if !strings.Contains(out, "trust root: header 2 of corridor-localnet-1") || !strings.Contains(out, "VALID: every check passed") {
		t.Fatalf("header trust:\n%s", out)
	}
	out, _, err = runCLI(t, home, "verify", file, "--node", net.Nodes[0].RPC, "--trust-height", "2", "--trust-hash", strings.Repeat("ab", 32))
	var ec exitCoder
	if !errors.As(err, &ec) || ec.ExitCode() != 1 || !strings.Contains(out, "not the trusted hash") {
		t.Fatalf("wrong trusted hash: err %v\n%s", err, out)
	}

	// JSON output, and a failing verdict exits with status 1.
	out, _ = mustCLI(t, home, "verify", hex.EncodeToString(doc[:]), "--node", net.Nodes[1].RPC, "--trust", genesis, "-o", "json")
	v := decodeJSON[proof.Verdict](t, out)
	if !v.Valid || v.Line(proof.CheckAnchored) == nil || v.Line(proof.CheckDocument) != nil {
		t.Fatalf("verdict by hash: %+v", v)
	}
	other := filepath.Join(dir, "other.txt")
	if err := os.WriteFile(other, []byte("INVOICE HK-7731\nTotal: HKD 98000\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, err = runCLI(t, home, "verify", other, "--node", net.Nodes[2].RPC, "--trust", genesis, "-o", "json")
	if !errors.As(err, &ec) || ec.ExitCode() != 1 {
		t.Fatalf("verify of an unanchored file: err %v, want exit status 1", err)
	}
	if v := decodeJSON[proof.Verdict](t, out); v.Valid || v.Line(proof.CheckAnchored).OK {
		t.Fatalf("unanchored file verified: %s", out)
	}

	// Export, stop every node, verify offline.
	certFile := filepath.Join(dir, "invoice.cert.json")
	out, _ = mustCLI(t, home, "query", "certificate", hex.EncodeToString(doc[:]), "--out", certFile, "--node", net.Nodes[3].RPC, "-o", "json")
	sum := decodeJSON[certificateSummary](t, out)
	if sum.File != certFile || sum.Records == 0 || sum.Height < 2 {
		t.Fatalf("summary: %+v", sum)
	}
	net.Stop()
	for _, args := range [][]string{
		{"verify", "--certificate", certFile, "--trust", genesis, "--node", "tcp://127.0.0.1:1"},
		{"verify", file, "--certificate", certFile, "--trust", genesis},
	} {
		out, _ = mustCLI(t, home, args...)
		if !strings.Contains(out, "as of height") || !strings.Contains(out, "VALID: every check passed") {
			t.Fatalf("offline verify %v:\n%s", args, out)
		}
	}
	out, _, err = runCLI(t, home, "verify", other, "--certificate", certFile, "--trust", genesis)
	if !errors.As(err, &ec) || ec.ExitCode() != 1 || !strings.Contains(out, "✗ document not tampered with") {
		t.Fatalf("offline verify of another file: err %v\n%s", err, out)
	}

	// A tampered certificate fails offline, naming what did not match.
	cert, err := proof.ReadCertificate(certFile)
	if err != nil {
		t.Fatal(err)
	}
	cert.Block.SignedHeader.AppHash[0] ^= 1
	bad := filepath.Join(dir, "tampered.cert.json")
	if err := cert.WriteFile(bad); err != nil {
		t.Fatal(err)
	}
	out, _, err = runCLI(t, home, "verify", "--certificate", bad, "--trust", genesis)
	if !errors.As(err, &ec) || ec.ExitCode() != 1 || !strings.Contains(out, "✗ header: header") || !strings.Contains(out, "does not match its commit") {
		t.Fatalf("tampered certificate: err %v\n%s", err, out)
	}
}
