package invoice_test

import (
	"strings"
	"testing"

	"github.com/corridor-trade/corridor/app/apptest"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/payment"
)

// TestThroughABCI runs anchoring, the double-financing guard, payments and
// cancellation through the real application: CheckTx, FinalizeBlock,
// Commit and Query.
func TestThroughABCI(t *testing.T) {
	h := apptest.New(t)
	doc := hashOf("ubl invoice 1")
	anchor := &invoice.MsgAnchor{DocHash: doc, Profile: invoice.ProfileUBL, Fingerprint: hashOf("fp"),
		BuyerMember: h.Addr("hk-trader"), IssueDate: "2026-01-02", Currency: "SGD", Total: "1000"}
	res := h.Deliver("sg-trader", anchor)
	if res.Code != 0 {
		t.Fatalf("anchor: %d %s", res.Code, res.Log)
	}
	anchoredAt := h.Height
	found := false
	for _, ev := range res.Events {
		if ev.Type == "invoice" {
			for _, a := range ev.Attributes {
				found = found || (a.Key == "hash" && a.Value == doc.String() && a.Index)
			}
		}
	}
	if !found {
		t.Fatalf("no indexed invoice hash attribute in %+v", res.Events)
	}

	// The guard, a role check and a payment refusal: each leaves the state
	// unchanged but for the signer's sequence.
	reissue := *anchor
	reissue.DocHash, reissue.Total = hashOf("ubl invoice 1, amended"), "900"
	refusals := []struct {
		signer string
		msg    interface {
			Type() string
			ValidateBasic() error
		}
		want *codes.Error
	}{
		{"sg-trader", anchor, codes.InvoiceDuplicateDocument},
		{"sg-trader", &reissue, codes.InvoiceDuplicateFingerprint},
		{"sg-bank", anchor, codes.TxWrongRole},
		{"sg-bank", &payment.MsgRecord{UETR: mustUETR(t, "eb6305c9-1f7f-49de-aed0-16487c27b42d"), Currency: "USD", ValueDate: "2026-01-20",
			MessageHash: hashOf("pacs.008"), Items: []payment.Item{{DocHash: doc, Amount: "10"}}}, codes.PaymentCurrencyMismatch},
	}
	for _, r := range refusals {
		before := h.StoreDump()
		res := h.Deliver(r.signer, r.msg)
		if res.Code != r.want.Code || res.Codespace != r.want.Codespace {
			t.Fatalf("%s: got %d/%s %s, want %s", r.msg.Type(), res.Code, res.Codespace, res.Log, r.want)
		}
		if r.want.Codespace == codes.SpaceInvoice && !strings.Contains(res.Log, doc.String()) {
			t.Fatalf("log %q does not name the first anchor", res.Log)
		}
		after := h.StoreDump()
		for k, v := range after {
			if before[k] != v && !strings.HasPrefix(k, "seq/") && !strings.HasPrefix(k, "meta/") {
				t.Fatalf("%s was refused but changed key %q", r.msg.Type(), k)
			}
		}
		for k := range before {
			if _, kept := after[k]; !kept {
				t.Fatalf("%s was refused but deleted key %q", r.msg.Type(), k)
			}
		}
	}

	pay := &payment.MsgRecord{UETR: mustUETR(t, "eb6305c9-1f7f-49de-aed0-16487c27b42d"), Currency: "SGD", ValueDate: "2026-01-20",
		MessageHash: hashOf("pacs.008"), Items: []payment.Item{{DocHash: doc, Amount: "400"}}}
	if res := h.Deliver("sg-bank", pay); res.Code != 0 {
		t.Fatalf("payment: %d %s", res.Code, res.Log)
	}
	var view invoice.InvoiceView
	if q := h.Query("/invoice/"+doc.String(), &view); q.Code != 0 {
		t.Fatalf("query: %s", q.Log)
	}
	if view.Status != "partially-paid" || view.Payments.Outstanding != "600" || view.Anchored.Height != anchoredAt ||
		len(view.History) != 2 || view.History[1].At.Height != h.Height || view.IssuerJurisdiction != "SG" {
		t.Fatalf("invoice view %+v", view)
	}
	if res := h.Deliver("sg-trader", &invoice.MsgCancel{DocHash: doc, Reason: "x"}); res.Code != codes.InvoiceNotCancellable.Code {
		t.Fatalf("cancel after payment: %d %s", res.Code, res.Log)
	}
	var pv payment.UETRView
	if q := h.Query("/uetr/eb6305c9-1f7f-49de-aed0-16487c27b42d", &pv); q.Code != 0 || len(pv.Payments) != 1 {
		t.Fatalf("uetr query: %s %+v", q.Log, pv)
	}
}

func mustUETR(t *testing.T, s string) payment.UETR {
	u, err := payment.ParseUETR(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
