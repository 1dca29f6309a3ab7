package client_test

import (
	"context"
	"testing"
	"time"

	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/internal/localnet"
	"github.com/corridor-trade/corridor/x/membership"
)

// TestSubmitBehindMempool submits two transactions of one signer back to
// back: the second reads the committed sequence while the first is still in
// the mempool, is refused in CheckTx for its sequence, and must sign again
// once the first commits instead of failing.
func TestSubmitBehindMempool(t *testing.T) {
	if testing.Short() {
		t.Skip("network test")
	}
	net := localnet.Start(t, localnet.Options{Validators: 1})
	net.WaitForHeight(1, time.Minute)
	ctx := context.Background()
	c := net.Client(0)
	op := net.Keys["sg-operator"]
	admit := func(wait time.Duration) *client.Result {
		key, _ := secp.GenPrivKey()
		res, err := c.Submit(ctx, op, client.SubmitOptions{Wait: wait},
			&membership.MsgAdmit{PubKey: key.PubKey(), Roles: []string{"trader"}})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	if first := admit(0); !first.OK() {
		t.Fatalf("first admit: %+v", first)
	}
	second := admit(30 * time.Second)
	if !second.OK() || !second.Committed {
		t.Fatalf("second admit, sent while the first was pending: %+v", second)
	}
}
