package invoice_test

import (
	"strings"
	"testing"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/membership"
)

// fixture anchors the invoices and batch the rejection table runs against:
//
//	doc1  SGD 1000, issued (sg-trader, fp1, buyer hk-trader)      height 1
//	doc2  SGD 500, partially paid 200 (sg-trader, fp2, commitment)
//	doc3  SGD 10, cancelled (sg-trader, fp3)
//	batch of 10 documents b0..b9 (sg-trader); b3 revoked
type fixture struct {
	*env
	batch     [][32]byte
	batchRoot invoice.Hash
}

func newFixture(t *testing.T) *fixture {
	e := newEnv(t)
	f := &fixture{env: e}
	e.ok("sg-trader", anchorMsg("doc1", "fp1", e.Addrs["hk-trader"]))
	m2 := anchorMsg("doc2", "fp2", secp.Address{})
	m2.BuyerCommit, m2.Total = invoice.BuyerCommitment([32]byte{7}, "0195:201234567K"), "500"
	e.ok("sg-trader", m2)
	if err := invoice.ApplyPayment(e.ctx("sg-bank"), hashOf("doc2"), "SGD", "200", []byte("pay-1")); err != nil {
		t.Fatal(err)
	}
	m3 := anchorMsg("doc3", "fp3", e.Addrs["sh-trader"])
	m3.Total = "10"
	e.ok("sg-trader", m3)
	e.ok("sg-trader", &invoice.MsgCancel{DocHash: hashOf("doc3"), Reason: "issued in error"})
	for i := 0; i < 10; i++ {
		f.batch = append(f.batch, hashOf("b"+string(rune('0'+i))))
	}
	f.batchRoot = invoice.MerkleRoot(f.batch)
	e.ok("sg-trader", &invoice.MsgAnchorBatch{Root: f.batchRoot, Count: 10, Profile: invoice.ProfileRaw})
	e.ok("sg-trader", f.revokeMsg(3))
	return f
}

func (f *fixture) revokeMsg(i int) *invoice.MsgRevokeBatchMember {
	var path []invoice.Hash
	for _, p := range invoice.InclusionProof(f.batch, i) {
		path = append(path, p)
	}
	return &invoice.MsgRevokeBatchMember{DocHash: f.batch[i], Root: f.batchRoot, Index: uint64(i), Path: path, Reason: "superseded"}
}

func TestRejections(t *testing.T) {
	f := newFixture(t)
	a := f.Addrs
	doc1 := hashOf("doc1").String()
	mod := func(m *invoice.MsgAnchor, fn func(m *invoice.MsgAnchor)) *invoice.MsgAnchor { fn(m); return m }
	fresh := func(fn func(m *invoice.MsgAnchor)) *invoice.MsgAnchor {
		return mod(anchorMsg("new-doc", "new-fp", a["hk-trader"]), fn)
	}
	wrongPath := f.revokeMsg(5)
	wrongPath.Path[0][0] ^= 0xff
	wrongIndex := f.revokeMsg(5)
	wrongIndex.Index = 6
	beyond := f.revokeMsg(5)
	beyond.Index = 10
	outsider := f.revokeMsg(5)
	outsider.DocHash = hashOf("not in the batch")
	longPath := f.revokeMsg(5)
	longPath.Path = make([]invoice.Hash, invoice.MaxPath+1)
	otherRoot := f.revokeMsg(5)
	otherRoot.Root = hashOf("no such batch")

	cases := []struct {
		name     string
		signer   string
		msg      kit.Msg
		want     *codes.Error
		contains []string
	}{
		{"same document hash", "hk-trader", mod(anchorMsg("doc1", "other-fp", a["sg-trader"]), func(*invoice.MsgAnchor) {}), codes.InvoiceDuplicateDocument, []string{doc1, "height 1"}},
		{"same fingerprint, other document (re-issue with changed amount)", "sg-trader", mod(anchorMsg("doc1-reissued", "fp1", a["hk-trader"]), func(m *invoice.MsgAnchor) { m.Total = "900" }), codes.InvoiceDuplicateFingerprint, []string{doc1, "height 1"}},
		{"unknown profile", "sg-trader", fresh(func(m *invoice.MsgAnchor) { m.Profile = "pdf" }), codes.InvoiceBadProfile, nil},
		{"empty profile", "sg-trader", fresh(func(m *invoice.MsgAnchor) { m.Profile = "" }), codes.InvoiceBadProfile, nil},
		{"leading zero", "sg-trader", fresh(func(m *invoice.MsgAnchor) { m.Total = "01000" }), codes.InvoiceBadAmount, nil},
		{"trailing fraction zero", "sg-trader", fresh(func(m *invoice.MsgAnchor) { m.Total = "1000.50" }), codes.InvoiceBadAmount, nil},
		{"exponent", "sg-trader", fresh(func(m *invoice.MsgAnchor) { m.Total = "1e3" }), codes.InvoiceBadAmount, nil},
		{"plus sign", "sg-trader", fresh(func(m *invoice.MsgAnchor) { m.Total = "+1000" }), codes.InvoiceBadAmount, nil},
		{"zero total", "sg-trader", fresh(func(m *invoice.MsgAnchor) { m.Total = "0" }), codes.InvoiceBadAmount, nil},
		{"19 integer digits", "sg-trader", fresh(func(m *invoice.MsgAnchor) { m.Total = "1000000000000000000" }), codes.InvoiceBadAmount, nil},
		{"lower-case currency", "sg-trader", fresh(func(m *invoice.MsgAnchor) { m.Currency = "sgd" }), codes.InvoiceBadCurrency, nil},
		{"unknown currency", "sg-trader", fresh(func(m *invoice.MsgAnchor) { m.Currency = "ABC" }), codes.InvoiceBadCurrency, nil},
		{"impossible date", "sg-trader", fresh(func(m *invoice.MsgAnchor) { m.IssueDate = "2025-02-29" }), codes.InvoiceBadDate, nil},
		{"date form", "sg-trader", fresh(func(m *invoice.MsgAnchor) { m.IssueDate = "02/01/2026" }), codes.InvoiceBadDate, nil},
		{"two buyer references", "sg-trader", fresh(func(m *invoice.MsgAnchor) { m.BuyerCommit = hashOf("c") }), codes.InvoiceBadBuyer, nil},
		{"no buyer reference", "sg-trader", fresh(func(m *invoice.MsgAnchor) { m.BuyerMember = secp.Address{} }), codes.InvoiceBadBuyer, nil},
		{"buyer not a member", "sg-trader", fresh(func(m *invoice.MsgAnchor) { m.BuyerMember = a["stranger"] }), codes.InvoiceBadBuyer, nil},
		{"buyer is the issuer", "sg-trader", fresh(func(m *invoice.MsgAnchor) { m.BuyerMember = a["sg-trader"] }), codes.InvoiceBadBuyer, nil},
		{"zero document hash", "sg-trader", fresh(func(m *invoice.MsgAnchor) { m.DocHash = invoice.Hash{} }), codes.TxInvalidMsg, nil},
		{"zero fingerprint", "sg-trader", fresh(func(m *invoice.MsgAnchor) { m.Fingerprint = invoice.Hash{} }), codes.TxInvalidMsg, nil},
		{"anchor by a non-member", "stranger", fresh(func(*invoice.MsgAnchor) {}), codes.TxUnknownSigner, nil},
		{"anchor by a suspended member", "sg-suspended", fresh(func(*invoice.MsgAnchor) {}), codes.TxSuspendedSigner, nil},
		{"anchor by a bank", "sg-bank", fresh(func(*invoice.MsgAnchor) {}), codes.TxWrongRole, nil},

		{"empty batch", "sg-trader", &invoice.MsgAnchorBatch{Root: hashOf("r"), Count: 0, Profile: invoice.ProfileRaw}, codes.InvoiceBatchTooLarge, nil},
		{"batch of 10,001", "sg-trader", &invoice.MsgAnchorBatch{Root: hashOf("r"), Count: invoice.MaxBatch + 1, Profile: invoice.ProfileRaw}, codes.InvoiceBatchTooLarge, nil},
		{"batch root anchored twice", "hk-trader", &invoice.MsgAnchorBatch{Root: f.batchRoot, Count: 10, Profile: invoice.ProfileRaw}, codes.InvoiceDuplicateDocument, []string{f.batchRoot.String()}},
		{"batch profile", "sg-trader", &invoice.MsgAnchorBatch{Root: hashOf("r"), Count: 2, Profile: "UBL"}, codes.InvoiceBadProfile, nil},
		{"zero batch root", "sg-trader", &invoice.MsgAnchorBatch{Count: 2, Profile: invoice.ProfileRaw}, codes.TxInvalidMsg, nil},

		{"cancel unknown invoice", "sg-trader", &invoice.MsgCancel{DocHash: hashOf("nothing"), Reason: "x"}, codes.InvoiceNotFound, nil},
		{"cancel someone else's invoice", "hk-trader", &invoice.MsgCancel{DocHash: hashOf("doc1"), Reason: "x"}, codes.InvoiceNotIssuer, nil},
		{"cancel a partially paid invoice", "sg-trader", &invoice.MsgCancel{DocHash: hashOf("doc2"), Reason: "x"}, codes.InvoiceNotCancellable, []string{"partially-paid", "200"}},
		{"cancel twice", "sg-trader", &invoice.MsgCancel{DocHash: hashOf("doc3"), Reason: "x"}, codes.InvoiceNotCancellable, []string{"cancelled"}},
		{"cancel without reason", "sg-trader", &invoice.MsgCancel{DocHash: hashOf("doc1")}, codes.TxInvalidMsg, nil},
		{"cancel with a long reason", "sg-trader", &invoice.MsgCancel{DocHash: hashOf("doc1"), Reason: strings.Repeat("x", invoice.MaxReason+1)}, codes.TxInvalidMsg, nil},
		{"cancel with a control character", "sg-trader", &invoice.MsgCancel{DocHash: hashOf("doc1"), Reason: "a\nb"}, codes.TxInvalidMsg, nil},

		{"revoke in an unknown batch", "sg-trader", otherRoot, codes.InvoiceBatchNotFound, nil},
		{"revoke someone else's batch member", "hk-trader", f.revokeMsg(5), codes.InvoiceNotIssuer, nil},
		{"revoke with a wrong path", "sg-trader", wrongPath, codes.InvoiceBadInclusionProof, nil},
		{"revoke at a wrong index", "sg-trader", wrongIndex, codes.InvoiceBadInclusionProof, nil},
		{"revoke beyond the count", "sg-trader", beyond, codes.InvoiceBadInclusionProof, nil},
		{"revoke a document outside the batch", "sg-trader", outsider, codes.InvoiceBadInclusionProof, nil},
		{"revoke with an overlong path", "sg-trader", longPath, codes.InvoiceBadInclusionProof, nil},
		{"revoke twice", "sg-trader", f.revokeMsg(3), codes.InvoiceAlreadyRevoked, []string{f.batchRoot.String(), "index 3"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f.T = t
			f.reject(c.signer, c.msg, c.want, c.contains...)
		})
	}
}

func TestAnchor(t *testing.T) {
	e := newEnv(t)
	msg := anchorMsg("doc1", "fp1", e.Addrs["hk-trader"])
	msg.Total, msg.Currency = "1250.5", "CNY"
	ctx := e.ok("sh-trader", msg)
	if !hasEvent(ctx, "invoice", "issuer", e.Addrs["sh-trader"].String(), "hash", hashOf("doc1").String(), "status", "issued") {
		t.Fatalf("no invoice event: %+v", ctx.Events())
	}
	inv, ok := invoice.GetInvoice(e.KV, hashOf("doc1"))
	if !ok || inv.Issuer != e.Addrs["sh-trader"] || inv.Total != "1250.5" || inv.Currency != "CNY" || inv.IssueDate != 20260102 ||
		inv.Status() != invoice.StatusIssued || inv.Anchored().Height != ctx.Height || inv.ProfileName() != invoice.ProfileUBL {
		t.Fatalf("stored %+v", inv)
	}
	if doc, ok := invoice.ByFingerprint(e.KV, e.Addrs["sh-trader"], hashOf("fp1")); !ok || doc != hashOf("doc1") {
		t.Fatal("fingerprint index")
	}
	// The same fingerprint bytes from another issuer are another key: real
	// fingerprints differ per issuer anyway (the salt is the issuer).
	e.ok("sg-trader", anchorMsg("doc2", "fp1", e.Addrs["hk-trader"]))

	facts, ok := invoice.RecognitionFacts(e.KV, hashOf("doc1"))
	if !ok || facts.IssuerJurisdiction != "CN-SH" || facts.Status != "issued" || facts.Profile != "ubl-2.1" || facts.Anchored.Height != ctx.Height {
		t.Fatalf("facts %+v", facts)
	}
	if _, ok := invoice.RecognitionFacts(e.KV, hashOf("nothing")); ok {
		t.Fatal("facts of an unknown document")
	}

	// Disk budget: one anchored invoice is two keys. Report their size.
	size := 0
	for _, k := range [][]byte{invoice.InvoiceKey(hashOf("doc1")), invoice.FingerprintKey(e.Addrs["sh-trader"], hashOf("fp1"))} {
		size += len(k) + len(e.KV.Get(k))
	}
	t.Logf("one anchored invoice: %d bytes of keys and values", size)
	if size > 240 {
		t.Fatalf("an anchor takes %d bytes of keys and values; keep it compact", size)
	}
}

func TestLifecyclePartialThenPaid(t *testing.T) {
	e := newEnv(t)
	e.ok("sg-trader", anchorMsg("doc1", "fp1", e.Addrs["hk-trader"]))
	doc := hashOf("doc1")
	for i, step := range []struct{ amount, status, paid string }{{"400.25", "partially-paid", "400.25"}, {"0.75", "partially-paid", "401"}, {"599", "paid", "1000"}} {
		ctx := e.ctx("sg-bank")
		if err := invoice.ApplyPayment(ctx, doc, "SGD", step.amount, []byte{byte(i + 1)}); err != nil {
			t.Fatalf("payment %d: %v", i, err)
		}
		inv, _ := invoice.GetInvoice(e.KV, doc)
		if inv.Status() != step.status || inv.Paid != step.paid {
			t.Fatalf("after payment %d: status %s paid %s", i, inv.Status(), inv.Paid)
		}
		if !hasEvent(ctx, "invoice", "hash", doc.String(), "status", step.status) {
			t.Fatalf("no status event after payment %d", i)
		}
	}
	inv, _ := invoice.GetInvoice(e.KV, doc)
	if len(inv.History) != 4 || inv.History[3].Amount != "599" || string(inv.History[3].Payment) != "\x03" {
		t.Fatalf("history %+v", inv.History)
	}
	before := dump(e.KV)
	if err := invoice.ApplyPayment(e.ctx("sg-bank"), doc, "SGD", "1", []byte{9}); !isCode(err, codes.PaymentInvoicePaid) {
		t.Fatalf("payment of a paid invoice: %v", err)
	}
	e.reject("sg-trader", &invoice.MsgCancel{DocHash: doc, Reason: "too late"}, codes.InvoiceNotCancellable, "paid")
	if dump(e.KV) != before {
		t.Fatal("refusals changed the state")
	}
}

func TestApplyPaymentRejections(t *testing.T) {
	f := newFixture(t)
	cases := []struct {
		doc, currency, amount string
		want                  *codes.Error
	}{
		{"doc1", "SGD", "1000.0001", codes.PaymentOverpayment},
		{"doc2", "SGD", "300.01", codes.PaymentOverpayment},
		{"doc1", "HKD", "10", codes.PaymentCurrencyMismatch},
		{"doc3", "SGD", "1", codes.PaymentInvoiceCancelled},
		{"nothing", "SGD", "1", codes.PaymentUnknownInvoice},
		{"doc1", "SGD", "1.50", codes.InvoiceBadAmount},
	}
	for _, c := range cases {
		before := dump(f.KV)
		err := invoice.ApplyPayment(f.ctx("sg-bank"), hashOf(c.doc), c.currency, c.amount, []byte("p"))
		if !isCode(err, c.want) {
			t.Errorf("%s %s %s: got %v, want %s", c.doc, c.currency, c.amount, err, c.want)
		}
		if dump(f.KV) != before {
			t.Errorf("%s: refused payment changed the state", c.doc)
		}
	}
	// A batch root is not an invoice.
	if err := invoice.ApplyPayment(f.ctx("sg-bank"), f.batchRoot, "SGD", "1", nil); !isCode(err, codes.PaymentUnknownInvoice) {
		t.Fatalf("payment against a batch root: %v", err)
	}
	// Exactly the outstanding amount completes the payment.
	if err := invoice.ApplyPayment(f.ctx("sg-bank"), hashOf("doc2"), "SGD", "300", nil); err != nil {
		t.Fatal(err)
	}
}

func isCode(err error, want *codes.Error) bool { return err != nil && codes.Of(err) == want }

func TestCancel(t *testing.T) {
	e := newEnv(t)
	e.ok("sg-trader", anchorMsg("doc1", "fp1", e.Addrs["hk-trader"]))
	ctx := e.ok("sg-trader", &invoice.MsgCancel{DocHash: hashOf("doc1"), Reason: "wrong buyer"})
	inv, _ := invoice.GetInvoice(e.KV, hashOf("doc1"))
	last := inv.History[len(inv.History)-1]
	if inv.Status() != "cancelled" || last.Reason != "wrong buyer" || last.At.Height != ctx.Height {
		t.Fatalf("after cancel: %+v", inv)
	}
	if !hasEvent(ctx, "invoice", "hash", hashOf("doc1").String(), "status", "cancelled") {
		t.Fatal("no cancel event")
	}
	// The fingerprint stays taken: a corrected invoice gets a new number.
	e.reject("sg-trader", anchorMsg("doc1-corrected", "fp1", e.Addrs["hk-trader"]), codes.InvoiceDuplicateFingerprint, hashOf("doc1").String())
	if f, _ := invoice.Facts(e.KV, hashOf("doc1")); f.Status != "cancelled" {
		t.Fatal("facts must show the cancellation")
	}
}

func TestBatchOf10000(t *testing.T) {
	e := newEnv(t)
	leaves := make([][32]byte, invoice.MaxBatch)
	for i := range leaves {
		leaves[i] = hashOf("invoice " + itoa(i))
	}
	root := invoice.MerkleRoot(leaves)
	ctx := e.ok("hk-trader", &invoice.MsgAnchorBatch{Root: root, Count: invoice.MaxBatch, Profile: invoice.ProfileCII})
	if !hasEvent(ctx, "invoice_batch", "issuer", e.Addrs["hk-trader"].String(), "root", invoice.Hash(root).String(), "count", "10000") {
		t.Fatalf("no batch event: %+v", ctx.Events())
	}
	b, ok := invoice.GetBatch(e.KV, root)
	if !ok || b.Count != invoice.MaxBatch || b.Issuer != e.Addrs["hk-trader"] {
		t.Fatalf("batch %+v", b)
	}
	// Batch members are not invoices: their facts need the inclusion path.
	if _, ok := invoice.Facts(e.KV, leaves[0]); ok {
		t.Fatal("a batch member found by hash alone")
	}
	paths := invoice.InclusionProofs(leaves)
	for _, i := range []int{0, invoice.MaxBatch / 2, invoice.MaxBatch - 1} {
		facts, ok := invoice.BatchMemberFacts(e.KV, root, leaves[i], uint64(i), paths[i])
		if !ok || facts.Status != "issued" || facts.Profile != "cii-d16b" || facts.IssuerJurisdiction != "HK" {
			t.Fatalf("member %d: %+v %v", i, facts, ok)
		}
		if _, ok := invoice.BatchMemberFacts(e.KV, root, leaves[i], uint64(i), paths[(i+1)%invoice.MaxBatch]); ok {
			t.Fatalf("member %d proved with a wrong path", i)
		}
	}
	// Revoke the first, middle and last member, each on its own.
	for _, i := range []int{0, invoice.MaxBatch / 2, invoice.MaxBatch - 1} {
		msg := &invoice.MsgRevokeBatchMember{DocHash: leaves[i], Root: root, Index: uint64(i)}
		for _, p := range paths[i] {
			msg.Path = append(msg.Path, p)
		}
		bad := *msg
		bad.Path = append([]invoice.Hash(nil), msg.Path...)
		bad.Path[len(bad.Path)/2][31] ^= 1
		e.reject("hk-trader", &bad, codes.InvoiceBadInclusionProof)
		ctx := e.ok("hk-trader", msg)
		if !hasEvent(ctx, "invoice", "hash", invoice.Hash(leaves[i]).String(), "status", "revoked") {
			t.Fatal("no revocation event")
		}
		r, ok := invoice.GetRevocation(e.KV, leaves[i])
		if !ok || r.Root != root || r.Index != uint64(i) || r.At.Height != ctx.Height {
			t.Fatalf("revocation %+v", r)
		}
		facts, _ := invoice.BatchMemberFacts(e.KV, root, leaves[i], uint64(i), paths[i])
		if facts.Status != "revoked" {
			t.Fatalf("member %d: status %s after revocation", i, facts.Status)
		}
	}
	if _, ok := invoice.GetRevocation(e.KV, leaves[1]); ok {
		t.Fatal("revocation of one member touched another")
	}
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	s := ""
	for ; i > 0; i /= 10 {
		s = string(rune('0'+i%10)) + s
	}
	return s
}

func TestRoutesRoles(t *testing.T) {
	want := map[string]string{invoice.TypeAnchor: membership.RoleTrader, invoice.TypeAnchorBatch: membership.RoleTrader,
		invoice.TypeCancel: membership.RoleTrader, invoice.TypeRevokeBatchMember: membership.RoleTrader}
	for _, r := range invoice.Routes() {
		if want[r.Type] != r.Role || r.New().Type() != r.Type {
			t.Errorf("route %s: role %q", r.Type, r.Role)
		}
		delete(want, r.Type)
	}
	if len(want) != 0 {
		t.Fatalf("missing routes %v", want)
	}
	m := invoice.Module()
	if m.ValidateGenesis(nil) != nil || m.ValidateGenesis([]byte("{}")) != nil || m.ValidateGenesis([]byte(`{"x":1}`)) == nil {
		t.Fatal("genesis validation")
	}
}
