package anchorplan_test

import (
	"testing"

	"github.com/corridor-trade/corridor/anchorplan"
)

// FuzzDecodeBatch feeds arbitrary bytes to the batch-file reader: it must
// never panic, and whatever it accepts must encode and read back the same.
func FuzzDecodeBatch(f *testing.F) {
	b := sampleBatch(&testing.T{})
	data, _ := anchorplan.EncodeBatch(b)
	f.Add(data)
	f.Add([]byte(`{"root":"` + b.Root.String() + `","count":3,"profile":"ubl-2.1","documents":[]}`))
	f.Add([]byte(`{"status":"anchored","root":"` + b.Root.String() + `","documents":[{"canonical_hash":"` + b.Root.String() + `","index":0,"path":[]}]}`))
	f.Add([]byte(`{"batch":{"format":"corridor-batch","version":1}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := anchorplan.DecodeBatch(data)
		if err != nil {
			return
		}
		again, err := anchorplan.EncodeBatch(got)
		if err != nil {
			t.Fatal(err)
		}
		back, err := anchorplan.DecodeBatch(again)
		if err != nil {
			t.Fatalf("re-encoded batch refused: %v\n%s", err, again)
		}
		if back.Root != got.Root || back.Count != got.Count || len(back.Members) != len(got.Members) {
			t.Fatal("round trip changed the batch")
		}
	})
}
