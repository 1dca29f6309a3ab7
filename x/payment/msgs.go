package payment

import (
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/x/invoice"
)

// TypeRecord is the message type name.
const TypeRecord = "payment/record"

// MaxItems bounds the invoices one payment may be allocated to.
const MaxItems = 64

// MsgRecord records a payment. Signer: bank. Items allocate one amount to
// each of one or more distinct invoices, all in Currency.
type MsgRecord struct {
	UETR        UETR         `wire:"1" json:"uetr"`
	Currency    string       `wire:"2" json:"currency"`
	ValueDate   string       `wire:"3" json:"value_date"` // YYYY-MM-DD
	MessageHash invoice.Hash `wire:"4" json:"message_hash"`
	Items       []Item       `wire:"5" json:"items"`
}

// Type implements kit.Msg.
func (MsgRecord) Type() string { return TypeRecord }

// ValidateBasic checks every field's form and that the items name distinct
// invoices.
func (m MsgRecord) ValidateBasic() error {
	if !m.UETR.Valid() {
		return codes.PaymentBadUETR.Wrapf("UETR %s is not a version-4 UUID", m.UETR)
	}
	if err := invoice.ValidateCurrency(m.Currency); err != nil {
		return err
	}
	if _, err := invoice.ParseDate(m.ValueDate); err != nil {
		return err
	}
	if m.MessageHash.IsZero() {
		return codes.TxInvalidMsg.Wrapf("message_hash (SHA-256 of the pacs.008 / camt.054 message) is required")
	}
	if len(m.Items) == 0 || len(m.Items) > MaxItems {
		return codes.PaymentBadAllocation.Wrapf("%d items: allocate to 1 to %d invoices", len(m.Items), MaxItems)
	}
	for i, it := range m.Items {
		if it.DocHash.IsZero() {
			return codes.PaymentBadAllocation.Wrapf("item %d: doc_hash is required", i)
		}
		for j := 0; j < i; j++ {
			if m.Items[j].DocHash == it.DocHash {
				return codes.PaymentBadAllocation.Wrapf("items %d and %d name the same invoice %s", j, i, it.DocHash)
			}
		}
		if _, err := invoice.ParseAmount(it.Amount); err != nil {
			return err
		}
	}
	return nil
}
