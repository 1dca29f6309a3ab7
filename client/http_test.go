package client_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/cometbft/cometbft/rpc/client/local"
	"github.com/corridor-trade/corridor/api"
	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/internal/localnet"
	"github.com/corridor-trade/corridor/internal/testdocs"
	"github.com/corridor-trade/corridor/x/invoice"
)

// TestAnchorDocumentAndHTTPClient anchors real samples with
// AnchorDocument (a single invoice, then a credit note as a batch of one),
// then reads them back through the HTTP API
// client: the invoice, the document check, and a refused submission.
func TestAnchorDocumentAndHTTPClient(t *testing.T) {
	ubl := testdocs.Read(t, "ubl/peppol-bis3-base-example.xml")
	credit := testdocs.Read(t, "ubl/pint-sg-cn-01-credit-note.xml")
	if testing.Short() {
		t.Skip("network test")
	}
	net := localnet.Start(t, localnet.Options{Validators: 1})
	net.WaitForHeight(1, time.Minute)
	ctx := context.Background()
	c := net.Client(0)
	key := net.Keys["sg-trader"]

	a, err := c.AnchorDocument(ctx, key, ubl, client.AnchorOptions{})
	if err != nil {
		t.Fatal(err)
	}
	m, ok := a.Msgs[0].(*invoice.MsgAnchor)
	if !a.Result.OK() || !a.Result.Committed || !ok || a.BuyerSalt == "" || m.BuyerCommit.IsZero() {
		t.Fatalf("single invoice: %+v %+v", a.Result, a.Msgs[0])
	}
	b, err := c.AnchorDocument(ctx, key, credit, client.AnchorOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := b.Msgs[0].(*invoice.MsgAnchorBatch); !ok || !b.Result.OK() || b.Root == "" {
		t.Fatalf("credit note: %+v %+v", b.Result, b.Msgs[0])
	}
	if _, err := c.AnchorDocument(ctx, key, []byte("just bytes"), client.AnchorOptions{}); !errors.Is(err, client.ErrNotAnchorable) {
		t.Fatalf("raw bytes: %v", err)
	}

	srv := api.New(local.New(net.Nodes[0].CMT), api.Options{})
	run, err := api.Start("127.0.0.1:0", srv)
	if err != nil {
		t.Fatal(err)
	}
	defer run.Stop(5 * time.Second)
	h := client.NewHTTP("http://" + run.Addr)

	var inv invoice.InvoiceView
	if err := h.Invoice(ctx, m.DocHash.String(), &inv); err != nil || inv.Anchored.Height != a.Result.Height {
		t.Fatalf("invoice: %+v %v", inv, err)
	}
	var raw json.RawMessage
	if err := h.Get(ctx, "/v1/batches/"+b.Root, &raw); err != nil || len(raw) == 0 {
		t.Fatalf("batch: %v", err)
	}
	chk, err := h.CheckDocument(ctx, "peppol.xml", ubl)
	if err != nil {
		t.Fatal(err)
	}
	if chk.FileName != "peppol.xml" || len(chk.Documents) != 1 || !chk.Documents[0].Anchors.Anchored ||
		chk.Documents[0].CanonicalHash != m.DocHash.String() {
		t.Fatalf("check: %+v", chk)
	}
	_, err = h.SubmitTx(ctx, []byte("not a transaction"), true)
	var ae *client.APIError
	if !errors.As(err, &ae) || ae.Status != 422 || ae.Codespace != "tx" || ae.Hash == "" {
		t.Fatalf("garbage tx: %v", err)
	}
	err = h.Get(ctx, "/v1/invoices/"+invoice.Hash{1}.String(), nil)
	if !errors.As(err, &ae) || ae.Status != 404 {
		t.Fatalf("unknown invoice: %v", err)
	}
}
