package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/corridor-trade/corridor/x/identity"
	"github.com/corridor-trade/corridor/x/kit/paths"
	"github.com/corridor-trade/corridor/x/recognition"
	"github.com/spf13/cobra"
)

// identityQueryCmds returns the identity and recognition queries:
// attestation, attestations, attested-by, recognition, rules and mutual.
// They do not add --node themselves; the query command adds it to each.
func identityQueryCmds(env *cliEnv) []*cobra.Command {
	attestation := &cobra.Command{
		Use:   "attestation ID [--asof RFC3339]",
		Short: "Show an attestation, its status history and whether it is active",
		Long: `Show an attestation with its status history and whether it is active as of
the block time of the state read (or --asof).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := identity.ParseHash(args[0]); err != nil {
				return fmt.Errorf("attestation id: %w", err)
			}
			var v identity.View
			if err := env.query(cmd, asOf(cmd, paths.Attestation(args[0])), &v); err != nil {
				return err
			}
			return env.print(cmd, v, func(w io.Writer) { printAttestation(w, v) })
		},
	}

	attestations := &cobra.Command{
		Use:   "attestations SUBJECT [--claim CLAIM] [--asof RFC3339]",
		Short: "List the attestations about a member (address or key name) or a commitment (hex)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			subj := args[0]
			if _, err := identity.ParseSubject(subj); err != nil {
				addr, err := memberAddress(env, cmd, subj)
				if err != nil {
					return fmt.Errorf("subject %q is neither an address, a commitment nor a key name: %w", subj, err)
				}
				subj = addr.String()
			}
			claim, _ := cmd.Flags().GetString("claim")
			return listAttestations(env, cmd, asOf(cmd, paths.Attestations(subj, claim)))
		},
	}
	attestations.Flags().String("claim", "", "only this claim type")
	attestations.Flags().String("keyring-backend", "file", "keyring backend, when a key name is given")

	attestedBy := &cobra.Command{
		Use:   "attested-by ATTESTER [--asof RFC3339]",
		Short: "List the attestations an attester made",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			addr, err := memberAddress(env, cmd, args[0])
			if err != nil {
				return err
			}
			return listAttestations(env, cmd, asOf(cmd, paths.AttestedBy(addr.String())))
		},
	}
	attestedBy.Flags().String("keyring-backend", "file", "keyring backend, when a key name is given")

	recog := &cobra.Command{
		Use:   "recognition TARGET --in JURISDICTION [--asof RFC3339]",
		Short: "Does a jurisdiction recognise this document hash or attestation id? With the reasons",
		Long: `Evaluate whether jurisdiction --in recognises TARGET: an attestation id or
an anchored document's hash (64 hex digits). The answer lists every check
with the rule and attestation it relied on, or what is missing. The
evaluation time is the block time of the state read, or --asof.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if _, err := identity.ParseHash(args[0]); err != nil {
				return fmt.Errorf("target: %w", err)
			}
			in, _ := cmd.Flags().GetString("in")
			var raw json.RawMessage
			if err := env.query(cmd, asOf(cmd, paths.Recognition(args[0], in)), &raw); err != nil {
				return err
			}
			var v struct {
				recognition.Verdict
				Mutual *mutualJSON             `json:"mutual"`
				Export *recognition.ExportLine `json:"export"`
			}
			if err := json.Unmarshal(raw, &v); err != nil {
				return err
			}
			return env.print(cmd, raw, func(w io.Writer) {
				printVerdict(w, v.Verdict)
				if v.Mutual != nil {
					fmt.Fprintln(w, "mutual recognition, both directions:")
					printDirection(w, v.Mutual.AToB)
					printDirection(w, v.Mutual.BToA)
				}
				if v.Export != nil {
					fmt.Fprintf(w, "export: %s %s\n", okMark(v.Export.OK), v.Export.Detail)
				}
			})
		},
	}
	recog.Flags().String("in", "", "the evaluating jurisdiction, e.g. SG (required)")
	_ = recog.MarkFlagRequired("in")

	rules := &cobra.Command{
		Use:   "rules JURISDICTION",
		Short: "Show a jurisdiction's recognition rules and accepted profiles",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var raw json.RawMessage
			if err := env.query(cmd, paths.Rules(args[0]), &raw); err != nil {
				return err
			}
			return env.print(cmd, raw, func(w io.Writer) { printRules(w, args[0], raw) })
		},
	}

	mutual := &cobra.Command{
		Use:   "mutual A B",
		Short: "Show what jurisdiction A recognises of B's attesters, and B of A's",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			var raw json.RawMessage
			if err := env.query(cmd, paths.Mutual(args[0], args[1]), &raw); err != nil {
				return err
			}
			var m mutualJSON
			if err := json.Unmarshal(raw, &m); err != nil {
				return err
			}
			return env.print(cmd, raw, func(w io.Writer) {
				printDirection(w, m.AToB)
				printDirection(w, m.BToA)
			})
		},
	}

	for _, c := range []*cobra.Command{attestation, attestations, attestedBy, recog} {
		c.Flags().String("asof", "", "evaluate at this time (RFC 3339) instead of the latest block time")
	}
	return []*cobra.Command{attestation, attestations, attestedBy, recog, rules, mutual}
}

// asofSuffix returns "/asof=T" for --asof, or "".
// asOf adds the --asof time, if given, to an identity or recognition path.
func asOf(cmd *cobra.Command, path string) string {
	s, _ := cmd.Flags().GetString("asof")
	return paths.AsOf(path, s)
}

func listAttestations(env *cliEnv, cmd *cobra.Command, path string) error {
	var l identity.List
	if err := env.query(cmd, path, &l); err != nil {
		return err
	}
	return env.print(cmd, l, func(w io.Writer) {
		fmt.Fprintf(w, "%d attestation(s) of %s as of %s\n", len(l.Attestations), l.Of, l.AsOf.Format(time.RFC3339))
		for _, v := range l.Attestations {
			printAttestation(w, v)
		}
	})
}

func nanosTime(n int64) string { return time.Unix(0, n).UTC().Format(time.RFC3339) }

func printAttestation(w io.Writer, v identity.View) {
	scheme := ""
	if v.Scheme != "" {
		scheme = " (" + v.Scheme + ")"
	}
	until := "until revoked"
	if v.ValidUntil != 0 {
		until = "until " + nanosTime(v.ValidUntil)
	}
	fmt.Fprintf(w, "attestation %s: %s as of %s\n", v.ID, v.State, v.AsOf.Format(time.RFC3339))
	fmt.Fprintf(w, "  %s%s about %s\n  by %s of %s, valid from %s %s\n  credential sha256 %s\n",
		v.Claim, scheme, v.Subject, v.Attester, v.AttesterJurisdiction, nanosTime(v.ValidFrom), until, v.CredentialHash)
	for _, h := range v.History {
		reason := ""
		if h.Reason != "" {
			reason = ": " + h.Reason
		}
		fmt.Fprintf(w, "  %s at height %d (%s)%s\n", h.Event, h.At.Height, h.At.Time().Format(time.RFC3339), reason)
	}
}

func printVerdict(w io.Writer, v recognition.Verdict) {
	yes := "no"
	if v.Recognized {
		yes = "yes"
	}
	fmt.Fprintf(w, "recognized: %s (%s %s in %s, as of %s)\n", yes, v.Kind, v.Target, v.In, v.AsOf.Format(time.RFC3339))
	for _, r := range v.Reasons {
		mark := "FAIL"
		if r.OK {
			mark = "ok"
		}
		line := fmt.Sprintf("  [%-4s] %-15s %s", mark, r.Check, r.Detail)
		if r.Rule != "" {
			line += " [rule " + r.Rule + "]"
		}
		if r.Attestation != "" {
			line += " [attestation " + r.Attestation + "]"
		}
		fmt.Fprintln(w, line)
	}
}

// ruleJSON, ruleSetJSON and mutualJSON mirror the JSON answers of the rules
// and mutual queries (recognition.Rule writes a richer form than it reads).
type ruleJSON struct {
	Name                 string   `json:"name"`
	Attester             string   `json:"attester"`
	AttesterJurisdiction string   `json:"attester_jurisdiction"`
	Claims               []string `json:"claims"`
	Set                  struct {
		Height int64 `json:"height"`
	} `json:"set"`
}

type ruleSetJSON struct {
	Attesters     []ruleJSON `json:"attesters"`
	Jurisdictions []ruleJSON `json:"jurisdictions"`
	Profiles      struct {
		Profiles []string `json:"profiles"`
	} `json:"profiles"`
}

type directionJSON struct {
	In                 string     `json:"in"`
	Of                 string     `json:"of"`
	JurisdictionClaims []string   `json:"jurisdiction_claims"`
	Attesters          []ruleJSON `json:"attesters"`
	Profiles           []string   `json:"profiles"`
}

type mutualJSON struct {
	AToB directionJSON `json:"a_recognises_b"`
	BToA directionJSON `json:"b_recognises_a"`
}

func printRules(w io.Writer, in string, raw json.RawMessage) {
	var rs ruleSetJSON
	if err := json.Unmarshal(raw, &rs); err != nil {
		fmt.Fprintln(w, string(raw))
		return
	}
	fmt.Fprintf(w, "%s recognises its own attesters for every claim\n", in)
	for _, r := range rs.Jurisdictions {
		if len(r.Claims) > 0 {
			fmt.Fprintf(w, "  every attester of %s for %s (set at height %d)\n", r.AttesterJurisdiction, strings.Join(r.Claims, ", "), r.Set.Height)
		}
	}
	for _, r := range rs.Attesters {
		if len(r.Claims) > 0 {
			fmt.Fprintf(w, "  attester %s of %s for %s (set at height %d)\n", r.Attester, r.AttesterJurisdiction, strings.Join(r.Claims, ", "), r.Set.Height)
		}
	}
	fmt.Fprintf(w, "  accepted profiles: %v\n", rs.Profiles.Profiles)
}

func printDirection(w io.Writer, d directionJSON) {
	fmt.Fprintf(w, "%s recognises of %s:\n", d.In, d.Of)
	// No claims means no rule (none was set, or it was removed): say so
	// rather than "every attester ... for []".
	if len(d.JurisdictionClaims) > 0 {
		fmt.Fprintf(w, "  every attester of %s for %s\n", d.Of, strings.Join(d.JurisdictionClaims, ", "))
	} else {
		fmt.Fprintf(w, "  no rule for every attester of %s\n", d.Of)
	}
	for _, r := range d.Attesters {
		if len(r.Claims) > 0 {
			fmt.Fprintf(w, "  attester %s for %s\n", r.Attester, strings.Join(r.Claims, ", "))
		}
	}
	fmt.Fprintf(w, "  %s accepts profiles %v\n", d.In, d.Profiles)
}

// okMark is the check mark of a verdict line.
func okMark(ok bool) string {
	if ok {
		return "✓"
	}
	return "✗"
}
