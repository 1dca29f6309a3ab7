package main

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/internal/localnet"
	"github.com/corridor-trade/corridor/proof"
)

// TestVerifyStatusListCLI runs the status-list commands through the real
// CLI against a one-validator network: the attester anchors list v1 from
// its file, verify VC.json --status-list says not revoked and VALID (the
// credential verdict: document lines n/a, exit 0), with its attestation
// too; after v2 (the credential's bit set) it says REVOKED and exits 1,
// and the certificate exported before still says not revoked, offline.
func TestVerifyStatusListCLI(t *testing.T) {
	if testing.Short() {
		t.Skip("network test")
	}
	net := localnet.Start(t, localnet.Options{Validators: 1})
	home := keyHome(t, net, "sh-attester")
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

	// A good credential not revoked is VALID: the document lines do not
	// apply to it (it is attested, not anchored), and no attestation is
	// named yet, which is said, not failed.
	out, err = cli("verify", vc, "--status-list", v1)
	if err != nil || !strings.Contains(out, "✓ credential status (revocation): not revoked as of height") || !strings.Contains(out, "version 1") ||
		!strings.Contains(out, "– anchored: "+proof.NotAnchored) || !strings.Contains(out, "– attested: n/a — no attestation named") ||
		!strings.Contains(out, "VALID (credential): every applicable check passed") {
		t.Fatalf("verify with v1: %v\n%s", err, out)
	}

	// The attestation made from the credential (its file's SHA-256).
	out, err = cli("tx", "identity", "attest", "--subject-commitment", strings.Repeat("ab", 32), "--claim", "aeo", "--scheme", "cn-aeo",
		"--credential", vc, "-o", "json")
	var attested struct {
		CreatedID string `json:"created_id"`
	}
	if err != nil || json.NewDecoder(strings.NewReader(out)).Decode(&attested) != nil || attested.CreatedID == "" {
		t.Fatalf("attest: %v\n%s", err, out)
	}
	out, err = cli("verify", vc, "--status-list", v1, "--attestation", attested.CreatedID)
	if err != nil || !strings.Contains(out, "✓ attested: aeo attestation") || !strings.Contains(out, "recorded for this credential") {
		t.Fatalf("verify with the attestation: %v\n%s", err, out)
	}
	// An attestation of another credential does not vouch for this one.
	otherAtt := strings.Repeat("0", 63) + "1"
	var ec exitCoder
	if out, err := cli("verify", vc, "--status-list", v1, "--attestation", otherAtt); !errors.As(err, &ec) || ec.ExitCode() != 1 ||
		!strings.Contains(out, "✗ attested: no attestation") {
		t.Fatalf("verify with an unknown attestation: %v\n%s", err, out)
	}
	certFile := filepath.Join(dir, "before.json")
	if out, err := cli("query", "certificate", vcHash, "--status-of", vc, "--attestation", attested.CreatedID, "--out", certFile); err != nil {
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
	out, err = cli("verify", vc, "--status-list", v2, "--attestation", attested.CreatedID, "-o", "json")
	var v proof.Verdict
	if jerr := json.NewDecoder(strings.NewReader(out)).Decode(&v); jerr != nil {
		t.Fatalf("verify -o json: %v\n%s", jerr, out)
	}
	if l := v.Line(proof.CheckCredentialStatus); l == nil || l.OK || !strings.Contains(l.Detail, "REVOKED as of height") || !strings.Contains(l.Detail, "version 2") {
		t.Fatalf("verify with v2: %s", out)
	}
	if v.Valid || !v.Revoked || v.Kind != proof.KindCredential || !errors.As(err, &ec) || ec.ExitCode() != 1 {
		t.Fatalf("a revoked credential: valid %v revoked %v kind %q exit %v\n%s", v.Valid, v.Revoked, v.Kind, err, out)
	}
	if l := v.Line(proof.CheckAnchored); l == nil || !l.NA || l.OK {
		t.Fatalf("the anchored line in JSON: %+v", l)
	}
	out, err = cli("verify", vc, "--certificate", certFile, "--status-list", v1)
	if err != nil || !strings.Contains(out, "✓ credential status (revocation): not revoked") || !strings.Contains(out, "✓ attested: aeo attestation") {
		t.Fatalf("the certificate from before v2: %v\n%s", err, out)
	}
}
