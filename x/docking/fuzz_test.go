package docking_test

import (
	"testing"

	"github.com/cometbft/cometbft/crypto/ed25519"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/corridor-trade/corridor/x/docking"
)

// FuzzDecodeValidatorSet feeds arbitrary bytes to the validator-set decoder
// used by docking messages: it must never panic, and whatever it accepts
// must be a non-empty set that re-encodes.
func FuzzDecodeValidatorSet(f *testing.F) {
	vs := cmttypes.NewValidatorSet([]*cmttypes.Validator{
		cmttypes.NewValidator(ed25519.GenPrivKeyFromSecret([]byte("a")).PubKey(), 10),
		cmttypes.NewValidator(ed25519.GenPrivKeyFromSecret([]byte("b")).PubKey(), 10),
	})
	good, err := docking.EncodeValidatorSet(vs)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		vs, err := docking.DecodeValidatorSet(b)
		if err != nil {
			return
		}
		if vs.Size() == 0 {
			t.Fatal("accepted an empty validator set")
		}
		if _, err := docking.EncodeValidatorSet(vs); err != nil {
			t.Fatalf("accepted set does not re-encode: %v", err)
		}
	})
}

// FuzzDecodeSignedHeader feeds arbitrary bytes to the signed-header
// decoder: it must never panic, and whatever it accepts is for the asked
// chain and has a header and a commit.
func FuzzDecodeSignedHeader(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{0x0a, 0x02, 0x08, 0x01})
	f.Add([]byte{0x0a, 0x00, 0x12, 0x00})
	f.Fuzz(func(t *testing.T, b []byte) {
		sh, err := docking.DecodeSignedHeader(b, "sw-cn-1")
		if err != nil {
			return
		}
		if sh.Header == nil || sh.Commit == nil || sh.ChainID != "sw-cn-1" {
			t.Fatalf("accepted a malformed signed header: %+v", sh)
		}
	})
}
