package payment_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/membership"
	"github.com/corridor-trade/corridor/x/payment"
)

const (
	uetr1 = "eb6305c9-1f7f-49de-aed0-16487c27b42d"
	uetr2 = "7e8b2a3c-0d4f-4b6a-9c1e-2f3a4b5c6d7e"
)

func uetr(t testing.TB, s string) payment.UETR {
	u, err := payment.ParseUETR(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func pay(t testing.TB, u string, items ...payment.Item) *payment.MsgRecord {
	return &payment.MsgRecord{UETR: uetr(t, u), Currency: "SGD", ValueDate: "2026-01-20", MessageHash: hashOf("pacs.008 " + u), Items: items}
}

func item(doc, amount string) payment.Item { return payment.Item{DocHash: hashOf(doc), Amount: amount} }

// fixture: doc1 SGD 1000 and doc2 SGD 500 issued by sg-trader, doc3 HKD 300
// by hk-trader, doc4 SGD 10 cancelled, doc5 SGD 50 paid in full.
func fixture(t *testing.T) *env {
	e := newEnv(t)
	e.ok("sg-trader", anchorMsg("doc1", "fp1", e.Addrs["hk-trader"]))
	m := anchorMsg("doc2", "fp2", e.Addrs["hk-trader"])
	m.Total = "500"
	e.ok("sg-trader", m)
	m = anchorMsg("doc3", "fp3", e.Addrs["sg-trader"])
	m.Currency, m.Total = "HKD", "300"
	e.ok("hk-trader", m)
	m = anchorMsg("doc4", "fp4", e.Addrs["hk-trader"])
	m.Total = "10"
	e.ok("sg-trader", m)
	e.ok("sg-trader", &invoice.MsgCancel{DocHash: hashOf("doc4"), Reason: "duplicate"})
	m = anchorMsg("doc5", "fp5", e.Addrs["hk-trader"])
	m.Total = "50"
	e.ok("sg-trader", m)
	e.ok("sg-bank", pay(t, "11111111-1111-4111-8111-111111111111", item("doc5", "50")))
	e.ok("sg-trader", &invoice.MsgAnchorBatch{Root: hashOf("root"), Count: 2, Profile: invoice.ProfileRaw})
	return e
}

func TestRecordRejections(t *testing.T) {
	e := fixture(t)
	e.ok("sg-bank", pay(t, uetr1, item("doc1", "100")))
	mod := func(fn func(m *payment.MsgRecord)) *payment.MsgRecord {
		m := pay(t, uetr2, item("doc1", "10"))
		fn(m)
		return m
	}
	many := make([]payment.Item, payment.MaxItems+1)
	for i := range many {
		many[i] = item("doc-"+string(rune('A'+i)), "1")
	}
	cases := []struct {
		name     string
		signer   string
		msg      kit.Msg
		want     *codes.Error
		contains []string
	}{
		{"over-payment", "sg-bank", pay(t, uetr2, item("doc1", "900.01")), codes.PaymentOverpayment, []string{"outstanding 900"}},
		{"over-payment in the second item", "sg-bank", pay(t, uetr2, item("doc2", "1"), item("doc1", "901")), codes.PaymentOverpayment, []string{"item 1"}},
		{"currency mismatch", "sg-bank", pay(t, uetr2, item("doc3", "10")), codes.PaymentCurrencyMismatch, []string{"HKD"}},
		{"cancelled invoice", "sg-bank", pay(t, uetr2, item("doc4", "10")), codes.PaymentInvoiceCancelled, nil},
		{"unknown invoice", "sg-bank", pay(t, uetr2, item("nothing", "10")), codes.PaymentUnknownInvoice, nil},
		{"batch root is not an invoice", "sg-bank", pay(t, uetr2, payment.Item{DocHash: hashOf("root"), Amount: "1"}), codes.PaymentUnknownInvoice, []string{"batch root"}},
		{"invoice already paid", "sg-bank", pay(t, uetr2, item("doc5", "1")), codes.PaymentInvoicePaid, nil},
		{"same bank repeats a UETR", "sg-bank", pay(t, uetr1, item("doc2", "10")), codes.PaymentDuplicateUETR, []string{uetr1, "height"}},
		{"UETR version 1", "sg-bank", mod(func(m *payment.MsgRecord) { m.UETR = uetr(t, "eb6305c9-1f7f-19de-aed0-16487c27b42d") }), codes.PaymentBadUETR, nil},
		{"UETR variant", "sg-bank", mod(func(m *payment.MsgRecord) { m.UETR = uetr(t, "eb6305c9-1f7f-49de-0ed0-16487c27b42d") }), codes.PaymentBadUETR, nil},
		{"zero UETR", "sg-bank", mod(func(m *payment.MsgRecord) { m.UETR = payment.UETR{} }), codes.PaymentBadUETR, nil},
		{"no items", "sg-bank", mod(func(m *payment.MsgRecord) { m.Items = nil }), codes.PaymentBadAllocation, nil},
		{"the same invoice twice", "sg-bank", mod(func(m *payment.MsgRecord) { m.Items = []payment.Item{item("doc1", "1"), item("doc1", "2")} }), codes.PaymentBadAllocation, nil},
		{"65 items", "sg-bank", mod(func(m *payment.MsgRecord) { m.Items = many }), codes.PaymentBadAllocation, nil},
		{"zero invoice hash", "sg-bank", mod(func(m *payment.MsgRecord) { m.Items = []payment.Item{{Amount: "1"}} }), codes.PaymentBadAllocation, nil},
		{"bad amount", "sg-bank", mod(func(m *payment.MsgRecord) { m.Items = []payment.Item{item("doc1", "10.00")} }), codes.InvoiceBadAmount, nil},
		{"negative amount", "sg-bank", mod(func(m *payment.MsgRecord) { m.Items = []payment.Item{item("doc1", "-10")} }), codes.InvoiceBadAmount, nil},
		{"bad currency", "sg-bank", mod(func(m *payment.MsgRecord) { m.Currency = "S$" }), codes.InvoiceBadCurrency, nil},
		{"bad value date", "sg-bank", mod(func(m *payment.MsgRecord) { m.ValueDate = "2026-02-30" }), codes.InvoiceBadDate, nil},
		{"no message hash", "sg-bank", mod(func(m *payment.MsgRecord) { m.MessageHash = invoice.Hash{} }), codes.TxInvalidMsg, nil},
		{"a trader records a payment", "sg-trader", mod(func(*payment.MsgRecord) {}), codes.TxWrongRole, nil},
		{"a non-member records a payment", "stranger", mod(func(*payment.MsgRecord) {}), codes.TxUnknownSigner, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e.T = t
			e.reject(c.signer, c.msg, c.want, c.contains...)
		})
	}
}

func TestPartialThenPaidAcrossInvoices(t *testing.T) {
	e := fixture(t)
	ctx := e.ok("sg-bank", pay(t, uetr1, item("doc1", "999.99"), item("doc2", "500")))
	for _, want := range []struct{ doc, status, paid string }{{"doc1", "partially-paid", "999.99"}, {"doc2", "paid", "500"}} {
		inv, _ := invoice.GetInvoice(e.KV, hashOf(want.doc))
		if inv.Status() != want.status || inv.Paid != want.paid {
			t.Fatalf("%s: %s %s", want.doc, inv.Status(), inv.Paid)
		}
		if !hasEvent(ctx, "payment", "uetr", uetr1, "bank", e.Addrs["sg-bank"].String(), "invoice", hashOf(want.doc).String(), "status", want.status) {
			t.Fatalf("no payment event for %s: %+v", want.doc, ctx.Events())
		}
		if !hasEvent(ctx, "invoice", "hash", hashOf(want.doc).String(), "status", want.status) {
			t.Fatalf("no invoice status event for %s", want.doc)
		}
	}
	e.ok("hk-bank", pay(t, uetr2, item("doc1", "0.01")))
	inv, _ := invoice.GetInvoice(e.KV, hashOf("doc1"))
	if inv.Status() != "paid" || inv.Paid != "1000" || len(inv.History) != 3 {
		t.Fatalf("doc1 after the second payment: %+v", inv)
	}
	id := payment.IDOf(uetr(t, uetr2), e.Addrs["hk-bank"])
	if string(inv.History[2].Payment) != string(id[:]) {
		t.Fatal("history must name the payment")
	}
	e.reject("hk-bank", pay(t, "22222222-2222-4222-a222-222222222222", item("doc1", "0.01")), codes.PaymentInvoicePaid)
	e.reject("sg-trader", &invoice.MsgCancel{DocHash: hashOf("doc1"), Reason: "x"}, codes.InvoiceNotCancellable)
}

func TestUETRAcrossBanks(t *testing.T) {
	e := fixture(t)
	e.ok("sg-bank", pay(t, uetr1, item("doc1", "100")))
	e.reject("sg-bank", pay(t, uetr1, item("doc2", "100")), codes.PaymentDuplicateUETR)
	// The receiving bank records the same transfer: accepted.
	upper := pay(t, strings.ToUpper(uetr1), item("doc2", "100"))
	e.ok("hk-bank", upper)
	entries := payment.ByUETR(e.KV, uetr(t, uetr1))
	if len(entries) != 2 {
		t.Fatalf("ByUETR: %d entries", len(entries))
	}
	out, err := payment.Queries()["uetr"](e.KV, []string{strings.ToUpper(uetr1)})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(out)
	for _, s := range []string{`"uetr":"` + uetr1 + `"`, e.Addrs["sg-bank"].String(), e.Addrs["hk-bank"].String(),
		`"bank_jurisdiction":"HK"`, `"value_date":"2026-01-20"`, `"recorded":{"height":`, `"invoice_status":"partially-paid"`} {
		if !strings.Contains(string(b), s) {
			t.Errorf("uetr answer %s lacks %s", b, s)
		}
	}
	if strings.Count(string(b), `"id":`) != 2 {
		t.Fatalf("uetr answer must list both banks' payments: %s", b)
	}
}

func TestQueries(t *testing.T) {
	e := fixture(t)
	ctx := e.ok("sg-bank", pay(t, uetr1, item("doc1", "250.5")))
	id := payment.IDOf(uetr(t, uetr1), e.Addrs["sg-bank"])
	v, err := payment.Queries()["payment"](e.KV, []string{id.String()})
	if err != nil {
		t.Fatal(err)
	}
	pv := v.(payment.View)
	if pv.UETR.String() != uetr1 || pv.Bank != e.Addrs["sg-bank"] || pv.Recorded.Height != ctx.Height || len(pv.Items) != 1 ||
		pv.Items[0].Amount != "250.5" || pv.Items[0].InvoiceStatus != "partially-paid" || pv.MessageHash != hashOf("pacs.008 "+uetr1) {
		t.Fatalf("payment view %+v", pv)
	}
	// The invoice query summarises the payment.
	iv, err := invoice.Queries()["invoice"](e.KV, []string{hashOf("doc1").String()})
	if err != nil {
		t.Fatal(err)
	}
	sum := iv.(invoice.InvoiceView).Payments
	if sum.Count != 1 || sum.Paid != "250.5" || sum.Outstanding != "749.5" || sum.IDs[0] != id.String() {
		t.Fatalf("payments summary %+v", sum)
	}
	for _, c := range []struct {
		q, arg string
		want   *codes.Error
	}{
		{"payment", "00", codes.QueryBadArg},
		{"payment", strings.Repeat("0", 72), codes.QueryNotFound},
		{"uetr", "not-a-uuid", codes.QueryBadArg},
		{"uetr", uetr2, codes.QueryNotFound},
	} {
		if _, err := payment.Queries()[c.q](e.KV, []string{c.arg}); err == nil || codes.Of(err) != c.want {
			t.Errorf("%s/%s: got %v, want %s", c.q, c.arg, err, c.want)
		}
	}
}

func TestUETRForm(t *testing.T) {
	u := uetr(t, "EB6305C9-1F7F-49DE-AED0-16487C27B42D")
	if u.String() != uetr1 || !u.Valid() {
		t.Fatal("canonical form is lower case")
	}
	for _, s := range []string{"", uetr1[:35], "eb6305c91f7f49deaed016487c27b42d", "eb6305c9-1f7f-49de-aed0-16487c27b42g", "{" + uetr1[1:35] + "}"} {
		if _, err := payment.ParseUETR(s); err == nil {
			t.Errorf("%q accepted", s)
		}
	}
	var j struct {
		U payment.UETR `json:"u"`
	}
	if err := json.Unmarshal([]byte(`{"u":"`+uetr1+`"}`), &j); err != nil || j.U != u {
		t.Fatal("JSON round trip")
	}
}

func TestRoutesRoles(t *testing.T) {
	r := payment.Routes()
	if len(r) != 1 || r[0].Type != payment.TypeRecord || r[0].Role != membership.RoleBank {
		t.Fatalf("routes %+v", r)
	}
	if payment.Module().ValidateGenesis([]byte(" {} ")) != nil || payment.Module().ValidateGenesis([]byte(`[]`)) == nil {
		t.Fatal("genesis validation")
	}
}
