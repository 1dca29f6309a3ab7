package invoice

import (
	"crypto/sha256"
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"github.com/corridor-trade/corridor/crypto/secp"
)

// Fingerprint parameters (docs/invoice.md, "Fingerprint"). They are part of
// the protocol: changing any of them changes every fingerprint, so they are
// versioned by the tags below and never tuned per node.
const (
	FingerprintTime    = 3         // Argon2id passes
	FingerprintMemory  = 64 * 1024 // KiB (64 MiB)
	FingerprintThreads = 4
	fingerprintSaltTag = "corridor/invoice-fp-salt/v1"
	buyerCommitTag     = "corridor/buyer-commit/v1"
	// MaxInvoiceNumber bounds an invoice number, in bytes, before
	// normalisation.
	MaxInvoiceNumber = 200
)

// NormaliseNumber returns the form of an invoice number that fingerprints
// are computed over: only its letters and digits, with ASCII letters
// upper-cased. "inv-2024/0042" and "INV 2024 0042" both become
// "INV20240042", so a re-issue that only changes separators or case is
// still caught.
func NormaliseNumber(number string) (string, error) {
	if len(number) > MaxInvoiceNumber || !utf8.ValidString(number) {
		return "", errors.New("invoice number must be valid UTF-8 of at most 200 bytes")
	}
	var b strings.Builder
	for _, r := range number {
		switch {
		case r >= 'a' && r <= 'z':
			b.WriteRune(r - 'a' + 'A')
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "", errors.New("invoice number has no letter or digit")
	}
	return b.String(), nil
}

// FingerprintSalt is the per-issuer Argon2id salt: the first 16 bytes of
// SHA-256(tag ‖ issuer address).
func FingerprintSalt(issuer secp.Address) []byte {
	h := sha256.New()
	h.Write([]byte(fingerprintSaltTag))
	h.Write(issuer[:])
	return h.Sum(nil)[:16]
}

// Fingerprint computes an invoice-number fingerprint client-side:
// Argon2id(normalised number, FingerprintSalt(issuer)) with the fixed
// parameters above, 32 bytes. It is deliberately slow (about 0.1 s and
// 64 MiB); it never runs inside the state machine.
func Fingerprint(issuer secp.Address, number string) (Hash, error) {
	n, err := NormaliseNumber(number)
	if err != nil {
		return Hash{}, err
	}
	var fp Hash
	copy(fp[:], argon2.IDKey([]byte(n), FingerprintSalt(issuer), FingerprintTime, FingerprintMemory, FingerprintThreads, 32))
	return fp, nil
}

// BuyerCommitment commits to a buyer that is not a Corridor member:
// SHA-256(tag ‖ salt ‖ buyer identifier), where the identifier is the
// buyer's scheme-qualified identifier (e.g. "0195:201234567K") and salt is
// 32 random bytes kept by the issuer and given to whoever must check the
// commitment (the buyer, a financier). Without the salt the commitment
// reveals nothing about the buyer.
func BuyerCommitment(salt [32]byte, buyerID string) Hash {
	h := sha256.New()
	h.Write([]byte(buyerCommitTag))
	h.Write(salt[:])
	h.Write([]byte(buyerID))
	var c Hash
	copy(c[:], h.Sum(nil))
	return c
}
