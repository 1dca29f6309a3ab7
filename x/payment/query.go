package payment

import (
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/paths"
	"github.com/corridor-trade/corridor/x/kit/store"
	"github.com/corridor-trade/corridor/x/membership"
)

// Queries returns this module's query handlers, by first path segment.
func Queries() map[string]kit.QueryFunc {
	return map[string]kit.QueryFunc{
		paths.NamePayment: queryPayment,
		paths.NameUETR:    queryUETR,
	}
}

// View is the JSON form of a payment.
type View struct {
	ID               string       `json:"id"`
	UETR             UETR         `json:"uetr"`
	Bank             secp.Address `json:"bank"`
	BankJurisdiction string       `json:"bank_jurisdiction"`
	Currency         string       `json:"currency"`
	ValueDate        string       `json:"value_date"`
	MessageHash      invoice.Hash `json:"message_hash"`
	Items            []ItemView   `json:"items"`
	Recorded         kit.Stamp    `json:"recorded"`
}

// ItemView is one allocation with the invoice's current status.
type ItemView struct {
	DocHash       invoice.Hash `json:"doc_hash"`
	Amount        string       `json:"amount"`
	InvoiceStatus string       `json:"invoice_status"`
}

// ViewOf returns the JSON form of a payment.
func ViewOf(kv store.KV, id ID, p *Payment) View {
	v := View{ID: id.String(), UETR: id.UETR(), Bank: id.Bank(), Currency: p.Currency,
		ValueDate: invoice.FormatDate(p.ValueDate), MessageHash: p.MessageHash, Items: []ItemView{}, Recorded: p.Recorded}
	if m, ok := membership.GetMember(kv, v.Bank); ok {
		v.BankJurisdiction = m.Jurisdiction
	}
	for _, it := range p.Items {
		iv := ItemView{DocHash: it.DocHash, Amount: it.Amount}
		if inv, ok := invoice.GetInvoice(kv, it.DocHash); ok {
			iv.InvoiceStatus = inv.Status()
		}
		v.Items = append(v.Items, iv)
	}
	return v
}

func queryPayment(kv store.KV, args []string) (any, error) {
	if len(args) != 1 {
		return nil, codes.QueryBadArg.Wrapf("want payment/<id: 72 hex digits>")
	}
	id, err := ParseID(args[0])
	if err != nil {
		return nil, codes.QueryBadArg.Wrapf("%v", err)
	}
	p, ok := GetPayment(kv, id)
	if !ok {
		return nil, codes.QueryNotFound.Wrapf("no payment %s", id)
	}
	return ViewOf(kv, id, &p), nil
}

// UETRView is the JSON answer to uetr/<uuid>: every bank's record.
type UETRView struct {
	UETR     UETR   `json:"uetr"`
	Payments []View `json:"payments"`
}

func queryUETR(kv store.KV, args []string) (any, error) {
	if len(args) != 1 {
		return nil, codes.QueryBadArg.Wrapf("want uetr/<uuid>")
	}
	u, err := ParseUETR(args[0])
	if err != nil {
		return nil, codes.QueryBadArg.Wrapf("%v", err)
	}
	entries := ByUETR(kv, u)
	if len(entries) == 0 {
		return nil, codes.QueryNotFound.Wrapf("no payment recorded with UETR %s", u)
	}
	v := UETRView{UETR: u, Payments: []View{}}
	for i := range entries {
		v.Payments = append(v.Payments, ViewOf(kv, entries[i].ID, &entries[i].Payment))
	}
	return v, nil
}
