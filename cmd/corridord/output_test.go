package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/codes"
)

// TestReportErrorJSON checks that a failing command reports its error as a
// JSON object with the stable code under -o json, as text on stderr
// otherwise, and prints nothing more for errors it already reported.
func TestReportErrorJSON(t *testing.T) {
	t.Setenv("CORRIDORD_OUTPUT", "")
	run := func(args []string) (int, string, string) {
		root, env := newRoot()
		root.SetArgs(args)
		err := root.Execute()
		if err == nil {
			t.Fatalf("%v: no error", args)
		}
		var out, errOut bytes.Buffer
		return env.reportError(err, &out, &errOut), out.String(), errOut.String()
	}
	// A query answered with a coded error by a node: the code survives.
	root, env := newRoot()
	_ = root.PersistentFlags().Set("output", "json")
	var out, errOut bytes.Buffer
	qe := &client.QueryError{Code: codes.QueryNotFound.Code, Codespace: "query", Log: "query/not_found: no invoice anchored under 00"}
	if rc := env.reportError(qe, &out, &errOut); rc != 1 || errOut.Len() != 0 {
		t.Fatalf("rc %d stderr %q", rc, errOut.String())
	}
	var got errorOutput
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("not JSON: %q", out.String())
	}
	if got.Code != codes.QueryNotFound.Code || got.Name != "query/not_found" || got.Error != qe.Log {
		t.Fatalf("json error: %+v", got)
	}

	// A real command failing before it reaches any node.
	rc, stdout, stderr := run([]string{"status", "--node", "tcp://127.0.0.1:1", "-o", "json"})
	if rc != 1 || stderr != "" || !json.Valid([]byte(stdout)) || !strings.Contains(stdout, "cannot reach node") {
		t.Fatalf("status -o json: rc %d stdout %q stderr %q", rc, stdout, stderr)
	}
	rc, stdout, stderr = run([]string{"status", "--node", "tcp://127.0.0.1:1"})
	if rc != 1 || stdout != "" || !strings.HasPrefix(stderr, "Error: cannot reach node") {
		t.Fatalf("status: rc %d stdout %q stderr %q", rc, stdout, stderr)
	}
	// The environment chooses JSON too (flag > env).
	t.Setenv("CORRIDORD_OUTPUT", "json")
	if rc, stdout, _ = run([]string{"status", "--node", "tcp://127.0.0.1:1"}); rc != 1 || !json.Valid([]byte(stdout)) {
		t.Fatalf("status with CORRIDORD_OUTPUT=json: rc %d stdout %q", rc, stdout)
	}
	// An error already printed in the chosen format only sets the status.
	out.Reset()
	errOut.Reset()
	if rc := env.reportError(&exitError{code: 3, msg: "printed"}, &out, &errOut); rc != 3 || out.Len()+errOut.Len() != 0 {
		t.Fatalf("exitError: rc %d %q %q", rc, out.String(), errOut.String())
	}
	if errors.Is(qe, codes.TxBadSequence) {
		t.Fatal("a query error matched another code")
	}
}
