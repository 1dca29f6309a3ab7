package proof_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cometbft/cometbft/crypto/ed25519"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/corridor-trade/corridor/proof"
	ics23 "github.com/cosmos/ics23/go"
)

// The golden certificate in testdata was exported from a live 4-validator
// network by TestCertificatesOnLocalnet -update; genesis.json is that
// network's genesis and invoice.txt the anchored document.

func golden(t testing.TB) (*proof.Certificate, *proof.TrustRoot, []byte) {
	t.Helper()
	cert, err := proof.ReadCertificate(filepath.Join("testdata", "certificate.json"))
	if err != nil {
		t.Fatal(err)
	}
	trust, err := proof.LoadGenesisTrust(filepath.Join("testdata", "genesis.json"))
	if err != nil {
		t.Fatal(err)
	}
	file, err := os.ReadFile(filepath.Join("testdata", "invoice.txt"))
	if err != nil {
		t.Fatal(err)
	}
	return cert, trust, file
}

// noNetwork makes any HTTP request through the default transport fail the
// test: offline verification must not touch the network.
func noNetwork(t *testing.T) {
	t.Helper()
	old := http.DefaultTransport
	http.DefaultTransport = roundTripFunc(func(r *http.Request) (*http.Response, error) {
		t.Errorf("offline verification made a request to %s", r.URL)
		return nil, http.ErrNotSupported
	})
	t.Cleanup(func() { http.DefaultTransport = old })
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func record(t *testing.T, c *proof.Certificate, kind string) *proof.Record {
	t.Helper()
	for i := range c.Records {
		if c.Records[i].Kind == kind {
			return &c.Records[i]
		}
	}
	t.Fatalf("golden certificate has no %s record", kind)
	return nil
}

func decodeProof(t *testing.T, b []byte) *ics23.CommitmentProof {
	t.Helper()
	p, err := proof.DecodeProof(b)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func encodeProof(t *testing.T, p *ics23.CommitmentProof) []byte {
	t.Helper()
	b, err := p.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestGoldenCertificateVerifiesOffline(t *testing.T) {
	noNetwork(t)
	cert, trust, file := golden(t)
	v, err := proof.VerifyCertificateWith(cert, trust, proof.Options{File: file})
	if err != nil {
		t.Fatal(err)
	}
	if !v.Valid {
		var sb strings.Builder
		v.WriteText(&sb)
		t.Fatalf("golden certificate does not verify:\n%s", sb.String())
	}
	var sb strings.Builder
	v.WriteText(&sb)
	t.Logf("\n%s", sb.String())
	for _, check := range []string{proof.CheckHeader, proof.CheckProofs, proof.CheckDocument, proof.CheckAnchored, proof.CheckIssuer,
		proof.CheckRecognized + "/CN-SH", proof.CheckRecognized + "/HK", proof.CheckRecognized + "/SG", proof.CheckPayment, proof.CheckNotRevoked, proof.CheckSigners} {
		if v.Line(check) == nil {
			t.Errorf("no %s line", check)
		}
	}
}

// TestTamperedCertificates alters the golden certificate one way at a time;
// each alteration must fail the verdict on the named check with a reason.
func TestTamperedCertificates(t *testing.T) {
	noNetwork(t)
	cases := []struct {
		name   string
		tamper func(t *testing.T, c *proof.Certificate, trust **proof.TrustRoot)
		check  string
		reason string
	}{
		{"flipped byte in the value", func(t *testing.T, c *proof.Certificate, _ **proof.TrustRoot) {
			r := record(t, c, "invoice")
			r.Value[len(r.Value)-3] ^= 1
		}, proof.CheckProofs, "the value differs from the value the proof commits to"},
		{"flipped byte in the value and the proof's copy of it", func(t *testing.T, c *proof.Certificate, _ **proof.TrustRoot) {
			r := record(t, c, "invoice")
			r.Value[len(r.Value)-3] ^= 1
			p := decodeProof(t, r.Proof)
			p.GetExist().Value = r.Value
			r.Proof = encodeProof(t, p)
		}, proof.CheckProofs, "does not lead to app hash"},
		{"flipped byte in a proof step", func(t *testing.T, c *proof.Certificate, _ **proof.TrustRoot) {
			r := record(t, c, "invoice")
			p := decodeProof(t, r.Proof)
			path := p.GetExist().Path
			step := path[len(path)/2]
			if len(step.Suffix) > 0 {
				step.Suffix[len(step.Suffix)-1] ^= 1
			} else {
				step.Prefix[len(step.Prefix)-1] ^= 1
			}
			r.Proof = encodeProof(t, p)
		}, proof.CheckProofs, "does not lead to app hash"},
		{"flipped byte in the header", func(t *testing.T, c *proof.Certificate, _ **proof.TrustRoot) {
			c.Block.SignedHeader.AppHash[0] ^= 1
		}, proof.CheckHeader, "does not match its commit"},
		{"flipped byte in a signature", func(t *testing.T, c *proof.Certificate, _ **proof.TrustRoot) {
			for i := range c.Block.SignedHeader.Commit.Signatures {
				if s := &c.Block.SignedHeader.Commit.Signatures[i]; s.BlockIDFlag == cmttypes.BlockIDFlagCommit {
					s.Signature[5] ^= 1
					return
				}
			}
		}, proof.CheckHeader, "wrong signature"},
		{"flipped byte in the last signature", func(t *testing.T, c *proof.Certificate, _ **proof.TrustRoot) {
			sigs := c.Block.SignedHeader.Commit.Signatures
			for i := len(sigs) - 1; i >= 0; i-- {
				if sigs[i].BlockIDFlag == cmttypes.BlockIDFlagCommit {
					sigs[i].Signature[5] ^= 1
					return
				}
			}
		}, proof.CheckHeader, "wrong signature"},
		{"removed signature", func(t *testing.T, c *proof.Certificate, _ **proof.TrustRoot) {
			// Remove signatures until no more than two thirds of the power
			// remains (the golden commit has 3 of 4; one removal is enough).
			vals := c.Block.ValidatorSet
			sigs := c.Block.SignedHeader.Commit.Signatures
			signed := func() int64 {
				var p int64
				for _, s := range sigs {
					if s.BlockIDFlag == cmttypes.BlockIDFlagCommit {
						_, v := vals.GetByAddress(s.ValidatorAddress)
						p += v.VotingPower
					}
				}
				return p
			}
			for i := range sigs {
				if sigs[i].BlockIDFlag == cmttypes.BlockIDFlagCommit {
					sigs[i] = cmttypes.CommitSig{BlockIDFlag: cmttypes.BlockIDFlagAbsent}
					if 3*signed() <= 2*vals.TotalVotingPower() {
						return
					}
				}
			}
		}, proof.CheckHeader, "voting power"},
		{"swapped validator set", func(t *testing.T, c *proof.Certificate, _ **proof.TrustRoot) {
			var vals []*cmttypes.Validator
			for i := 0; i < 4; i++ {
				vals = append(vals, cmttypes.NewValidator(ed25519.GenPrivKey().PubKey(), 10))
			}
			c.Block.ValidatorSet = cmttypes.NewValidatorSet(vals)
		}, proof.CheckHeader, "the validator set given"},
		{"swapped validator set and header", func(t *testing.T, c *proof.Certificate, _ **proof.TrustRoot) {
			var vals []*cmttypes.Validator
			for i := 0; i < 4; i++ {
				vals = append(vals, cmttypes.NewValidator(ed25519.GenPrivKey().PubKey(), 10))
			}
			c.Block.ValidatorSet = cmttypes.NewValidatorSet(vals)
			c.Block.SignedHeader.ValidatorsHash = c.Block.ValidatorSet.Hash()
			c.Block.SignedHeader.Commit.BlockID.Hash = c.Block.SignedHeader.Hash()
		}, proof.CheckHeader, "not the genesis validator set"},
		{"different chain-id", func(t *testing.T, c *proof.Certificate, _ **proof.TrustRoot) {
			c.ChainID = "corridor-other-1"
			c.Block.SignedHeader.ChainID = "corridor-other-1"
		}, proof.CheckHeader, `certificate is for chain "corridor-other-1"`},
		{"header from another chain", func(t *testing.T, c *proof.Certificate, _ **proof.TrustRoot) {
			c.Block.SignedHeader.ChainID = "corridor-other-1"
		}, proof.CheckHeader, `header is from chain "corridor-other-1"`},
		{"another genesis", func(t *testing.T, c *proof.Certificate, trust **proof.TrustRoot) {
			var vals []*cmttypes.Validator
			for i := 0; i < 4; i++ {
				vals = append(vals, cmttypes.NewValidator(ed25519.GenPrivKey().PubKey(), 10))
			}
			*trust = &proof.TrustRoot{ChainID: c.ChainID, Validators: cmttypes.NewValidatorSet(vals)}
		}, proof.CheckHeader, "not the genesis validator set"},
		{"non-existence proof for an existing key", func(t *testing.T, c *proof.Certificate, _ **proof.TrustRoot) {
			inv, rev := record(t, c, "invoice"), record(t, c, "revocation")
			p := decodeProof(t, rev.Proof)
			p.GetNonexist().Key = inv.Key
			inv.Exists, inv.Value, inv.Proof = false, nil, encodeProof(t, p)
		}, proof.CheckProofs, "non-existence proof of key"},
		{"another key's non-existence proof", func(t *testing.T, c *proof.Certificate, _ **proof.TrustRoot) {
			inv, rev := record(t, c, "invoice"), record(t, c, "revocation")
			inv.Exists, inv.Value, inv.Proof = false, nil, rev.Proof
		}, proof.CheckProofs, "the non-existence proof is for key"},
		{"existence proof where absence is claimed", func(t *testing.T, c *proof.Certificate, _ **proof.TrustRoot) {
			inv, rev := record(t, c, "invoice"), record(t, c, "revocation")
			rev.Exists, rev.Value, rev.Proof = true, inv.Value, inv.Proof
		}, proof.CheckProofs, "the proof is for key"},
		{"revocation record left out", func(t *testing.T, c *proof.Certificate, _ **proof.TrustRoot) {
			for i, r := range c.Records {
				if r.Kind == "revocation" {
					c.Records = append(c.Records[:i], c.Records[i+1:]...)
					return
				}
			}
		}, proof.CheckNotRevoked, "proves nothing about revocation"},
		{"recognition rule left out", func(t *testing.T, c *proof.Certificate, _ **proof.TrustRoot) {
			for i, r := range c.Records {
				if r.Kind == "recognition-profiles" && strings.HasSuffix(string(r.Key), "/HK") {
					c.Records = append(c.Records[:i], c.Records[i+1:]...)
					return
				}
			}
			t.Fatal("no HK profiles record")
		}, proof.CheckRecognized + "/HK", "proves nothing about recognition-profiles"},
		{"commit left out", func(t *testing.T, c *proof.Certificate, _ **proof.TrustRoot) {
			c.Block.SignedHeader.Commit = nil
		}, proof.CheckHeader, "no signed header"},
		{"validator set left out", func(t *testing.T, c *proof.Certificate, _ **proof.TrustRoot) {
			c.Block.ValidatorSet = nil
		}, proof.CheckHeader, "no validator set"},
		{"block time left out", func(t *testing.T, c *proof.Certificate, _ **proof.TrustRoot) {
			for i, r := range c.Records {
				if r.Kind == "block-time" {
					c.Records = append(c.Records[:i], c.Records[i+1:]...)
					return
				}
			}
		}, proof.CheckBlockTime, "does not prove the block time"},
		{"proof height does not match the header", func(t *testing.T, c *proof.Certificate, _ **proof.TrustRoot) {
			c.Height--
		}, proof.CheckHeader, "the app hash of height"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cert, trust, file := golden(t)
			tc.tamper(t, cert, &trust)
			// Through JSON, as a verifier would receive it.
			b, err := cert.Marshal()
			if err != nil {
				t.Fatal(err)
			}
			cert, err = proof.ParseCertificate(b)
			if err != nil {
				t.Fatal(err)
			}
			v, err := proof.VerifyCertificateWith(cert, trust, proof.Options{File: file})
			if err != nil {
				t.Fatal(err)
			}
			if v.Valid {
				t.Fatal("tampered certificate verified")
			}
			l := v.Line(tc.check)
			if l == nil || l.OK || !strings.Contains(l.Detail, tc.reason) {
				var sb strings.Builder
				v.WriteText(&sb)
				t.Fatalf("want %s to fail with %q; verdict:\n%s", tc.check, tc.reason, sb.String())
			}
			// A line that failed for want of a record says so in its
			// flag, so that callers (the page) need not read the text.
			if want := strings.Contains(tc.reason, "proves nothing about"); l.Unproven != want {
				t.Fatalf("%s: unproven flag %v, want %v", tc.check, l.Unproven, want)
			}
			t.Logf("%s: %s", l.Label, l.Detail)
		})
	}
}

func BenchmarkVerifyCertificate(b *testing.B) {
	cert, trust, file := golden(b)
	raw, err := cert.Marshal()
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c, err := proof.ParseCertificate(raw)
		if err != nil {
			b.Fatal(err)
		}
		v, err := proof.VerifyCertificateWith(c, trust, proof.Options{File: file})
		if err != nil || !v.Valid {
			b.Fatal("golden certificate does not verify")
		}
	}
}
