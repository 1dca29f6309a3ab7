package codec

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzUnmarshal decodes arbitrary bytes into sample, which has a field of
// every supported kind. Decoding must never panic, every error must wrap
// ErrNonCanonical, and any input that decodes must re-encode to exactly the
// same bytes: that is the canonicality property (one value, one encoding).
func FuzzUnmarshal(f *testing.F) {
	f.Add([]byte{})
	f.Add(Marshal(&sample{B: true, U64: 300, S: "hi", Us: []uint64{1, 2}}))
	f.Add(Marshal(&sample{P: &inner{}, Ins: []inner{{}, {A: 1}}, Arrs: [][4]byte{{}}}))
	f.Fuzz(func(t *testing.T, b []byte) {
		var v sample
		if err := Unmarshal(b, &v); err != nil {
			if !errors.Is(err, ErrNonCanonical) {
				t.Fatalf("error does not wrap ErrNonCanonical: %v", err)
			}
			return
		}
		if again := Marshal(&v); !bytes.Equal(again, b) {
			t.Fatalf("accepted a non-canonical encoding:\n input   %x\n re-encoded %x\n value %+v", b, again, v)
		}
	})
}
