package main

import (
	"fmt"
	"sort"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/proof"
	"github.com/corridor-trade/corridor/x/identity"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/status"
	"github.com/spf13/cobra"
)

// newTxStatusCmd builds "tx status anchor-list|oa-store|oa-revoke".
func newTxStatusCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{Use: "status", Short: "Anchor revocation status: W3C status-list versions, OpenAttestation revocations (docs/status-lists.md)"}
	anchor := &cobra.Command{
		Use:   "anchor-list LIST.json --version N [--valid-from RFC3339] [--valid-until RFC3339] --from ATTESTER",
		Short: "Anchor a version of a W3C BitstringStatusList credential you host (its hash only)",
		Long: `Anchor one version of a BitstringStatusListCredential. The file is decoded
here (formats.DecodeStatusList) and only hashes are sent: the SHA-256 of its
id URL (tagged, docs/status-lists.md), the SHA-256 of its JCS form, its
statusPurpose, the version and the validity window (the list's validFrom
and validUntil unless --valid-from/--valid-until say otherwise; no
validFrom means the block time). Versions of a list must increase; the
first attester to anchor a list owns it.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			l, err := readStatusList(args[0])
			if err != nil {
				return err
			}
			version, _ := cmd.Flags().GetUint64("version")
			msg := &status.MsgAnchorList{List: status.ListIDHash(l.ID), Version: version, Purpose: l.Purpose, ListHash: status.Hash(l.Hash)}
			for _, p := range []struct {
				flag, fromFile string
				dst            *int64
			}{{"valid-from", l.ValidFrom, &msg.ValidFrom}, {"valid-until", l.ValidUntil, &msg.ValidUntil}} {
				v, _ := cmd.Flags().GetString(p.flag)
				if v == "" {
					v = p.fromFile
				}
				if v == "" {
					continue
				}
				t, err := identity.ParseTime(v)
				if err != nil {
					return fmt.Errorf("--%s (or the list's own date): %w", p.flag, err)
				}
				*p.dst = t.UnixNano()
			}
			return env.sendTx(cmd, "", msg)
		},
	}
	anchor.Flags().Uint64("version", 0, "the version (above every version anchored before for this list; required)")
	anchor.Flags().String("valid-from", "", "start of the validity window (RFC 3339; default the list's validFrom, else the block time)")
	anchor.Flags().String("valid-until", "", "end of the validity window (RFC 3339; default the list's validUntil, else open-ended)")
	env.addTxFlags(anchor)

	store := &cobra.Command{
		Use:   "oa-store STORE-ID --from ATTESTER",
		Short: "Register an OpenAttestation revocation store (issuers[].revocation.location), by hash; you then own it",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return env.sendTx(cmd, "", &status.MsgOAStore{Store: status.StoreIDHash(args[0])})
		},
	}
	env.addTxFlags(store)

	revoke := &cobra.Command{
		Use:   "oa-revoke STORE-ID [DOCUMENT.json...] [--target HEX,...] [--reason TEXT] --from ATTESTER",
		Short: "Revoke OpenAttestation documents in your store: their targetHash (and merkleRoot), or the hashes given",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			hexes, _ := cmd.Flags().GetString("target")
			targets, err := hashList(hexes)
			if err != nil {
				return fmt.Errorf("--target: %w", err)
			}
			for _, file := range args[1:] {
				data, err := readDocFile(file)
				if err != nil {
					return err
				}
				var found bool
				for _, d := range proof.FileHash(data) {
					if ref := proof.StatusRefOf(&d); ref != nil && ref.OA != nil {
						for _, t := range ref.OA.Targets {
							h, _ := kit.ParseHash(t)
							targets = append(targets, h)
						}
						found = true
					}
				}
				if !found {
					return codes.StatusBadStore.Wrapf("%s is not an OpenAttestation v2 document naming a REVOCATION_STORE", file)
				}
			}
			return env.sendTx(cmd, "", &status.MsgOARevoke{Store: status.StoreIDHash(args[0]), Targets: sortedDistinct(targets), Reason: flagString(cmd, "reason")})
		},
	}
	revoke.Flags().String("target", "", "target hashes to revoke (hex, comma-separated)")
	revoke.Flags().String("reason", "", "why (at most 256 bytes; public)")
	env.addTxFlags(revoke)

	cmd.AddCommand(anchor, store, revoke)
	return cmd
}

func flagString(cmd *cobra.Command, name string) string {
	v, _ := cmd.Flags().GetString(name)
	return v
}

// sortedDistinct sorts hashes and drops repeats.
func sortedDistinct(in []kit.Hash) []kit.Hash {
	out := append([]kit.Hash(nil), in...)
	sort.Slice(out, func(i, j int) bool { return string(out[i][:]) < string(out[j][:]) })
	k := 0
	for i, h := range out {
		if i == 0 || h != out[k-1] {
			out[k] = h
			k++
		}
	}
	return out[:k]
}

// readStatusList reads and decodes a status-list credential file.
func readStatusList(path string) (*formats.StatusList, error) {
	data, err := readDocFile(path)
	if err != nil {
		return nil, err
	}
	l, err := formats.DecodeStatusList(data)
	if err != nil {
		return nil, codes.StatusBadCredential.Wrapf("%s: %v", path, err)
	}
	return l, nil
}
