package main

import (
	"strings"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/proof"
	"github.com/spf13/cobra"
)

// addStatusFlags adds --status-list to verify.
func addStatusFlags(cmd *cobra.Command) {
	cmd.Flags().StringSlice("status-list", nil, "a W3C BitstringStatusList credential the document's credentialStatus names (repeatable); its hash must be the anchored version in force (docs/status-lists.md)")
}

// statusOptions reads the --status-list files and the status the document
// file names (its status-list entries, its OpenAttestation revocation
// store). A list that no entry of the document names is refused.
func statusOptions(cmd *cobra.Command, file []byte) ([]*formats.StatusList, *proof.StatusRef, error) {
	var ref *proof.StatusRef
	if file != nil {
		for _, d := range proof.FileHash(file) {
			if ref = proof.StatusRefOf(&d); ref != nil {
				break
			}
		}
	}
	paths, _ := cmd.Flags().GetStringSlice("status-list")
	var lists []*formats.StatusList
	for _, p := range paths {
		l, err := readStatusList(p)
		if err != nil {
			return nil, nil, err
		}
		if file == nil {
			lists = append(lists, l)
			continue
		}
		if ref == nil || len(ref.Lists) == 0 {
			return nil, nil, codes.StatusBadEntry.Wrapf("--status-list %s: the document names no BitstringStatusListEntry (credentialStatus)", p)
		}
		var named []string
		match := false
		for _, e := range ref.Lists {
			named = append(named, e.ListCredential)
			match = match || e.ListCredential == l.ID
		}
		if !match {
			return nil, nil, codes.StatusBadEntry.Wrapf("--status-list %s is list %s; the document's entries name %s", p, l.ID, strings.Join(named, ", "))
		}
		lists = append(lists, l)
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
