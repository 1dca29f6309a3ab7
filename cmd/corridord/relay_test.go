package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/internal/keyring"
	"github.com/corridor-trade/corridor/internal/localnet"
	"github.com/corridor-trade/corridor/internal/netgen"
	"github.com/corridor-trade/corridor/x/docking"
	"github.com/corridor-trade/corridor/x/identity"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/recognition"
)

func mustSubmit(t *testing.T, c *client.Client, key *secp.PrivKey, msgs ...kit.Msg) {
	t.Helper()
	res, err := c.Submit(context.Background(), key, client.SubmitOptions{Wait: 30 * time.Second}, msgs...)
	if err != nil || !res.OK() {
		t.Fatalf("%s: %v %+v", msgs[0].Type(), err, res)
	}
}

// TestRelayCLI drives the docking commands and `relay` against two
// single-validator chains: register the source by CLI, relay an anchor
// with --once (twice: the second run finds it held), then a notary client
// round trip with two offline notary signatures.
func TestRelayCLI(t *testing.T) {
	appState := map[string]json.RawMessage{"recognition": netgen.SampleRecognition(netgen.DefaultJurisdictions())}
	sw := localnet.Start(t, localnet.Options{ChainID: "sw-cn-1", Validators: 1, AppState: appState})
	co := localnet.Start(t, localnet.Options{ChainID: "corridor-1", Validators: 1, AppState: appState})
	sw.WaitForHeight(2, time.Minute)
	co.WaitForHeight(2, time.Minute)
	swNode, coNode := sw.Nodes[0].RPC, co.Nodes[0].RPC

	home := t.TempDir()
	kr, err := keyring.Open(keyring.BackendTest, filepath.Join(home, "keyring"), nil)
	if err != nil {
		t.Fatal(err)
	}
	notary1, _ := secp.GenPrivKey()
	notary2, _ := secp.GenPrivKey()
	for name, k := range map[string]*secp.PrivKey{"sg-operator": co.Keys["sg-operator"], "sg-bank": co.Keys["sg-bank"], "notary1": notary1, "notary2": notary2} {
		if _, err := kr.Import(name, k.Bytes()); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("CORRIDORD_KEYRING_BACKEND", "test")

	if _, _, err := runCLI(t, home, "relay", "--src", swNode, "--dst", coNode, "--from", "sg-bank"); err == nil || !strings.Contains(err.Error(), "--hash") {
		t.Fatalf("relay without a selection: %v", err)
	}
	if _, _, err := runCLI(t, home, "relay", "--src", swNode, "--dst", coNode, "--from", "sg-bank", "--all", "--once"); err == nil || !strings.Contains(err.Error(), "register") {
		t.Fatalf("relay before registration: %v", err)
	}
	mustCLI(t, home, "tx", "docking", "register-cometbft", "--counterparty-node", swNode, "--node", coNode, "--from", "sg-operator", "--description", "Shanghai single window")
	mustSubmit(t, co.Client(0), co.Keys["sg-attester"], &identity.MsgAttest{Subject: identity.AddressSubject(co.Keys["sg-operator"].PubKey().Address()),
		Claim: identity.ClaimLegalEntity, Scheme: "uen", CredentialHash: sha256.Sum256([]byte("registry extract"))})

	issuer := sw.Keys["sh-trader"].PubKey().Address()
	fp, _ := invoice.Fingerprint(issuer, "CLI-0001")
	anchor := &invoice.MsgAnchor{DocHash: sha256.Sum256([]byte("cli invoice")), Profile: invoice.ProfileCII, Fingerprint: fp,
		BuyerMember: sw.Keys["sg-trader"].PubKey().Address(), IssueDate: "2026-11-21", Currency: "CNY", Total: "12.5"}
	mustSubmit(t, sw.Client(0), sw.Keys["sh-trader"], anchor)
	hash := anchor.DocHash.String()

	journal := filepath.Join(home, "relay.journal")
	relay := []string{"relay", "--src", swNode, "--dst", coNode, "--from", "sg-bank", "--hash", hash, "--once", "--journal", journal, "-o", "json"}
	out, _ := mustCLI(t, home, relay...)
	if st := decodeJSON[map[string]int](t, out); st["Docked"] != 1 || st["Updates"] != 1 {
		t.Fatalf("first relay: %s", out)
	}
	out, _ = mustCLI(t, home, relay...)
	if st := decodeJSON[map[string]int](t, out); st["Docked"] != 0 || st["Held"] != 1 || st["Updates"] != 0 {
		t.Fatalf("second relay: %s", out)
	}
	out, _ = mustCLI(t, home, "query", "docking", "anchors", hash, "--node", coNode, "-o", "json")
	if anchors := decodeJSON[[]map[string]any](t, out); len(anchors) != 1 || anchors[0]["chain_id"] != "sw-cn-1" || anchors[0]["issuer"] != issuer.String() {
		t.Fatalf("anchors: %s", out)
	}
	out, _ = mustCLI(t, home, "query", "docking", "client", "sw-cn-1", "--node", coNode, "-o", "json")
	if c := decodeJSON[docking.ClientAnswer](t, out); c.Client.Status != docking.StatusActive || c.Client.Jurisdiction != "SG" {
		t.Fatalf("client: %s", out)
	}
	out, _ = mustCLI(t, home, "query", "docking", "self", "--node", coNode, "-o", "json")
	if s := decodeJSON[docking.SelfView](t, out); s.ChainID != "corridor-1" || len(s.Validators) != 1 {
		t.Fatalf("self: %s", out)
	}

	// A Fabric channel vouched for by two notaries.
	mustCLI(t, home, "tx", "docking", "register-notary", "fabric-trade-1", "--notary", notary1.PubKey().String(),
		"--notary", notary2.PubKey().String(), "--threshold", "2", "--node", coNode, "--from", "sg-operator")
	value := filepath.Join(home, "record.json")
	doc := sha256.Sum256([]byte("fabric document"))
	if err := os.WriteFile(value, []byte(`{"status":"ISSUED"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	record := []string{"--chain", "fabric-trade-1", "--height", "812", "--key", "INV~F-1", "--value-file", value,
		"--doc-hash", hex.EncodeToString(doc[:]), "--profile", "ubl-2.1"}
	var sigs []string
	for _, n := range []string{"notary1", "notary2"} {
		out, _ := mustCLI(t, home, append([]string{"tx", "docking", "notary-sign", "--from", n}, record...)...)
		sigs = append(sigs, "--sig", strings.TrimSpace(out))
	}
	dock := append([]string{"tx", "docking", "dock-notarised", "--node", coNode, "--from", "sg-bank"}, record...)
	if _, _, err := runCLI(t, home, append(dock, sigs[:2]...)...); err == nil {
		t.Fatal("one notary signature of two docked")
	}
	mustCLI(t, home, append(dock, sigs...)...)
	var v recognition.Verdict
	if err := co.Client(0).Query(context.Background(), "/recognition/"+hex.EncodeToString(doc[:])+"/SG", &v); err != nil || !v.Recognized {
		t.Fatalf("notarised document: %+v %v", v, err)
	}
}
