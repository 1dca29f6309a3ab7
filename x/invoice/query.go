package invoice

import (
	"math/big"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/paths"
	"github.com/corridor-trade/corridor/x/kit/store"
)

// Queries returns this module's query handlers, by first path segment.
func Queries() map[string]kit.QueryFunc {
	return map[string]kit.QueryFunc{
		paths.NameInvoice:     queryInvoice,
		paths.NameFingerprint: queryFingerprint,
		paths.NameBatch:       queryBatch,
		paths.NameRevocation:  queryRevocation,
		paths.NameInvoicesBy:  queryInvoicesBy,
	}
}

// InvoiceView is the JSON answer to invoice/<doc hash>.
type InvoiceView struct {
	DocHash            Hash         `json:"doc_hash"`
	Issuer             secp.Address `json:"issuer"`
	IssuerJurisdiction string       `json:"issuer_jurisdiction"`
	Profile            string       `json:"profile"`
	BuyerMember        secp.Address `json:"buyer_member,omitzero"`
	BuyerCommit        Hash         `json:"buyer_commit,omitzero"`
	IssueDate          string       `json:"issue_date"`
	Currency           string       `json:"currency"`
	Total              string       `json:"total"`
	FieldRoot          Hash         `json:"field_root,omitzero"` // root of the salted field commitments (docs/disclosure.md)
	Status             string       `json:"status"`
	Anchored           kit.Stamp    `json:"anchored"`
	Payments           PaymentsView `json:"payments"`
	History            []ChangeView `json:"history"`
}

// PaymentsView summarises the payments recorded against an invoice.
type PaymentsView struct {
	Count       int      `json:"count"`
	Paid        string   `json:"paid"`
	Outstanding string   `json:"outstanding"`
	IDs         []string `json:"ids"` // payment identifiers, hex (query payment/<id>)
}

// ChangeView is one status-history entry in JSON.
type ChangeView struct {
	At      kit.Stamp `json:"at"`
	Status  string    `json:"status"`
	Payment string    `json:"payment,omitempty"`
	Amount  string    `json:"amount,omitempty"`
	Reason  string    `json:"reason,omitempty"`
}

// View returns the JSON view of the invoice anchored under doc.
func View(kv store.KV, doc Hash, inv *Invoice) InvoiceView {
	v := InvoiceView{DocHash: doc, Issuer: inv.Issuer, IssuerJurisdiction: jurisdictionOf(kv, inv.Issuer),
		Profile: inv.ProfileName(), BuyerMember: inv.BuyerMember, BuyerCommit: inv.BuyerCommit,
		IssueDate: FormatDate(inv.IssueDate), Currency: inv.Currency, Total: inv.Total,
		Status: inv.Status(), Anchored: inv.Anchored(), History: []ChangeView{}, FieldRoot: inv.FieldRoot}
	v.Payments.IDs = []string{}
	for _, c := range inv.History {
		cv := ChangeView{At: c.At, Status: statusName(c.Status), Amount: c.Amount, Reason: c.Reason}
		if len(c.Payment) > 0 {
			cv.Payment = hexString(c.Payment)
			v.Payments.IDs = append(v.Payments.IDs, cv.Payment)
		}
		v.History = append(v.History, cv)
	}
	v.Payments.Count = len(v.Payments.IDs)
	v.Payments.Paid = orZero(inv.Paid)
	total, err1 := ParseAmount(inv.Total)
	paid := new(big.Int)
	var err2 error
	if inv.Paid != "" {
		paid, err2 = ParseAmount(inv.Paid)
	}
	if err1 == nil && err2 == nil {
		v.Payments.Outstanding = FormatAmount(total.Sub(total, paid))
	}
	return v
}

func hexString(b []byte) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 2*len(b))
	for i, c := range b {
		out[2*i], out[2*i+1] = digits[c>>4], digits[c&15]
	}
	return string(out)
}

func hashArg(args []string, i int, what string) (Hash, error) {
	if len(args) <= i {
		return Hash{}, codes.QueryBadArg.Wrapf("missing %s (64 hex digits)", what)
	}
	h, err := ParseHash(args[i])
	if err != nil {
		return h, codes.QueryBadArg.Wrapf("%s %q: %v", what, clip(args[i]), err)
	}
	return h, nil
}

func queryInvoice(kv store.KV, args []string) (any, error) {
	if len(args) != 1 {
		return nil, codes.QueryBadArg.Wrapf("want invoice/<doc hash>")
	}
	doc, err := hashArg(args, 0, "document hash")
	if err != nil {
		return nil, err
	}
	inv, ok := GetInvoice(kv, doc)
	if !ok {
		return nil, codes.QueryNotFound.Wrapf("no invoice anchored under %s", doc)
	}
	return View(kv, doc, &inv), nil
}

// FingerprintView is the JSON answer to fingerprint/<issuer>/<fp>.
type FingerprintView struct {
	Issuer      secp.Address `json:"issuer"`
	Fingerprint Hash         `json:"fingerprint"`
	Invoice     InvoiceView  `json:"invoice"`
}

func queryFingerprint(kv store.KV, args []string) (any, error) {
	if len(args) != 2 {
		return nil, codes.QueryBadArg.Wrapf("want fingerprint/<issuer address>/<fingerprint hex>: fingerprints are per issuer")
	}
	issuer, err := secp.ParseAddress(args[0])
	if err != nil {
		return nil, codes.QueryBadArg.Wrapf("issuer %q: %v", clip(args[0]), err)
	}
	fp, err := hashArg(args, 1, "fingerprint")
	if err != nil {
		return nil, err
	}
	doc, ok := ByFingerprint(kv, issuer, fp)
	if !ok {
		return nil, codes.QueryNotFound.Wrapf("issuer %s has anchored no invoice with fingerprint %s", issuer, fp)
	}
	inv, ok := GetInvoice(kv, doc)
	if !ok {
		panic(&kit.CorruptState{Key: FingerprintKey(issuer, fp), Err: ErrBadHash})
	}
	return FingerprintView{Issuer: issuer, Fingerprint: fp, Invoice: View(kv, doc, &inv)}, nil
}

// BatchView is the JSON answer to batch/<root>.
type BatchView struct {
	Root               Hash         `json:"root"`
	Issuer             secp.Address `json:"issuer"`
	IssuerJurisdiction string       `json:"issuer_jurisdiction"`
	Profile            string       `json:"profile"`
	Count              uint64       `json:"count"`
	Anchored           kit.Stamp    `json:"anchored"`
}

func queryBatch(kv store.KV, args []string) (any, error) {
	if len(args) != 1 {
		return nil, codes.QueryBadArg.Wrapf("want batch/<root>")
	}
	root, err := hashArg(args, 0, "root")
	if err != nil {
		return nil, err
	}
	b, ok := GetBatch(kv, root)
	if !ok {
		return nil, codes.QueryNotFound.Wrapf("no batch anchored under %s", root)
	}
	return BatchView{Root: root, Issuer: b.Issuer, IssuerJurisdiction: jurisdictionOf(kv, b.Issuer),
		Profile: profileName(b.Profile), Count: b.Count, Anchored: b.At}, nil
}

// RevocationView is the JSON answer to revocation/<doc hash>.
type RevocationView struct {
	DocHash Hash      `json:"doc_hash"`
	Root    Hash      `json:"root"`
	Index   uint64    `json:"index"`
	Revoked kit.Stamp `json:"revoked"`
	Reason  string    `json:"reason,omitempty"`
}

func queryRevocation(kv store.KV, args []string) (any, error) {
	if len(args) != 1 {
		return nil, codes.QueryBadArg.Wrapf("want revocation/<doc hash>")
	}
	doc, err := hashArg(args, 0, "document hash")
	if err != nil {
		return nil, err
	}
	r, ok := GetRevocation(kv, doc)
	if !ok {
		return nil, codes.QueryNotFound.Wrapf("document %s is not revoked (prove it with /store on key %x)", doc, RevocationKey(doc))
	}
	return RevocationView{DocHash: doc, Root: r.Root, Index: r.Index, Revoked: r.At, Reason: r.Reason}, nil
}

// InvoicesByView is the JSON answer to invoices-by/<issuer>[/<after fp>].
type InvoicesByView struct {
	Issuer   secp.Address  `json:"issuer"`
	Invoices []IssuerEntry `json:"invoices"`
	Next     string        `json:"next,omitempty"` // pass as the after segment for the next page
}

// IssuerEntry is one invoice of an issuer listing.
type IssuerEntry struct {
	Fingerprint Hash      `json:"fingerprint"`
	DocHash     Hash      `json:"doc_hash"`
	Status      string    `json:"status"`
	Anchored    kit.Stamp `json:"anchored"`
}

// invoicesByPage is the page size of invoices-by.
const invoicesByPage = 100

func queryInvoicesBy(kv store.KV, args []string) (any, error) {
	if len(args) < 1 || len(args) > 2 {
		return nil, codes.QueryBadArg.Wrapf("want invoices-by/<issuer address>[/<after fingerprint>]")
	}
	issuer, err := secp.ParseAddress(args[0])
	if err != nil {
		return nil, codes.QueryBadArg.Wrapf("issuer %q: %v", clip(args[0]), err)
	}
	var after Hash
	if len(args) == 2 {
		if after, err = hashArg(args, 1, "after fingerprint"); err != nil {
			return nil, err
		}
	}
	entries, more := InvoicesBy(kv, issuer, after, invoicesByPage)
	v := InvoicesByView{Issuer: issuer, Invoices: []IssuerEntry{}}
	for _, e := range entries {
		inv, _ := GetInvoice(kv, e.DocHash)
		v.Invoices = append(v.Invoices, IssuerEntry{Fingerprint: e.Fingerprint, DocHash: e.DocHash, Status: inv.Status(), Anchored: inv.Anchored()})
	}
	if more && len(entries) > 0 {
		v.Next = entries[len(entries)-1].Fingerprint.String()
	}
	return v, nil
}
