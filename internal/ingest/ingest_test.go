package ingest_test

import (
	"context"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/corridor-trade/corridor/anchorplan"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/internal/ingest"
	"github.com/corridor-trade/corridor/internal/localnet"
	"github.com/corridor-trade/corridor/internal/testdocs"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/payment"
)

// pacs008 is a minimal credit transfer paying amount EUR against ref.
func pacs008(uetr, amount, ref string) []byte {
	return []byte(fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08">
  <FIToFICstmrCdtTrf>
    <GrpHdr><MsgId>M-%[1]s</MsgId></GrpHdr>
    <CdtTrfTxInf>
      <PmtId><EndToEndId>E2E</EndToEndId><UETR>%[1]s</UETR></PmtId>
      <IntrBkSttlmAmt Ccy="EUR">%[2]s</IntrBkSttlmAmt>
      <IntrBkSttlmDt>2026-01-10</IntrBkSttlmDt>
      <RmtInf><Strd><RfrdDocInf><Nb>%[3]s</Nb></RfrdDocInf></Strd></RmtInf>
    </CdtTrfTxInf>
  </FIToFICstmrCdtTrf>
</Document>
`, uetr, amount, ref))
}

func write(t *testing.T, dir, name string, data []byte) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestSingleInvoiceThenPayments anchors a directory holding one real
// invoice (a single MsgAnchor with a salted buyer commitment), then, as a
// bank, a directory with the same invoice and three payment messages: two
// name the invoice (by number and by document hash) and are recorded; one
// names an invoice the chain does not know and is reported, not recorded.
// A rerun sends nothing.
func TestSingleInvoiceThenPayments(t *testing.T) {
	inv := testdocs.Read(t, "ubl/peppol-bis3-base-example.xml")
	if testing.Short() {
		t.Skip("network test")
	}
	net := localnet.Start(t, localnet.Options{Validators: 1})
	net.WaitForHeight(1, time.Minute)
	ctx := context.Background()
	c := net.Client(0)

	dirA := t.TempDir()
	write(t, dirA, "invoice.xml", inv)
	var got []*ingest.Receipt
	sum, err := ingest.Run(ctx, ingest.Options{Dir: dirA, Key: net.Keys["sg-trader"], Client: c, Receipt: func(r *ingest.Receipt) { got = append(got, r) }})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Failed != 0 || len(got) != 1 || got[0].Status != ingest.StatusAnchored || got[0].Via != "invoice" || got[0].BuyerSalt == "" {
		t.Fatalf("summary %+v receipts %+v", sum, got)
	}
	doc := got[0].Documents[0].CanonicalHash
	var v invoice.InvoiceView
	if err := c.Query(ctx, "/invoice/"+doc, &v); err != nil {
		t.Fatal(err)
	}
	var salt [32]byte
	b, _ := hex.DecodeString(got[0].BuyerSalt)
	copy(salt[:], b)
	if v.Anchored.Height != got[0].Height || v.BuyerCommit != invoice.BuyerCommitment(salt, "0002:FR23342") || v.Currency != "EUR" || v.Total != "1656.25" {
		t.Fatalf("on chain: %+v", v)
	}

	dirB := t.TempDir()
	write(t, dirB, "invoice.xml", inv)
	u1, u2, u3 := "0b3c6f5e-6d1a-4f0e-9b1a-2f7d4c8e9a01", "0b3c6f5e-6d1a-4f0e-9b1a-2f7d4c8e9a02", "0b3c6f5e-6d1a-4f0e-9b1a-2f7d4c8e9a03"
	write(t, dirB, "pay-by-number.xml", pacs008(u1, "500.00", "SNIPPET-1"))
	write(t, dirB, "pay-by-hash.xml", pacs008(u2, "156.25", doc))
	write(t, dirB, "pay-unknown.xml", pacs008(u3, "10.00", invoice.Hash{7}.String()))
	bank := net.Keys["sg-bank"]
	receipts := map[string]*ingest.Receipt{}
	opts := ingest.Options{Dir: dirB, Key: bank, Client: c, Receipt: func(r *ingest.Receipt) { receipts[r.File] = r }}
	sum, err = ingest.Run(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Failed != 1 {
		t.Errorf("summary %+v", sum)
	}
	for file, want := range map[string]string{"invoice.xml": ingest.StatusAlreadyAnchored, "pay-by-number.xml": ingest.StatusRecorded,
		"pay-by-hash.xml": ingest.StatusRecorded, "pay-unknown.xml": ingest.StatusNotAnchored} {
		r := receipts[file]
		if r == nil || r.Status != want {
			t.Errorf("%s: %+v, want %s", file, r, want)
		}
	}
	if e := receipts["pay-unknown.xml"].Error; e == nil || e.Rule != "payment.invoice-not-on-chain" {
		t.Errorf("unknown invoice: %+v", e)
	}
	for _, u := range []string{u1, u2} {
		uetr, _ := payment.ParseUETR(u)
		var p payment.View
		if err := c.Query(ctx, "/payment/"+payment.IDOf(uetr, bank.PubKey().Address()).String(), &p); err != nil {
			t.Fatalf("payment %s: %v", u, err)
		}
	}
	if err := c.Query(ctx, "/invoice/"+doc, &v); err != nil || v.Status != "partially-paid" || v.Payments.Paid != "656.25" || v.Payments.Count != 2 {
		t.Fatalf("invoice after payments: %+v %v", v, err)
	}

	// Rerun: nothing new is sent.
	receipts = map[string]*ingest.Receipt{}
	if _, err := ingest.Run(ctx, opts); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"pay-by-number.xml", "pay-by-hash.xml"} {
		if r := receipts[f]; r.Status != ingest.StatusAlreadyAnchored {
			t.Errorf("rerun %s: %+v", f, r)
		}
	}
}

// TestPlannedModesAndRefusals runs the planner's rules through ingest: a
// lone invoice without a buyer identifier is refused with plan/no_buyer
// (not silently batched); the same invoice under two names with --mode
// single is anchored once, both receipts naming that transaction; a
// credential is skipped with plan/not_anchorable.
func TestPlannedModesAndRefusals(t *testing.T) {
	noBuyer := testdocs.Read(t, "cii/en16931-CII_example1.xml")
	inv := testdocs.Read(t, "ubl/pint-sg-inv-02-full-valid-invoice.xml")
	cred := testdocs.Read(t, "vc/vc11-example-1.jsonld")
	if testing.Short() {
		t.Skip("network test")
	}
	net := localnet.Start(t, localnet.Options{Validators: 1})
	net.WaitForHeight(1, time.Minute)
	ctx := context.Background()
	c := net.Client(0)
	key := net.Keys["sg-trader"]
	run := func(mode anchorplan.Mode, files map[string][]byte) (*ingest.Summary, map[string]*ingest.Receipt) {
		t.Helper()
		dir := t.TempDir()
		for n, b := range files {
			write(t, dir, n, b)
		}
		got := map[string]*ingest.Receipt{}
		sum, err := ingest.Run(ctx, ingest.Options{Dir: dir, Key: key, Client: c, Mode: mode, Receipt: func(r *ingest.Receipt) { got[r.File] = r }})
		if err != nil {
			t.Fatal(err)
		}
		return sum, got
	}

	sum, got := run(anchorplan.ModeAuto, map[string][]byte{"nobuyer.xml": noBuyer, "credential.jsonld": cred})
	if r := got["nobuyer.xml"]; sum.Failed != 1 || r.Status != ingest.StatusNotAnchored || r.Error == nil || r.Error.Error != "plan/no_buyer" {
		t.Fatalf("no buyer: %+v %+v", r, r.Error)
	}
	if r := got["credential.jsonld"]; r.Status != ingest.StatusSkipped || r.Error == nil || r.Error.Code != codes.PlanNotAnchorable.Code {
		t.Fatalf("credential: %+v %+v", r, r.Error)
	}

	sum, got = run(anchorplan.ModeSingle, map[string][]byte{"a.xml": inv, "copy-of-a.xml": inv})
	a, b := got["a.xml"], got["copy-of-a.xml"]
	if sum.Failed != 0 || a.Status != ingest.StatusAnchored || b.Status != ingest.StatusAnchored || a.TxHash == "" || a.TxHash != b.TxHash || a.Via != "invoice" {
		t.Fatalf("duplicate under two names: %+v %+v", a, b)
	}
}
