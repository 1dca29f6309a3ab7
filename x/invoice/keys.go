package invoice

import "github.com/corridor-trade/corridor/crypto/secp"

// Store keys. Each prefix names one kind of record; every key part is
// fixed-length binary, so keys need no separators beyond the prefix's.
const (
	prefixInvoice     = "iv" // iv/<doc hash 32B> → Invoice
	prefixFingerprint = "if" // if/<issuer 20B><fingerprint 32B> → doc hash 32B
	prefixBatch       = "ib" // ib/<root 32B> → Batch
	prefixRevocation  = "ir" // ir/<doc hash 32B> → Revocation
)

// InvoiceKey is the store key of an anchored invoice.
func InvoiceKey(h Hash) []byte { return appendKey(prefixInvoice, h[:]) }

// FingerprintKey is the store key of the fingerprint index entry. The
// issuer comes first so that the same key range lists an issuer's invoices
// (query invoices-by) without a second index.
func FingerprintKey(issuer secp.Address, fp Hash) []byte {
	return appendKey(prefixFingerprint, issuer[:], fp[:])
}

// issuerPrefix is the key prefix of every fingerprint entry of an issuer.
func issuerPrefix(issuer secp.Address) []byte { return appendKey(prefixFingerprint, issuer[:]) }

// BatchKey is the store key of a batch anchor.
func BatchKey(root Hash) []byte { return appendKey(prefixBatch, root[:]) }

// RevocationKey is the store key of a batch member's revocation. A verifier
// asks the /store query for this key with a proof: a non-existence proof
// shows that the document is not revoked at that height.
func RevocationKey(doc Hash) []byte { return appendKey(prefixRevocation, doc[:]) }

func appendKey(prefix string, parts ...[]byte) []byte {
	n := len(prefix) + 1
	for _, p := range parts {
		n += len(p)
	}
	k := make([]byte, 0, n)
	k = append(k, prefix...)
	k = append(k, '/')
	for _, p := range parts {
		k = append(k, p...)
	}
	return k
}
