package tx_test

import (
	"bytes"
	"testing"

	"github.com/corridor-trade/corridor/codec"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/tx"
	"github.com/corridor-trade/corridor/x/membership"
)

// FuzzDecode feeds arbitrary bytes to the transaction decoder: it must never
// panic, and whatever it accepts must re-encode to the very same bytes (one
// encoding per transaction, so a transaction has one hash).
func FuzzDecode(f *testing.F) {
	key, _ := secp.PrivKeyFromBytes(bytes.Repeat([]byte{7}, 32))
	pub, _ := secp.ParsePubKeyHex("02" + "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798")
	good, _ := tx.Build(key, "corridor-1", 3, "memo", &membership.MsgAdmit{PubKey: pub, Roles: []string{"trader"}})
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte{})
	f.Add([]byte{0x0a, 0x00})
	f.Fuzz(func(t *testing.T, raw []byte) {
		env, body, err := tx.Decode(raw)
		if err != nil {
			return
		}
		if again := codec.Marshal(env); !bytes.Equal(again, raw) {
			t.Fatalf("envelope re-encodes differently:\n in  %x\n out %x", raw, again)
		}
		if again := codec.Marshal(body); !bytes.Equal(again, env.Body) {
			t.Fatalf("body re-encodes differently")
		}
	})
}
