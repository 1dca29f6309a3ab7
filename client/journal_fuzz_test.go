package client

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
)

// FuzzJournal reads arbitrary journal contents: no panic; what reads holds
// only intents whose hash is that of their bytes and outcomes of journaled
// intents, and its complete lines read again to the same state.
func FuzzJournal(f *testing.F) {
	in := Intent{Signer: "corr1x", Sequence: 3, Label: "l", Tx: []byte("tx one")}
	in.Hash = hashHex(in.Tx)
	var seed bytes.Buffer
	for _, l := range []line{{V: 1, Op: opIntent, Intent: &in}, {V: 1, Op: opOutcome, Outcome: &Outcome{Hash: in.Hash, Status: Committed, Height: 5}}} {
		b, err := l.MarshalJSON()
		if err != nil {
			f.Fatal(err)
		}
		seed.Write(append(b, '\n'))
	}
	f.Add(seed.Bytes())
	f.Add(seed.Bytes()[:40])
	f.Add([]byte("\n\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		j := &Journal{byHash: map[string]int{}, outcomes: map[string]Outcome{}}
		good, err := j.read(bytes.NewReader(data))
		if err != nil {
			return
		}
		for _, in := range j.intents {
			h := sha256.Sum256(in.Tx)
			if in.Hash != strings.ToUpper(hex.EncodeToString(h[:])) {
				t.Fatalf("intent %s holds other bytes", in.Hash)
			}
		}
		for h, out := range j.outcomes {
			if _, ok := j.byHash[h]; !ok || !out.Status.final() {
				t.Fatalf("outcome %+v of no intent", out)
			}
		}
		again := &Journal{byHash: map[string]int{}, outcomes: map[string]Outcome{}}
		if n, err := again.read(bytes.NewReader(data[:good])); err != nil || n != good ||
			len(again.intents) != len(j.intents) || len(again.outcomes) != len(j.outcomes) {
			t.Fatalf("complete lines read again: %d %v", n, err)
		}
	})
}
