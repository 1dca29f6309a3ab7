package main

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/internal/keyring"
	"github.com/corridor-trade/corridor/internal/localnet"
	"github.com/corridor-trade/corridor/proof"
)

// TestVerifyStatusListCLI runs the status-list commands through the real
// CLI against a one-validator network: the attester anchors list v1 from
// its file, verify VC.json --status-list says not revoked; after v2 (the
// credential's bit set) it says revoked, and the certificate exported
// before still says not revoked, offline.
func TestVerifyStatusListCLI(t *testing.T) {
	if testing.Short() {
		t.Skip("network test")
	}
	net := localnet.Start(t, localnet.Options{Validators: 1})
	net.WaitForHeight(1, time.Minute)
	home := t.TempDir()
	kr, err := keyring.Open(keyring.BackendTest, filepath.Join(home, "keyring"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := kr.Import("sh-attester", net.Keys["sh-attester"].Bytes()); err != nil {
		t.Fatal(err)
	}
	genesis := filepath.Join(net.Nodes[0].Home, "config", "genesis.json")
	cli := func(args ...string) (string, error) {
		args = append(args, "--node", net.Nodes[0].RPC)
		if args[0] == "tx" {
			args = append(args, "--keyring-backend", "test", "--from", "sh-attester")
		}
		if args[0] == "verify" {
			args = append(args, "--trust", genesis)
		}
		out, errOut, err := runCLI(t, home, args...)
		if err != nil {
			errOut += err.Error()
		}
		return out + errOut, err
	}
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	const url = "https://sh-attester.example/status/7"
	vcBytes, _ := json.Marshal(map[string]any{
		"@context": []string{"https://www.w3.org/ns/credentials/v2"}, "type": []string{"VerifiableCredential"},
		"issuer": "did:web:sh-attester.example", "credentialSubject": map[string]any{"id": "did:web:sh-trader.example"},
		"credentialStatus": map[string]any{"type": "BitstringStatusListEntry", "statusPurpose": "revocation",
			"statusListIndex": "12", "statusListCredential": url},
	})
	vc := write("vc.json", vcBytes)
	bits := make([]byte, 16<<10)
	v1 := write("list-v1.json", formats.NewStatusListCredential(url, "did:web:sh-attester.example", "revocation", bits))
	bits[1] = 0x08 // index 12
	v2 := write("list-v2.json", formats.NewStatusListCredential(url, "did:web:sh-attester.example", "revocation", bits))
	other := write("other.json", formats.NewStatusListCredential(url+"x", "did:web:sh-attester.example", "revocation", bits))
	broken := write("broken.json", []byte(`{"@context":["https://www.w3.org/ns/credentials/v2"],"id":"https://x","type":["VerifiableCredential","BitstringStatusListCredential"],"issuer":"did:x","credentialSubject":{"type":"BitstringStatusList","statusPurpose":"revocation","encodedList":"H4sI"}}`))
	docs, _ := formats.Parse(vcBytes)
	vcHash := hex.EncodeToString(docs[0].CanonicalHash[:])

	if out, err := cli("tx", "status", "anchor-list", v1, "--version", "1"); err != nil {
		t.Fatalf("anchor v1: %v\n%s", err, out)
	}
	if out, err := cli("tx", "status", "anchor-list", v1, "--version", "1"); err == nil || !strings.Contains(out, "status/stale_version") {
		t.Fatalf("anchoring v1 again: %v\n%s", err, out)
	}
	out, err := cli("query", "status", "list", url, "-o", "json")
	if err != nil || !strings.Contains(out, `"in_force":1`) && !strings.Contains(out, `"in_force": 1`) {
		t.Fatalf("query status list: %v\n%s", err, out)
	}

	var ec exitCoder
	out, err = cli("verify", vc, "--status-list", v1)
	if !errors.As(err, &ec) || !strings.Contains(out, "✓ credential status (revocation): not revoked as of height") || !strings.Contains(out, "version 1") {
		t.Fatalf("verify with v1 (the credential itself is not anchored, so the verdict fails elsewhere): %v\n%s", err, out)
	}
	certFile := filepath.Join(dir, "before.json")
	if out, err := cli("query", "certificate", vcHash, "--status-of", vc, "--out", certFile); err != nil {
		t.Fatalf("query certificate: %v\n%s", err, out)
	}
	if out, err := cli("verify", vc, "--status-list", other); err == nil || !strings.Contains(out, "status/bad_status_entry") {
		t.Fatalf("a list the credential does not name: %v\n%s", err, out)
	}
	if out, err := cli("verify", vc, "--status-list", broken); err == nil || !strings.Contains(out, "status/bad_list_credential") {
		t.Fatalf("a broken list: %v\n%s", err, out)
	}

	if out, err := cli("tx", "status", "anchor-list", v2, "--version", "2"); err != nil {
		t.Fatalf("anchor v2: %v\n%s", err, out)
	}
	out, _ = cli("verify", vc, "--status-list", v2, "-o", "json")
	var v proof.Verdict
	if err := json.NewDecoder(strings.NewReader(out)).Decode(&v); err != nil {
		t.Fatalf("verify -o json: %v\n%s", err, out)
	}
	if l := v.Line(proof.CheckCredentialStatus); l == nil || l.OK || !strings.Contains(l.Detail, "REVOKED as of height") || !strings.Contains(l.Detail, "version 2") {
		t.Fatalf("verify with v2: %s", out)
	}
	out, _ = cli("verify", vc, "--certificate", certFile, "--status-list", v1)
	if !strings.Contains(out, "✓ credential status (revocation): not revoked") {
		t.Fatalf("the certificate from before v2:\n%s", out)
	}
}
