package main

import (
	"fmt"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/proof"
	"github.com/corridor-trade/corridor/x/identity"
	"github.com/spf13/cobra"
)

// addStatusFlags adds --status-list to verify.
func addStatusFlags(cmd *cobra.Command) {
	cmd.Flags().StringSlice("status-list", nil, "a W3C BitstringStatusList credential the document's credentialStatus names (repeatable); its hash must be the anchored version in force (docs/status-lists.md)")
	addAttestationFlag(cmd)
}

// addAttestationFlag adds --attestation, which names the identity
// attestation a credential is the source of.
func addAttestationFlag(cmd *cobra.Command) {
	cmd.Flags().String("attestation", "", "the id of the identity attestation made from this W3C credential (tx identity attest prints it), for the credential verdict's attested line (docs/proofs.md)")
}

// attestationFlag returns the --attestation id, nil when not given.
func attestationFlag(cmd *cobra.Command) (*[32]byte, error) {
	s, _ := cmd.Flags().GetString("attestation")
	if s == "" {
		return nil, nil
	}
	h, err := identity.ParseHash(s)
	if err != nil {
		return nil, fmt.Errorf("--attestation %q: want 64 hex digits", s)
	}
	id := [32]byte(h)
	return &id, nil
}

// statusOptions reads the --status-list files and the status the document
// file names (its status-list entries, its OpenAttestation revocation
// store). A list that no entry of the document names is refused.
func statusOptions(cmd *cobra.Command, file []byte) ([]*formats.StatusList, *proof.StatusRef, error) {
	var ref *proof.StatusRef
	if file != nil {
		ref = proof.FileStatusRef(file)
	}
	paths, _ := cmd.Flags().GetStringSlice("status-list")
	var lists []*formats.StatusList
	for _, p := range paths {
		l, err := readStatusList(p)
		if err != nil {
			return nil, nil, err
		}
		lists = append(lists, l)
	}
	if file != nil {
		if err := proof.CheckListsNamed(ref, lists, func(i int) string { return "--status-list " + paths[i] }); err != nil {
			return nil, nil, err
		}
	}
	return lists, ref, nil
}

// certificateStatusOf returns the status the --status-of file names.
func certificateStatusOf(cmd *cobra.Command) (*proof.StatusRef, error) {
	path, _ := cmd.Flags().GetString("status-of")
	if path == "" {
		return nil, nil
	}
	data, err := readDocFile(path)
	if err != nil {
		return nil, err
	}
	for _, d := range proof.FileHash(data) {
		if ref := proof.StatusRefOf(&d); ref != nil {
			return ref, nil
		}
	}
	return nil, codes.StatusBadEntry.Wrapf("--status-of %s: the document names no status list entry and no revocation store", path)
}
