package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestTryNextNamesWhereTheDevnetListens checks that the devnet's closing
// hints name the addresses it listens on: the RPC address in every --node,
// and the verification page under the API address actually served (make run
// no longer prints a page address of its own, which was wrong for a resumed
// devnet whose API address was remembered).
func TestTryNextNamesWhereTheDevnetListens(t *testing.T) {
	var b bytes.Buffer
	printTryNext(&b, ".devnet", "tcp://127.0.0.1:36757", "http://127.0.0.1:31418")
	out := b.String()
	for _, want := range []string{
		"status --node tcp://127.0.0.1:36757",
		"curl -s http://127.0.0.1:31418/v1/status",
		"http://127.0.0.1:31418/web/",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("hints lack %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, ":1318/") {
		t.Errorf("hints name the default API address:\n%s", out)
	}

	b.Reset()
	printTryNext(&b, ".devnet", defaultNode, "")
	if out := b.String(); strings.Contains(out, "/web/") || strings.Contains(out, "--node") {
		t.Errorf("with the API off and the default RPC, the hints name no page and no --node:\n%s", out)
	}
}
