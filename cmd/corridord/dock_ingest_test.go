package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/corridor-trade/corridor/internal/ingest"
	"github.com/corridor-trade/corridor/internal/keyring"
	"github.com/corridor-trade/corridor/internal/localnet"
	"github.com/corridor-trade/corridor/internal/testdocs"
)

// buildBinary builds corridord into a temporary directory.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "corridord")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// ingestSetup starts a one-validator network, imports sg-trader's key into
// a test keyring under home and copies the chosen samples into a fresh
// directory (outside the repository).
func ingestSetup(t *testing.T, samples []string) (net *localnet.Network, home, dir string) {
	t.Helper()
	src := testdocs.Dir(t)
	if testing.Short() {
		t.Skip("network test")
	}
	net = localnet.Start(t, localnet.Options{Validators: 1})
	net.WaitForHeight(1, time.Minute)
	home = t.TempDir()
	kr, err := keyring.Open(keyring.BackendTest, filepath.Join(home, "keyring"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := kr.Import("sg-trader", net.Keys["sg-trader"].Bytes()); err != nil {
		t.Fatal(err)
	}
	dir = t.TempDir()
	for _, s := range samples {
		b, err := os.ReadFile(filepath.Join(src, s))
		if err != nil {
			t.Skipf("sample %s: %v", s, err)
		}
		dst := filepath.Join(dir, filepath.FromSlash(s))
		if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return net, home, dir
}

// journalCounts returns the intents and outcomes in a journal file.
func journalCounts(path string) (intents, outcomes int) {
	b, _ := os.ReadFile(path)
	for _, line := range bytes.Split(b, []byte("\n")) {
		switch {
		case bytes.Contains(line, []byte(`"op":"intent"`)):
			intents++
		case bytes.Contains(line, []byte(`"op":"outcome"`)):
			outcomes++
		}
	}
	return
}

// readReceipts parses the JSON lines of an ingest run.
func readReceipts(t *testing.T, out []byte) map[string]ingest.Receipt {
	t.Helper()
	m := map[string]ingest.Receipt{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Bytes()
		if bytes.HasPrefix(line, []byte(`{"summary"`)) {
			continue
		}
		var r ingest.Receipt
		if err := json.Unmarshal(line, &r); err != nil {
			t.Fatalf("receipt line %q: %v", line, err)
		}
		if _, dup := m[r.File]; dup {
			t.Fatalf("two receipts for %s", r.File)
		}
		m[r.File] = r
	}
	return m
}

var ingestSamples = []string{
	"ubl/en16931-ubl-tc434-creditnote1.xml", "ubl/en16931-ubl-tc434-example1.xml", "ubl/peppol-bis3-Allowance-example.xml",
	"ubl/peppol-bis3-base-creditnote-correction.xml", "ubl/peppol-bis3-base-example.xml", "ubl/peppol-bis3-vat-category-Z.xml",
	"ubl/pint-sg-cn-01-credit-note.xml", "ubl/pint-sg-inv-02-full-valid-invoice.xml", "ubl/pint-sg-inv-06-foreign-currency.xml",
	"ubl/pint-sg-inv-07-foreign-buyer.xml", "ubl/pint-sg-inv-14-paynow.xml",
	"cii/en16931-CII_business_example_02.xml", "cii/en16931-CII_example1.xml", "cii/en16931-CII_example3.xml", "cii/en16931-CII_example4.xml",
	"edifact/en16931-EDIFACT_EXAMPLE0.TXT", "edifact/en16931-EDIFACT_EXAMPLE1.TXT", "edifact/staedi-invoic_d97b.edi", "edifact/staedi-invoic_d97b_una.edi",
	"openattestation/tradetrust-v2-invoice.json", "openattestation/oa-v2-obfuscated-wrapped.json",
	"iso20022/fedwire-CustomerCreditTransfer_Scenario1_Step1_pacs.008.xml", "iso20022/fedwire-CustomerCreditTransfer_Scenario1_Step2_pacs.002.xml",
	"vc/vc2-eddsa-jcs-2022-signedJCS.json",
	"vc/did-web-spec-example1-jwk-INVALID-trailing-comma.json",
}

// TestDockIngestKilledAndResumed runs dock ingest as a real process, kills
// it with SIGKILL while a transaction is in flight (journaled, not known to
// be committed), reruns it, and checks on chain that every invoice file is
// anchored exactly once: the batches the chain holds cover each distinct
// document exactly once, and every receipt's inclusion path leads to an
// anchored root. A third run sends nothing.
func TestDockIngestKilledAndResumed(t *testing.T) {
	bin := buildBinary(t)
	net, home, dir := ingestSetup(t, ingestSamples)
	journal := filepath.Join(dir, ingest.WorkDir, "journal.jsonl")
	args := []string{"dock", "ingest", dir, "--from", "sg-trader", "--keyring-backend", "test", "--home", home,
		"--node", net.Nodes[0].RPC, "--batch-size", "3", "-o", "json"}

	// Run 1, killed mid-way.
	cmd := exec.Command(bin, args...)
	var out1 bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out1, &out1
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	deadline := time.After(90 * time.Second)
	killed := false
	for !killed {
		select {
		case err := <-exited:
			t.Fatalf("ingest finished (%v) before it could be killed:\n%s", err, out1.String())
		case <-deadline:
			_ = cmd.Process.Kill()
			t.Fatal("ingest never had a second transaction in flight")
		case <-time.After(2 * time.Millisecond):
		}
		if in, outc := journalCounts(journal); in >= 2 && in > outc {
			_ = cmd.Process.Signal(syscall.SIGKILL)
			killed = true
		}
	}
	err := <-exited
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("run 1 was not killed: %v", err)
	}
	in, outc := journalCounts(journal)
	t.Logf("killed with %d intents and %d outcomes in the journal", in, outc)

	// Run 2 resumes.
	run2 := exec.Command(bin, args...)
	var stderr2 bytes.Buffer
	run2.Stderr = &stderr2
	out2, err := run2.Output()
	t.Logf("run 2 stderr:\n%s", stderr2.String())
	// The transaction in flight at the kill was settled before anything
	// else was decided.
	if !strings.Contains(stderr2.String(), "journal: batch") {
		t.Errorf("run 2 did not settle the open journal entry")
	}
	if err == nil {
		t.Fatal("run 2 exited 0 although some files cannot be anchored")
	}
	receipts := readReceipts(t, out2)
	if len(receipts) != len(ingestSamples) {
		t.Fatalf("%d receipts for %d files:\n%s", len(receipts), len(ingestSamples), out2)
	}
	want := map[string]string{
		"openattestation/oa-v2-obfuscated-wrapped.json":                        ingest.StatusRejected,
		"iso20022/fedwire-CustomerCreditTransfer_Scenario1_Step1_pacs.008.xml": ingest.StatusNotAnchored,
		"iso20022/fedwire-CustomerCreditTransfer_Scenario1_Step2_pacs.002.xml": ingest.StatusSkipped,
		"vc/vc2-eddsa-jcs-2022-signedJCS.json":                                 ingest.StatusSkipped,
		"vc/did-web-spec-example1-jwk-INVALID-trailing-comma.json":             ingest.StatusRejected,
	}
	docRoot := map[string]string{} // document hash -> batch root
	for file, r := range receipts {
		if w, ok := want[file]; ok {
			if r.Status != w {
				t.Errorf("%s: %s, want %s (%+v)", file, r.Status, w, r.Error)
			}
			continue
		}
		if r.Status != ingest.StatusAnchored && r.Status != ingest.StatusAlreadyAnchored {
			t.Errorf("%s: %s %+v", file, r.Status, r.Error)
			continue
		}
		if r.Via != "batch" || r.Root == "" || len(r.Documents) == 0 || r.Height == 0 {
			t.Errorf("%s: receipt %+v", file, r)
		}
		for _, d := range r.Documents {
			if prev, ok := docRoot[d.CanonicalHash]; ok && prev != r.Root {
				t.Errorf("document %s of %s is in two batches %s and %s", d.CanonicalHash, file, prev, r.Root)
			}
			docRoot[d.CanonicalHash] = r.Root
		}
	}
	if r := receipts["iso20022/fedwire-CustomerCreditTransfer_Scenario1_Step1_pacs.008.xml"]; r.Error == nil || r.Error.Rule != "payment.unknown-invoice" {
		t.Errorf("pacs.008 receipt: %+v", r.Error)
	}
	if r := receipts["vc/did-web-spec-example1-jwk-INVALID-trailing-comma.json"]; r.Error == nil || r.Error.Rule != "json.syntax" || !strings.Contains(r.Error.Where, "line") {
		t.Errorf("malformed receipt: %+v", r.Error)
	}

	// On chain: the issuer's batches, from the transaction index.
	c := net.Client(0)
	ctx := context.Background()
	addr := net.Keys["sg-trader"].PubKey().Address().String()
	chainCount := map[string]uint64{}
	res, err := c.RPC.TxSearch(ctx, fmt.Sprintf("invoice_batch.issuer='%s'", addr), false, nil, nil, "asc")
	if err != nil {
		t.Fatal(err)
	}
	for _, tr := range res.Txs {
		if tr.TxResult.Code != 0 {
			continue
		}
		for _, ev := range tr.TxResult.Events {
			if ev.Type != "invoice_batch" {
				continue
			}
			var root, count string
			for _, a := range ev.Attributes {
				switch a.Key {
				case "root":
					root = a.Value
				case "count":
					count = a.Value
				}
			}
			var n uint64
			fmt.Sscan(count, &n)
			if _, dup := chainCount[root]; dup {
				t.Errorf("root %s anchored twice", root)
			}
			chainCount[root] = n
		}
	}
	var total uint64
	for _, n := range chainCount {
		total += n
	}
	if total != uint64(len(docRoot)) {
		t.Fatalf("the chain's batches hold %d documents; the directory has %d distinct anchorable documents (something was anchored twice or skipped)", total, len(docRoot))
	}
	for file, r := range receipts {
		if r.Batch == nil {
			continue
		}
		n, ok := chainCount[r.Root]
		if !ok || r.Batch.Root.String() != r.Root || r.Batch.Count != n || len(r.Batch.Members) != len(r.Documents) {
			t.Fatalf("%s: batch %+v, root %s on chain with %d documents (%v)", file, r.Batch, r.Root, n, ok)
		}
		for _, m := range r.Batch.Members {
			if !m.Verify(r.Batch.Root, n) || m.File != file {
				t.Fatalf("%s: inclusion path of %s does not lead to %s", file, m.DocHash, r.Root)
			}
		}
	}

	// Run 3 sends nothing new.
	in2, _ := journalCounts(journal)
	out3, _ := exec.Command(bin, args...).Output()
	for file, r := range readReceipts(t, out3) {
		if _, special := want[file]; !special && r.Status != ingest.StatusAlreadyAnchored {
			t.Errorf("run 3: %s is %s", file, r.Status)
		}
	}
	if in3, _ := journalCounts(journal); in3 != in2 {
		t.Errorf("run 3 submitted %d transactions", in3-in2)
	}
	if _, err := os.Stat(filepath.Join(dir, ingest.WorkDir, "receipts", "ubl%2Fpeppol-bis3-base-example.xml.json")); err != nil {
		t.Errorf("receipt file: %v", err)
	}
}
