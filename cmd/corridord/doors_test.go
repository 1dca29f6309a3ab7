package main

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cometbft/cometbft/rpc/client/local"
	"github.com/corridor-trade/corridor/anchorplan"
	"github.com/corridor-trade/corridor/api"
	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/codec"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/internal/ingest"
	"github.com/corridor-trade/corridor/internal/keyring"
	"github.com/corridor-trade/corridor/internal/localnet"
	"github.com/corridor-trade/corridor/internal/testdocs"
	"github.com/corridor-trade/corridor/proof"
	"github.com/corridor-trade/corridor/tx"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/kit"
)

// doorCase is one input fed through every door, and what must come out:
// these message types, or a refusal with this code.
type doorCase struct {
	name string
	file string // file name, as every door sees it
	data []byte
	msgs []string
	code *codes.Error
}

// doorOutcome is what one door did with one input: the messages it sent
// (read back from the chain, fingerprint and buyer commitment checked and
// then cleared, since they depend on the door's signer and salt), or the
// code it refused with.
type doorOutcome struct {
	msgs []kit.Msg
	code *codes.Error
}

func (o doorOutcome) String() string {
	if o.code != nil {
		return "refused " + o.code.Error()
	}
	var parts []string
	for _, m := range o.msgs {
		b, _ := json.Marshal(m)
		parts = append(parts, m.Type()+" "+string(b))
	}
	return strings.Join(parts, "; ")
}

// edifactInterchange returns an interchange holding the message of sample
// twice; edit changes the second copy.
func edifactInterchange(t *testing.T, sample []byte, edit func(string) string) []byte {
	t.Helper()
	s := string(sample)
	unh, unz := strings.Index(s, "UNH+"), strings.LastIndex(s, "UNZ+")
	if unh < 0 || unz < unh {
		t.Fatalf("not an EDIFACT interchange")
	}
	trailer := regexp.MustCompile(`^UNZ\+1\+`).ReplaceAllString(s[unz:], "UNZ+2+")
	return []byte(s[:unh] + s[unh:unz] + edit(s[unh:unz]) + trailer)
}

// doorCases are the inputs of TestDoorsAgree: the README's invoice, and
// shared samples (the test skips when they are absent).
func doorCases(t *testing.T) []doorCase {
	example, err := os.ReadFile(filepath.Join("..", "..", "docs", "examples", "invoice.xml"))
	if err != nil {
		t.Fatal(err)
	}
	ex0 := testdocs.Read(t, "edifact/en16931-EDIFACT_EXAMPLE0.TXT")
	two := edifactInterchange(t, ex0, func(m string) string {
		m = strings.Replace(m, "UNH+1+", "UNH+2+", 1)
		m = strings.Replace(m, "BGM+380+12115118'", "BGM+380+12115119'", 1)
		return strings.Replace(m, "UNT+171+1'", "UNT+171+2'", 1)
	})
	dup := edifactInterchange(t, testdocs.Read(t, "edifact/en16931-EDIFACT_EXAMPLE3.TXT"), func(m string) string { return m })
	oa := testdocs.Read(t, "openattestation/tradetrust-v2-invoice.json")
	altered := regexp.MustCompile(`(:string:TradeTrust Invoice v2)"`).ReplaceAll(oa, []byte(`${1} (altered)"`))
	if bytes.Equal(altered, oa) {
		t.Fatal("the OpenAttestation sample was not altered")
	}
	const A = invoice.TypeAnchor
	return []doorCase{
		{name: "one invoice", file: "invoice.xml", data: example, msgs: []string{A}},
		{name: "two invoices in one file", file: "two.edi", data: two, msgs: []string{A, A}},
		{name: "a duplicate", file: "dup.edi", data: dup, msgs: []string{A}},
		{name: "a missing buyer id", file: "nobuyer.xml", data: testdocs.Read(t, "cii/en16931-CII_example1.xml"), code: codes.PlanNoBuyer},
		{name: "an altered OpenAttestation file", file: "altered.json", data: altered, code: codes.PlanIntegrity},
		{name: "a non-invoice document", file: "credential.jsonld", data: testdocs.Read(t, "vc/vc11-example-1.jsonld"), code: codes.PlanNotAnchorable},
		{name: "a credit note (a batch of one)", file: "credit.xml", data: testdocs.Read(t, "ubl/pint-sg-cn-01-credit-note.xml"), msgs: []string{invoice.TypeAnchorBatch}},
	}
}

// facts are what the test reads from each document itself (with the
// parser, not the planner): its invoice number and buyer identifier.
type facts struct{ number, buyer string }

func docFacts(t *testing.T, cases []doorCase) map[invoice.Hash]facts {
	out := map[invoice.Hash]facts{}
	for _, c := range cases {
		docs, err := formats.Parse(c.data)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		for _, d := range docs {
			if d.Invoice != nil {
				out[invoice.Hash(d.CanonicalHash)] = facts{d.Invoice.Number, d.Invoice.BuyerID}
			}
		}
	}
	return out
}

// normalise checks the fields of msgs that depend on the door's signer
// and salt (the fingerprint, salted with the issuer; the buyer commitment,
// salted with the salt the door reported) and clears them.
func normalise(t *testing.T, door string, msgs []kit.Msg, issuer secp.Address, salt string, fs map[invoice.Hash]facts) []kit.Msg {
	t.Helper()
	var s [32]byte
	if b, err := hex.DecodeString(salt); err == nil {
		copy(s[:], b)
	}
	for _, m := range msgs {
		a, ok := m.(*invoice.MsgAnchor)
		if !ok {
			continue
		}
		f := fs[a.DocHash]
		if fp, err := invoice.Fingerprint(issuer, f.number); err != nil || fp != a.Fingerprint {
			t.Errorf("%s: fingerprint of %s is not the issuer's fingerprint of %q", door, a.DocHash, f.number)
		}
		if a.BuyerCommit != invoice.BuyerCommitment(s, f.buyer) {
			t.Errorf("%s: buyer commitment of %s is not the commitment to %q under the reported salt %q", door, a.DocHash, f.buyer, salt)
		}
		a.Fingerprint, a.BuyerCommit = invoice.Hash{}, invoice.Hash{}
	}
	return msgs
}

// committedMsgs reads a committed transaction's messages back from the chain.
func committedMsgs(t *testing.T, c *client.Client, hash string) []kit.Msg {
	t.Helper()
	h, err := hex.DecodeString(hash)
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.RPC.Tx(context.Background(), h, false)
	if err != nil {
		t.Fatalf("tx %s: %v", hash, err)
	}
	if res.TxResult.Code != 0 {
		t.Fatalf("tx %s failed: %s", hash, res.TxResult.Log)
	}
	_, body, err := tx.Decode(res.Tx)
	if err != nil {
		t.Fatal(err)
	}
	var out []kit.Msg
	for _, a := range body.Msgs {
		var m kit.Msg
		switch a.Type {
		case invoice.TypeAnchor:
			m = &invoice.MsgAnchor{}
		case invoice.TypeAnchorBatch:
			m = &invoice.MsgAnchorBatch{}
		default:
			t.Fatalf("unexpected message %s", a.Type)
		}
		if err := codec.Unmarshal(a.Value, m); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

// doorNet starts a one-validator network for one door: the same document
// can be anchored only once per chain, so each door gets its own.
func doorNet(t *testing.T) (*localnet.Network, *client.Client, *secp.PrivKey) {
	t.Helper()
	net := localnet.Start(t, localnet.Options{Validators: 1})
	net.WaitForHeight(1, time.Minute)
	return net, net.Client(0), net.Keys["sg-trader"]
}

var doorSalt = [32]byte{0x5a, 1, 2, 3}

// cliDoor runs tx invoice anchor in-process through the cobra root.
func cliDoor(t *testing.T, cases []doorCase, fs map[invoice.Hash]facts) map[string]doorOutcome {
	net, c, key := doorNet(t)
	defer net.Stop()
	home, dir := t.TempDir(), t.TempDir()
	kr, err := keyring.Open(keyring.BackendTest, filepath.Join(home, "keyring"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := kr.Import("sg-trader", key.Bytes()); err != nil {
		t.Fatal(err)
	}
	out := map[string]doorOutcome{}
	for _, dc := range cases {
		p := filepath.Join(dir, dc.file)
		if err := os.WriteFile(p, dc.data, 0o600); err != nil {
			t.Fatal(err)
		}
		stdout, stderr, err := runCLI(t, home, "tx", "invoice", "anchor", p, "--from", "sg-trader", "--keyring-backend", "test",
			"--node", net.Nodes[0].RPC, "--buyer-salt", hex.EncodeToString(doorSalt[:]), "--proofs-out", p+".batch.json", "-o", "json")
		if err != nil {
			out[dc.name] = doorOutcome{code: codes.Of(err)}
			continue
		}
		var res txOutput
		if err := json.Unmarshal([]byte(stdout), &res); err != nil || res.Result == nil || !res.Committed {
			t.Fatalf("cli %s: %q %v\n%s", dc.name, stdout, err, stderr)
		}
		out[dc.name] = doorOutcome{msgs: normalise(t, "cli", committedMsgs(t, c, res.Hash), key.PubKey().Address(), hex.EncodeToString(doorSalt[:]), fs)}
		if _, err := os.Stat(p + ".batch.json"); err == nil {
			verifyBatchFile(t, home, net, res.Height, p, p+".batch.json")
		}
	}
	return out
}

// verifyBatchFile checks that corridord verify reads the batch file the
// CLI wrote and proves the document's place in the anchored batch.
func verifyBatchFile(t *testing.T, home string, net *localnet.Network, height int64, doc, batchFile string) {
	t.Helper()
	b, err := os.ReadFile(batchFile)
	if err != nil {
		t.Fatal(err)
	}
	if batch, err := anchorplan.DecodeBatch(b); err != nil || batch.Format != anchorplan.BatchFormat || len(batch.Members) == 0 {
		t.Fatalf("batch file %s: %v\n%s", batchFile, err, b)
	}
	net.WaitForHeight(height+2, time.Minute)
	genesis := filepath.Join(net.Nodes[0].Home, "config", "genesis.json")
	stdout, _, _ := runCLI(t, home, "verify", doc, "--batch", batchFile, "--node", net.Nodes[0].RPC, "--trust", genesis, "-o", "json")
	var v proof.Verdict
	if err := json.Unmarshal([]byte(stdout), &v); err != nil {
		t.Fatalf("verify --batch: %q: %v", stdout, err)
	}
	if l := v.Line(proof.CheckAnchored); l == nil || !l.OK || !strings.Contains(l.Detail, "document 0 of 1") {
		t.Fatalf("verify --batch %s: %+v", batchFile, v)
	}
}

// ingestDoor runs dock ingest (ingest.Run) on a directory holding the one file.
func ingestDoor(t *testing.T, cases []doorCase, fs map[invoice.Hash]facts) map[string]doorOutcome {
	net, c, key := doorNet(t)
	defer net.Stop()
	out := map[string]doorOutcome{}
	for _, dc := range cases {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, dc.file), dc.data, 0o600); err != nil {
			t.Fatal(err)
		}
		var rc *ingest.Receipt
		if _, err := ingest.Run(context.Background(), ingest.Options{Dir: dir, Key: key, Client: c, Receipt: func(r *ingest.Receipt) { rc = r }}); err != nil {
			t.Fatalf("ingest %s: %v", dc.name, err)
		}
		switch {
		case rc == nil:
			t.Fatalf("ingest %s: no receipt", dc.name)
		case rc.Status == ingest.StatusAnchored:
			out[dc.name] = doorOutcome{msgs: normalise(t, "ingest", committedMsgs(t, c, rc.TxHash), key.PubKey().Address(), rc.BuyerSalt, fs)}
			if rc.Batch != nil {
				// The receipt on disk is a batch file too (verify --batch, revoke --proofs).
				b, err := os.ReadFile(filepath.Join(dir, ingest.WorkDir, "receipts", dc.file+".json"))
				if err != nil {
					t.Fatal(err)
				}
				batch, err := anchorplan.DecodeBatch(b)
				if err != nil || batch.Root.String() != rc.Root || len(batch.Members) != 1 || !batch.Members[0].Verify(batch.Root, batch.Count) {
					t.Fatalf("ingest receipt as a batch file: %+v %v", batch, err)
				}
			}
		case rc.Error != nil && codes.ByCode(rc.Error.Code) != nil:
			out[dc.name] = doorOutcome{code: codes.ByCode(rc.Error.Code)}
		default:
			t.Fatalf("ingest %s: receipt %+v %+v", dc.name, rc, rc.Error)
		}
	}
	return out
}

// clientDoor anchors with the Go client, and asks the HTTP check endpoint
// of the same node (which plans, sends nothing) for its plan.
func clientDoor(t *testing.T, cases []doorCase, fs map[invoice.Hash]facts) (cl, web map[string]doorOutcome) {
	net, c, key := doorNet(t)
	defer net.Stop()
	run, err := api.Start("127.0.0.1:0", api.New(local.New(net.Nodes[0].CMT), api.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	defer run.Stop(5 * time.Second)
	h := client.NewHTTP("http://" + run.Addr)
	issuer := key.PubKey().Address()
	ctx := context.Background()
	cl, web = map[string]doorOutcome{}, map[string]doorOutcome{}
	for _, dc := range cases {
		chk, err := h.CheckDocumentWith(ctx, dc.file, dc.data, client.CheckOptions{Issuer: issuer})
		switch {
		case err != nil || chk.Plan == nil:
			t.Fatalf("check %s: %v", dc.name, err)
		case len(chk.Plan.Refused) > 0:
			web[dc.name] = doorOutcome{code: chk.Plan.Refused[0].Code}
		default:
			web[dc.name] = doorOutcome{msgs: normalise(t, "http", chk.Plan.Msgs(), issuer, chk.Plan.BuyerSalt, fs)}
		}

		a, err := c.AnchorDocument(ctx, key, dc.data, client.AnchorOptions{BuyerSalt: &doorSalt})
		if err != nil {
			cl[dc.name] = doorOutcome{code: codes.Of(err)}
			continue
		}
		if !a.Result.OK() || !a.Result.Committed {
			t.Fatalf("client %s: %+v", dc.name, a.Result)
		}
		cl[dc.name] = doorOutcome{msgs: normalise(t, "client", committedMsgs(t, c, a.Result.Hash), issuer, a.BuyerSalt, fs)}
	}
	return cl, web
}

// TestDoorsAgree feeds the same inputs through every door — the CLI (tx
// invoice anchor, in-process through the cobra root, against a real node),
// dock ingest, the Go client and the HTTP check endpoint — and checks that
// each yields the same messages, or the same refusal with the same code:
// one invoice, two invoices in one file, a duplicate, a missing buyer id,
// an altered OpenAttestation file, a non-invoice document. Messages are
// read back from the chain for the doors that send.
func TestDoorsAgree(t *testing.T) {
	cases := doorCases(t)
	if testing.Short() {
		t.Skip("network test")
	}
	fs := docFacts(t, cases)
	doors := map[string]map[string]doorOutcome{}
	doors["cli"] = cliDoor(t, cases, fs)
	doors["ingest"] = ingestDoor(t, cases, fs)
	doors["client"], doors["http"] = clientDoor(t, cases, fs)
	for _, dc := range cases {
		t.Run(dc.name, func(t *testing.T) {
			ref := doors["cli"][dc.name]
			var types []string
			for _, m := range ref.msgs {
				types = append(types, m.Type())
			}
			if ref.code != dc.code || fmt.Sprint(types) != fmt.Sprint(dc.msgs) {
				t.Fatalf("cli: %s, want %v %v", ref, dc.msgs, dc.code)
			}
			for _, door := range []string{"ingest", "client", "http"} {
				if got := doors[door][dc.name]; got.String() != ref.String() {
					t.Errorf("%s: %s\ncli:  %s", door, got, ref)
				}
			}
		})
	}
}
