package main

import (
	"encoding/json"
	"io"
	"strconv"

	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/paths"
	"github.com/corridor-trade/corridor/x/status"
	"github.com/spf13/cobra"
)

// newQueryStatusCmd builds "query status list|oa".
func newQueryStatusCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{Use: "status", Short: "Anchored revocation status: status-list versions, OpenAttestation revocation stores"}
	printRaw := func(cmd *cobra.Command, path string) error {
		var out json.RawMessage
		if err := env.query(cmd, path, &out); err != nil {
			return err
		}
		return env.print(cmd, out, func(w io.Writer) { printIndented(w, out) })
	}
	list := &cobra.Command{
		Use:   "list (URL | LIST-HASH) [VERSION]",
		Short: "Show a status list's anchored versions and the one in force",
		Long: `Show a W3C status list's anchored versions. Give the list credential's id URL
(hashed here, as the chain stores it) or the 64-hex-digit list hash. With
VERSION, only that version. The version in force at an earlier height is
the one a certificate of that height proves (verify --status-list).`,
		Args: cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			v := ""
			if len(args) == 2 {
				if _, err := strconv.ParseUint(args[1], 10, 64); err != nil {
					return err
				}
				v = args[1]
			}
			return printRaw(cmd, paths.StatusList(listArg(args[0]), v))
		},
	}
	oa := &cobra.Command{
		Use:   "oa STORE-ID [TARGET-HASH]",
		Short: "Show a registered OpenAttestation revocation store, or whether a target hash is revoked in it",
		Args:  cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			t := ""
			if len(args) == 2 {
				h, err := kit.ParseHash(args[1])
				if err != nil {
					return err
				}
				t = h.String()
			}
			return printRaw(cmd, paths.StatusOA(status.StoreIDHash(args[0]).String(), t))
		},
	}
	for _, c := range []*cobra.Command{list, oa} {
		env.addNodeFlag(c)
		cmd.AddCommand(c)
	}
	return cmd
}

// listArg returns the hex list hash of a URL or of a hash given as is.
func listArg(s string) string {
	if h, err := kit.ParseHash(s); err == nil {
		return h.String()
	}
	return status.ListIDHash(s).String()
}
