package main

import (
	"fmt"
	"time"

	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/internal/relayer"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/paths"
	"github.com/corridor-trade/corridor/x/title"
	"github.com/spf13/cobra"
)

// newTxTitleMoveCmds builds the commands of a record's move between
// chains, for `tx title`: send-away, receive, send-home, unlock and
// cancel-away (docs/transferable.md, "Across chains").
func newTxTitleMoveCmds(env *cliEnv) []*cobra.Command {
	sendAway := &cobra.Command{
		Use:   "send-away ID --to-chain CHAIN_ID --recipient ADDRESS|KEYNAME [--timeout-height H] --from HOLDER",
		Short: "Send a record to a counterparty chain: it is locked here until it comes home (signer: its holder and owner)",
		Long: `Lock the record here (state away) and commit the lock that the counterparty
verifies through its light client of this chain. The recipient, a member of
the counterparty, becomes the holder and owner of the record's mirror there
once someone carries the lock (corridord tx title receive on the
counterparty, or corridord relay --titles). This chain must hold an active
cometbft client of the counterparty, so that the record's return can be
verified.

With --timeout-height H the counterparty refuses the lock in its block H or
later; if it has not received it by then, anyone can bring the record back
here with tx title cancel-away. Without it (the default) the lock can be
received at any time, and the record comes back only by its return.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := kit.ParseHash(args[0])
			if err != nil {
				return fmt.Errorf("record id %q: %w", args[0], err)
			}
			chain, _ := cmd.Flags().GetString("to-chain")
			to, err := foreignAddress(env, cmd, "recipient")
			if err != nil {
				return err
			}
			timeout, _ := cmd.Flags().GetInt64("timeout-height")
			return env.sendTx(cmd, "", &title.MsgSendAway{ID: id, ChainID: chain, Recipient: to, TimeoutHeight: timeout})
		},
	}
	sendAway.Flags().String("to-chain", "", "chain-id of the counterparty (required)")
	sendAway.Flags().Int64("timeout-height", 0, "a height of the counterparty from which the lock can no longer be received there, after which the send-away can be cancelled (0: no timeout)")
	sendAway.Flags().String("recipient", "", "the member of the counterparty who receives the record: an address, or a key name here (required)")

	sendHome := &cobra.Command{
		Use:   "send-home ID --recipient ADDRESS|KEYNAME --from HOLDER",
		Short: "Send a mirror back to its origin chain, where it is unlocked to the recipient (signer: its holder and owner)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := kit.ParseHash(args[0])
			if err != nil {
				return fmt.Errorf("record id %q: %w", args[0], err)
			}
			to, err := foreignAddress(env, cmd, "recipient")
			if err != nil {
				return err
			}
			return env.sendTx(cmd, "", &title.MsgSendHome{ID: id, Recipient: to})
		},
	}
	sendHome.Flags().String("recipient", "", "the member of the origin chain who receives the record: an address, or a key name here (required)")

	receive := &cobra.Command{
		Use:   "receive ID --origin-node NODE --from MEMBER",
		Short: "Carry a record's lock from its origin chain and create its mirror here (signer: any member)",
		Long: `Fetch the record's latest lock from a node of its origin chain with its
ICS-23 proof, update this chain's light client of the origin first if it
does not yet cover the lock, and send both in one transaction. What a relayer
started with --titles does by itself.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return carryMove(env, cmd, args[0], "origin-node", title.ActionSentAway)
		},
	}
	receive.Flags().String("origin-node", "", "RPC address of a node of the record's origin chain (required)")

	unlock := &cobra.Command{
		Use:   "unlock ID --counterparty-node NODE --from MEMBER",
		Short: "Carry a record's return from the counterparty it is away on and unlock it here (signer: any member)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return carryMove(env, cmd, args[0], "counterparty-node", title.ActionSentHome)
		},
	}
	unlock.Flags().String("counterparty-node", "", "RPC address of a node of the chain the record is away on (required)")

	cancel := &cobra.Command{
		Use:   "cancel-away ID --counterparty-node NODE --from MEMBER",
		Short: "Bring back a record whose lock timed out on the counterparty unreceived (signer: any member; the record returns to its sender)",
		Long: `Prove, from a node of the counterparty the record is away on, that at a
header above the lock's timeout height the counterparty holds no receipt of
the lock, and send the proof here (with an update of this chain's client of
the counterparty first when it holds no header above the timeout yet; it
waits up to --header-wait for the counterparty to pass it). The record is
active here again, held and owned by the member who sent it away. A lock
without a timeout, or one the counterparty received, is refused by the
chain with its code.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return cancelAway(env, cmd, args[0])
		},
	}
	cancel.Flags().String("counterparty-node", "", "RPC address of a node of the chain the record was sent to (required)")

	out := []*cobra.Command{sendAway, sendHome, receive, unlock, cancel}
	for _, c := range out {
		c.Flags().Duration("header-wait", 30*time.Second, "how long to wait for the other chain's next block when a newer header is needed")
		env.addTxFlags(c)
	}
	return out
}

// foreignAddress reads an address flag naming a member of another chain:
// an address, or the name of a key in the keyring (whose own address it is:
// the other chain is not asked).
func foreignAddress(env *cliEnv, cmd *cobra.Command, flag string) (secp.Address, error) {
	s, _ := cmd.Flags().GetString(flag)
	if s == "" {
		return secp.Address{}, fmt.Errorf("--%s is required", flag)
	}
	if a, err := secp.ParseAddress(s); err == nil {
		return a, nil
	}
	pk, err := resolvePubKey(env, cmd, s)
	if err != nil {
		return secp.Address{}, fmt.Errorf("--%s %q: %w", flag, s, err)
	}
	return pk.Address(), nil
}

// carryMove proves a move on the node of flag nodeFlag and sends it here:
// the lock of the origin's latest move (receive), or the return of the
// move this chain's record is away on (unlock).
func carryMove(env *cliEnv, cmd *cobra.Command, idArg, nodeFlag, action string) error {
	ctx := ctxOf(cmd)
	id, err := kit.ParseHash(idArg)
	if err != nil {
		return fmt.Errorf("record id %q: %w", idArg, err)
	}
	node, _ := cmd.Flags().GetString(nodeFlag)
	if node == "" {
		return fmt.Errorf("--%s is required", nodeFlag)
	}
	src, err := client.New(node)
	if err != nil {
		return err
	}
	dst, err := env.client(cmd)
	if err != nil {
		return err
	}
	// The move's number: the origin's latest (receive), or the one this
	// chain's record is away on (unlock).
	on := src
	if action == title.ActionSentHome {
		on = dst
	}
	var v title.View
	if err := on.Query(ctx, paths.Title(id.String(), ""), &v); err != nil {
		return fmt.Errorf("record %s: %w", id, err)
	}
	if v.Move == nil || v.Move.Role != title.RoleOrigin || v.State != title.StateAway {
		return fmt.Errorf("record %s is %s on %s, not away from its origin", id, v.State, on.Node)
	}
	if action == title.ActionSentHome {
		srcChain, err := src.ChainID(ctx)
		if err != nil {
			return err
		}
		if srcChain != v.Move.Chain {
			return fmt.Errorf("record %s is away on %s; --%s is a node of %s", id, v.Move.Chain, nodeFlag, srcChain)
		}
	}
	wait, _ := cmd.Flags().GetDuration("header-wait")
	msgs, err := relayer.MoveMsgs(ctx, src, dst, action, id, v.Move.Seq, wait)
	if err != nil {
		return err
	}
	return env.sendTx(cmd, "", msgs...)
}

// cancelAway proves on the counterparty's node that it never received the
// lock of the move this chain's record is away on, and sends the cancel.
func cancelAway(env *cliEnv, cmd *cobra.Command, idArg string) error {
	ctx := ctxOf(cmd)
	id, err := kit.ParseHash(idArg)
	if err != nil {
		return fmt.Errorf("record id %q: %w", idArg, err)
	}
	node, _ := cmd.Flags().GetString("counterparty-node")
	if node == "" {
		return fmt.Errorf("--counterparty-node is required")
	}
	cp, err := client.New(node)
	if err != nil {
		return err
	}
	here, err := env.client(cmd)
	if err != nil {
		return err
	}
	var v title.View
	if err := here.Query(ctx, paths.Title(id.String(), ""), &v); err != nil {
		return fmt.Errorf("record %s: %w", id, err)
	}
	if v.Move == nil || v.Move.Role != title.RoleOrigin {
		return fmt.Errorf("record %s was never sent from %s to another chain", id, here.Node)
	}
	cpChain, err := cp.ChainID(ctx)
	if err != nil {
		return err
	}
	if cpChain != v.Move.Chain {
		return fmt.Errorf("record %s last went to %s; --counterparty-node is a node of %s", id, v.Move.Chain, cpChain)
	}
	// A record no longer away is sent as well: the chain refuses it with
	// title/not_away.
	wait, _ := cmd.Flags().GetDuration("header-wait")
	msgs, err := relayer.CancelAwayMsgs(ctx, cp, here, id, v.Move.Seq, v.Move.Timeout, wait)
	if err != nil {
		return err
	}
	return env.sendTx(cmd, "", msgs...)
}
