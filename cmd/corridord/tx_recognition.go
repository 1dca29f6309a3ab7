package main

import (
	"fmt"
	"sort"

	"github.com/corridor-trade/corridor/x/recognition"
	"github.com/spf13/cobra"
)

// newTxRecognitionCmd builds `tx recognition`: set and remove rules of your
// own jurisdiction.
func newTxRecognitionCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{Use: "recognition", Short: "Declare which foreign attesters and document profiles your jurisdiction recognises"}

	set := &cobra.Command{
		Use:   "set --in JURISDICTION (--attester ADDRESS|KEYNAME | --attester-jurisdiction CODE) --claims CLAIM[,CLAIM] | --profiles PROFILE[,PROFILE] --from OPERATOR",
		Short: "Add or replace a rule of your jurisdiction (signer: operator)",
		Long: `Add or replace one rule of your own jurisdiction (--in):

  --attester ADDR --claims legal-entity,aeo           recognise one foreign attester
  --attester-jurisdiction CN-SH --claims legal-entity  recognise every attester of CN-SH
  --profiles ubl-2.1,cii-d16b                          the full list of accepted document profiles

A rule replaces the previous rule with the same key (same attester, same
attester jurisdiction, or the profile list). Attesters of your own
jurisdiction are always recognised and need no rule.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f := cmd.Flags()
			in, _ := f.GetString("in")
			att, _ := f.GetString("attester")
			aj, _ := f.GetString("attester-jurisdiction")
			claims, _ := f.GetString("claims")
			profiles, _ := f.GetString("profiles")
			msg := &recognition.MsgSet{In: in, AttesterJurisdiction: aj, Claims: sortedUnique(splitList(claims)), Profiles: sortedUnique(splitList(profiles))}
			if att != "" {
				addr, err := memberAddress(env, cmd, att)
				if err != nil {
					return err
				}
				msg.Attester = addr
			}
			return env.sendTx(cmd, "", msg)
		},
	}
	set.Flags().String("in", "", "your jurisdiction, e.g. SG (required)")
	set.Flags().String("attester", "", "a foreign attester: address or keyring key name")
	set.Flags().String("attester-jurisdiction", "", "a foreign jurisdiction whose attesters are all recognised")
	set.Flags().String("claims", "", "comma-separated claim types: legal-entity, aeo, signatory")
	set.Flags().String("profiles", "", "comma-separated accepted profiles: "+fmt.Sprint(recognition.Profiles))
	_ = set.MarkFlagRequired("in")

	remove := &cobra.Command{
		Use:   "remove --in JURISDICTION (--attester ADDRESS|KEYNAME | --attester-jurisdiction CODE | --profiles) --from OPERATOR",
		Short: "Remove a rule of your jurisdiction (signer: operator)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f := cmd.Flags()
			in, _ := f.GetString("in")
			att, _ := f.GetString("attester")
			aj, _ := f.GetString("attester-jurisdiction")
			prof, _ := f.GetBool("profiles")
			msg := &recognition.MsgRemove{In: in, AttesterJurisdiction: aj, Profiles: prof}
			if att != "" {
				addr, err := memberAddress(env, cmd, att)
				if err != nil {
					return err
				}
				msg.Attester = addr
			}
			return env.sendTx(cmd, "", msg)
		},
	}
	remove.Flags().String("in", "", "your jurisdiction, e.g. SG (required)")
	remove.Flags().String("attester", "", "remove the rule for this attester")
	remove.Flags().String("attester-jurisdiction", "", "remove the rule for this jurisdiction's attesters")
	remove.Flags().Bool("profiles", false, "remove the list of accepted profiles")
	_ = remove.MarkFlagRequired("in")

	for _, c := range []*cobra.Command{set, remove} {
		env.addTxFlags(c)
		cmd.AddCommand(c)
	}
	return cmd
}

// sortedUnique sorts a list and drops duplicates, as rules require.
func sortedUnique(list []string) []string {
	sort.Strings(list)
	out := list[:0]
	for i, s := range list {
		if i == 0 || s != list[i-1] {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
