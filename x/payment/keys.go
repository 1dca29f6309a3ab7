package payment

// Store keys.
const (
	prefixPayment = "py" // py/<UETR 16B><bank address 20B> → Payment
)

// PaymentKey is the store key of a payment record.
func PaymentKey(id ID) []byte {
	k := make([]byte, 0, len(prefixPayment)+1+len(id))
	k = append(k, prefixPayment...)
	k = append(k, '/')
	return append(k, id[:]...)
}

// uetrPrefix is the key prefix shared by every bank's record of a UETR.
func uetrPrefix(u UETR) []byte {
	k := make([]byte, 0, len(prefixPayment)+1+len(u))
	k = append(k, prefixPayment...)
	k = append(k, '/')
	return append(k, u[:]...)
}
