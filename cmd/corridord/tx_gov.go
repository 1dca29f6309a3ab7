package main

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/x/gov"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/paths"
	"github.com/corridor-trade/corridor/x/membership"
	"github.com/corridor-trade/corridor/x/title"
	"github.com/spf13/cobra"
)

// govFlags are the change fields of `tx gov propose`, one flag each; a
// kind takes the fields gov.Fields names.
var govFlags = []struct{ name, usage string }{
	{"jurisdiction", "jurisdiction code (e.g. NZ)"},
	{"name", "jurisdiction name, validator name, operator label or upgrade name"},
	{"validator", "consensus address of an existing validator (40 hex digits; query validators)"},
	{"pub-key", "ed25519 consensus key: base64 (as in priv_validator_key.json) or 64 hex digits"},
	{"power", "validator power"},
	{"operator", "operator: an address or a keyring name"},
	{"keys", "operator keys: comma-separated hex public keys or keyring names"},
	{"threshold", "m of the jurisdiction's operators"},
	{"class", "class whose rule changes: all or others"},
	{"num", "class fraction numerator"},
	{"den", "class fraction denominator"},
	{"height", "upgrade height"},
	{"info", "upgrade info, or the reason of an eviction"},
	{"params", `transaction limits as JSON, e.g. {"max_tx_bytes":1048576,"max_msgs":64,"pending_quota":300}`},
	{"consensus", `CometBFT params as JSON: block_max_bytes, block_max_gas, evidence_max_age_blocks, evidence_max_age_seconds, evidence_max_bytes`},
	{"legal-effect", `legal-effect entry as JSON (docs/transferable.md), e.g. {"jurisdiction":"HK","in_force":false,"law":"...","note":"...","source":"...","as_of":"2026-12-04"}`},
}

func newTxGovCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{Use: "gov", Short: "Partnership governance: propose changes, approve, reject, withdraw (signer: operator)"}
	kinds := make([]string, 0, len(gov.Kinds))
	for _, k := range sortedKinds() {
		kinds = append(kinds, fmt.Sprintf("  %-20s %-7s needs %s", k, gov.Kinds[k], strings.Join(gov.Fields[k].Required, ", ")))
	}
	propose := &cobra.Command{
		Use:   "propose KIND [flags] --from OPERATOR",
		Short: "Propose a change; your approval is recorded with it",
		Long: "Kinds, their class (who decides: all jurisdictions, two thirds of the others, the jurisdiction concerned alone)\n" +
			"and the fields they need (docs/governance.md):\n" + strings.Join(kinds, "\n"),
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := changeFromFlags(env, cmd)
			if err != nil {
				return err
			}
			summary, _ := cmd.Flags().GetString("summary")
			return env.sendGov(cmd, &gov.MsgPropose{Kind: args[0], Change: c, Summary: summary})
		},
	}
	for _, f := range govFlags {
		propose.Flags().String(f.name, "", f.usage)
	}
	propose.Flags().Bool("suspend", false, "validator-evict: suspend (power 0, record kept) instead of removing")
	propose.Flags().String("summary", "", "why, in a sentence (public)")

	vote := func(use, short string, msg func(id uint64) kit.Msg) *cobra.Command {
		return &cobra.Command{Use: use + " ID --from OPERATOR", Short: short, Args: cobra.ExactArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error {
				id, err := strconv.ParseUint(args[0], 10, 64)
				if err != nil || id == 0 {
					return fmt.Errorf("proposal id %q must be a positive integer (query gov proposals)", args[0])
				}
				return env.sendGov(cmd, msg(id))
			}}
	}
	approve := vote("approve", "Approve a proposal (or change your reject into an approval)", func(id uint64) kit.Msg { return &gov.MsgApprove{ID: id} })
	reject := vote("reject", "Reject a proposal (or change your approval into a reject)", func(id uint64) kit.Msg { return &gov.MsgReject{ID: id} })
	withdraw := vote("withdraw", "Withdraw your own open proposal (it stays on record)", func(id uint64) kit.Msg { return &gov.MsgWithdraw{ID: id} })
	for _, c := range []*cobra.Command{propose, approve, reject, withdraw} {
		env.addTxFlags(c)
		cmd.AddCommand(c)
	}
	return cmd
}

func sortedKinds() []string {
	out := make([]string, 0, len(gov.Kinds))
	for _, class := range []string{gov.ClassAll, gov.ClassOthers, gov.ClassOwn} {
		for _, k := range []string{gov.KindJurisdictionAdd, gov.KindJurisdictionRemove, gov.KindClassSet, gov.KindUpgradeSchedule,
			gov.KindUpgradeCancel, gov.KindParamsSet, gov.KindConsensusSet, gov.KindValidatorEvict, gov.KindOperatorEvict,
			gov.KindValidatorAdd, gov.KindValidatorRemove, gov.KindValidatorPower, gov.KindValidatorRekey, gov.KindOperatorAdd,
			gov.KindOperatorRemove, gov.KindOperatorRekey, gov.KindOperatorThreshold, gov.KindLegalEffectSet} {
			if gov.Kinds[k] == class {
				out = append(out, k)
			}
		}
	}
	return out
}

// changeFromFlags reads the change fields from the flags that are set.
func changeFromFlags(env *cliEnv, cmd *cobra.Command) (gov.Change, error) {
	var c gov.Change
	get := func(name string) string { v, _ := cmd.Flags().GetString(name); return v }
	num := func(name string) (uint64, error) {
		if get(name) == "" {
			return 0, nil
		}
		v, err := strconv.ParseUint(get(name), 10, 64)
		if err != nil {
			return 0, fmt.Errorf("--%s: %v", name, err)
		}
		return v, nil
	}
	var err error
	c.Jurisdiction, c.Name, c.Info, c.Class = get("jurisdiction"), get("name"), get("info"), get("class")
	c.Suspend, _ = cmd.Flags().GetBool("suspend")
	if v := get("validator"); v != "" {
		if c.Validator, err = hex.DecodeString(v); err != nil {
			return c, fmt.Errorf("--validator: want 40 hex digits: %v", err)
		}
	}
	if v := get("pub-key"); v != "" {
		if c.PubKey, err = base64.StdEncoding.DecodeString(v); err != nil || len(c.PubKey) != 32 {
			if c.PubKey, err = hex.DecodeString(v); err != nil {
				return c, fmt.Errorf("--pub-key: want a 32-byte ed25519 key in base64 or hex")
			}
		}
	}
	if v := get("operator"); v != "" {
		if c.Operator, err = memberAddress(env, cmd, v); err != nil {
			return c, fmt.Errorf("--operator: %w", err)
		}
	}
	for _, k := range splitList(get("keys")) {
		pk, err := resolvePubKey(env, cmd, k)
		if err != nil {
			return c, fmt.Errorf("--keys: %w", err)
		}
		c.Keys = append(c.Keys, pk)
	}
	var p uint64
	if p, err = num("power"); err != nil {
		return c, err
	}
	c.Power = int64(p)
	if p, err = num("height"); err != nil {
		return c, err
	}
	c.Height = int64(p)
	if c.Threshold, err = num("threshold"); err != nil {
		return c, err
	}
	if c.Num, err = num("num"); err != nil {
		return c, err
	}
	if c.Den, err = num("den"); err != nil {
		return c, err
	}
	if v := get("params"); v != "" {
		c.Params = &membership.Params{}
		if err := strictJSON(v, c.Params); err != nil {
			return c, fmt.Errorf("--params: %w", err)
		}
	}
	if v := get("legal-effect"); v != "" {
		c.LegalEffect = &title.LegalEffect{}
		if err := strictJSON(v, c.LegalEffect); err != nil {
			return c, fmt.Errorf("--legal-effect: %w", err)
		}
	}
	if v := get("consensus"); v != "" {
		c.Consensus = &gov.ConsensusParams{}
		if err := strictJSON(v, c.Consensus); err != nil {
			return c, fmt.Errorf("--consensus: %w", err)
		}
	}
	return c, nil
}

func strictJSON(s string, v any) error {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// sendGov sends a governance message; a new proposal's id is printed
// (created_id in JSON). A refusal is printed with what to do about it
// (refusalHint).
func (e *cliEnv) sendGov(cmd *cobra.Command, msg kit.Msg) error {
	if err := msg.ValidateBasic(); err != nil {
		if e := codes.Of(err); e.Codespace == codes.SpaceGov {
			return fmt.Errorf("%s: %w\nwhat to do: %s", msg.Type(), err, e.Desc)
		}
	}
	var idOf func(*client.Result) string
	if p, ok := msg.(*gov.MsgPropose); ok {
		idOf = func(res *client.Result) string { return e.proposalAt(cmd, p.Kind, res.Height) }
	}
	return e.sendTxNamed(cmd, "", "proposal", idOf, msg)
}

// proposalAt finds the id of the proposal of this kind submitted at
// height (the highest, if the signer made several in the block).
func (e *cliEnv) proposalAt(cmd *cobra.Command, kind string, height int64) string {
	var all []gov.View
	if err := e.query(cmd, paths.Proposals("", kind), &all); err != nil {
		return ""
	}
	id := ""
	for _, p := range all {
		if p.Submitted.Height == height {
			id = strconv.FormatUint(p.ID, 10)
		}
	}
	return id
}

// refusalHint returns what to do about a failed transaction of the gov
// codespace: the code's documented description (docs/errors.md), which
// for gov says what to do; "" for other codes.
func refusalHint(r *client.Result) string {
	if r.Codespace != codes.SpaceGov {
		return ""
	}
	for _, e := range codes.All() {
		if e.Codespace == r.Codespace && e.Code == r.Code {
			return e.Desc
		}
	}
	return ""
}
