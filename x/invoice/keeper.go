package invoice

import (
	"math/big"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/store"
	"github.com/corridor-trade/corridor/x/membership"
)

// GetInvoice returns the invoice anchored under doc.
func GetInvoice(kv store.KV, doc Hash) (Invoice, bool) {
	var inv Invoice
	ok := kit.Get(kv, InvoiceKey(doc), &inv)
	return inv, ok
}

// ByFingerprint returns the document hash anchored by issuer with
// fingerprint fp.
func ByFingerprint(kv store.KV, issuer secp.Address, fp Hash) (Hash, bool) {
	b := kv.Get(FingerprintKey(issuer, fp))
	if b == nil {
		return Hash{}, false
	}
	if len(b) != 32 {
		panic(&kit.CorruptState{Key: FingerprintKey(issuer, fp), Err: ErrBadHash})
	}
	var h Hash
	copy(h[:], b)
	return h, true
}

// FingerprintEntry is one fingerprint index entry of an issuer.
type FingerprintEntry struct {
	Fingerprint Hash `json:"fingerprint"`
	DocHash     Hash `json:"doc_hash"`
}

// InvoicesBy returns up to limit of issuer's anchors in fingerprint order,
// starting after the fingerprint after (zero to start at the first), and
// whether more remain.
func InvoicesBy(kv store.KV, issuer secp.Address, after Hash, limit int) ([]FingerprintEntry, bool) {
	prefix := issuerPrefix(issuer)
	start := prefix
	if !after.IsZero() {
		start = append(FingerprintKey(issuer, after), 0)
	}
	var out []FingerprintEntry
	more := false
	kv.Iterate(start, store.PrefixEnd(prefix), func(k, v []byte) bool {
		if len(out) == limit {
			more = true
			return false
		}
		var e FingerprintEntry
		if len(k) != len(prefix)+32 || len(v) != 32 {
			panic(&kit.CorruptState{Key: k, Err: ErrBadHash})
		}
		copy(e.Fingerprint[:], k[len(prefix):])
		copy(e.DocHash[:], v)
		out = append(out, e)
		return true
	})
	return out, more
}

// GetBatch returns the batch anchored under root.
func GetBatch(kv store.KV, root Hash) (Batch, bool) {
	var b Batch
	ok := kit.Get(kv, BatchKey(root), &b)
	return b, ok
}

// GetRevocation returns the revocation of a batch member.
func GetRevocation(kv store.KV, doc Hash) (Revocation, bool) {
	var r Revocation
	ok := kit.Get(kv, RevocationKey(doc), &r)
	return r, ok
}

// CheckPayment checks, without writing, that amount in currency may be
// paid against the invoice anchored under doc, and returns the invoice and
// the new paid sum. Its errors carry payment codes: unknown_invoice,
// invoice_cancelled, already_paid, currency_mismatch, overpayment, and
// invoice/bad_amount for a malformed amount.
func CheckPayment(kv store.KV, doc Hash, currency, amount string) (Invoice, *big.Int, error) {
	inv, ok := GetInvoice(kv, doc)
	if !ok {
		if _, batch := GetBatch(kv, doc); batch {
			return inv, nil, codes.PaymentUnknownInvoice.Wrapf("%s is a batch root, not an invoice anchor", doc)
		}
		return inv, nil, codes.PaymentUnknownInvoice.Wrapf("no invoice anchored under %s", doc)
	}
	amt, err := ParseAmount(amount)
	if err != nil {
		return inv, nil, err
	}
	switch inv.status() {
	case stCancelled:
		return inv, nil, codes.PaymentInvoiceCancelled.Wrapf("invoice %s was cancelled at height %d", doc, inv.History[len(inv.History)-1].At.Height)
	case stPaid:
		return inv, nil, codes.PaymentInvoicePaid.Wrapf("invoice %s is paid in full (%s %s)", doc, inv.Total, inv.Currency)
	}
	if currency != inv.Currency {
		return inv, nil, codes.PaymentCurrencyMismatch.Wrapf("invoice %s is in %s, payment in %s", doc, inv.Currency, clip(currency))
	}
	total, err := ParseAmount(inv.Total)
	if err != nil {
		panic(&kit.CorruptState{Key: InvoiceKey(doc), Err: err})
	}
	paid := new(big.Int)
	if inv.Paid != "" {
		if paid, err = ParseAmount(inv.Paid); err != nil {
			panic(&kit.CorruptState{Key: InvoiceKey(doc), Err: err})
		}
	}
	paid.Add(paid, amt)
	if paid.Cmp(total) > 0 {
		outstanding := new(big.Int).Sub(total, paid.Sub(paid, amt))
		return inv, nil, codes.PaymentOverpayment.Wrapf("invoice %s: paying %s %s exceeds the outstanding %s of total %s",
			doc, amount, currency, FormatAmount(outstanding), inv.Total)
	}
	return inv, paid, nil
}

// ApplyPayment records a payment of amount in currency against the invoice
// anchored under doc, in the same transaction as the payment record: the
// paid sum grows, the status becomes partially-paid or paid, and the
// history gains an entry naming the payment by its identifier. It checks
// first (see CheckPayment) and writes nothing when it fails.
func ApplyPayment(ctx *kit.Context, doc Hash, currency, amount string, paymentID []byte) error {
	inv, paid, err := CheckPayment(ctx.KV, doc, currency, amount)
	if err != nil {
		return err
	}
	total, _ := ParseAmount(inv.Total)
	st := stPartiallyPaid
	if paid.Cmp(total) == 0 {
		st = stPaid
	}
	inv.Paid = FormatAmount(paid)
	inv.History = append(inv.History, Change{At: ctx.Stamp(), Status: st, Payment: append([]byte(nil), paymentID...), Amount: amount})
	kit.Put(ctx.KV, InvoiceKey(doc), &inv)
	ctx.Emit("invoice", "action", "payment", "issuer", inv.Issuer.String(), "hash", doc.String(), "status", statusName(st))
	return nil
}

// Facts returns what recognition needs about the document anchored
// individually under doc. A document anchored only inside a batch is not
// found here: only the batch root is stored, so its facts need the
// inclusion path (BatchMemberFacts).
func Facts(kv store.KV, doc Hash) (DocumentFacts, bool) {
	inv, ok := GetInvoice(kv, doc)
	if !ok {
		return DocumentFacts{}, false
	}
	return DocumentFacts{Issuer: inv.Issuer, IssuerJurisdiction: jurisdictionOf(kv, inv.Issuer),
		Profile: inv.ProfileName(), Status: inv.Status(), Anchored: inv.Anchored()}, true
}

// BatchMemberFacts returns the facts of a document proved to be at index
// of the batch anchored under root. Its status is issued, or revoked when
// the document hash has a revocation. It reports false when the batch is
// unknown or the path does not verify.
func BatchMemberFacts(kv store.KV, root, doc Hash, index uint64, path [][32]byte) (DocumentFacts, bool) {
	return MemberFacts(kv, root, doc, Hash{}, index, path)
}

// MemberFacts is BatchMemberFacts for a member batched with the field root
// fieldRoot (zero for a member without field commitments): the path must
// lead from MemberLeaf(doc, fieldRoot).
func MemberFacts(kv store.KV, root, doc, fieldRoot Hash, index uint64, path [][32]byte) (DocumentFacts, bool) {
	b, ok := GetBatch(kv, root)
	if !ok || !VerifyInclusion(root, MemberLeaf(doc, fieldRoot), index, b.Count, path) {
		return DocumentFacts{}, false
	}
	status := StatusIssued
	if _, revoked := GetRevocation(kv, doc); revoked {
		status = StatusRevoked
	}
	return DocumentFacts{Issuer: b.Issuer, IssuerJurisdiction: jurisdictionOf(kv, b.Issuer),
		Profile: profileName(b.Profile), Status: status, Anchored: b.At}, true
}

func jurisdictionOf(kv store.KV, addr secp.Address) string {
	m, ok := membership.GetMember(kv, addr)
	if !ok {
		return ""
	}
	return m.Jurisdiction
}
