package main

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/corridor-trade/corridor/internal/testdocs"
)

// inspectExit runs dock inspect in-process and returns its output and exit
// status (0, or the status main would exit with).
func inspectExit(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	out, errOut, err := runCLI(t, t.TempDir(), append([]string{"dock", "inspect"}, args...)...)
	if err == nil {
		return out, errOut, 0
	}
	var ec exitCoder
	if errors.As(err, &ec) {
		return out, errOut, ec.ExitCode()
	}
	return out, errOut + err.Error(), 1
}

// inspectJSON is dock inspect's JSON output as a client reads it.
type inspectJSON struct {
	File      string `json:"file"`
	Size      int    `json:"size"`
	RawSHA256 string `json:"raw_sha256"`
	OK        bool   `json:"ok"`
	Error     *inspectErrorDetails
	Documents []struct {
		Format        string
		Profile       string
		Kind          string
		RawSHA256     string `json:"raw_sha256"`
		CanonicalHash string `json:"canonical_hash"`
		Invoice       *struct{ Number, Total string }
		TradeDocument *struct {
			MerkleRoot string `json:"merkle_root"`
		} `json:"trade_document"`
		Integrity *struct{ Checked, Valid bool }
	}
}

func TestDockInspectValidOpenAttestation(t *testing.T) {
	p := testdocs.Path(t, "openattestation/oa-v2-not-obfuscated-wrapped.json")
	out, errOut, code := inspectExit(t, p, "-o", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s %s", code, out, errOut)
	}
	var rep inspectJSON
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if !rep.OK || len(rep.Documents) != 1 {
		t.Fatalf("report: %+v", rep)
	}
	d := rep.Documents[0]
	if d.Format != "openattestation" || d.Profile != "openattestation-v2" || d.Integrity == nil || !d.Integrity.Valid {
		t.Fatalf("document: %+v integrity %+v", d, d.Integrity)
	}
	if d.TradeDocument == nil || d.TradeDocument.MerkleRoot != d.CanonicalHash {
		t.Fatalf("canonical hash %s is not the merkle root %+v", d.CanonicalHash, d.TradeDocument)
	}
	// The text form says VALID too.
	txt, _, code := inspectExit(t, p)
	if code != 0 || !strings.Contains(txt, "integrity       VALID") {
		t.Fatalf("exit %d:\n%s", code, txt)
	}
}

func TestDockInspectBrokenObfuscatedOpenAttestationFails(t *testing.T) {
	p := testdocs.Path(t, "openattestation/oa-v2-obfuscated-wrapped.json")
	out, errOut, code := inspectExit(t, p)
	if code == 0 {
		t.Fatalf("exit 0 for a document whose integrity check fails:\n%s", out)
	}
	if !strings.Contains(out, "integrity       FAILED") || !strings.Contains(errOut, "targetHash") {
		t.Fatalf("output does not explain the failure:\n%s\nstderr: %s", out, errOut)
	}
	out, _, code = inspectExit(t, p, "-o", "json")
	var rep inspectJSON
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code == 0 || rep.OK {
		t.Fatalf("exit %d, json err %v: %s", code, err, out)
	}
}

func TestDockInspectInvoiceFields(t *testing.T) {
	cases := []struct {
		file, format, profile, number string
	}{
		{"ubl/peppol-bis3-base-example.xml", "ubl", "ubl-2.1", ""},
		{"cii/en16931-CII_example1.xml", "cii", "cii-d16b", ""},
		{"edifact/staedi-invoic_d97b.edi", "edifact", "edifact-invoic", "342459"},
	}
	for _, c := range cases {
		t.Run(filepath.Base(c.file), func(t *testing.T) {
			p := testdocs.Path(t, c.file)
			out, errOut, code := inspectExit(t, p, "-o", "json")
			if code != 0 {
				t.Fatalf("exit %d: %s %s", code, out, errOut)
			}
			var rep inspectJSON
			if err := json.Unmarshal([]byte(out), &rep); err != nil {
				t.Fatal(err)
			}
			raw, _ := os.ReadFile(p)
			d := rep.Documents[0]
			if d.Format != c.format || d.Profile != c.profile || d.Invoice == nil || d.Invoice.Number == "" || d.Invoice.Total == "" {
				t.Fatalf("document: %+v", d)
			}
			if c.number != "" && d.Invoice.Number != c.number {
				t.Fatalf("number %q, want %q", d.Invoice.Number, c.number)
			}
			if rep.RawSHA256 != d.RawSHA256 || len(raw) != rep.Size {
				t.Fatalf("raw hash %s vs %s, size %d vs %d", rep.RawSHA256, d.RawSHA256, rep.Size, len(raw))
			}
		})
	}
}

func TestDockInspectMalformedNamesLineAndRule(t *testing.T) {
	p := testdocs.Path(t, "vc/did-web-spec-example1-jwk-INVALID-trailing-comma.json")
	_, errOut, code := inspectExit(t, p)
	if code == 0 || !strings.Contains(errOut, "line 39") || !strings.Contains(errOut, "json.syntax") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	// A truncated EDIFACT interchange names its segment and rule, without
	// needing the samples.
	bad := filepath.Join(t.TempDir(), "bad.edi")
	if err := os.WriteFile(bad, []byte("UNB+UNOA:2+S+R+200101:1200+1'UNH+1+INVOIC:D:97B:UN'BGM+380+X"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _, code := inspectExit(t, bad, "-o", "json")
	var rep inspectJSON
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if code == 0 || rep.Error == nil || rep.Error.Rule == "" || rep.Error.Where == "" {
		t.Fatalf("exit %d: %s", code, out)
	}
}
