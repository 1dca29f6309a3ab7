package payment

import (
	"fmt"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/membership"
)

// Routes lists this module's messages for the application's router.
func Routes() []kit.Route {
	return []kit.Route{
		{Type: TypeRecord, Role: membership.RoleBank, New: func() kit.Msg { return &MsgRecord{} }, Handle: func(c *kit.Context, m kit.Msg) error { return Record(c, m.(*MsgRecord)) }},
	}
}

// Record records a payment and applies it to each allocated invoice. Every
// invoice is checked before any is written, so a refused payment leaves
// the state as it was.
func Record(ctx *kit.Context, msg *MsgRecord) error {
	if err := msg.ValidateBasic(); err != nil {
		return err
	}
	bank, ok := membership.ActiveMember(ctx.KV, ctx.Signer)
	if !ok {
		return codes.TxUnknownSigner.Wrapf("signer %s is not an active member", ctx.Signer)
	}
	id := IDOf(msg.UETR, bank.Address)
	if first, dup := GetPayment(ctx.KV, id); dup {
		return codes.PaymentDuplicateUETR.Wrapf("bank %s already recorded UETR %s: payment %s at height %d",
			bank.Address, msg.UETR, id, first.Recorded.Height)
	}
	for i, it := range msg.Items {
		if _, _, err := invoice.CheckPayment(ctx.KV, it.DocHash, msg.Currency, it.Amount); err != nil {
			if len(msg.Items) > 1 {
				return fmt.Errorf("item %d: %w", i, err)
			}
			return err
		}
	}
	for _, it := range msg.Items {
		if err := invoice.ApplyPayment(ctx, it.DocHash, msg.Currency, it.Amount, id[:]); err != nil {
			// Unreachable: every item was checked above and the items name
			// distinct invoices. The application discards the transaction's
			// writes when a handler fails.
			return err
		}
	}
	date, _ := invoice.ParseDate(msg.ValueDate)
	p := Payment{Currency: msg.Currency, ValueDate: date, MessageHash: msg.MessageHash,
		Items: append([]Item(nil), msg.Items...), Recorded: ctx.Stamp()}
	kit.Put(ctx.KV, PaymentKey(id), &p)
	for _, it := range msg.Items {
		inv, _ := invoice.GetInvoice(ctx.KV, it.DocHash)
		ctx.Emit("payment", "uetr", msg.UETR.String(), "bank", bank.Address.String(), "invoice", it.DocHash.String(),
			"id", id.String(), "currency", msg.Currency, "amount", it.Amount, "status", inv.Status(), "jurisdiction", bank.Jurisdiction)
	}
	return nil
}
