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
	"github.com/corridor-trade/corridor/internal/ingest"
	"github.com/corridor-trade/corridor/internal/localnet"
	"github.com/corridor-trade/corridor/internal/netgen"
)

// TestDockIngestFields: the docking door anchors with field commitments
// like tx invoice anchor --fields. Each invoice's secrets land beside its
// file, 0600, before anything is sent, and its receipt names them; a
// member of the batch is then disclosed with its receipt as the batch file
// and verifies offline. A rerun sends nothing and rewrites no secrets
// file; a secrets file left by a run that never anchored (one that matches
// its document) is reused, so it matches the anchor; one of another
// document is never overwritten and its file is not anchored
// (disclose/secrets_exist).
func TestDockIngestFields(t *testing.T) {
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
	dir, work := t.TempDir(), t.TempDir()
	node := net.Nodes[0].RPC
	invoiceNo := func(n string) []byte {
		return bytes.ReplaceAll(sample, []byte("SH-EXAMPLE-2026-0042"), []byte("SH-EXAMPLE-2026-"+n))
	}
	write := func(name string, data []byte) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	a := write("a.xml", invoiceNo("0061"))
	write("b.xml", invoiceNo("0062"))
	// c.xml: secrets an interrupted run wrote and never anchored (they match).
	c := write("c.xml", invoiceNo("0063"))
	cdocs, _ := formats.Parse(invoiceNo("0063"))
	left, err := disclose.NewSecrets(&cdocs[0], rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if err := client.WriteSecrets(c+client.SecretsSuffix, left); err != nil {
		t.Fatal(err)
	}
	// d.xml: a secrets file beside it that holds another document's salts.
	d := write("d.xml", invoiceNo("0064"))
	if err := os.WriteFile(d+client.SecretsSuffix, must(os.ReadFile(c+client.SecretsSuffix)), 0o600); err != nil {
		t.Fatal(err)
	}
	stale := must(os.ReadFile(d + client.SecretsSuffix))

	args := []string{"dock", "ingest", dir, "--fields", "--from", "sh-trader", "--keyring-backend", "test", "--node", node, "-o", "json"}
	stdout, _, err := runCLI(t, home, args...)
	if err == nil {
		t.Fatal("ingest with a foreign secrets file exited 0")
	}
	rc := readReceipts(t, []byte(stdout))
	if len(rc) != 4 {
		t.Fatalf("want 4 receipts (no secrets file is a document), got %d: %v", len(rc), stdout)
	}
	for _, f := range []string{"a.xml", "b.xml", "c.xml"} {
		r := rc[f]
		if r.Status != ingest.StatusAnchored || len(r.Secrets) != 1 || r.Secrets[0] != f+client.SecretsSuffix {
			t.Fatalf("%s: status %s, secrets %v", f, r.Status, r.Secrets)
		}
		st, err := os.Stat(filepath.Join(dir, r.Secrets[0]))
		if err != nil || st.Mode().Perm() != 0o600 {
			t.Fatalf("%s: secrets file %v %v", f, err, st)
		}
	}
	if r := rc["d.xml"]; r.Status != ingest.StatusNotAnchored || r.Error == nil || r.Error.Error != codes.DiscloseSecretsExist.Error() {
		t.Fatalf("d.xml: %+v %+v", r, r.Error)
	}
	if !bytes.Equal(must(os.ReadFile(d+client.SecretsSuffix)), stale) {
		t.Fatal("the foreign secrets file beside d.xml was overwritten")
	}
	if reused, _ := client.ReadSecrets(c + client.SecretsSuffix); reused == nil || reused.Root != left.Root {
		t.Fatal("the secrets left beside c.xml were replaced")
	}
	var line bytes.Buffer
	printReceipt(&line, false, &ingest.Receipt{Status: ingest.StatusAnchored, File: "a.xml", Secrets: rc["a.xml"].Secrets})
	if !strings.Contains(line.String(), "field secrets a.xml.secrets.json (keep it)") {
		t.Fatalf("the text receipt does not say where the secrets went: %s", line.String())
	}

	// A rerun sends nothing and rewrites no secrets file.
	before := must(os.ReadFile(a + client.SecretsSuffix))
	stdout, _, _ = runCLI(t, home, args...)
	for f, r := range readReceipts(t, []byte(stdout)) {
		if f != "d.xml" && r.Status != ingest.StatusAlreadyAnchored {
			t.Errorf("rerun: %s is %s", f, r.Status)
		}
	}
	if !bytes.Equal(must(os.ReadFile(a+client.SecretsSuffix)), before) {
		t.Fatal("the rerun rewrote a.xml's secrets")
	}

	// Disclose a batch member (its receipt is the batch file) and a reused
	// one, and verify both offline.
	receipt := func(f string) string {
		b, _ := json.Marshal(rc[f])
		p := filepath.Join(work, f+".receipt.json")
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	var files []string
	for _, f := range []string{"a.xml", "c.xml"} {
		out := filepath.Join(work, f+".disclosure.json")
		disc := []string{"disclose", filepath.Join(dir, f), "--fields", "seller.id,total", "--out", out, "--node", node}
		if rc[f].Batch != nil {
			disc = append(disc, "--batch", receipt(f))
		}
		mustCLI(t, home, disc...)
		files = append(files, out)
	}
	genesis := filepath.Join(work, "genesis.json")
	if err := os.WriteFile(genesis, must(os.ReadFile(filepath.Join(net.Nodes[0].Home, "config", "genesis.json"))), 0o644); err != nil {
		t.Fatal(err)
	}
	net.Stop()
	for _, f := range files {
		out, _, err := runCLI(t, home, "verify", "--disclosure", f, "--trust", genesis, "-o", "json")
		var v disclosureVerdictJSON
		if jerr := json.Unmarshal([]byte(out), &v); jerr != nil || err != nil || !v.Valid || len(v.Disclosed) != 2 || v.Disclosed[1].Value != "8400.00" {
			t.Fatalf("verify --disclosure %s: %v %v %s", filepath.Base(f), err, jerr, out)
		}
	}
}
