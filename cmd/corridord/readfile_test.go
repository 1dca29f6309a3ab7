package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/internal/readlimit"
)

// TestFileReadsAreBounded points the commands that read a file whole at
// sources that Stat calls empty but that never end (/dev/zero) and at
// files one byte over their limit: each is refused with a size error after
// reading at most limit+1 bytes, instead of reading until memory runs out.
func TestFileReadsAreBounded(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	home := t.TempDir()
	for name, args := range map[string][]string{
		"verify document":    {"verify", "/dev/zero", "--certificate", "/dev/zero"},
		"verify certificate": {"verify", "--certificate", "/dev/zero"},
		"keys import":        {"keys", "import", "k", "/dev/zero", "--keyring-backend", "test"},
	} {
		_, _, err := runCLI(t, home, args...)
		if !errors.Is(err, readlimit.ErrTooLarge) {
			t.Errorf("%s: %v", name, err)
		}
	}
	// genesis validate reports the error in its answer.
	out, _, _ := runCLI(t, home, "genesis", "validate", "/dev/zero", "-o", "json")
	if g := decodeJSON[GenesisCheck](t, out); g.Valid || !strings.Contains(g.Error, "larger than 67108864 bytes") {
		t.Errorf("genesis validate /dev/zero: %+v", g)
	}
	// A key file over the limit is refused by name, not parsed.
	big := filepath.Join(t.TempDir(), "big.asc")
	if err := os.WriteFile(big, make([]byte, readlimit.MaxKeyFile+1), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runCLI(t, home, "keys", "import", "k", big, "--keyring-backend", "test"); !errors.Is(err, readlimit.ErrTooLarge) {
		t.Errorf("keys import of %d bytes: %v", readlimit.MaxKeyFile+1, err)
	}
	// dock inspect reports an oversized document as input.too-large.
	doc := filepath.Join(t.TempDir(), "big.xml")
	if err := os.WriteFile(doc, make([]byte, formats.MaxDocumentSize+1), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _, _ = inspectExit(t, doc, "-o", "json")
	if r := decodeJSON[inspectJSON](t, out); r.Error == nil || r.Error.Rule != "input.too-large" || r.Size <= formats.MaxDocumentSize {
		t.Errorf("dock inspect of an oversized file: %s", out)
	}
}
