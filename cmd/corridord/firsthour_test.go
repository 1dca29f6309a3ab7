package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/corridor-trade/corridor/internal/keyring"
	"github.com/corridor-trade/corridor/internal/localnet"
	"github.com/corridor-trade/corridor/internal/netgen"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/kit"
)

// TestFirstHourText runs, on a one-validator network, what a new user does
// in the first hour and checks the text they see: the test-keyring
// warning once per command, query tx without Go maps, query validators as
// a table, and a removed recognition rule shown as "no rule".
func TestFirstHourText(t *testing.T) {
	if testing.Short() {
		t.Skip("network test")
	}
	js := netgen.DefaultJurisdictions()
	net := localnet.Start(t, localnet.Options{Validators: 1, AppState: map[string]json.RawMessage{"recognition": netgen.SampleRecognition(js)}})
	net.WaitForHeight(1, 2*time.Minute)
	home := t.TempDir()
	kr, err := keyring.Open(keyring.BackendTest, filepath.Join(home, "keyring"), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"sg-operator"} {
		if _, err := kr.Import(name, net.Keys[name].Bytes()); err != nil {
			t.Fatal(err)
		}
	}
	node := []string{"--node", net.Nodes[0].RPC, "--keyring-backend", "test"}

	// tx member add opens the keyring twice (the new key, the signer): one warning.
	mustCLI(t, home, append([]string{"keys", "add", "my-trader"}, node[2:]...)...)
	out, errOut := mustCLI(t, home, append([]string{"tx", "member", "add", "my-trader", "--roles", "trader", "--from", "sg-operator"}, node...)...)
	if n := strings.Count(errOut, testKeyringWarning); n != 1 {
		t.Errorf("test-keyring warning printed %d times:\n%s", n, errOut)
	}
	hash := ""
	for _, l := range strings.Split(out, "\n") {
		if h, ok := strings.CutPrefix(l, "tx "); ok {
			hash = strings.TrimSpace(h)
		}
	}
	if hash == "" {
		t.Fatalf("no tx hash in %q", out)
	}
	out, _ = mustCLI(t, home, "query", "tx", hash, "--node", net.Nodes[0].RPC)
	if strings.Contains(out, "map[") || !strings.Contains(out, "member: ") || !strings.Contains(out, "action=admitted") {
		t.Errorf("query tx text:\n%s", out)
	}

	out, _ = mustCLI(t, home, "query", "validators", "--node", net.Nodes[0].RPC)
	if strings.Contains(out, "{") || !strings.Contains(out, "1 validators, total power 10 (a block needs 7)") || !strings.Contains(out, "power 10") {
		t.Errorf("query validators text:\n%s", out)
	}
	out, _ = mustCLI(t, home, "query", "validators", "--node", net.Nodes[0].RPC, "-o", "json")
	if !strings.HasPrefix(strings.TrimSpace(out), "[") {
		t.Errorf("query validators -o json:\n%s", out)
	}

	mustCLI(t, home, append([]string{"tx", "recognition", "remove", "--in", "SG", "--attester-jurisdiction", "CN-SH", "--from", "sg-operator"}, node...)...)
	out, _ = mustCLI(t, home, "query", "mutual", "SG", "CN-SH", "--node", net.Nodes[0].RPC)
	if strings.Contains(out, "[]") || !strings.Contains(out, "no rule for every attester of CN-SH") {
		t.Errorf("mutual after the rule was removed:\n%s", out)
	}
}

// TestInvoiceText prints a real invoice view the way `query invoice` does
// without -o json.
func TestInvoiceText(t *testing.T) {
	at := kit.Stamp{Height: 12, TimeUnix: time.Date(2026, 11, 20, 8, 0, 0, 5, time.UTC).UnixNano()}
	v := invoice.InvoiceView{Profile: "ubl-2.1", IssueDate: "2026-11-14", Currency: "USD", Total: "8400.00", Status: "partially-paid",
		Anchored: at, IssuerJurisdiction: "CN-SH"}
	v.DocHash[0] = 0xab
	v.Payments = invoice.PaymentsView{Count: 1, Paid: "3000.00", Outstanding: "5400.00", IDs: []string{"9f2d"}}
	v.History = []invoice.ChangeView{{At: at, Status: "issued"}, {At: kit.Stamp{Height: 15, TimeUnix: at.TimeUnix}, Status: "partially-paid", Payment: "9f2d", Amount: "3000.00"}}
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	printQueryText(&sb, "invoice", raw)
	out := sb.String()
	for _, want := range []string{"invoice ab00", "status       partially-paid", "issued       2026-11-14, 8400.00 USD",
		"anchored at  height 12 (2026-11-20T08:00:00Z)", "paid 3000.00, outstanding 5400.00 USD", "partially-paid  at height 15", "payment 9f2d of 3000.00"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
	if strings.Contains(out, "{") {
		t.Errorf("JSON in the text layout:\n%s", out)
	}
}
