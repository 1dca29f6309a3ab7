package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/paths"
	"github.com/corridor-trade/corridor/x/title"
	"github.com/spf13/cobra"
)

// newQueryTitleCmd builds "query title ID [--route J1,J2]", "query title
// held-by MEMBER", "query title of-document HASH" and "query title
// legal-effect [JURISDICTION|ROUTE]".
func newQueryTitleCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "title ID [--route CN-SH,SG,HK]",
		Short: "Show a transferable record: holder, owner, state, allowed steps, history, and per leg of a route its legal effect",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := kit.ParseHash(args[0])
			if err != nil {
				return fmt.Errorf("record id: %w", err)
			}
			route, _ := cmd.Flags().GetString("route")
			if route != "" {
				if _, err := title.ParseRoute(route); err != nil {
					return err
				}
			}
			var v title.View
			if err := env.query(cmd, paths.Title(id.String(), route), &v); err != nil {
				return err
			}
			return env.print(cmd, v, func(w io.Writer) { printTitle(w, v) })
		},
	}
	cmd.Flags().String("route", "", "jurisdictions of the route, comma-separated (e.g. CN-SH,SG,HK): legal effect per leg")
	list := func(use, short, by string, arg func(cmd *cobra.Command, s string) (string, error)) *cobra.Command {
		c := &cobra.Command{Use: use, Short: short, Args: cobra.ExactArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error {
				v, err := arg(cmd, args[0])
				if err != nil {
					return err
				}
				var out []title.View
				if err := env.query(cmd, paths.Titles(by, v), &out); err != nil {
					return err
				}
				return env.print(cmd, out, func(w io.Writer) {
					if len(out) == 0 {
						fmt.Fprintln(w, "no records")
					}
					for _, r := range out {
						fmt.Fprintf(w, "%s  %-17s %-12s holder %s\n", r.ID, r.Kind, r.State, r.Holder)
					}
				})
			}}
		env.addNodeFlag(c)
		return c
	}
	held := list("held-by MEMBER", "List the records a member holds now", paths.ByHolder, func(cmd *cobra.Command, s string) (string, error) {
		a, err := memberAddress(env, cmd, s)
		return a.String(), err
	})
	held.Flags().String("keyring-backend", "file", "keyring backend, when a key name is given")
	ofDoc := list("of-document HASH", "List the records of a document hash", paths.ByDocument, func(_ *cobra.Command, s string) (string, error) {
		h, err := kit.ParseHash(s)
		return h.String(), err
	})
	legal := &cobra.Command{
		Use:   "legal-effect [JURISDICTION | J1,J2,...]",
		Short: "Show the legal-effect table (whether electronic transferable records have legal effect, which law, since when), one entry, or the legs of a route",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			arg := ""
			if len(args) == 1 {
				arg = args[0]
			}
			var out json.RawMessage
			if err := env.query(cmd, paths.LegalEffect(arg), &out); err != nil {
				return err
			}
			return env.print(cmd, out, func(w io.Writer) { printLegalEffect(w, out) })
		},
	}
	env.addNodeFlag(legal)
	cmd.AddCommand(held, ofDoc, legal)
	return cmd
}

func printTitle(w io.Writer, v title.View) {
	fmt.Fprintf(w, "record %s (%s), state %s\n", v.ID, v.Kind, v.State)
	fmt.Fprintf(w, "document  %s\n", v.DocHash)
	if !v.FieldRoot.IsZero() {
		fmt.Fprintf(w, "fields    %s\n", v.FieldRoot)
	}
	if v.Reference != "" {
		fmt.Fprintf(w, "reference %s\n", v.Reference)
	}
	fmt.Fprintf(w, "issuer    %s\nowner     %s\nholder    %s\n", v.Issuer, v.Owner, v.Holder)
	if !v.Nominee.IsZero() {
		fmt.Fprintf(w, "nominee   %s\n", v.Nominee)
	}
	if v.Import != nil {
		fmt.Fprintf(w, "imported  token %s of registry %s on EVM chain %d (merkle root %s)\n", v.Import.Token.TokenID, v.Import.Token.Registry, v.Import.Token.ChainID, v.Import.MerkleRoot)
	}
	allowed := "none"
	if len(v.Allowed) > 0 {
		allowed = strings.Join(v.Allowed, ", ")
	}
	fmt.Fprintf(w, "allowed   %s\nhistory\n", allowed)
	for _, h := range v.History {
		fmt.Fprintf(w, "  height %-6d %s  %-16s by %s", h.At.Height, h.At.Time().Format("2006-01-02T15:04:05Z"), h.Step, h.By)
		if h.FromHolder != h.ToHolder {
			fmt.Fprintf(w, "  holder → %s", h.ToHolder)
		}
		if h.FromOwner != h.ToOwner {
			fmt.Fprintf(w, "  owner → %s", h.ToOwner)
		}
		if h.Reason != "" {
			fmt.Fprintf(w, "  (%s)", h.Reason)
		}
		fmt.Fprintln(w)
	}
	if len(v.Route) > 0 {
		fmt.Fprintf(w, "legal effect per leg (at %s)\n", v.AsOf)
		for _, l := range v.Route {
			mark := "✗"
			if l.LegalEffect {
				mark = "✓"
			}
			fmt.Fprintf(w, "  %s %s\n", mark, l.Line)
		}
	}
}

func printLegalEffect(w io.Writer, raw json.RawMessage) {
	var legs []title.Leg
	if json.Unmarshal(raw, &legs) == nil && len(legs) > 0 && legs[0].Line != "" {
		for _, l := range legs {
			fmt.Fprintln(w, l.Line)
		}
		return
	}
	var list []title.LegalEffect
	if json.Unmarshal(raw, &list) == nil {
		for _, l := range list {
			printLegalEntry(w, l)
		}
		return
	}
	var one title.LegalEffect
	if json.Unmarshal(raw, &one) == nil {
		printLegalEntry(w, one)
		return
	}
	printIndented(w, raw)
}

func printLegalEntry(w io.Writer, l title.LegalEffect) {
	state := "not in force"
	if l.InForce {
		state = "in force since " + l.Since
	}
	fmt.Fprintf(w, "%s: %s — %s\n", l.Jurisdiction, state, l.Law)
	if len(l.Kinds) > 0 {
		fmt.Fprintf(w, "  covers %s\n", strings.Join(l.Kinds, ", "))
	}
	if l.Note != "" {
		fmt.Fprintf(w, "  %s\n", l.Note)
	}
	fmt.Fprintf(w, "  source: %s (read %s)\n", l.Source, l.AsOf)
}
