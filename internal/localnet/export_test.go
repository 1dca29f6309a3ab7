package localnet_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cometbft/cometbft/privval"
	"github.com/corridor-trade/corridor/app"
	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/config"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/internal/localnet"
	"github.com/corridor-trade/corridor/internal/node"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/membership"
)

// TestExportRoundTrip: a chain anchors an invoice and admits a member;
// its state is exported as a genesis (corridord export's code); a new
// chain started from that genesis by the same validator has every record
// of the old state, answers the same queries, and goes on making blocks
// and accepting transactions (sequences carried over).
func TestExportRoundTrip(t *testing.T) {
	if testing.Short() {
		t.Skip("starts networks")
	}
	net := localnet.Start(t, localnet.Options{Validators: 1})
	ctx := context.Background()
	net.WaitForHeight(2, 2*time.Minute)
	newKey, _ := secp.GenPrivKey()
	anchor := &invoice.MsgAnchor{DocHash: sha256.Sum256([]byte("export doc")), Profile: invoice.ProfileUBL,
		Fingerprint: sha256.Sum256([]byte("export fp")), BuyerCommit: sha256.Sum256([]byte("buyer")),
		IssueDate: "2026-11-02", Currency: "SGD", Total: "250"}
	for _, m := range []struct {
		key string
		msg kit.Msg
	}{{"sg-trader", anchor}, {"sg-operator", &membership.MsgAdmit{PubKey: newKey.PubKey(), Roles: []string{"trader"}, Label: "late"}}} {
		res, err := net.Client(0).Submit(ctx, net.Keys[m.key], client.SubmitOptions{Wait: 60 * time.Second}, m.msg)
		if err != nil || !res.OK() {
			t.Fatalf("%s: %v %+v", m.key, err, res)
		}
	}
	docPath := "/invoice/" + hex.EncodeToString(anchor.DocHash[:])
	memberPath := "/member/" + newKey.PubKey().Address().String()
	var oldDoc, oldMember json.RawMessage
	if err := net.Client(0).Query(ctx, docPath, &oldDoc); err != nil {
		t.Fatal(err)
	}
	if err := net.Client(0).Query(ctx, memberPath, &oldMember); err != nil {
		t.Fatal(err)
	}

	// Export from the stopped node.
	home := net.Nodes[0].Home
	net.StopNode(0)
	conf, err := node.LoadCometConfig(home)
	if err != nil {
		t.Fatal(err)
	}
	old, err := app.New(app.Options{Dir: conf.DBDir()})
	if err != nil {
		t.Fatal(err)
	}
	oldRecords := map[string][]byte{}
	old.DumpCommitted(func(k, v []byte) { oldRecords[string(k)] = append([]byte(nil), v...) })
	gen, err := old.ExportGenesis(0, "corridor-exported-2", net.Gen.Genesis)
	old.Close()
	if err != nil {
		t.Fatal(err)
	}
	st, err := app.ParseAppState(gen.AppState)
	if err != nil || st.Validate() != nil {
		t.Fatalf("exported app_state: %v", err)
	}

	// A new chain: the same validator key, a fresh data directory.
	newHome := filepath.Join(t.TempDir(), "exported")
	for _, f := range []string{"config.toml", "node_key.json", "priv_validator_key.json"} {
		b, err := os.ReadFile(filepath.Join(home, "config", f))
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(filepath.Join(newHome, "config"), 0o700)
		if err := os.WriteFile(filepath.Join(newHome, "config", f), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	os.MkdirAll(filepath.Join(newHome, "data"), 0o700)
	privval.LoadFilePVEmptyState(filepath.Join(newHome, "config", "priv_validator_key.json"), filepath.Join(newHome, "data", "priv_validator_state.json")).Save()
	if err := gen.SaveAs(filepath.Join(newHome, "config", "genesis.json")); err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.Log.Level = "error"
	logf, _ := os.Create(filepath.Join(newHome, "node.log"))
	defer logf.Close()
	n, err := node.New(newHome, cfg, logf)
	if err != nil {
		t.Fatal(err)
	}
	if err := n.Start(); err != nil {
		n.App.Close()
		t.Fatal(err)
	}
	stopped := false
	defer func() {
		if !stopped {
			n.Stop()
		}
	}()
	c, err := client.New(conf.RPC.ListenAddress)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.WaitForHeight(ctx, gen.InitialHeight+1, 2*time.Minute); err != nil {
		t.Fatal(err)
	}
	var newDoc, newMember json.RawMessage
	if err := c.Query(ctx, docPath, &newDoc); err != nil {
		t.Fatal(err)
	}
	if err := c.Query(ctx, memberPath, &newMember); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(oldDoc, newDoc) || !bytes.Equal(oldMember, newMember) {
		t.Fatalf("queries differ after the round trip:\n%s\n%s\nvs\n%s\n%s", oldDoc, oldMember, newDoc, newMember)
	}
	// The new chain takes transactions: the trader's sequence carried over.
	res, err := c.Submit(ctx, net.Keys["sg-trader"], client.SubmitOptions{Wait: 60 * time.Second}, &invoice.MsgAnchor{
		DocHash: sha256.Sum256([]byte("after export")), Profile: invoice.ProfileUBL, Fingerprint: sha256.Sum256([]byte("fp after")),
		BuyerCommit: sha256.Sum256([]byte("buyer")), IssueDate: "2026-11-03", Currency: "SGD", Total: "1"})
	if err != nil || !res.OK() {
		t.Fatalf("anchor on the new chain: %v %+v", err, res)
	}
	n.Stop()
	stopped = true

	// Every record of the old state is in the new one, unchanged, except
	// those the new chain rewrites: its chain-id, its block time, and what
	// the anchor above wrote (it is new: a record of the old state it
	// changed would be the sequence).
	reopened, err := app.New(app.Options{Dir: filepath.Join(newHome, "data")})
	if err != nil {
		t.Fatal(err)
	}
	defer reopened.Close()
	newRecords := map[string][]byte{}
	reopened.DumpCommitted(func(k, v []byte) { newRecords[string(k)] = v })
	changed := 0
	for k, v := range oldRecords {
		nv, ok := newRecords[k]
		switch {
		case k == kit.ChainIDKey || k == kit.BlockTimeKey:
		case !ok:
			t.Fatalf("record %q lost in the round trip", k)
		case !bytes.Equal(nv, v):
			changed++
		}
	}
	if string(newRecords["meta/chain-id"]) != "corridor-exported-2" || changed > 1 {
		t.Fatalf("chain-id %q; %d old records changed (want at most the trader's sequence)", newRecords["meta/chain-id"], changed)
	}
}
