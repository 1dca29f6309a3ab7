package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/paths"
	"github.com/spf13/cobra"
)

// newQueryExportCmd builds "query export rules|evidence|flow|flows|counters|reports".
func newQueryExportCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{Use: "export", Short: "Cross-border data export: rule sets, evidence, flows, counters, reports due"}
	printRaw := func(cmd *cobra.Command, path string) error {
		var out json.RawMessage
		if err := env.query(cmd, path, &out); err != nil {
			return err
		}
		return env.print(cmd, out, func(w io.Writer) { printIndented(w, out) })
	}
	byID := func(use, short string, path func(string) string) *cobra.Command {
		return &cobra.Command{Use: use, Short: short, Args: cobra.ExactArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error {
				h, err := kit.ParseHash(args[0])
				if err != nil {
					return err
				}
				return printRaw(cmd, path(h.String()))
			}}
	}
	rules := &cobra.Command{Use: "rules JURISDICTION [VERSION]", Short: "Show a jurisdiction's export rule sets (every version, or one) and which is in force",
		Args: cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			v := ""
			if len(args) == 2 {
				v = args[1]
			}
			return printRaw(cmd, paths.ExportRules(args[0], v))
		}}
	flows := &cobra.Command{
		Use:   "flows (--exporter MEMBER | --destination J | --category C | --document HASH) [--since RFC3339] [--until RFC3339]",
		Short: "List declared flows by exporter, destination, data category or document, in a period",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			get := func(n string) string { v, _ := cmd.Flags().GetString(n); return v }
			var by, value string
			for _, n := range []string{paths.ByExporter, paths.ByDestination, paths.ByCategory, paths.ByDocument} {
				if v := get(n); v != "" {
					if by != "" {
						return fmt.Errorf("give one of --exporter, --destination, --category, --document")
					}
					by, value = n, v
				}
			}
			if by == "" {
				return fmt.Errorf("give one of --exporter, --destination, --category, --document")
			}
			if by == paths.ByExporter {
				a, err := memberAddress(env, cmd, value)
				if err != nil {
					return fmt.Errorf("--exporter: %w", err)
				}
				value = a.String()
			}
			return printRaw(cmd, paths.ExportFlows(by, value, get("since"), get("until")))
		}}
	for _, n := range []string{paths.ByExporter, paths.ByDestination, paths.ByCategory, paths.ByDocument} {
		flows.Flags().String(n, "", "select flows by "+n)
	}
	flows.Flags().String("since", "", "declared at or after (RFC 3339)")
	flows.Flags().String("until", "", "declared before (RFC 3339)")
	flows.Flags().String("keyring-backend", "file", "keyring backend, when a key name is given")
	counters := &cobra.Command{Use: "counters MEMBER|ENTITY [YEAR]", Short: "Show the cumulative volumes of a member's legal entity, per jurisdiction and year",
		Args: cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			holder := args[0]
			if _, err := kit.ParseHash(holder); err != nil {
				a, err := memberAddress(env, cmd, holder)
				if err != nil {
					return err
				}
				holder = a.String()
			}
			y := ""
			if len(args) == 2 {
				y = args[1]
			}
			return printRaw(cmd, paths.ExportCounters(holder, y))
		}}
	counters.Flags().String("keyring-backend", "file", "keyring backend, when a key name is given")
	reports := &cobra.Command{Use: "reports [JURISDICTION]", Short: "List the flows whose report is not filed, with due or overdue",
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			j := ""
			if len(args) == 1 {
				j = args[0]
			}
			return printRaw(cmd, paths.ExportReports(j))
		}}
	for _, c := range []*cobra.Command{rules, byID("evidence ID", "Show an evidence record and its state", paths.ExportEvidence),
		byID("flow ID", "Show a declared flow: decision, reasons, evidence, report", paths.ExportFlow), flows, counters, reports} {
		env.addNodeFlag(c)
		cmd.AddCommand(c)
	}
	return cmd
}
