package ceremony

import (
	"testing"
)

// FuzzDecode feeds arbitrary bytes to the contribution file decoder: it
// must return a contribution that verifies, or an error, never panic.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"contribution":{"format":"corridor-genesis-contribution/1"},"signer":"02","signature":""}`))
	f.Add([]byte(`{}`))
	f.Add([]byte(`[`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Decode(data)
		if err != nil {
			return
		}
		if err := s.Verify(); err != nil {
			t.Fatalf("Decode accepted a contribution that does not verify: %v", err)
		}
	})
}
