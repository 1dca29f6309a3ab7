package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/internal/localnet"
	"github.com/corridor-trade/corridor/internal/netgen"
	"github.com/corridor-trade/corridor/internal/testdocs"
	"github.com/corridor-trade/corridor/x/title"
)

// TestTitleCLI runs the README's eBL tour (README, "Transferable
// records") through the real CLI against a one-validator network with the
// devnet's legal-effect table: the same commands, in the same order, in
// text and JSON, with the refusals the tour shows.
func TestTitleCLI(t *testing.T) {
	if testing.Short() {
		t.Skip("network test")
	}
	net := localnet.Start(t, localnet.Options{Validators: 1, AppState: map[string]json.RawMessage{"title": netgen.SampleTitle()}})
	home := keyHome(t, net, "sh-operator", "sh-trader", "sg-bank", "hk-trader", "hk-bank")
	cli := func(args ...string) (string, string, error) {
		if args[0] != "keys" {
			args = append(args, "--node", net.Nodes[0].RPC)
		}
		if args[0] == "tx" || args[0] == "keys" || strings.Contains(strings.Join(args, " "), "held-by") {
			args = append(args, "--keyring-backend", "test")
		}
		return runCLI(t, home, args...)
	}
	must := func(want string, args ...string) string {
		t.Helper()
		out, errOut, err := cli(args...)
		if err != nil || !strings.Contains(out+errOut, want) {
			t.Fatalf("corridord %s: %v\n%s%s\n(want %q)", strings.Join(args, " "), err, out, errOut, want)
		}
		return out
	}
	refused := func(code string, args ...string) {
		t.Helper()
		out, errOut, err := cli(args...)
		if err == nil || !strings.Contains(out+errOut+err.Error(), code) {
			t.Fatalf("corridord %s: want refusal %s, got %v\n%s%s", strings.Join(args, " "), code, err, out, errOut)
		}
	}

	must("HK: not in force", "query", "title", "legal-effect")
	must("SG: legal effect under", "query", "title", "legal-effect", "CN-SH,SG,HK")
	if _, _, err := cli("keys", "add", "sh-carrier"); err != nil {
		t.Fatal(err)
	}
	must("committed", "tx", "member", "add", "sh-carrier", "--roles", "trader", "--label", "sh-carrier", "--from", "sh-operator")
	bl := "6b1d0c3e3b0f4b7c9a2e5d8f1a3c5e7b9d0f2a4c6e8b0d2f4a6c8e0b2d4f6a8c"
	out := must(`"created_kind": "record"`, "tx", "title", "issue", "--doc-hash", bl, "--kind", "ebl", "--owner", "sh-trader", "--holder", "sh-trader",
		"--reference", "SHCAR-2026-0042", "--from", "sh-carrier", "-o", "json")
	id := decodeJSON[txOutput](t, out).CreatedID
	if len(id) != 64 {
		t.Fatalf("issue printed no record id: %s", out)
	}
	must("committed", "tx", "title", "endorse", id, "--to", "sg-bank", "--holder", "sg-bank", "--from", "sh-trader")
	must("committed", "tx", "title", "transfer", id, "--to", "hk-trader", "--from", "sg-bank")
	refused("title/not_owner", "tx", "title", "surrender", id, "--from", "hk-trader")
	must("committed", "tx", "title", "nominate", id, "--nominee", "hk-trader", "--from", "sg-bank")
	must("committed", "tx", "title", "endorse", id, "--to", "hk-trader", "--from", "hk-trader")
	out = must("state transferred", "query", "title", id, "--route", "CN-SH,SG,HK")
	for _, want := range []string{"history", "endorse", "transfer-holder", "nominate", "✓ SG: legal effect under", "✗ HK: no legal effect", "paper fallback needed"} {
		if !strings.Contains(out, want) {
			t.Fatalf("query title (text) lacks %q:\n%s", want, out)
		}
	}
	must("holder", "query", "title", "held-by", "hk-trader")
	must("committed", "tx", "title", "surrender", id, "--from", "hk-trader")
	must("committed", "tx", "title", "accept-surrender", id, "--from", "sh-carrier")
	refused("title/spent", "tx", "title", "transfer", id, "--to", "hk-bank", "--from", "hk-trader")
	out = must(`"state": "spent"`, "query", "title", id, "-o", "json")
	if v := decodeJSON[title.View](t, out); len(v.History) != 7 || len(v.Allowed) != 0 {
		t.Fatalf("spent record: %s", out)
	}
	// Unset addresses (no nominee, no prev, the from_holder) are
	// absent, not the zero address.
	if zero := (secp.Address{}).String(); strings.Contains(out, zero) || strings.Contains(out, `"nominee"`) || strings.Contains(out, `"from_holder": "`+zero) {
		t.Fatalf("query title -o json shows unset addresses:\n%s", out)
	}

	// The TradeTrust eBL sample leaves its token registry for this network.
	ebl := testdocs.Path(t, "openattestation/tradetrust-v2-ebl-withoutnetwork.json")
	out = must(`"created_kind": "record"`, "tx", "title", "import", ebl, "--owner", "sh-trader", "--holder", "sh-trader", "--from", "sh-carrier", "-o", "json")
	imported := decodeJSON[txOutput](t, out).CreatedID
	out = must("imported  token a0bf0f3823a8857d068740c6f936eeab2de0516161924f84fe4c1ef6061732d2 of registry 0x9eb613a88534e2939518f4ffbfe65f5969b491ff on EVM chain 20180427", "query", "title", imported)
	refused("title/record_exists", "tx", "title", "import", ebl, "--owner", "sh-trader", "--holder", "sh-trader", "--from", "sh-carrier")
	refused("names chain 20180427", "tx", "title", "import", ebl, "--owner", "sh-trader", "--holder", "sh-trader", "--evm-chain-id", "1", "--from", "sh-carrier")
	_ = out
}
