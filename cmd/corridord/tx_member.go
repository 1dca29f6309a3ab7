package main

import (
	"fmt"
	"sort"

	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/kit/paths"
	"github.com/corridor-trade/corridor/x/membership"
	"github.com/spf13/cobra"
)

func newTxMemberCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{Use: "member", Short: "Admit, suspend and reinstate members; rotate your own key"}

	add := &cobra.Command{
		Use:   "add PUBKEY|KEYNAME --roles ROLE[,ROLE] --from OPERATOR",
		Short: "Admit a member to your jurisdiction (signer: operator)",
		Long:  "The new member is given by its compressed public key in hex, or by the name of a key in your keyring.",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			pub, err := resolvePubKey(env, cmd, args[0])
			if err != nil {
				return err
			}
			r, _ := cmd.Flags().GetString("roles")
			roles := splitList(r)
			sort.Strings(roles)
			label, _ := cmd.Flags().GetString("label")
			return env.sendTx(cmd, "", &membership.MsgAdmit{PubKey: pub, Roles: roles, Label: label})
		},
	}
	add.Flags().String("roles", "", "comma-separated roles: trader, bank, customs, attester, operator")
	add.Flags().String("label", "", "public handle (never personal data)")
	_ = add.MarkFlagRequired("roles")

	suspend := &cobra.Command{
		Use:   "suspend ADDRESS --reason TEXT --from OPERATOR",
		Short: "Suspend a member of your jurisdiction (signer: operator)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			addr, err := secp.ParseAddress(args[0])
			if err != nil {
				return err
			}
			reason, _ := cmd.Flags().GetString("reason")
			return env.sendTx(cmd, "", &membership.MsgSuspend{Member: addr, Reason: reason})
		},
	}
	suspend.Flags().String("reason", "", "why (public; required)")
	_ = suspend.MarkFlagRequired("reason")

	reinstate := &cobra.Command{
		Use:   "reinstate ADDRESS --from OPERATOR",
		Short: "Reinstate a suspended member of your jurisdiction (signer: operator)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			addr, err := secp.ParseAddress(args[0])
			if err != nil {
				return err
			}
			reason, _ := cmd.Flags().GetString("reason")
			return env.sendTx(cmd, "", &membership.MsgReinstate{Member: addr, Reason: reason})
		},
	}
	reinstate.Flags().String("reason", "", "why (public)")

	rotate := &cobra.Command{
		Use:   "rotate-key NEWKEYNAME --from NAME",
		Short: "Replace your account's key with another key from the keyring (signed by both)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			kr, err := openKeyring(env, cmd)
			if err != nil {
				return err
			}
			oldName := env.flag(cmd, "from")
			oldKey, err := kr.Key(oldName)
			if err != nil {
				return err
			}
			newKey, err := kr.Key(args[0])
			if err != nil {
				return err
			}
			var m membership.Member
			if err := env.query(cmd, paths.MemberByKey(oldKey.PubKey().String()), &m); err != nil {
				return fmt.Errorf("key %s is not a member's current key: %w", oldName, err)
			}
			chainID, err := env.chainID(cmd)
			if err != nil {
				return err
			}
			proof := newKey.Sign(membership.RotationDigest(chainID, m.Address))
			return env.sendTx(cmd, "", &membership.MsgRotateKey{NewPubKey: newKey.PubKey(), Proof: proof[:]})
		},
	}

	for _, c := range []*cobra.Command{add, suspend, reinstate, rotate} {
		env.addTxFlags(c)
		cmd.AddCommand(c)
	}
	return cmd
}

// resolvePubKey accepts a hex public key or a keyring key name.
func resolvePubKey(env *cliEnv, cmd *cobra.Command, s string) (secp.PubKey, error) {
	if pk, err := secp.ParsePubKeyHex(s); err == nil {
		return pk, nil
	}
	kr, err := openKeyring(env, cmd)
	if err != nil {
		return secp.PubKey{}, err
	}
	info, err := kr.Show(s)
	if err != nil {
		return secp.PubKey{}, fmt.Errorf("%q is neither a hex public key nor a key in the keyring: %w", s, err)
	}
	return info.PubKey, nil
}

// chainID asks the node which chain it runs.
func (e *cliEnv) chainID(cmd *cobra.Command) (string, error) {
	c, err := e.rpc(cmd)
	if err != nil {
		return "", err
	}
	st, err := c.Status(cmd.Context())
	if err != nil {
		return "", fmt.Errorf("cannot reach node %s: %w", e.flag(cmd, "node"), err)
	}
	return st.NodeInfo.Network, nil
}
