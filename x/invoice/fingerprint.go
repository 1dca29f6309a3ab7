package invoice

import (
	"crypto/sha256"
	"errors"
	"strings"
	"unicode"

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
)

// NormaliseNumberV1 returns an invoice number's normal form under scheme 1,
// the first release: only its letters and digits, with ASCII letters
// upper-cased ("inv-2024/0042" → "INV20240042"). It kept every other
// character as written, so full-width, Arabic-Indic or Cyrillic look-alikes
// of a number gave another fingerprint. It is kept to find anchors made
// before scheme 2 (LegacyFingerprint); for a number written in ASCII it
// equals NormaliseNumber.
func NormaliseNumberV1(number string) (string, error) {
	if err := checkNumber(number); err != nil {
		return "", err
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
// Argon2id(NormaliseNumber(number), FingerprintSalt(issuer)) with the fixed
// parameters above, 32 bytes. It is deliberately slow (about 0.1 s and
// 64 MiB); it never runs inside the state machine. Every door that anchors
// or looks up an invoice (CLI, client, ingest) calls this one function, so
// they all compare numbers the same way (scheme FingerprintScheme).
func Fingerprint(issuer secp.Address, number string) (Hash, error) {
	n, err := NormaliseNumber(number)
	if err != nil {
		return Hash{}, err
	}
	return fingerprintOf(issuer, n), nil
}

// LegacyFingerprint computes the scheme-1 fingerprint of a number, which
// anchors made before scheme 2 carry. differs reports whether it can
// differ from Fingerprint at all: it is false for every number whose two
// normal forms agree (every number written in ASCII), and then the
// fingerprint is not computed. A financier checking a number with
// non-ASCII characters looks up both (docs/invoice.md, "Financier's
// check").
func LegacyFingerprint(issuer secp.Address, number string) (fp Hash, differs bool, err error) {
	v1, err := NormaliseNumberV1(number)
	if err != nil {
		return Hash{}, false, err
	}
	if v2, err := NormaliseNumber(number); err == nil && v2 == v1 {
		return Hash{}, false, nil
	}
	return fingerprintOf(issuer, v1), true, nil
}

// fingerprintOf is the Argon2id step, shared by every scheme: the schemes
// differ only in the normal form.
func fingerprintOf(issuer secp.Address, normalised string) Hash {
	var fp Hash
	copy(fp[:], argon2.IDKey([]byte(normalised), FingerprintSalt(issuer), FingerprintTime, FingerprintMemory, FingerprintThreads, 32))
	return fp
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
