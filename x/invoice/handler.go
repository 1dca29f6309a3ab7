package invoice

import (
	"strconv"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/membership"
)

// Routes lists this module's messages for the application's router.
func Routes() []kit.Route {
	return []kit.Route{
		{Type: TypeAnchor, Role: membership.RoleTrader, New: func() kit.Msg { return &MsgAnchor{} }, Handle: func(c *kit.Context, m kit.Msg) error { return Anchor(c, m.(*MsgAnchor)) }},
		{Type: TypeAnchorBatch, Role: membership.RoleTrader, New: func() kit.Msg { return &MsgAnchorBatch{} }, Handle: func(c *kit.Context, m kit.Msg) error { return AnchorBatch(c, m.(*MsgAnchorBatch)) }},
		{Type: TypeCancel, Role: membership.RoleTrader, New: func() kit.Msg { return &MsgCancel{} }, Handle: func(c *kit.Context, m kit.Msg) error { return Cancel(c, m.(*MsgCancel)) }},
		{Type: TypeRevokeBatchMember, Role: membership.RoleTrader, New: func() kit.Msg { return &MsgRevokeBatchMember{} }, Handle: func(c *kit.Context, m kit.Msg) error { return RevokeBatchMember(c, m.(*MsgRevokeBatchMember)) }},
	}
}

// signer returns the transaction's signer; the application has already
// checked that it exists and is active.
func signer(ctx *kit.Context) (membership.Member, error) { return membership.Signer(ctx, "") }

// issuerOf returns the address and jurisdiction of the transaction's
// signer, as signer would, with its error: from the application's checked
// signer when the message is the transaction's first (the same member
// record, read from the same state, and active), else from the record.
func issuerOf(ctx *kit.Context) (secp.Address, string, error) {
	if s, ok := ctx.CheckedSigner(); ok {
		return s.Address, s.Jurisdiction, nil
	}
	m, err := signer(ctx)
	return m.Address, m.Jurisdiction, err
}

// Anchor anchors one invoice after the double-financing guard: neither its
// document hash nor the signer's fingerprint may be anchored already.
func Anchor(ctx *kit.Context, msg *MsgAnchor) error {
	if err := msg.ValidateBasic(); err != nil {
		return err
	}
	issuer, jurisdiction, err := issuerOf(ctx)
	if err != nil {
		return err
	}
	if first, dup := GetInvoice(ctx.KV, msg.DocHash); dup {
		return codes.InvoiceDuplicateDocument.Wrapf("document %s is already anchored: first anchor %s at height %d by %s (status %s)",
			msg.DocHash, msg.DocHash, first.Anchored().Height, first.Issuer, first.Status())
	}
	if firstDoc, dup := ByFingerprint(ctx.KV, issuer, msg.Fingerprint); dup {
		first, _ := GetInvoice(ctx.KV, firstDoc)
		return codes.InvoiceDuplicateFingerprint.Wrapf("fingerprint %s of issuer %s is already anchored: first anchor %s at height %d (status %s)",
			msg.Fingerprint, issuer, firstDoc, first.Anchored().Height, first.Status())
	}
	if !msg.BuyerMember.IsZero() {
		if msg.BuyerMember == issuer {
			return codes.InvoiceBadBuyer.Wrapf("the buyer cannot be the issuer")
		}
		if _, ok := membership.GetMember(ctx.KV, msg.BuyerMember); !ok {
			return codes.InvoiceBadBuyer.Wrapf("buyer %s is not a member (use a buyer commitment instead)", msg.BuyerMember)
		}
	}
	date, _ := ParseDate(msg.IssueDate)
	inv := Invoice{
		Issuer: issuer, Profile: profileNumber(msg.Profile),
		BuyerMember: msg.BuyerMember, BuyerCommit: msg.BuyerCommit,
		IssueDate: date, Currency: msg.Currency, Total: msg.Total,
		History:   []Change{{At: ctx.Stamp(), Status: stIssued}},
		FieldRoot: msg.FieldRoot,
	}
	kit.Put(ctx.KV, InvoiceKey(msg.DocHash), &inv)
	ctx.KV.Set(FingerprintKey(issuer, msg.Fingerprint), msg.DocHash[:])
	ctx.Emit("invoice", "action", "anchored", "issuer", ctx.AddressString(issuer), "hash", msg.DocHash.String(),
		"status", StatusIssued, "profile", msg.Profile, "jurisdiction", jurisdiction)
	// Queries find anchors by action, issuer, hash and status; profile and
	// jurisdiction are read from the event, not searched (docs/invoice.md).
	ctx.Unindex("profile", "jurisdiction")
	return nil
}

// AnchorBatch anchors a batch root.
func AnchorBatch(ctx *kit.Context, msg *MsgAnchorBatch) error {
	if err := msg.ValidateBasic(); err != nil {
		return err
	}
	issuer, jurisdiction, err := issuerOf(ctx)
	if err != nil {
		return err
	}
	if first, dup := GetBatch(ctx.KV, msg.Root); dup {
		return codes.InvoiceDuplicateDocument.Wrapf("batch root %s is already anchored: first anchor %s at height %d by %s (%d documents)",
			msg.Root, msg.Root, first.At.Height, first.Issuer, first.Count)
	}
	b := Batch{Issuer: issuer, Profile: profileNumber(msg.Profile), Count: msg.Count, At: ctx.Stamp()}
	kit.Put(ctx.KV, BatchKey(msg.Root), &b)
	ctx.Emit("invoice_batch", "action", "anchored", "issuer", ctx.AddressString(issuer), "root", msg.Root.String(),
		"count", strconv.FormatUint(msg.Count, 10), "profile", msg.Profile, "jurisdiction", jurisdiction)
	return nil
}

// Cancel cancels an invoice that has received no payment. Only its issuer
// may cancel it, and a reason is required.
func Cancel(ctx *kit.Context, msg *MsgCancel) error {
	if err := msg.ValidateBasic(); err != nil {
		return err
	}
	if _, _, err := issuerOf(ctx); err != nil {
		return err
	}
	inv, ok := GetInvoice(ctx.KV, msg.DocHash)
	if !ok {
		return codes.InvoiceNotFound.Wrapf("no invoice anchored under %s", msg.DocHash)
	}
	if inv.Issuer != ctx.Signer {
		return codes.InvoiceNotIssuer.Wrapf("invoice %s was issued by %s, not %s", msg.DocHash, inv.Issuer, ctx.Signer)
	}
	if st := inv.status(); st != stIssued {
		return codes.InvoiceNotCancellable.Wrapf("invoice %s is %s (paid so far: %s); only an invoice without payments can be cancelled",
			msg.DocHash, statusName(st), orZero(inv.Paid))
	}
	inv.History = append(inv.History, Change{At: ctx.Stamp(), Status: stCancelled, Reason: msg.Reason})
	kit.Put(ctx.KV, InvoiceKey(msg.DocHash), &inv)
	ctx.Emit("invoice", "action", "cancelled", "issuer", inv.Issuer.String(), "hash", msg.DocHash.String(), "status", StatusCancelled)
	return nil
}

// RevokeBatchMember revokes one document of a batch. The inclusion path
// must prove the document at its index; the revocation is stored under the
// document hash.
func RevokeBatchMember(ctx *kit.Context, msg *MsgRevokeBatchMember) error {
	if err := msg.ValidateBasic(); err != nil {
		return err
	}
	if _, _, err := issuerOf(ctx); err != nil {
		return err
	}
	b, ok := GetBatch(ctx.KV, msg.Root)
	if !ok {
		return codes.InvoiceBatchNotFound.Wrapf("no batch anchored under %s", msg.Root)
	}
	if b.Issuer != ctx.Signer {
		return codes.InvoiceNotIssuer.Wrapf("batch %s was anchored by %s, not %s", msg.Root, b.Issuer, ctx.Signer)
	}
	if !VerifyInclusion(msg.Root, MemberLeaf(msg.DocHash, msg.FieldRoot), msg.Index, b.Count, hashesOf(msg.Path)) {
		return codes.InvoiceBadInclusionProof.Wrapf("document %s is not at index %d of batch %s (%d documents) by this path",
			msg.DocHash, msg.Index, msg.Root, b.Count)
	}
	if r, dup := GetRevocation(ctx.KV, msg.DocHash); dup {
		return codes.InvoiceAlreadyRevoked.Wrapf("document %s was revoked at height %d (batch %s, index %d)",
			msg.DocHash, r.At.Height, r.Root, r.Index)
	}
	kit.Put(ctx.KV, RevocationKey(msg.DocHash), &Revocation{Root: msg.Root, Index: msg.Index, At: ctx.Stamp(), Reason: msg.Reason})
	ctx.Emit("invoice", "action", "revoked", "issuer", b.Issuer.String(), "hash", msg.DocHash.String(),
		"root", msg.Root.String(), "status", StatusRevoked)
	return nil
}

func orZero(s string) string {
	if s == "" {
		return "0"
	}
	return s
}
