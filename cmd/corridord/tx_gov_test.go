package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/corridor-trade/corridor/internal/keyring"
	"github.com/corridor-trade/corridor/internal/localnet"
	"github.com/corridor-trade/corridor/x/gov"
)

// TestGovCLI runs propose, approve, reject, withdraw and the gov queries
// through the real CLI against a one-validator network, in text and JSON,
// and checks that a refusal says what to do.
func TestGovCLI(t *testing.T) {
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
	for _, n := range []string{"sh-operator", "sg-operator", "hk-operator"} {
		if _, err := kr.Import(n, net.Keys[n].Bytes()); err != nil {
			t.Fatal(err)
		}
	}
	cli := func(args ...string) (string, string, error) {
		args = append(args, "--node", net.Nodes[0].RPC)
		if args[0] == "tx" {
			args = append(args, "--keyring-backend", "test")
		}
		return runCLI(t, home, args...)
	}

	out, _, err := cli("tx", "gov", "propose", "params-set", "--params", `{"max_tx_bytes":1048576,"max_msgs":64,"pending_quota":300}`,
		"--summary", "more pending", "--from", "sh-operator", "-o", "json")
	if err != nil {
		t.Fatalf("propose: %v %s", err, out)
	}
	if res := decodeJSON[txOutput](t, out); res.CreatedKind != "proposal" || res.CreatedID != "1" {
		t.Fatalf("propose printed %s, want created proposal 1", out)
	}
	if out, _, err := cli("tx", "gov", "reject", "1", "--from", "hk-operator"); err != nil || !strings.Contains(out, "committed") {
		t.Fatalf("reject: %v %s", err, out)
	}
	out, _, err = cli("query", "gov", "proposal", "1")
	if err != nil || !strings.Contains(out, "status:    rejected") || !strings.Contains(out, "HK     rejected") {
		t.Fatalf("query proposal (text): %v\n%s", err, out)
	}
	out, _, err = cli("tx", "gov", "approve", "1", "--from", "sg-operator")
	if err == nil || !strings.Contains(out, "gov/not_open") || !strings.Contains(out, "what to do:") {
		t.Fatalf("approving a closed proposal: %v\n%s", err, out)
	}
	if _, _, err := cli("tx", "gov", "propose", "params-set", "--params", `{"max_tx_bytes":1048576,"max_msgs":64,"pending_quota":301}`, "--from", "sh-operator"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := cli("tx", "gov", "withdraw", "2", "--from", "sh-operator"); err != nil {
		t.Fatal(err)
	}
	out, _, err = cli("query", "gov", "proposals", "--status", "withdrawn", "-o", "json")
	if err != nil {
		t.Fatal(err)
	}
	if ps := decodeJSON[[]gov.View](t, out); len(ps) != 1 || ps[0].ID != 2 || len(ps[0].Votes) != 1 {
		t.Fatalf("withdrawn proposals: %s", out)
	}
	if _, errOut, err := cli("tx", "gov", "propose", "class-set", "--class", "own", "--num", "1", "--den", "1", "--from", "sh-operator"); err == nil {
		t.Fatalf("class-set of own accepted: %s", errOut)
	} else if !strings.Contains(err.Error(), "what to do:") {
		t.Fatalf("a refusal before sending must say what to do: %v", err)
	}
}
