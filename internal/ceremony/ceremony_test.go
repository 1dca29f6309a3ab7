package ceremony

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/cometbft/cometbft/crypto/ed25519"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
)

// city builds and signs a contribution of one validator for jurisdiction
// jur; n makes the keys, names and ports distinct.
func city(t *testing.T, jur, name string, n int) (*Signed, *secp.PrivKey) {
	t.Helper()
	key, err := secp.GenPrivKey()
	if err != nil {
		t.Fatal(err)
	}
	c := Contribution{Format: Format, ChainID: "corridor-1", Jurisdiction: jur, JurisdictionName: name,
		Operators: []Operator{{PubKey: key.PubKey(), Label: fmt.Sprintf("op-%d", n)}},
		Validators: []Validator{{Name: fmt.Sprintf("val-%d", n), PubKey: ed25519.GenPrivKey().PubKey().Bytes(), Power: 10,
			NodeID: fmt.Sprintf("%040x", n+1), P2PAddress: fmt.Sprintf("127.0.0.1:%d", 26656+10*n)}}}
	s, err := Sign(c, key)
	if err != nil {
		t.Fatal(err)
	}
	return s, key
}

func threeCities(t *testing.T) []*Signed {
	sh, _ := city(t, "CN-SH", "Shanghai", 0)
	sg, _ := city(t, "SG", "Singapore", 1)
	hk, _ := city(t, "HK", "Hong Kong", 2)
	return []*Signed{sh, sg, hk}
}

func TestSignedFileRoundTrip(t *testing.T) {
	s, _ := city(t, "SG", "Singapore", 1)
	b, err := s.Encode()
	if err != nil {
		t.Fatal(err)
	}
	back, err := Decode(b)
	if err != nil {
		t.Fatalf("decode what was encoded: %v\n%s", err, b)
	}
	if back.Contribution.Digest() != s.Contribution.Digest() {
		t.Fatal("digest changed across the file round trip")
	}
}

func TestTamperedContributionIsRefused(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(s *Signed)
		want   error
	}{
		{"power raised", func(s *Signed) { s.Contribution.Validators[0].Power = 100 }, codes.GenesisBadSignature},
		{"chain changed", func(s *Signed) { s.Contribution.ChainID = "other" }, codes.GenesisBadSignature},
		{"signer not an operator", func(s *Signed) { k, _ := secp.GenPrivKey(); s.Signer = k.PubKey() }, codes.GenesisBadSignature},
		{"signature not hex", func(s *Signed) { s.Signature = "zz" }, codes.GenesisBadSignature},
		{"unknown format", func(s *Signed) { s.Contribution.Format = "v0" }, codes.GenesisBadContribution},
		{"no validator", func(s *Signed) { s.Contribution.Validators = nil }, codes.GenesisBadContribution},
		{"zero power", func(s *Signed) { s.Contribution.Validators[0].Power = 0 }, codes.GenesisBadContribution},
		{"wildcard address", func(s *Signed) { s.Contribution.Validators[0].P2PAddress = "0.0.0.0:26656" }, codes.GenesisBadContribution},
		{"bad jurisdiction code", func(s *Signed) { s.Contribution.Jurisdiction = "sg" }, codes.GenesisBadContribution},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := city(t, "SG", "Singapore", 1)
			tc.change(s)
			b, _ := s.Encode()
			if _, err := Decode(b); !errors.Is(err, tc.want) {
				t.Fatalf("Decode = %v, want %v", err, tc.want)
			}
		})
	}
	if _, err := Decode([]byte(`{"contribution":{},"extra":1}`)); !errors.Is(err, codes.GenesisBadContribution) {
		t.Errorf("unknown field: %v", err)
	}
}

func TestSignNeedsAnOperatorKey(t *testing.T) {
	s, _ := city(t, "SG", "Singapore", 1)
	other, _ := secp.GenPrivKey()
	if _, err := Sign(s.Contribution, other); !errors.Is(err, codes.GenesisBadSignature) {
		t.Fatalf("Sign with a foreign key = %v", err)
	}
}

func TestCollectIsOrderFreeAndChecksOut(t *testing.T) {
	cs := threeCities(t)
	at := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	a, err := Collect(cs, CollectOptions{GenesisTime: at})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Collect([]*Signed{cs[2], cs[0], cs[1]}, CollectOptions{GenesisTime: at, ChainID: "corridor-1"})
	if err != nil {
		t.Fatal(err)
	}
	ja, _ := a.AppState.MarshalJSON()
	jb, _ := b.AppState.MarshalJSON()
	if string(ja) != string(jb) || len(a.Validators) != 3 || a.Validators[0].Name != b.Validators[0].Name {
		t.Fatal("collected genesis depends on the order of the files")
	}
	for _, s := range cs {
		rep, err := Check(a, s)
		if err != nil {
			t.Fatalf("check %s: %v", s.Contribution.Jurisdiction, err)
		}
		if rep.Power != 10 || rep.TotalPower != 30 || rep.Needed != 21 {
			t.Errorf("report %+v", rep)
		}
	}
	if p := Peers(cs, cs[1].Contribution.Validators[0].NodeID); p != fmt.Sprintf("%040x@127.0.0.1:26656,%040x@127.0.0.1:26676", 1, 3) {
		t.Errorf("peers = %s", p)
	}
}

func TestCollectRefusesConflicts(t *testing.T) {
	at := time.Now()
	cs := threeCities(t)
	if _, err := Collect(cs, CollectOptions{GenesisTime: at, ChainID: "corridor-2"}); !errors.Is(err, codes.GenesisConflict) {
		t.Errorf("wrong --chain-id: %v", err)
	}
	twice, _ := city(t, "SG", "Singapore", 5)
	if _, err := Collect(append(cs, twice), CollectOptions{GenesisTime: at}); !errors.Is(err, codes.GenesisConflict) {
		t.Errorf("SG twice: %v", err)
	}
	// Macau reuses Singapore's validator key: refused, naming both.
	mo, key := city(t, "MO", "Macau", 6)
	mo.Contribution.Validators[0].PubKey = cs[1].Contribution.Validators[0].PubKey
	mo, err := Sign(mo.Contribution, key)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Collect(append(cs, mo), CollectOptions{GenesisTime: at}); !errors.Is(err, codes.GenesisConflict) {
		t.Errorf("shared consensus key: %v", err)
	}
	forged := *cs[0]
	forged.Contribution.Validators = append([]Validator(nil), forged.Contribution.Validators...)
	forged.Contribution.Validators[0].Power = 1000
	if _, err := Collect([]*Signed{&forged, cs[1], cs[2]}, CollectOptions{GenesisTime: at}); !errors.Is(err, codes.GenesisBadSignature) {
		t.Errorf("forged power: %v", err)
	}
}

func TestCheckFindsAChangedGenesis(t *testing.T) {
	cs := threeCities(t)
	sg, sgKey := city(t, "SG", "Singapore", 1)
	cs[1] = sg
	// The coordinator slips a second Singapore validator into genesis (here
	// by signing a larger contribution with a Singapore key it obtained).
	rogue, _ := city(t, "SG", "Singapore", 7)
	bigger := sg.Contribution
	bigger.Validators = append(append([]Validator(nil), sg.Contribution.Validators...), rogue.Contribution.Validators...)
	withRogue, err := Sign(bigger, sgKey)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Collect([]*Signed{cs[0], withRogue, cs[2]}, CollectOptions{GenesisTime: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Check(doc, sg); !errors.Is(err, codes.GenesisMismatch) {
		t.Errorf("genesis with an extra SG validator: %v", err)
	}
	without, err := Collect([]*Signed{cs[0], cs[2]}, CollectOptions{GenesisTime: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Check(without, sg); !errors.Is(err, codes.GenesisMismatch) {
		t.Errorf("genesis without SG: %v", err)
	}
	doc2, err := Collect(cs, CollectOptions{GenesisTime: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	doc2.Validators[0].Power = 11
	if _, err := Check(doc2, cs[0]); !errors.Is(err, codes.GenesisMismatch) {
		t.Errorf("changed power: %v", err)
	}
}
