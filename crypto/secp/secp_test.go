package secp

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"github.com/decred/dcrd/bech32"
	"github.com/decred/dcrd/dcrec/secp256k1/v4"
)

func mustKey(t *testing.T) *PrivKey {
	t.Helper()
	k, err := GenPrivKey()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestSignVerifyRoundTrip(t *testing.T) {
	for i := 0; i < 50; i++ {
		k := mustKey(t)
		d := sha256.Sum256([]byte{byte(i), 'm', 's', 'g'})
		sig := k.Sign(d)
		if err := Verify(k.PubKey(), d, sig[:]); err != nil {
			t.Fatalf("round %d: own signature refused: %v", i, err)
		}
		var s secp256k1.ModNScalar
		s.SetByteSlice(sig[32:])
		if s.IsOverHalfOrder() {
			t.Fatalf("round %d: Sign produced a high-S signature", i)
		}
		if again := k.Sign(d); again != sig {
			t.Fatalf("round %d: Sign is not deterministic", i)
		}
	}
}

func TestVerifyRejects(t *testing.T) {
	k := mustKey(t)
	other := mustKey(t)
	d := sha256.Sum256([]byte("digest"))
	sig := k.Sign(d)

	// The high-S twin of a valid signature: s' = n - s.
	var s secp256k1.ModNScalar
	s.SetByteSlice(sig[32:])
	s.Negate()
	high := sig
	s.PutBytesUnchecked(high[32:])

	n, _ := hex.DecodeString("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")
	rIsN := sig
	copy(rIsN[:32], n)
	sIsN := sig
	copy(sIsN[32:], n)
	rZero := sig
	copy(rZero[:32], make([]byte, 32))
	sZero := sig
	copy(sZero[32:], make([]byte, 32))
	flipped := sig
	flipped[10] ^= 1

	cases := []struct {
		name   string
		pub    PubKey
		digest [32]byte
		sig    []byte
		want   error
	}{
		{"wrong key", other.PubKey(), d, sig[:], ErrSigMismatch},
		{"wrong digest", k.PubKey(), sha256.Sum256([]byte("other")), sig[:], ErrSigMismatch},
		{"flipped bit", k.PubKey(), d, flipped[:], ErrSigMismatch},
		{"high S", k.PubKey(), d, high[:], ErrSigHighS},
		{"r = n", k.PubKey(), d, rIsN[:], ErrSigRange},
		{"s = n", k.PubKey(), d, sIsN[:], ErrSigRange},
		{"r = 0", k.PubKey(), d, rZero[:], ErrSigRange},
		{"s = 0", k.PubKey(), d, sZero[:], ErrSigRange},
		{"short", k.PubKey(), d, sig[:63], ErrSigLength},
		{"long", k.PubKey(), d, append(sig[:], 0), ErrSigLength},
		{"empty", k.PubKey(), d, nil, ErrSigLength},
		{"bad pubkey", PubKey{0x02}, d, sig[:], ErrBadPubKey},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := Verify(c.pub, c.digest, c.sig); !errors.Is(err, c.want) {
				t.Fatalf("Verify = %v, want %v", err, c.want)
			}
		})
	}
}

func TestPrivKeyFromBytes(t *testing.T) {
	k := mustKey(t)
	k2, err := PrivKeyFromBytes(k.Bytes())
	if err != nil || k2.PubKey() != k.PubKey() {
		t.Fatalf("round trip failed: %v", err)
	}
	n, _ := hex.DecodeString("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")
	for _, b := range [][]byte{nil, make([]byte, 31), make([]byte, 32), make([]byte, 33), n} {
		if _, err := PrivKeyFromBytes(b); !errors.Is(err, ErrBadPrivKey) {
			t.Errorf("PrivKeyFromBytes(%x) = %v, want ErrBadPrivKey", b, err)
		}
	}
}

func TestParsePubKey(t *testing.T) {
	k := mustKey(t)
	pk := k.PubKey()
	got, err := ParsePubKey(pk[:])
	if err != nil || got != pk {
		t.Fatalf("compressed key refused: %v", err)
	}
	if h, err := ParsePubKeyHex(pk.String()); err != nil || h != pk {
		t.Fatalf("hex round trip: %v", err)
	}
	uncompressed := k.k.PubKey().SerializeUncompressed()
	// x = 5 is not the x coordinate of any point on secp256k1 (5^3+7 = 132
	// is not a quadratic residue mod p).
	notOnCurve := make([]byte, 33)
	notOnCurve[0] = 0x02
	notOnCurve[32] = 5
	xTooBig := bytes.Repeat([]byte{0xff}, 33)
	xTooBig[0] = 0x02
	hybrid := append([]byte{0x06}, uncompressed[1:]...)
	wrongPrefix := append([]byte{0x04}, pk[1:]...)
	cases := map[string][]byte{
		"uncompressed": uncompressed,
		"hybrid":       hybrid,
		"prefix 04":    wrongPrefix,
		"not on curve": notOnCurve,
		"x >= p":       xTooBig,
		"empty":        nil,
		"short":        pk[:32],
		"long":         append(pk[:], 0),
		"all zero":     make([]byte, 33),
		"infinity-ish": {0x00},
		"prefix 05":    append([]byte{0x05}, pk[1:]...),
	}
	for name, b := range cases {
		if _, err := ParsePubKey(b); !errors.Is(err, ErrBadPubKey) {
			t.Errorf("%s: ParsePubKey = %v, want ErrBadPubKey", name, err)
		}
	}
	if _, err := ParsePubKeyHex("zz"); !errors.Is(err, ErrBadPubKey) {
		t.Errorf("bad hex accepted")
	}
	var u PubKey
	if err := u.UnmarshalText([]byte(pk.String())); err != nil || u != pk {
		t.Errorf("UnmarshalText: %v", err)
	}
}

func TestAddressDerivation(t *testing.T) {
	k := mustKey(t)
	pk := k.PubKey()
	h := sha256.Sum256(pk[:])
	a := pk.Address()
	if !bytes.Equal(a[:], h[:20]) {
		t.Fatalf("address is not the first 20 bytes of SHA-256(pubkey)")
	}
}

func TestAddressRoundTrip(t *testing.T) {
	for i := 0; i < 20; i++ {
		a := mustKey(t).PubKey().Address()
		s := a.String()
		if !strings.HasPrefix(s, "cor1") {
			t.Fatalf("address %q lacks the cor1 prefix", s)
		}
		b, err := ParseAddress(s)
		if err != nil || b != a {
			t.Fatalf("round trip of %s: %v", s, err)
		}
		txt, _ := a.MarshalText()
		var c Address
		if err := c.UnmarshalText(txt); err != nil || c != a {
			t.Fatalf("text round trip: %v", err)
		}
	}
	var zero Address
	if !zero.IsZero() {
		t.Fatal("zero address not IsZero")
	}
	if _, err := AddressFromBytes(make([]byte, 19)); !errors.Is(err, ErrBadAddress) {
		t.Fatal("19-byte address accepted")
	}
}

// encodeBech32 builds a bech32 string with arbitrary hrp and payload.
func encodeBech32(t *testing.T, hrp string, data []byte) string {
	t.Helper()
	conv, err := bech32.ConvertBits(data, 8, 5, true)
	if err != nil {
		t.Fatal(err)
	}
	s, err := bech32.Encode(hrp, conv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestParseAddressRejects(t *testing.T) {
	a := mustKey(t).PubKey().Address()
	good := a.String()
	// Change one data character to break the checksum.
	i := len(good) - 10
	repl := byte('q')
	if good[i] == 'q' {
		repl = 'p'
	}
	badSum := good[:i] + string(repl) + good[i+1:]
	cases := map[string]string{
		"wrong hrp":    encodeBech32(t, "cosmos", a[:]),
		"hrp prefix":   encodeBech32(t, "co", a[:]),
		"19 bytes":     encodeBech32(t, AddressHRP, a[:19]),
		"21 bytes":     encodeBech32(t, AddressHRP, append(a[:], 1)),
		"32 bytes":     encodeBech32(t, AddressHRP, make([]byte, 32)),
		"bad checksum": badSum,
		"mixed case":   strings.ToUpper(good[:5]) + good[5:],
		"empty":        "",
		"no separator": "cor",
		"hex":          hex.EncodeToString(a[:]),
		"truncated":    good[:len(good)-1],
		"whitespace":   " " + good,
		"extra 5-bit group": func() string {
			conv := append(mustConvert(t, a[:]), 0)
			s, err := bech32.Encode(AddressHRP, conv)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}(),
	}
	for name, s := range cases {
		if _, err := ParseAddress(s); !errors.Is(err, ErrBadAddress) {
			t.Errorf("%s: ParseAddress(%q) = %v, want ErrBadAddress", name, s, err)
		}
	}
	// Bech32 is case-insensitive as a whole: an all-upper-case address is
	// the same address.
	if b, err := ParseAddress(strings.ToUpper(good)); err != nil || b != a {
		t.Errorf("upper-case address: %v", err)
	}
}

// mustConvert regroups bytes into 5-bit groups.
func mustConvert(t *testing.T, b []byte) []byte {
	t.Helper()
	c, err := bech32.ConvertBits(b, 8, 5, true)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
