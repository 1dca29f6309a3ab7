package payment

import (
	"github.com/corridor-trade/corridor/codec"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/store"
)

// GetPayment returns the payment with identifier id.
func GetPayment(kv store.KV, id ID) (Payment, bool) {
	var p Payment
	ok := kit.Get(kv, PaymentKey(id), &p)
	return p, ok
}

// ByUETR returns every bank's payment recorded with uetr, in bank-address
// order.
func ByUETR(kv store.KV, uetr UETR) []Entry {
	var out []Entry
	prefix := uetrPrefix(uetr)
	store.IteratePrefix(kv, prefix, func(k, v []byte) bool {
		var e Entry
		if len(k) != len(prefix)+20 {
			panic(&kit.CorruptState{Key: k, Err: ErrBadUETR})
		}
		copy(e.ID[:16], uetr[:])
		copy(e.ID[16:], k[len(prefix):])
		if err := codec.Unmarshal(v, &e.Payment); err != nil {
			panic(&kit.CorruptState{Key: k, Err: err})
		}
		out = append(out, e)
		return true
	})
	return out
}

// Entry is a payment with its identifier.
type Entry struct {
	ID      ID
	Payment Payment
}
