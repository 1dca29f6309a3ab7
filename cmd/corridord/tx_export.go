package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/x/export"
	"github.com/corridor-trade/corridor/x/identity"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/spf13/cobra"
)

// newTxExportCmd builds "tx export rules|evidence|revoke-evidence|flow|report".
func newTxExportCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{Use: "export", Short: "Cross-border data export: rule sets, evidence, declared flows, reports (docs/data-export.md)"}
	rules := &cobra.Command{
		Use:   "rules FILE --from OPERATOR",
		Short: "Publish a version of your jurisdiction's export rule set (JSON, docs/examples/export-rules-sample.json)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			b, err := os.ReadFile(args[0])
			if err != nil {
				return err
			}
			rs, err := export.ParseRuleSet(b)
			if err != nil {
				return fmt.Errorf("%s: %w", args[0], err)
			}
			return env.sendTx(cmd, "", &export.MsgRules{RuleSet: rs})
		},
	}
	env.addTxFlags(rules)

	evidence := &cobra.Command{
		Use:   "evidence --instrument KIND --authority NAME --reference REF (--doc FILE | --doc-hash HEX) --holder MEMBER --destinations SG[,HK] [--scenarios S,...] [--recipient MEMBER] [--valid-until RFC3339] --from NAME",
		Short: "Anchor an evidence record (hash and reference only) for a holder: the holder itself or an authority of its jurisdiction signs",
		Long: `Anchor an evidence record. Instruments: ` + strings.Join(export.Instruments, ", ") + `.
The instrument document is hashed here (--doc) and never sent. A
security-assessment approval is anchored by an attester or operator of the
holder's jurisdiction. Prints the evidence id that flows name.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			get := func(n string) string { v, _ := cmd.Flags().GetString(n); return v }
			msg := &export.MsgEvidence{Instrument: get("instrument"), Authority: get("authority"), Reference: get("reference"),
				Destinations: sortedList(get("destinations")), Scenarios: sortedList(get("scenarios"))}
			var err error
			if msg.DocHash, err = fileOrHash(get("doc"), get("doc-hash"), "--doc", "--doc-hash"); err != nil {
				return err
			}
			if msg.Holder, err = memberAddress(env, cmd, get("holder")); err != nil {
				return fmt.Errorf("--holder: %w", err)
			}
			if r := get("recipient"); r != "" {
				if msg.Recipient, err = memberAddress(env, cmd, r); err != nil {
					return fmt.Errorf("--recipient: %w", err)
				}
			}
			for _, p := range []struct {
				flag string
				dst  *int64
			}{{"valid-from", &msg.ValidFrom}, {"valid-until", &msg.ValidUntil}} {
				if v := get(p.flag); v != "" {
					t, err := identity.ParseTime(v)
					if err != nil {
						return fmt.Errorf("--%s: %w", p.flag, err)
					}
					*p.dst = t.UnixNano()
				}
			}
			return env.sendTxNamed(cmd, "", "evidence", createdID(export.EvidenceID), msg)
		},
	}
	f := evidence.Flags()
	f.String("instrument", "", "instrument kind (required)")
	f.String("authority", "", "the issuing or filing authority, e.g. \"Shanghai CAC\" (required)")
	f.String("reference", "", "the filing or approval number (required)")
	f.String("doc", "", "the instrument document, hashed locally")
	f.String("doc-hash", "", "SHA-256 of the instrument document, 64 hex digits")
	f.String("holder", "", "the member holding the instrument: address or key name (required)")
	f.String("recipient", "", "the recipient member the instrument names (default: any)")
	f.String("destinations", "", "comma-separated destination jurisdictions (required)")
	f.String("scenarios", "", "comma-separated scenarios covered (default: every scenario)")
	f.String("valid-from", "", "start of validity, RFC 3339 (default: the block time)")
	f.String("valid-until", "", "end of validity, RFC 3339 (default: open-ended)")
	for _, n := range []string{"instrument", "authority", "reference", "holder", "destinations"} {
		_ = evidence.MarkFlagRequired(n)
	}
	env.addTxFlags(evidence)

	revoke := &cobra.Command{
		Use:   "revoke-evidence ID --reason TEXT --from NAME",
		Short: "Revoke an evidence record (its anchorer or an authority of the holder's jurisdiction)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := kit.ParseHash(args[0])
			if err != nil {
				return fmt.Errorf("evidence id: %w", err)
			}
			reason, _ := cmd.Flags().GetString("reason")
			return env.sendTx(cmd, "", &export.MsgRevokeEvidence{ID: id, Reason: reason})
		},
	}
	revoke.Flags().String("reason", "", "why (required; public, no personal data)")
	_ = revoke.MarkFlagRequired("reason")
	env.addTxFlags(revoke)

	flow := &cobra.Command{
		Use:   "flow --scenario S --categories C[,C] --to JURISDICTION --recipient MEMBER [--sector S] [--items I,...] [--individuals N] [--sensitive N] [--important] [--ciio] [--documents H,...] [--evidence ID,...] --from EXPORTER",
		Short: "Declare a data flow leaving your jurisdiction; it is judged by the rule set in force and refused without the evidence it needs",
		Long: `Declare a flow: what it carries (scenario, data categories, item codes such as
untded:3412) and how many individuals (counts only: never the data). The
chain evaluates the rule set of your jurisdiction in force at the block
time, adds the volumes to your legal entity's counters for the calendar
year, and refuses the flow with a specific code (export/evidence_missing,
evidence_expired, evidence_revoked, evidence_destination, ...) when the
evidence the procedure needs is missing. Prints the flow id.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			get := func(n string) string { v, _ := cmd.Flags().GetString(n); return v }
			msg := &export.MsgFlow{Sector: get("sector"), Scenario: get("scenario"), Categories: sortedList(get("categories")),
				Items: sortedList(get("items")), Destination: get("to")}
			var err error
			if msg.Recipient, err = memberAddress(env, cmd, get("recipient")); err != nil {
				return fmt.Errorf("--recipient: %w", err)
			}
			msg.Volumes.Individuals, _ = cmd.Flags().GetUint64("individuals")
			msg.Volumes.Sensitive, _ = cmd.Flags().GetUint64("sensitive")
			msg.Volumes.Important, _ = cmd.Flags().GetBool("important")
			msg.CIIO, _ = cmd.Flags().GetBool("ciio")
			if msg.Documents, err = hashList(get("documents")); err != nil {
				return fmt.Errorf("--documents: %w", err)
			}
			if msg.Evidence, err = hashList(get("evidence")); err != nil {
				return fmt.Errorf("--evidence: %w", err)
			}
			return env.sendTxNamed(cmd, "", "flow", createdID(export.FlowID), msg)
		},
	}
	f = flow.Flags()
	f.String("sector", "", "sector code, e.g. trade")
	f.String("scenario", "", "scenario code, e.g. cross-border-trade-docs (required)")
	f.String("categories", "", "comma-separated data categories (required)")
	f.String("items", "", "comma-separated item codes (UN/CEFACT UNTDED tags as untded:NNNN)")
	f.String("to", "", "destination jurisdiction (required)")
	f.String("recipient", "", "the receiving member: address or key name (required)")
	f.Uint64("individuals", 0, "individuals whose non-sensitive personal information crosses, not counted before this year")
	f.Uint64("sensitive", 0, "individuals whose sensitive personal information crosses")
	f.Bool("important", false, "the flow carries important data")
	f.Bool("ciio", false, "the exporter is a critical information infrastructure operator")
	f.String("documents", "", "comma-separated hashes of the anchored documents the flow carries")
	f.String("evidence", "", "comma-separated evidence ids the flow relies on")
	for _, n := range []string{"scenario", "categories", "to", "recipient"} {
		_ = flow.MarkFlagRequired(n)
	}
	env.addTxFlags(flow)

	report := &cobra.Command{
		Use:   "report FLOW_ID (--report FILE | --report-hash HEX) [--reference REF] --from EXPORTER",
		Short: "Record that a flow's report was filed with the local data-export service centre",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			get := func(n string) string { v, _ := cmd.Flags().GetString(n); return v }
			id, err := kit.ParseHash(args[0])
			if err != nil {
				return fmt.Errorf("flow id: %w", err)
			}
			h, err := fileOrHash(get("report"), get("report-hash"), "--report", "--report-hash")
			if err != nil {
				return err
			}
			return env.sendTx(cmd, "", &export.MsgReport{Flow: id, ReportHash: h, Reference: get("reference")})
		},
	}
	report.Flags().String("report", "", "the filed report, hashed locally")
	report.Flags().String("report-hash", "", "SHA-256 of the filed report, 64 hex digits")
	report.Flags().String("reference", "", "the service centre's receipt number")
	env.addTxFlags(report)

	cmd.AddCommand(rules, evidence, revoke, flow, report)
	return cmd
}

// createdID returns the id of the record message 0 of the committed
// transaction created.
func createdID(derive func([32]byte, int) export.Hash) func(*client.Result) string {
	return func(r *client.Result) string {
		var h [32]byte
		if b, err := hex.DecodeString(r.Hash); err == nil && len(b) == len(h) {
			copy(h[:], b)
		}
		return derive(h, 0).String()
	}
}

// sortedList splits a comma-separated list, drops empty parts and sorts
// it, as the messages require.
func sortedList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

// hashList parses a comma-separated list of hashes, sorted.
func hashList(s string) ([]export.Hash, error) {
	var out []export.Hash
	for _, p := range sortedList(s) {
		h, err := kit.ParseHash(p)
		if err != nil {
			return nil, fmt.Errorf("%q: %w", p, err)
		}
		out = append(out, h)
	}
	sort.Slice(out, func(i, j int) bool { return string(out[i][:]) < string(out[j][:]) })
	return out, nil
}

// fileOrHash returns the SHA-256 of a file or a hash given in hex:
// exactly one of the two flags.
func fileOrHash(file, hx, fileFlag, hashFlag string) (export.Hash, error) {
	switch {
	case file != "" && hx != "":
		return export.Hash{}, fmt.Errorf("give %s or %s, not both", fileFlag, hashFlag)
	case file != "":
		fh, err := os.Open(file)
		if err != nil {
			return export.Hash{}, err
		}
		defer fh.Close()
		h := sha256.New()
		if _, err := io.Copy(h, fh); err != nil {
			return export.Hash{}, err
		}
		var out export.Hash
		copy(out[:], h.Sum(nil))
		return out, nil
	case hx != "":
		h, err := kit.ParseHash(hx)
		if err != nil {
			return h, fmt.Errorf("%s: %w", hashFlag, err)
		}
		return h, nil
	}
	return export.Hash{}, fmt.Errorf("%s FILE or %s HEX is required", fileFlag, hashFlag)
}
