package title_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/corridor-trade/corridor/codec"
	"github.com/corridor-trade/corridor/x/title"
)

// FuzzDecodeMsgs feeds arbitrary bytes to the canonical decoder of every
// title message (the first byte picks the message): never a panic, and a
// message that decodes and validates has no second encoding.
func FuzzDecodeMsgs(f *testing.F) {
	routes := title.Routes()
	for i, r := range routes {
		f.Add(append([]byte{byte(i)}, codec.Marshal(r.New())...))
	}
	f.Add(append([]byte{0}, codec.Marshal(&title.MsgIssue{Kind: title.KindEBL, DocHash: docHash("d"), Owner: [20]byte{1}, Holder: [20]byte{2}})...))
	f.Add(append([]byte{1}, codec.Marshal(&title.MsgImport{Kind: title.KindEBL, DocHash: docHash("d"), MerkleRoot: docHash("r"), Owner: [20]byte{1}, Holder: [20]byte{2},
		Token: title.TokenRef{ChainID: 1, Registry: "0x142ca30e3b78a840a82192529cc31bd9dd4b3b06", TokenID: docHash("t")}})...))
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) == 0 {
			return
		}
		r := routes[int(b[0])%len(routes)]
		m := r.New()
		if err := codec.Unmarshal(b[1:], m); err != nil {
			return
		}
		if err := m.ValidateBasic(); err == nil && !bytes.Equal(codec.Marshal(m), b[1:]) {
			t.Fatalf("a valid %s has a second encoding", r.Type)
		}
	})
}

// FuzzParseGenesis feeds arbitrary bytes to the genesis decoder: never a
// panic, and what it accepts holds only valid, distinct entries.
func FuzzParseGenesis(f *testing.F) {
	g, _ := json.Marshal(title.Genesis{LegalEffect: title.SampleLegalEffect()})
	f.Add(g)
	f.Add([]byte(`{"legal_effect":[]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		gen, err := title.ParseGenesis(b)
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, l := range gen.LegalEffect {
			if err := l.Validate(); err != nil || seen[l.Jurisdiction] {
				t.Fatalf("accepted genesis holds an invalid or repeated entry %+v: %v", l, err)
			}
			seen[l.Jurisdiction] = true
		}
	})
}

// FuzzParseRoute feeds arbitrary text to the route parser: never a panic,
// and an accepted route has 1-16 valid codes.
func FuzzParseRoute(f *testing.F) {
	f.Add("CN-SH,SG,HK")
	f.Add(",")
	f.Fuzz(func(t *testing.T, s string) {
		r, err := title.ParseRoute(s)
		if err != nil {
			return
		}
		if len(r) == 0 || len(r) > title.MaxRouteLen {
			t.Fatalf("route %q accepted with %d legs", s, len(r))
		}
		for _, j := range r {
			if !title.ValidJurisdiction(j) {
				t.Fatalf("route %q accepted with leg %q", s, j)
			}
		}
	})
}
