package invoice_test

import (
	"strings"
	"testing"

	"github.com/corridor-trade/corridor/app/apptest"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/x/invoice"
)

// TestLookalikeNumberRefusedThroughABCI is the double-financing attack of
// issue 12 against the real application: an issuer anchors an invoice,
// then anchors another document whose invoice number only looks like the
// first one (full-width, Arabic-Indic or mathematical digits, a Cyrillic
// letter). Each fingerprint is computed the way every client computes it
// (invoice.Fingerprint), and each second anchor is refused with
// invoice/duplicate_fingerprint naming the first anchor. A number that is
// really another one is still accepted, and the look-alike is still free
// for another issuer.
func TestLookalikeNumberRefusedThroughABCI(t *testing.T) {
	h := apptest.New(t)
	issuer := h.Addr("sg-trader")
	anchor := func(signer, doc, number string) *invoice.MsgAnchor {
		t.Helper()
		fp, err := invoice.Fingerprint(h.Addr(signer), number)
		if err != nil {
			t.Fatalf("fingerprint %q: %v", number, err)
		}
		return &invoice.MsgAnchor{DocHash: hashOf(doc), Profile: invoice.ProfileUBL, Fingerprint: fp,
			BuyerMember: h.Addr("hk-trader"), IssueDate: "2026-01-02", Currency: "SGD", Total: "1000"}
	}
	if res := h.Deliver("sg-trader", anchor("sg-trader", "original", "INV-2026-001")); res.Code != 0 {
		t.Fatalf("first anchor: %d %s", res.Code, res.Log)
	}
	first := hashOf("original").String()

	for _, number := range []string{
		"ＩＮＶ－２０２６－００１", // full-width
		"INV-٢٠٢٦-٠٠١", // Arabic-Indic digits
		"INV-𝟐𝟎𝟐𝟔-𝟎𝟎𝟏", // mathematical bold digits
		"ІNV-2026-001", // Cyrillic І
	} {
		before := h.StoreDump()
		res := h.Deliver("sg-trader", anchor("sg-trader", "re-issue as "+number, number))
		if res.Code != codes.InvoiceDuplicateFingerprint.Code || res.Codespace != codes.InvoiceDuplicateFingerprint.Codespace {
			t.Fatalf("%q anchored next to INV-2026-001: %d/%s %s", number, res.Code, res.Codespace, res.Log)
		}
		if !strings.Contains(res.Log, first) {
			t.Fatalf("%q: log %q does not name the first anchor", number, res.Log)
		}
		for k, v := range h.StoreDump() {
			if before[k] != v && !strings.HasPrefix(k, "seq/") && !strings.HasPrefix(k, "meta/") {
				t.Fatalf("%q was refused but changed key %q", number, k)
			}
		}
	}

	if res := h.Deliver("sg-trader", anchor("sg-trader", "next invoice", "INV-2026-002")); res.Code != 0 {
		t.Fatalf("another number refused: %d %s", res.Code, res.Log)
	}
	if res := h.Deliver("sh-trader", anchor("sh-trader", "other issuer", "ＩＮＶ－２０２６－００１")); res.Code != 0 {
		t.Fatalf("another issuer's invoice refused: %d %s", res.Code, res.Log)
	}
	// The financier's check: the look-alike number as read finds the
	// first anchor, not the document the financier was offered.
	fp, _ := invoice.Fingerprint(issuer, "ＩＮＶ－２０２６－００１")
	var v invoice.FingerprintView
	if q := h.Query("/fingerprint/"+issuer.String()+"/"+fp.String(), &v); q.Code != 0 || v.Invoice.DocHash.String() != first {
		t.Fatalf("the financier's query by the look-alike number: %d %s %+v", q.Code, q.Log, v.Invoice)
	}
}
