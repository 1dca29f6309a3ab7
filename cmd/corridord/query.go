package main

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/kit/paths"
	"github.com/corridor-trade/corridor/x/membership"
	"github.com/spf13/cobra"
)

func newQueryCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{Use: "query", Aliases: []string{"q"}, Short: "Read committed state from a node"}
	cmds := []*cobra.Command{
		newQueryMemberCmd(env),
		newQueryCertificateCmd(env),
		newQueryAccountCmd(env),
		newQueryTxCmd(env),
		simpleQuery(env, "members [JURISDICTION]", "List members, optionally of one jurisdiction", paths.Members, 1),
		simpleQuery(env, "jurisdictions", "List the partner jurisdictions", noArg(paths.Jurisdictions), 0),
		simpleQuery(env, "validators", "List the validators and their jurisdictions", noArg(paths.Validators), 0),
		simpleQuery(env, "misbehaviour [VALIDATOR_HEX_ADDRESS]", "List committed evidence of validator misbehaviour", paths.Misbehaviour, 1),
		simpleQuery(env, "params", "Show the membership parameters (tx size, messages, pending quota)", noArg(paths.Params), 0),
	}
	cmds = append(cmds, identityQueryCmds(env)...)
	cmds = append(cmds, invoiceQueryCmds(env)...)
	cmds = append(cmds, newQueryDockingCmd(env), newQueryGovCmd(env))
	cmds = append(cmds, newQueryExportCmd(env), newQueryTitleCmd(env))
	cmds = append(cmds, newQueryStatusCmd(env))
	for _, c := range cmds {
		if c.Flags().Lookup("node") == nil {
			env.addNodeFlag(c)
		}
		cmd.AddCommand(c)
	}
	return cmd
}

// simpleQuery builds a command that prints a JSON answer: as is with -o
// json, else in the layout queryTexts gives its command, if any. path
// builds the query path (x/kit/paths) from the command's argument, "" when
// it has none.
func simpleQuery(env *cliEnv, use, short string, path func(arg string) string, maxArgs int) *cobra.Command {
	return &cobra.Command{
		Use: use, Short: short, Args: cobra.MaximumNArgs(maxArgs),
		RunE: func(cmd *cobra.Command, args []string) error {
			arg := ""
			if len(args) > 0 {
				arg = args[0]
			}
			var out json.RawMessage
			if err := env.query(cmd, path(arg), &out); err != nil {
				return err
			}
			return env.print(cmd, out, func(w io.Writer) { printQueryText(w, cmd.Name(), out) })
		},
	}
}

// noArg adapts a path without arguments to simpleQuery.
func noArg(path func() string) func(string) string { return func(string) string { return path() } }

func printIndented(w io.Writer, raw json.RawMessage) {
	var v any
	if json.Unmarshal(raw, &v) == nil {
		b, _ := json.MarshalIndent(v, "", "  ")
		fmt.Fprintln(w, string(b))
		return
	}
	fmt.Fprintln(w, string(raw))
}

// memberAddress accepts an address or a keyring key name.
func memberAddress(env *cliEnv, cmd *cobra.Command, s string) (secp.Address, error) {
	if a, err := secp.ParseAddress(s); err == nil {
		return a, nil
	}
	pk, err := resolvePubKey(env, cmd, s)
	if err != nil {
		return secp.Address{}, err
	}
	var m membership.Member
	if err := env.query(cmd, paths.MemberByKey(pk.String()), &m); err == nil {
		return m.Address, nil
	}
	return pk.Address(), nil
}

func newQueryMemberCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "member ADDRESS|KEYNAME",
		Short: "Show a member: jurisdiction, roles, status and history",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			addr, err := memberAddress(env, cmd, args[0])
			if err != nil {
				return err
			}
			var m membership.Member
			if err := env.query(cmd, paths.Member(addr.String()), &m); err != nil {
				return err
			}
			return env.print(cmd, m, func(w io.Writer) { printMember(w, m) })
		},
	}
	cmd.Flags().String("keyring-backend", "file", "keyring backend, when a key name is given")
	return cmd
}

func printMember(w io.Writer, m membership.Member) {
	fmt.Fprintf(w, "member %s (%s)\n  jurisdiction %s, roles %s, status %s\n  key %s\n", m.Address, m.Label, m.Jurisdiction, strings.Join(m.Roles, ","), m.Status, m.PubKey)
	for _, h := range m.History {
		by := ""
		if !h.By.IsZero() {
			by = " by " + h.By.String()
		}
		reason := ""
		if h.Reason != "" {
			reason = ": " + h.Reason
		}
		fmt.Fprintf(w, "  %s at height %d (%s)%s%s\n", h.Event, h.At.Height, h.At.Time().Format("2006-01-02 15:04:05Z07:00"), by, reason)
	}
}

func newQueryAccountCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "account ADDRESS|KEYNAME",
		Short: "Show a member and its next transaction sequence",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			addr, err := memberAddress(env, cmd, args[0])
			if err != nil {
				return err
			}
			var acct struct {
				Member   membership.Member `json:"member"`
				Sequence uint64            `json:"sequence"`
			}
			if err := env.query(cmd, paths.Account(addr.String()), &acct); err != nil {
				return err
			}
			return env.print(cmd, acct, func(w io.Writer) {
				printMember(w, acct.Member)
				fmt.Fprintf(w, "  next sequence %d\n", acct.Sequence)
			})
		},
	}
	cmd.Flags().String("keyring-backend", "file", "keyring backend, when a key name is given")
	return cmd
}

// TxInfo is what `query tx` prints.
type TxInfo struct {
	Hash      string           `json:"hash"`
	Height    int64            `json:"height"`
	Code      uint32           `json:"code"`
	Codespace string           `json:"codespace,omitempty"`
	Error     string           `json:"error,omitempty"`
	Log       string           `json:"log,omitempty"`
	Events    []map[string]any `json:"events"`
}

func newQueryTxCmd(env *cliEnv) *cobra.Command {
	return &cobra.Command{
		Use:   "tx HASH",
		Short: "Show a committed transaction's result and events",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			h, err := hex.DecodeString(args[0])
			if err != nil || len(h) != 32 {
				return fmt.Errorf("transaction hash must be 64 hex digits")
			}
			c, err := env.rpc(cmd)
			if err != nil {
				return err
			}
			r, err := c.Tx(cmd.Context(), h, false)
			if err != nil {
				return fmt.Errorf("transaction %s: %w", strings.ToUpper(args[0]), err)
			}
			out := TxInfo{Hash: strings.ToUpper(args[0]), Height: r.Height, Code: r.TxResult.Code, Codespace: r.TxResult.Codespace, Log: r.TxResult.Log}
			if ce := codes.ByCode(out.Code); out.Code != 0 && ce != nil {
				out.Error = ce.Error()
			}
			for _, ev := range r.TxResult.Events {
				attrs := map[string]any{}
				for _, a := range ev.Attributes {
					attrs[a.Key] = a.Value
				}
				out.Events = append(out.Events, map[string]any{"type": ev.Type, "attributes": attrs})
			}
			return env.print(cmd, out, func(w io.Writer) {
				status := "ok"
				if out.Code != 0 {
					status = fmt.Sprintf("FAILED %s (code %d): %s", out.Error, out.Code, out.Log)
				}
				fmt.Fprintf(w, "tx %s at height %d: %s\n", out.Hash, out.Height, status)
				// Attributes in the order the event carries them, as key=value.
				for _, ev := range r.TxResult.Events {
					pairs := make([]string, 0, len(ev.Attributes))
					for _, a := range ev.Attributes {
						pairs = append(pairs, a.Key+"="+a.Value)
					}
					fmt.Fprintf(w, "  %s: %s\n", ev.Type, strings.Join(pairs, " "))
				}
			})
		},
	}
}
