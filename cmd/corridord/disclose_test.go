package main

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/disclose"
	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/internal/localnet"
	"github.com/corridor-trade/corridor/internal/netgen"
	"github.com/corridor-trade/corridor/internal/testdocs"
)

// disclosureVerdictJSON is the part of verify --disclosure -o json the
// tests read.
type disclosureVerdictJSON struct {
	Valid     bool   `json:"valid"`
	Code      string `json:"code"`
	Disclosed []struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	} `json:"disclosed"`
}

// TestDiscloseCommands drives the whole disclosure path through the CLI on
// a one-validator network: tx invoice anchor --fields, corridord disclose,
// and verify --disclosure offline after the node is stopped; then every
// kind of tampering the issue names fails through verify --disclosure with
// its code and a non-zero exit.
func TestDiscloseCommands(t *testing.T) {
	if testing.Short() {
		t.Skip("network test")
	}
	sample, err := os.ReadFile(filepath.Join("..", "..", "docs", "examples", "invoice.xml"))
	if err != nil {
		t.Fatal(err)
	}
	js := netgen.DefaultJurisdictions()
	net := localnet.Start(t, localnet.Options{Validators: 1, AppState: map[string]json.RawMessage{"recognition": netgen.SampleRecognition(js)}})
	attestShanghaiTrader(t, net)
	home := keyHome(t, net, "sh-trader")
	dir := t.TempDir()
	node := net.Nodes[0].RPC
	file := filepath.Join(dir, "invoice.xml")
	if err := os.WriteFile(file, sample, 0o600); err != nil {
		t.Fatal(err)
	}
	tx := []string{"--from", "sh-trader", "--keyring-backend", "test", "--node", node, "-o", "json"}

	// Anchor with field commitments: the secrets land beside the file, 0600.
	mustCLI(t, home, append([]string{"tx", "invoice", "anchor", file, "--fields"}, tx...)...)
	st, err := os.Stat(file + ".secrets.json")
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("secrets file: %v %v", err, st)
	}
	// Never overwritten: a second anchor stops before sending.
	if _, _, err := runCLI(t, home, append([]string{"tx", "invoice", "anchor", file, "--fields"}, tx...)...); codes.Of(err) != codes.DiscloseSecretsExist {
		t.Fatalf("second anchor: %v, want disclose/secrets_exist", err)
	}
	out, _ := mustCLI(t, home, "query", "invoice", hashOfFile(t, sample), "--node", node)
	if !strings.Contains(out, "field root") {
		t.Fatalf("query invoice shows no field root:\n%s", out)
	}

	// An unknown field names the ones there are.
	if _, _, err := runCLI(t, home, "disclose", file, "--fields", "seller.id,colour", "--node", node); codes.Of(err) != codes.DiscloseUnknownField ||
		!strings.Contains(err.Error(), "seller.name") {
		t.Fatalf("unknown field: %v", err)
	}
	dfile := filepath.Join(dir, "d.json")
	out, _ = mustCLI(t, home, "disclose", file, "--fields", "seller.id,total", "--out", dfile, "--node", node, "-o", "json")
	if s := decodeJSON[disclosureSummary](t, out); s.Count < 10 || len(s.Disclosed) != 2 || s.File != dfile {
		t.Fatalf("disclose summary %+v", s)
	}

	// A document anchored without field commitments: no secrets beside it,
	// and secrets made afterwards disclose nothing the ledger holds.
	plain := filepath.Join(dir, "plain.xml")
	if err := os.WriteFile(plain, bytes.ReplaceAll(sample, []byte("SH-EXAMPLE-2026-0042"), []byte("SH-EXAMPLE-2026-0099")), 0o600); err != nil {
		t.Fatal(err)
	}
	mustCLI(t, home, append([]string{"tx", "invoice", "anchor", plain}, tx...)...)
	if _, _, err := runCLI(t, home, "disclose", plain, "--fields", "total", "--node", node); codes.Of(err) != codes.DiscloseNoSecrets {
		t.Fatalf("disclose without secrets: %v", err)
	}
	pdocs, _ := formats.Parse(must(os.ReadFile(plain)))
	late, err := disclose.NewSecrets(&pdocs[0], rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if err := client.WriteSecrets(filepath.Join(dir, "late.json"), late); err != nil {
		t.Fatal(err)
	}
	lateD := filepath.Join(dir, "late-d.json")
	mustCLI(t, home, "disclose", plain, "--fields", "total", "--secrets", filepath.Join(dir, "late.json"), "--out", lateD, "--node", node)

	// A batch with field commitments: each file's secrets beside it, the
	// member's field root in the batch file; a member is disclosed with its
	// batch file, and a second member is revoked through the CLI (its
	// field root is part of the proof).
	var batchFiles []string
	for _, n := range []string{"0051", "0052"} {
		p := filepath.Join(dir, "b"+n+".xml")
		if err := os.WriteFile(p, bytes.ReplaceAll(sample, []byte("SH-EXAMPLE-2026-0042"), []byte("SH-EXAMPLE-2026-"+n)), 0o600); err != nil {
			t.Fatal(err)
		}
		batchFiles = append(batchFiles, p)
	}
	batchJSON := filepath.Join(dir, "batch.json")
	mustCLI(t, home, append(append([]string{"tx", "invoice", "anchor"}, batchFiles...), append([]string{"--mode", "batch", "--fields", "--proofs-out", batchJSON}, tx...)...)...)
	if !bytes.Contains(must(os.ReadFile(batchJSON)), []byte(`"field_root"`)) {
		t.Fatal("the batch file names no field root")
	}
	batchD := filepath.Join(dir, "batch-d.json")
	mustCLI(t, home, "disclose", batchFiles[0], "--fields", "buyer.id,total", "--batch", batchJSON, "--out", batchD, "--node", node)
	mustCLI(t, home, append([]string{"tx", "invoice", "revoke", batchFiles[1], "--proofs", batchJSON, "--reason", "superseded"}, tx...)...)
	revokedD := filepath.Join(dir, "revoked-d.json")
	mustCLI(t, home, "disclose", batchFiles[1], "--fields", "total", "--batch", batchJSON, "--out", revokedD, "--node", node)

	genesis := filepath.Join(dir, "genesis.json")
	if err := os.WriteFile(genesis, must(os.ReadFile(filepath.Join(net.Nodes[0].Home, "config", "genesis.json"))), 0o644); err != nil {
		t.Fatal(err)
	}
	net.Stop()

	// Offline: the disclosure verifies and shows only its two fields.
	verify := func(path string) (disclosureVerdictJSON, error) {
		t.Helper()
		stdout, _, err := runCLI(t, home, "verify", "--disclosure", path, "--trust", genesis, "-o", "json")
		var v disclosureVerdictJSON
		if jerr := json.Unmarshal([]byte(stdout), &v); jerr != nil && err == nil {
			t.Fatalf("verify output %q: %v", stdout, jerr)
		}
		return v, err
	}
	v, err := verify(dfile)
	if err != nil || !v.Valid || len(v.Disclosed) != 2 || v.Disclosed[0].Value != "0199:549300DEVNETSHANGHAI1" || v.Disclosed[1].Value != "8400.00" {
		t.Fatalf("verify --disclosure: %v %+v", err, v)
	}
	text, _ := mustCLI(t, home, "verify", "--disclosure", dfile, "--trust", genesis)
	for _, want := range []string{"✓ disclosed fields", "✓ field root anchored", "VALID", "seller.id", "8400.00"} {
		if !strings.Contains(text, want) {
			t.Fatalf("text verdict lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Example Singapore Import") || strings.Contains(text, "SH-EXAMPLE-2026-0042") {
		t.Fatalf("the verdict shows an undisclosed field:\n%s", text)
	}
	if v, err := verify(batchD); err != nil || !v.Valid || len(v.Disclosed) != 2 || v.Disclosed[0].Value != "0195:T26DEVNET01SG" {
		t.Fatalf("batch member disclosure: %v %+v", err, v)
	}
	if v, err := verify(revokedD); err == nil || v.Valid || v.Code != codes.DiscloseCertificateFails.Error() {
		t.Fatalf("revoked batch member disclosure: %v %+v", err, v)
	}
	if v, err := verify(lateD); err == nil || v.Code != codes.DiscloseNoFieldRoot.Error() {
		t.Fatalf("disclosure of a document anchored without field root: %v %+v", err, v)
	}

	// Tampering, each through verify --disclosure: a non-zero exit and
	// the code.
	good := must(os.ReadFile(dfile))
	orig, err := disclose.Decode(good)
	if err != nil {
		t.Fatal(err)
	}
	other, _ := disclose.NewSecrets(&must2(formats.Parse(sample))[0], rand.Reader)
	otherD, _ := disclose.Make(other, []string{"seller.id", "total"})
	cases := []struct {
		name   string
		change func(d *disclose.Disclosure)
		want   *codes.Error
	}{
		{"changed value", func(d *disclose.Disclosure) { d.Fields[1].Value = "8400.01" }, codes.DiscloseNotInRoot},
		{"field moved to another id", func(d *disclose.Disclosure) { d.Fields[1].ID, d.Fields[1].Name = "untded:5004:125", "net-total" }, codes.DiscloseNotInRoot},
		{"path for another root", func(d *disclose.Disclosure) { d.Fields[0].Path = otherD.Fields[0].Path }, codes.DiscloseNotInRoot},
		{"a whole disclosure for another root", func(d *disclose.Disclosure) {
			d.Root, d.Fields = otherD.Root, otherD.Fields
		}, codes.DiscloseAnchorMismatch},
		{"changed salt", func(d *disclose.Disclosure) { d.Fields[0].Salt[7] ^= 1 }, codes.DiscloseNotInRoot},
		{"salt reused across fields", func(d *disclose.Disclosure) { d.Fields[1].Salt = d.Fields[0].Salt }, codes.DiscloseSaltReused},
		{"changed count", func(d *disclose.Disclosure) { d.Count++ }, codes.DiscloseNotInRoot},
		{"changed document hash", func(d *disclose.Disclosure) { d.DocHash[0] ^= 1 }, codes.DiscloseAnchorMismatch},
		{"no certificate", func(d *disclose.Disclosure) { d.Certificate = nil }, codes.DiscloseNoCertificate},
		{"changed certificate", func(d *disclose.Disclosure) {
			// One character of the first record's base64 value, replaced
			// by another base64 character.
			i := bytes.Index(d.Certificate, []byte(`"value": "`)) + len(`"value": "`) + 3
			if d.Certificate[i] == 'A' {
				d.Certificate[i] = 'B'
			} else {
				d.Certificate[i] = 'A'
			}
		}, codes.DiscloseCertificateFails},
	}
	for _, c := range cases {
		d := *orig
		d.Fields = append([]disclose.Revealed(nil), orig.Fields...)
		d.Certificate = append([]byte(nil), orig.Certificate...)
		c.change(&d)
		data, err := disclose.Encode(&d)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		p := filepath.Join(dir, "tampered.json")
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		v, err := verify(p)
		if err == nil || v.Valid || v.Code != c.want.Error() || len(v.Disclosed) != 0 {
			t.Fatalf("%s: err %v, verdict %+v, want code %s", c.name, err, v, c.want)
		}
	}
	// A file that is not a disclosure at all is refused with its code.
	p := filepath.Join(dir, "garbage.json")
	_ = os.WriteFile(p, append(good[:len(good)/2:len(good)/2], '}'), 0o600)
	if _, err := verify(p); codes.Of(err) != codes.DiscloseMalformed {
		t.Fatalf("malformed disclosure: %v", err)
	}
}

func hashOfFile(t *testing.T, data []byte) string {
	t.Helper()
	docs, err := formats.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	return docs[0].CanonicalHash.String()
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

func must2(d []formats.Document, err error) []formats.Document {
	if err != nil {
		panic(err)
	}
	return d
}

// TestDiscloseOpenAttestation: an obfuscated OpenAttestation v2 document
// is its own disclosure. Its merkleRoot is anchored, its certificate
// exported, and verify --disclosure OA.json --certificate CERT.json
// checks it offline with the same lines; a changed visible value fails
// with disclose/openattestation_invalid.
func TestDiscloseOpenAttestation(t *testing.T) {
	if testing.Short() {
		t.Skip("network test")
	}
	oaPath := testdocs.Path(t, "openattestation/tradetrust-v2-invoice-obfuscated.json")
	raw := must(os.ReadFile(oaPath))
	js := netgen.DefaultJurisdictions()
	net := localnet.Start(t, localnet.Options{Validators: 1, AppState: map[string]json.RawMessage{"recognition": netgen.SampleRecognition(js)}})
	attestShanghaiTrader(t, net)
	home := keyHome(t, net, "sh-trader")
	dir := t.TempDir()
	node := net.Nodes[0].RPC
	file := filepath.Join(dir, "oa.json")
	if err := os.WriteFile(file, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	mustCLI(t, home, "tx", "invoice", "anchor", file, "--mode", "single", "--number", "OA-1", "--issue-date", "2026-11-02", "--currency", "SGD",
		"--total", "100", "--buyer-id", "0195:T26DEVNET01SG", "--from", "sh-trader", "--keyring-backend", "test", "--node", node, "-o", "json")
	certFile := filepath.Join(dir, "oa-cert.json")
	mustCLI(t, home, "query", "certificate", hashOfFile(t, raw), "--out", certFile, "--node", node)
	genesis := filepath.Join(dir, "genesis.json")
	if err := os.WriteFile(genesis, must(os.ReadFile(filepath.Join(net.Nodes[0].Home, "config", "genesis.json"))), 0o644); err != nil {
		t.Fatal(err)
	}
	net.Stop()

	stdout, _, err := runCLI(t, home, "verify", "--disclosure", file, "--certificate", certFile, "--trust", genesis, "--jurisdiction", "CN-SH")
	for _, want := range []string{"✓ OpenAttestation fields", "obfuscated hashes give targetHash", "✓ merkleRoot anchored", "✓ anchored"} {
		if !strings.Contains(stdout, want) {
			t.Fatalf("verdict lacks %q (err %v):\n%s", want, err, stdout)
		}
	}
	if err != nil || !strings.Contains(stdout, "VALID") || !strings.Contains(stdout, "disclosed fields") {
		t.Fatalf("verify: %v\n%s", err, stdout)
	}
	// Without its certificate it cannot be checked; altered, it fails.
	if _, _, err := runCLI(t, home, "verify", "--disclosure", file, "--trust", genesis); codes.Of(err) != codes.DiscloseNoCertificate {
		t.Fatalf("no certificate: %v", err)
	}
	altered := bytes.Replace(raw, []byte(`:string:`), []byte(`:string:X`), 1)
	if err := os.WriteFile(file, altered, 0o600); err != nil {
		t.Fatal(err)
	}
	stdout, _, err = runCLI(t, home, "verify", "--disclosure", file, "--certificate", certFile, "--trust", genesis, "-o", "json")
	if v := decodeJSON[disclosureVerdictJSON](t, stdout); err == nil || v.Valid || v.Code != codes.DiscloseOAInvalid.Error() || len(v.Disclosed) != 0 {
		t.Fatalf("altered document: %v %+v", err, v)
	}
}
