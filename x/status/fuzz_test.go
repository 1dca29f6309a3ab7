package status_test

import (
	"reflect"
	"testing"

	"github.com/corridor-trade/corridor/codec"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/kittest"
	"github.com/corridor-trade/corridor/x/status"
)

// fuzzDecode feeds arbitrary bytes to the canonical decoder of one message
// type: never a panic, and a message that decodes and validates has
// exactly one encoding.
func fuzzDecode(f *testing.F, seed kit.Msg, fresh func() kit.Msg) {
	f.Add(codec.Marshal(seed))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		m := fresh()
		if err := codec.Unmarshal(b, m); err != nil {
			return
		}
		if err := m.ValidateBasic(); err == nil {
			if !reflect.DeepEqual(codec.Marshal(m), b) {
				t.Fatal("a valid message has a second encoding")
			}
		}
	})
}

// FuzzDecodeMsgAnchorList fuzzes the status-list anchor decoder.
func FuzzDecodeMsgAnchorList(f *testing.F) {
	fuzzDecode(f, anchor(3, func(m *status.MsgAnchorList) { m.ValidUntil = 1 << 62 }), func() kit.Msg { return &status.MsgAnchorList{} })
}

// FuzzDecodeMsgOARevoke fuzzes the revocation-store decoders.
func FuzzDecodeMsgOARevoke(f *testing.F) {
	fuzzDecode(f, &status.MsgOARevoke{Store: h("s"), Targets: []status.Hash{h("t")}, Reason: "r"}, func() kit.Msg { return &status.MsgOARevoke{} })
}

// TestValidateBasicNeverPanics fills every message with random values.
func TestValidateBasicNeverPanics(t *testing.T) {
	kittest.ValidateBasicNeverPanics(t, []string{"", "revocation", "suspension", "x"},
		func() kit.Msg { return &status.MsgAnchorList{} }, func() kit.Msg { return &status.MsgOAStore{} }, func() kit.Msg { return &status.MsgOARevoke{} })
}

// FuzzDecodeMsgOAStore fuzzes the store registration decoder.
func FuzzDecodeMsgOAStore(f *testing.F) {
	fuzzDecode(f, &status.MsgOAStore{Store: h("s")}, func() kit.Msg { return &status.MsgOAStore{} })
}
