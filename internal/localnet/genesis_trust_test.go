package localnet_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/internal/localnet"
	"github.com/corridor-trade/corridor/proof"
	"github.com/corridor-trade/corridor/proof/fetch"
	"github.com/corridor-trade/corridor/x/gov"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/paths"
	"github.com/corridor-trade/corridor/x/membership"
)

// TestGenesisTrustAfterGovernance changes the validator set through x/gov
// as the cities would — Singapore re-weights its validator, then three of
// the four genesis validators replace their consensus keys, so that the
// genesis set's power no longer suffices to trust the latest set directly
// — and checks that a certificate built over RPC afterwards carries the
// hops that lead to its header from genesis and verifies, offline,
// against the genesis trust root.
func TestGenesisTrustAfterGovernance(t *testing.T) {
	if testing.Short() {
		t.Skip("network test")
	}
	net := govNet(t, 40)
	const sg = 1 // singapore stays up throughout; every request goes through it
	ctx := context.Background()
	send := func(key *secp.PrivKey, msg kit.Msg) {
		t.Helper()
		res, err := net.Client(sg).Submit(ctx, key, client.SubmitOptions{Wait: 90 * time.Second}, msg)
		if err != nil {
			t.Fatalf("%s: %v", msg.Type(), err)
		}
		if !res.OK() {
			t.Fatalf("%s: %s %s", msg.Type(), res.Error, res.Log)
		}
	}
	trust, err := proof.GenesisTrust(net.Gen.Genesis)
	if err != nil {
		t.Fatal(err)
	}

	// A document anchored before any change.
	file := []byte("INVOICE SG-2026-0077\nSeller: Lion City Components Pte Ltd\nTotal: USD 980.00\n")
	doc := sha256.Sum256(file)
	send(net.Keys["sg-trader"], &invoice.MsgAnchor{DocHash: doc, Profile: invoice.ProfileRaw, Fingerprint: sha256.Sum256([]byte("SG-2026-0077")),
		BuyerMember: net.Keys["sh-trader"].PubKey().Address(), IssueDate: "2026-12-01", Currency: "USD", Total: "980"})

	// Singapore re-weights its own validator.
	send(net.Keys["sg-operator"], &gov.MsgPropose{Kind: gov.KindValidatorPower,
		Change: gov.Change{Validator: gov.ConsAddress(validatorKeyVia(t, net, sg, "singapore")), Power: 12}})

	// Hong Kong, Lingang and Shanghai replace their consensus keys, one at
	// a time (three of four validators stay up while one restarts).
	for _, r := range []struct {
		node     int
		name, op string
	}{{2, "hongkong", "hk-operator"}, {3, "lingang", "sh-operator"}, {0, "shanghai", "sh-operator"}} {
		newKey, err := net.NewKey(r.node)
		if err != nil {
			t.Fatal(err)
		}
		send(net.Keys[r.op], &gov.MsgPropose{Kind: gov.KindValidatorRekey,
			Change: gov.Change{Validator: gov.ConsAddress(validatorKeyVia(t, net, sg, r.name)), PubKey: newKey.Bytes()}})
		net.StopNode(r.node)
		if err := net.UseNextKey(r.node); err != nil {
			t.Fatal(err)
		}
		if err := net.StartNode(r.node); err != nil {
			t.Fatal(err)
		}
		h := waitSigned(t, net, sg, newKey.Address(), 2*time.Minute)
		t.Logf("%s signs with its new key from height %d", r.name, h)
	}

	cert, err := fetch.Build(ctx, net.Client(sg).RPC, doc, fetch.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(cert.Block.SignedHeader.ValidatorsHash, trust.Validators.Hash()) {
		t.Fatal("the certificate's header names the genesis validator set: nothing changed")
	}
	if len(cert.Hops) == 0 {
		t.Fatal("the certificate carries no hops, though no more than one genesis validator signs its header")
	}
	var heights []int64
	for _, h := range cert.Hops {
		heights = append(heights, h.SignedHeader.Height)
	}
	t.Logf("certificate at height %d carries hops at heights %v", cert.Height, heights)

	// Offline: through the certificate's JSON, with every request refused.
	raw, err := cert.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	old := http.DefaultTransport
	http.DefaultTransport = refuseAll{t}
	defer func() { http.DefaultTransport = old }()
	back, err := proof.ParseCertificate(raw)
	if err != nil {
		t.Fatal(err)
	}
	v, err := proof.VerifyCertificateWith(back, trust, proof.Options{File: file})
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	v.WriteText(&sb)
	t.Logf("\n%s", sb.String())
	for _, check := range []string{proof.CheckHeader, proof.CheckProofs, proof.CheckDocument, proof.CheckAnchored} {
		if l := v.Line(check); l == nil || !l.OK {
			t.Fatalf("%s line does not pass:\n%s", check, sb.String())
		}
	}
	if d := v.Line(proof.CheckHeader).Detail; !strings.Contains(d, "validator-set change") {
		t.Fatalf("the header line does not say which changes it followed: %s", d)
	}

	// Without its hops the same certificate is refused, and says why.
	back.Hops = nil
	v, err = proof.VerifyCertificate(back, trust)
	if err != nil {
		t.Fatal(err)
	}
	if l := v.Line(proof.CheckHeader); l.OK || !strings.Contains(l.Detail, "a hop is missing") {
		t.Fatalf("without hops: %s", l.Detail)
	}
}

// refuseAll fails the test on any HTTP request: verification is offline.
type refuseAll struct{ t *testing.T }

func (r refuseAll) RoundTrip(req *http.Request) (*http.Response, error) {
	r.t.Errorf("offline verification made a request to %s", req.URL)
	return nil, http.ErrNotSupported
}

// validatorKeyVia returns a validator's consensus key from the chain's
// record, asking node i.
func validatorKeyVia(t *testing.T, net *localnet.Network, i int, name string) []byte {
	t.Helper()
	var vs []membership.Validator
	if err := net.Client(i).Query(context.Background(), paths.Validators(), &vs); err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		if v.Name == name {
			return v.PubKey
		}
	}
	t.Fatalf("no validator %s", name)
	return nil
}
