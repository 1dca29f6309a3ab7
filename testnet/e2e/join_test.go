//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/cometbft/cometbft/privval"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/internal/keyring"
	"github.com/corridor-trade/corridor/x/gov"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/paths"
)

// joinByProposal: a fifth node joins the running network as a full node,
// Singapore's operator adds it as a validator by proposal (SG decides its
// own validators alone), and the check waits for its signature in a
// commit, under load. At the end Singapore removes it again by proposal,
// so that the suite's network is as it was; the common checks (no
// acknowledged transaction lost, equal app hashes) include the new node.
func joinByProposal(e *env, row *Row) (*Load, []*Node, error) {
	nodes := e.c.Nodes()
	kr, err := keyring.Open(keyring.BackendTest, filepath.Join(nodes[singapore].Home, "keyring"), nil)
	if err != nil {
		return nil, nil, err
	}
	op, err := kr.Key("sg-operator")
	if err != nil {
		return nil, nil, err
	}
	joiner, err := e.c.StartJoiner()
	if err != nil {
		return nil, nil, err
	}
	extra := []*Node{joiner}
	pv := privval.LoadFilePVEmptyState(filepath.Join(joiner.Home, "config", "priv_validator_key.json"), "")
	pub := pv.Key.PubKey
	joiner.Address = strings.ToUpper(fmt.Sprintf("%x", pub.Address()))
	started := time.Now()
	if _, err := waitCaughtUp(e.ctx, joiner, nodes, 120*time.Second); err != nil {
		return nil, extra, fmt.Errorf("the joiner did not catch up: %w", err)
	}
	load := NewLoad(e.chainID, nodes, e.keys, e.tracker)
	stop := load.Start(e.ctx)
	defer stop()
	h0 := maxHeight(e.ctx, nodes)
	sg := rpcClient(nodes[singapore].RPC)
	if err := propose(e.ctx, sg, op, &gov.MsgPropose{Kind: gov.KindValidatorAdd, Summary: "a fifth validator joins",
		Change: gov.Change{Jurisdiction: "SG", Name: "joiner", PubKey: pub.Bytes(), Power: 10}}); err != nil {
		return load, extra, err
	}
	signedAt, err := waitSignature(e.ctx, sg, pub.Address(), 120*time.Second)
	if err != nil {
		return load, extra, err
	}
	row.FaultBlocks = fmt.Sprint(maxHeight(e.ctx, nodes) - h0)
	row.Recover = fmt.Sprintf("signing from height %d, %s after the node started", signedAt, time.Since(started).Round(100*time.Millisecond))
	if err := propose(e.ctx, sg, op, &gov.MsgPropose{Kind: gov.KindValidatorRemove, Summary: "the fifth validator leaves",
		Change: gov.Change{Validator: kit.HexBytes(pub.Address())}}); err != nil {
		return load, extra, err
	}
	return load, extra, nil
}

// propose submits a proposal that its proposer's jurisdiction decides
// alone, and waits for it to execute.
func propose(ctx context.Context, c *client.Client, op *secp.PrivKey, msg *gov.MsgPropose) error {
	res, err := c.Submit(ctx, op, client.SubmitOptions{Wait: 60 * time.Second}, msg)
	if err != nil {
		return fmt.Errorf("%s: %w", msg.Kind, err)
	}
	if !res.OK() {
		return fmt.Errorf("%s refused: %s %s", msg.Kind, res.Error, res.Log)
	}
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		var ps []gov.View
		if err := c.Query(ctx, paths.Proposals("", msg.Kind), &ps); err == nil {
			for _, p := range ps {
				if p.Submitted.Height == res.Height && p.Status == gov.StatusExecuted {
					return nil
				}
			}
		}
		time.Sleep(500 * time.Millisecond)
	}
	return fmt.Errorf("%s proposed at height %d did not execute within 60s", msg.Kind, res.Height)
}

// waitSignature waits for a commit signed by the validator address.
func waitSignature(ctx context.Context, c *client.Client, addr []byte, timeout time.Duration) (int64, error) {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		if cm, err := c.RPC.Commit(ctx, nil); err == nil {
			for _, s := range cm.Commit.Signatures {
				if s.BlockIDFlag == cmttypes.BlockIDFlagCommit && bytes.Equal(s.ValidatorAddress, addr) {
					return cm.Height, nil
				}
			}
		}
		time.Sleep(500 * time.Millisecond)
	}
	return 0, fmt.Errorf("no commit signed by the joiner (%X) within %s", addr, timeout)
}
