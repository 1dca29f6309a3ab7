package title_test

import (
	"bytes"
	"testing"

	"github.com/corridor-trade/corridor/codec"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/title"
)

// FuzzDecodeMoveMsgs feeds arbitrary bytes to the canonical decoders of
// the five messages of the cross-chain move: never a panic, and a message
// that decodes and validates has exactly one encoding.
func FuzzDecodeMoveMsgs(f *testing.F) {
	id := kit.Hash{1, 2, 3}
	f.Add(codec.Marshal(&title.MsgSendAway{ID: id, ChainID: "corridor-1", Recipient: [20]byte{7}}))
	f.Add(codec.Marshal(&title.MsgSendHome{ID: id, Recipient: [20]byte{7}}))
	f.Add(codec.Marshal(&title.MsgReceive{ID: id, ChainID: "sw-cn-1", Height: 9, Lock: []byte{1}, Proof: []byte{2}}))
	f.Add(codec.Marshal(&title.MsgUnlock{ID: id, ChainID: "sw-cn-1", Height: 9, Return: []byte{1}, Proof: []byte{2}}))
	f.Add(codec.Marshal(&title.MsgSendAway{ID: id, ChainID: "corridor-1", Recipient: [20]byte{7}, TimeoutHeight: 90}))
	f.Add(codec.Marshal(&title.MsgCancelAway{ID: id, ChainID: "corridor-1", Seq: 1, Height: 91, Proof: []byte{2}}))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, m := range []interface {
			ValidateBasic() error
		}{&title.MsgSendAway{}, &title.MsgSendHome{}, &title.MsgReceive{}, &title.MsgUnlock{}, &title.MsgCancelAway{}} {
			if err := codec.Unmarshal(b, m); err != nil {
				continue
			}
			if err := m.ValidateBasic(); err == nil && !bytes.Equal(codec.Marshal(m), b) {
				t.Fatalf("a valid %T has a second encoding", m)
			}
		}
	})
}

// FuzzDecodeLockReturn feeds arbitrary bytes to the decoders of the values
// a relayer presents with a proof (a Lock to receive, a Return to unlock),
// which the handlers decode before they check the proof: never a panic,
// and what decodes re-encodes to a value that decodes alike.
func FuzzDecodeLockReturn(f *testing.F) {
	f.Add(codec.Marshal(&title.Lock{Record: title.Record{ID: kit.Hash{1}, State: title.StateAway, Move: &title.Move{Role: title.RoleOrigin, Seq: 1}},
		Seq: 1, Origin: "sw-cn-1", To: "corridor-1"}))
	f.Add(codec.Marshal(&title.Lock{Record: title.Record{ID: kit.Hash{1}, State: title.StateAway, Move: &title.Move{Role: title.RoleOrigin, Seq: 1, Timeout: 40}},
		Seq: 1, Origin: "sw-cn-1", To: "corridor-1", Timeout: 40}))
	f.Add(codec.Marshal(&title.Return{ID: kit.Hash{1}, Seq: 1, Origin: "sw-cn-1", From: "corridor-1",
		Steps: []title.HistoryEntry{{Step: title.StepReceive}}}))
	f.Add([]byte{0x0a, 0x00})
	f.Fuzz(func(t *testing.T, b []byte) {
		var l title.Lock
		if codec.Unmarshal(b, &l) == nil {
			var again title.Lock
			if err := codec.Unmarshal(codec.Marshal(&l), &again); err != nil {
				t.Fatalf("a decoded lock does not decode from its own encoding: %v", err)
			}
		}
		var r title.Return
		if codec.Unmarshal(b, &r) == nil {
			var again title.Return
			if err := codec.Unmarshal(codec.Marshal(&r), &again); err != nil {
				t.Fatalf("a decoded return does not decode from its own encoding: %v", err)
			}
		}
	})
}
