package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"encoding/json"
	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/internal/keyring"
	"github.com/corridor-trade/corridor/x/membership"
)

// devnetAppState is the genesis of the modules other than membership for
// the devnet.
func devnetAppState(js []membership.Jurisdiction) map[string]json.RawMessage {
	return map[string]json.RawMessage{}
}

// demoSteps are the devnet's demonstration, in order.
func demoSteps() []demoStep {
	return []demoStep{
		{"Singapore's operator admits a new trader (sg-trader-2)", demoAdmit},
	}
}

func demoAdmit(ctx context.Context, c *client.Client, kr keyring.Keyring, w io.Writer) error {
	info, err := kr.Show("sg-trader-2")
	if err != nil {
		if info, err = kr.Create("sg-trader-2"); err != nil {
			return err
		}
	}
	var m membership.Member
	if err := c.Query(ctx, "/member/"+info.Address.String(), &m); err == nil {
		fmt.Fprintf(w, "      already a member: %s (%s, %s)\n", m.Address, m.Jurisdiction, m.Status)
		return nil
	} else if !errors.Is(err, codes.QueryNotFound) {
		return err
	}
	op, err := kr.Key("sg-operator")
	if err != nil {
		return err
	}
	res, err := c.Submit(ctx, op, client.SubmitOptions{Wait: 30 * time.Second},
		&membership.MsgAdmit{PubKey: info.PubKey, Roles: []string{membership.RoleTrader}, Label: "sg-trader-2"})
	if err != nil {
		return err
	}
	if !res.OK() {
		return fmt.Errorf("%s: %s", res.Error, res.Log)
	}
	fmt.Fprintf(w, "      admitted %s at height %d (tx %s)\n", info.Address, res.Height, res.Hash)
	return c.Query(ctx, "/member/"+info.Address.String(), &m)
}
