package main

import (
	"context"
	"crypto/sha256"
	"path/filepath"
	"testing"
	"time"

	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/internal/keyring"
	"github.com/corridor-trade/corridor/internal/localnet"
	"github.com/corridor-trade/corridor/x/identity"
)

// keyHome returns a fresh CLI home whose test keyring holds the named
// members' keys of net, under the same names, for tests that run the CLI
// as those members.
func keyHome(t *testing.T, net *localnet.Network, names ...string) string {
	t.Helper()
	home := t.TempDir()
	kr, err := keyring.Open(keyring.BackendTest, filepath.Join(home, "keyring"), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		if _, err := kr.Import(n, net.Keys[n].Bytes()); err != nil {
			t.Fatal(err)
		}
	}
	return home
}

// attestShanghaiTrader has Shanghai's attester attest sh-trader as a legal
// entity (USCC), which the sample recognition rules ask of an issuer.
func attestShanghaiTrader(t *testing.T, net *localnet.Network) {
	t.Helper()
	trader := net.Keys["sh-trader"].PubKey().Address()
	res, err := net.Client(0).Submit(context.Background(), net.Keys["sh-attester"], client.SubmitOptions{Wait: 30 * time.Second},
		&identity.MsgAttest{Subject: identity.AddressSubject(trader), Claim: identity.ClaimLegalEntity, Scheme: identity.SchemeUSCC,
			CredentialHash: sha256.Sum256([]byte("uscc"))})
	if err != nil || !res.OK() {
		t.Fatalf("attest: %v %+v", err, res)
	}
}
