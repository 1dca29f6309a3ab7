package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

func newDockIngestCmd(env *cliEnv) *cobra.Command {
	return &cobra.Command{
		Use:   "ingest DIR --from NAME",
		Short: "Anchor every document of a directory, with receipts and a resumable journal",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return fmt.Errorf("not yet")
		},
	}
}
