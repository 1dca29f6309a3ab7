package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/corridor-trade/corridor/internal/localnet"
)

// TestStatesyncTrustAndExportCLI runs the two operator commands against a
// real node: `statesync trust` prints the header hash the node has at the
// height it names; `export` refuses a running node's locked state, and on
// the stopped node writes a genesis that `genesis validate` accepts.
func TestStatesyncTrustAndExportCLI(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a network")
	}
	net := localnet.Start(t, localnet.Options{Validators: 1})
	net.WaitForHeight(3, 2*time.Minute)
	home := net.Nodes[0].Home

	out, _ := mustCLI(t, home, "statesync", "trust", "--node", net.Nodes[0].RPC, "-o", "json")
	tp := decodeJSON[TrustPoint](t, out)
	h := tp.TrustHeight
	b, err := net.Client(0).RPC.Block(context.Background(), &h)
	if err != nil {
		t.Fatal(err)
	}
	if h < 3 || tp.TrustHash != strings.ToUpper(b.Block.Hash().String()) || tp.ChainID != net.ChainID {
		t.Fatalf("trust point %+v, block %d hash %s", tp, h, b.Block.Hash())
	}
	text, _ := mustCLI(t, home, "statesync", "trust", "--node", net.Nodes[0].RPC)
	if !strings.Contains(text, "trust_hash = \"") || !strings.Contains(text, "enable = true") {
		t.Fatalf("text output lacks the config lines:\n%s", text)
	}

	if _, _, err := runCLI(t, home, "export"); err == nil || !strings.Contains(err.Error(), "stop it") {
		t.Fatalf("export of a running node: %v, want advice to stop it", err)
	}
	net.StopNode(0)
	file := filepath.Join(t.TempDir(), "exported.json")
	out, _ = mustCLI(t, home, "export", "--out", file, "--chain-id", "corridor-next", "-o", "json")
	res := decodeJSON[ExportResult](t, out)
	if res.ChainID != "corridor-next" || res.SourceChainID != net.ChainID || res.Height < 3 || res.InitialHeight != res.Height+1 || res.Records == 0 || res.Validators != 1 {
		t.Fatalf("export result %+v", res)
	}
	out, _ = mustCLI(t, home, "genesis", "validate", file, "-o", "json")
	if chk := decodeJSON[GenesisCheck](t, out); !chk.Valid || chk.ChainID != "corridor-next" {
		t.Fatalf("genesis validate of the export: %+v", chk)
	}
}
