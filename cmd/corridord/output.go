package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/corridor-trade/corridor/codes"
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

// errorOutput is a failed command's report with -o json.
type errorOutput struct {
	Error     string `json:"error"`
	Codespace string `json:"codespace,omitempty"`
	Code      uint32 `json:"code,omitempty"`
	Name      string `json:"name,omitempty"` // codespace/name, docs/errors.md
}

// reportError prints a command's error and returns the process exit
// status. Errors that were already printed (exitCoder) only set the
// status. With -o json the error is a JSON object on stdout, carrying the
// stable code when the error has one; otherwise "Error: ..." goes to
// stderr.
func (e *cliEnv) reportError(err error, stdout, stderr io.Writer) int {
	var ec exitCoder
	if errors.As(err, &ec) {
		return ec.ExitCode()
	}
	if !e.outputJSON() {
		fmt.Fprintln(stderr, "Error:", err)
		return 1
	}
	out := errorOutput{Error: err.Error()}
	var ce *codes.Error
	if errors.As(err, &ce) {
		out.Codespace, out.Code, out.Name = ce.Codespace, ce.Code, ce.Error()
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	_ = enc.Encode(out)
	return 1
}
