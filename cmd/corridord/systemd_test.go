package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestSystemdUnit checks testnet/systemd/corridord.service: systemd itself
// accepts it (systemd-analyze verify, with ExecStart pointed at an
// executable that exists here), it keeps the hardening docs/operations.md
// describes, and its command line is one corridord understands.
func TestSystemdUnit(t *testing.T) {
	src := filepath.Join("..", "..", "testnet", "systemd", "corridord.service")
	unit, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"User=corridord", "NoNewPrivileges=yes", "ProtectSystem=strict", "ReadWritePaths=/var/lib/corridord",
		"PrivateTmp=yes", "ProtectHome=yes", "CapabilityBoundingSet=\n", "ExecStart=/usr/local/bin/corridord start --home /var/lib/corridord\n"} {
		if !bytes.Contains(unit, []byte(want)) {
			t.Errorf("%s lacks %q", src, want)
		}
	}
	// The command line parses: start exists and takes --home.
	root, _ := newRoot()
	start, _, err := root.Find([]string{"start"})
	if err != nil || start.Name() != "start" || root.PersistentFlags().Lookup("home") == nil {
		t.Fatalf("corridord has no start --home: %v", err)
	}

	tool, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Skip("systemd-analyze not installed: the unit's syntax is not verified here")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "corridord.service")
	if err := os.WriteFile(path, bytes.ReplaceAll(unit, []byte("/usr/local/bin/corridord"), []byte(exe)), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "verify", path).CombinedOutput()
	// verify also reports problems of other units on this machine; only
	// lines about ours count. Unknown keys are warnings with exit status 0.
	var ours []string
	for _, l := range strings.Split(string(out), "\n") {
		if strings.Contains(l, "corridord.service") {
			ours = append(ours, l)
		}
	}
	if err != nil || len(ours) > 0 {
		t.Fatalf("systemd-analyze verify %s: %v\n%s", src, err, strings.Join(ours, "\n"))
	}
}
