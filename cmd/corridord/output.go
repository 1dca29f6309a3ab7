package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/spf13/cobra"
)

// exitCoder is an error that asks for a specific process exit status.
type exitCoder interface {
	error
	ExitCode() int
}

// exitError reports a failure that has already been printed in the chosen
// output format; main only sets the exit status.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }
func (e *exitError) ExitCode() int { return e.code }

// outputJSON reports whether -o json was chosen.
func (e *cliEnv) outputJSON() bool { return e.v.GetString("output") == "json" }

// checkOutput validates the -o flag.
func (e *cliEnv) checkOutput() error {
	switch o := e.v.GetString("output"); o {
	case "text", "json":
		return nil
	default:
		return fmt.Errorf("unknown output format %q: use text or json", o)
	}
}

// print writes v as indented JSON with -o json, or calls text otherwise.
func (e *cliEnv) print(cmd *cobra.Command, v any, text func(w io.Writer)) error {
	w := cmd.OutOrStdout()
	if e.outputJSON() {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	text(w)
	return nil
}
