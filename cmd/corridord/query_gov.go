package main

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/corridor-trade/corridor/x/gov"
	"github.com/corridor-trade/corridor/x/kit/paths"
	"github.com/spf13/cobra"
)

func newQueryGovCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{Use: "gov", Short: "Governance: proposals, votes, tallies and settings"}
	list := &cobra.Command{
		Use: "proposals [--status S] [--kind K]", Short: "List proposals (every status stays on record)", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			status, _ := cmd.Flags().GetString("status")
			kind, _ := cmd.Flags().GetString("kind")
			var out []gov.View
			if err := env.query(cmd, paths.Proposals(status, kind), &out); err != nil {
				return err
			}
			return env.print(cmd, out, func(w io.Writer) {
				if len(out) == 0 {
					fmt.Fprintln(w, "no proposals")
				}
				for _, p := range out {
					fmt.Fprintf(w, "#%d %-9s %-19s class %-6s %s approved %d of %d needed", p.ID, p.Status, p.Kind, p.Class,
						concernedText(p.Concerned), p.Tally.Approved, p.Tally.Needed)
					if p.Summary != "" {
						fmt.Fprintf(w, "  %q", p.Summary)
					}
					fmt.Fprintln(w)
				}
			})
		},
	}
	list.Flags().String("status", "", "only this status: open, executed, rejected, expired, withdrawn, aborted")
	list.Flags().String("kind", "", "only this kind (corridord tx gov propose --help lists them)")
	one := &cobra.Command{
		Use: "proposal ID", Short: "Show a proposal with every vote and the tally per jurisdiction", Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseUint(args[0], 10, 64)
			if err != nil || id == 0 {
				return fmt.Errorf("proposal id %q must be a positive integer (query gov proposals)", args[0])
			}
			var p gov.View
			if err := env.query(cmd, paths.Proposal(id), &p); err != nil {
				return err
			}
			return env.print(cmd, p, func(w io.Writer) { printProposal(w, p) })
		},
	}
	settings := simpleQuery(env, "settings", "Show the gov parameters, class rules, operator thresholds and the scheduled upgrade", noArg(paths.Gov), 0)
	for _, c := range []*cobra.Command{list, one, settings} {
		if c.Flags().Lookup("node") == nil {
			env.addNodeFlag(c)
		}
		cmd.AddCommand(c)
	}
	return cmd
}

func concernedText(j string) string {
	if j == "" {
		return "      "
	}
	return fmt.Sprintf("%-6s", j)
}

func printProposal(w io.Writer, p gov.View) {
	fmt.Fprintf(w, "proposal %d: %s (class %s, rule %d/%d)\n", p.ID, p.Kind, p.Class, p.Rule.Num, p.Rule.Den)
	if p.Concerned != "" {
		fmt.Fprintf(w, "concerns:  %s\n", p.Concerned)
	}
	if p.Summary != "" {
		fmt.Fprintf(w, "summary:   %s\n", p.Summary)
	}
	fmt.Fprintf(w, "status:    %s\n", p.Status)
	if p.Reason != "" {
		fmt.Fprintf(w, "reason:    %s\n", p.Reason)
	}
	fmt.Fprintf(w, "proposer:  %s at height %d\n", p.Proposer, p.Submitted.Height)
	fmt.Fprintf(w, "voting ends %s; executable after %s\n", time.Unix(0, int64(p.VotingEnds)).UTC().Format(time.RFC3339), time.Unix(0, int64(p.ExecAfter)).UTC().Format(time.RFC3339))
	fmt.Fprintf(w, "tally:     %s: %d jurisdictions approve, %d needed, %d reject\n", p.Tally.Outcome, p.Tally.Approved, p.Tally.Needed, p.Tally.Rejected)
	for _, j := range p.Tally.Jurisdictions {
		fmt.Fprintf(w, "  %-6s %-8s %d approve, %d reject (needs %d of %d operators)\n", j.Jurisdiction, j.Decision, j.Approve, j.Reject, j.Threshold, j.Operators)
	}
	fmt.Fprintln(w, "votes:")
	for _, v := range p.Votes {
		word := "reject"
		if v.Approve {
			word = "approve"
		}
		fmt.Fprintf(w, "  %s %-6s %-7s at height %d\n", v.Voter, v.Jurisdiction, word, v.At.Height)
	}
}
