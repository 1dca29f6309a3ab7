package main

import (
	"bytes"
	"encoding/json"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/internal/keyring"
)

// fastKDF makes file-backend encryption cheap for the duration of a test.
func fastKDF(t *testing.T) {
	t.Helper()
	old := keyring.DefaultKDF
	keyring.DefaultKDF = keyring.Argon2Params{Time: 1, MemoryKiB: 64, Threads: 1}
	t.Cleanup(func() { keyring.DefaultKDF = old })
}

// runCLI runs corridord in-process with args and the given home, with an
// empty, non-terminal standard input.
func runCLI(t *testing.T, home string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	root, _ := newRoot()
	var out, errb bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&errb)
	root.SetIn(strings.NewReader(""))
	root.SetArgs(append(args, "--home", home))
	err = root.Execute()
	return out.String(), errb.String(), err
}

// mustCLI is runCLI that fails the test on error.
func mustCLI(t *testing.T, home string, args ...string) (string, string) {
	t.Helper()
	out, errOut, err := runCLI(t, home, args...)
	if err != nil {
		t.Fatalf("corridord %s: %v\nstderr: %s", strings.Join(args, " "), err, errOut)
	}
	return out, errOut
}

func decodeJSON[T any](t *testing.T, s string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("bad JSON %q: %v", s, err)
	}
	return v
}

func TestKeysCommands(t *testing.T) {
	fastKDF(t)
	t.Setenv(keyring.PassphraseEnv, "keyring pass")
	t.Setenv(keyring.ExportPassphraseEnv, "export pass")
	t.Setenv("CORRIDORD_KEYRING_BACKEND", "")
	for _, backend := range []string{"file", "test"} {
		t.Run(backend, func(t *testing.T) {
			home := t.TempDir()
			kb := "--keyring-backend=" + backend

			out, errOut := mustCLI(t, home, "keys", "add", "bob", kb, "-o", "json")
			bob := decodeJSON[keyring.Info](t, out)
			if bob.Name != "bob" || bob.Address != bob.PubKey.Address() {
				t.Fatalf("add printed %+v", bob)
			}
			warned := strings.Contains(errOut, testKeyringWarning)
			if warned != (backend == "test") {
				t.Fatalf("test-keyring warning shown=%v for backend %s: %q", warned, backend, errOut)
			}
			out, _ = mustCLI(t, home, "keys", "add", "alice", kb)
			if !strings.Contains(out, "address: cor1") {
				t.Fatalf("text add output: %q", out)
			}
			if _, _, err := runCLI(t, home, "keys", "add", "alice", kb); err == nil {
				t.Fatal("duplicate add succeeded")
			}
			if _, _, err := runCLI(t, home, "keys", "add", "../evil", kb); err == nil {
				t.Fatal("bad name accepted")
			}

			out, _ = mustCLI(t, home, "keys", "list", kb, "-o", "json")
			list := decodeJSON[[]keyring.Info](t, out)
			if len(list) != 2 || list[0].Name != "alice" || list[1] != bob {
				t.Fatalf("list = %+v", list)
			}
			out, _ = mustCLI(t, home, "keys", "list", kb)
			if !strings.HasPrefix(out, "NAME") || !strings.Contains(out, bob.Address.String()) {
				t.Fatalf("text list: %q", out)
			}

			out, _ = mustCLI(t, home, "keys", "show", "bob", kb, "-o", "json")
			if got := decodeJSON[keyring.Info](t, out); got != bob {
				t.Fatalf("show = %+v", got)
			}
			out, _ = mustCLI(t, home, "keys", "show", "bob", "--address", kb)
			if strings.TrimSpace(out) != bob.Address.String() {
				t.Fatalf("show --address = %q", out)
			}
			out, _ = mustCLI(t, home, "keys", "show", "bob", "--address", kb, "-o", "json")
			if a := decodeJSON[KeyAddress](t, out); a.Address != bob.Address.String() {
				t.Fatalf("show --address json = %q", out)
			}
			if _, _, err := runCLI(t, home, "keys", "show", "nobody", kb); err == nil {
				t.Fatal("show of a missing key succeeded")
			}

			// Export, then import under another name: same key.
			armored, errOut := mustCLI(t, home, "keys", "export", "bob", kb)
			if !strings.Contains(armored, "BEGIN "+keyring.ArmorType) || !strings.Contains(errOut, "WARNING") {
				t.Fatalf("export: stdout %q stderr %q", armored, errOut)
			}
			out, _ = mustCLI(t, home, "keys", "export", "bob", kb, "-o", "json")
			if e := decodeJSON[KeyExport](t, out); e.Name != "bob" || !strings.Contains(e.Armored, "BEGIN") {
				t.Fatalf("export json: %+v", e)
			}
			file := filepath.Join(t.TempDir(), "bob.asc")
			if err := os.WriteFile(file, []byte(armored), 0o600); err != nil {
				t.Fatal(err)
			}
			out, _ = mustCLI(t, home, "keys", "import", "bob2", file, kb, "-o", "json")
			if got := decodeJSON[keyring.Info](t, out); got.PubKey != bob.PubKey || got.Name != "bob2" {
				t.Fatalf("import = %+v", got)
			}
			t.Setenv(keyring.ExportPassphraseEnv, "not the export pass")
			if _, _, err := runCLI(t, home, "keys", "import", "bob3", file, kb); err == nil {
				t.Fatal("import with the wrong export passphrase succeeded")
			}
			t.Setenv(keyring.ExportPassphraseEnv, "export pass")

			// Raw hex import.
			k, _ := secp.GenPrivKey()
			hexFile := filepath.Join(t.TempDir(), "k.hex")
			os.WriteFile(hexFile, []byte(" 0x"+strings.ToUpper(hexString(k.Bytes()))+"\n"), 0o600)
			out, _ = mustCLI(t, home, "keys", "import", "raw", hexFile, "--hex", kb, "-o", "json")
			if got := decodeJSON[keyring.Info](t, out); got.PubKey != k.PubKey() {
				t.Fatalf("hex import = %+v", got)
			}
			os.WriteFile(hexFile, []byte("abcd"), 0o600)
			if _, _, err := runCLI(t, home, "keys", "import", "raw2", hexFile, "--hex", kb); err == nil {
				t.Fatal("short hex key imported")
			}

			// Delete: refused without a terminal unless --yes.
			if _, _, err := runCLI(t, home, "keys", "delete", "bob2", kb); err == nil || !strings.Contains(err.Error(), "--yes") {
				t.Fatalf("delete without --yes: %v", err)
			}
			out, _ = mustCLI(t, home, "keys", "delete", "bob2", "--yes", kb, "-o", "json")
			if d := decodeJSON[KeyDeleted](t, out); d.Deleted != "bob2" || d.Address != bob.Address.String() {
				t.Fatalf("delete json: %+v", d)
			}
			out, _ = mustCLI(t, home, "keys", "list", kb, "-o", "json")
			if l := decodeJSON[[]keyring.Info](t, out); len(l) != 3 {
				t.Fatalf("after delete: %+v", l)
			}
			if _, _, err := runCLI(t, home, "keys", "delete", "bob2", "--yes", kb); err == nil {
				t.Fatal("second delete succeeded")
			}

			// Keys are where the docs say.
			sub := map[string]string{"file": "keyring-file/bob.key", "test": "keyring-test/bob.json"}[backend]
			if _, err := os.Stat(filepath.Join(home, "keyring", sub)); err != nil {
				t.Fatalf("key file: %v", err)
			}
		})
	}
}

func hexString(b []byte) string {
	const digits = "0123456789abcdef"
	var sb strings.Builder
	for _, c := range b {
		sb.WriteByte(digits[c>>4])
		sb.WriteByte(digits[c&15])
	}
	return sb.String()
}

func TestKeysFileBackendPassphrase(t *testing.T) {
	fastKDF(t)
	t.Setenv("CORRIDORD_KEYRING_BACKEND", "")
	home := t.TempDir()
	t.Setenv(keyring.PassphraseEnv, "")
	if _, _, err := runCLI(t, home, "keys", "add", "a"); err == nil || !strings.Contains(err.Error(), keyring.PassphraseEnv) {
		t.Fatalf("no passphrase: %v", err)
	}
	t.Setenv(keyring.PassphraseEnv, "first")
	mustCLI(t, home, "keys", "add", "a")
	t.Setenv(keyring.PassphraseEnv, "second")
	if _, _, err := runCLI(t, home, "keys", "add", "b"); err == nil || !strings.Contains(err.Error(), "wrong passphrase") {
		t.Fatalf("add with another passphrase: %v", err)
	}
	if _, _, err := runCLI(t, home, "keys", "export", "a"); err == nil {
		t.Fatal("export with the wrong passphrase succeeded")
	}
	// Listing needs no passphrase.
	t.Setenv(keyring.PassphraseEnv, "")
	out, _ := mustCLI(t, home, "keys", "list", "-o", "json")
	if l := decodeJSON[[]keyring.Info](t, out); len(l) != 1 {
		t.Fatalf("list = %+v", l)
	}
}

func TestKeysBackendFromEnv(t *testing.T) {
	t.Setenv("CORRIDORD_KEYRING_BACKEND", "test")
	home := t.TempDir()
	_, errOut := mustCLI(t, home, "keys", "add", "dev")
	if !strings.Contains(errOut, testKeyringWarning) {
		t.Fatalf("env backend not used: %q", errOut)
	}
	if _, err := os.Stat(filepath.Join(home, "keyring", "keyring-test", "dev.json")); err != nil {
		t.Fatal(err)
	}
	// The flag wins over the environment.
	t.Setenv(keyring.PassphraseEnv, "")
	if _, _, err := runCLI(t, home, "keys", "add", "x", "--keyring-backend", "file"); err == nil {
		t.Fatal("--keyring-backend file ignored")
	}
	if _, _, err := runCLI(t, home, "keys", "list", "--keyring-backend", "os"); err == nil {
		t.Fatal("unknown backend accepted")
	}
}

// TestKeysImportRefusesCostlyKDF imports crafted exports whose envelope
// claims argon2id costs above what the keyring writes (the last one the 64
// passes over 4 GiB of the finding): each is refused at once with an error
// naming the bounds, before any key derivation.
func TestKeysImportRefusesCostlyKDF(t *testing.T) {
	fastKDF(t)
	t.Setenv(keyring.PassphraseEnv, "keyring pass")
	t.Setenv(keyring.ExportPassphraseEnv, "export pass")
	t.Setenv("CORRIDORD_KEYRING_BACKEND", "")
	home := t.TempDir()
	mustCLI(t, home, "keys", "add", "bob")
	armored, _ := mustCLI(t, home, "keys", "export", "bob")
	block, _ := pem.Decode([]byte(armored))
	if block == nil {
		t.Fatalf("export is not PEM: %q", armored)
	}
	for _, p := range []keyring.Argon2Params{{Time: 64, MemoryKiB: 64, Threads: 1}, {Time: 64, MemoryKiB: 4 << 20, Threads: 4}} {
		var env map[string]any
		if err := json.Unmarshal(block.Bytes, &env); err != nil {
			t.Fatal(err)
		}
		kdf := env["kdf"].(map[string]any)
		kdf["time"], kdf["memory_kib"], kdf["threads"] = p.Time, p.MemoryKiB, p.Threads
		body, _ := json.Marshal(env)
		file := filepath.Join(t.TempDir(), "crafted.asc")
		if err := os.WriteFile(file, pem.EncodeToMemory(&pem.Block{Type: block.Type, Headers: block.Headers, Bytes: body}), 0o600); err != nil {
			t.Fatal(err)
		}
		_, _, err := runCLI(t, home, "keys", "import", "evil", file)
		if !errors.Is(err, keyring.ErrKDFTooCostly) || !strings.Contains(err.Error(), "refuses anything costlier") {
			t.Fatalf("crafted %+v: %v", p, err)
		}
	}
	out, _ := mustCLI(t, home, "keys", "list", "-o", "json")
	if l := decodeJSON[[]keyring.Info](t, out); len(l) != 1 {
		t.Fatalf("a crafted key was stored: %+v", l)
	}
}

// TestKeysAddBackupHintFindsTheKey: the backup hint `keys add` prints names
// the home and backend the key was made in, and the command it names
// really exports the key.
func TestKeysAddBackupHintFindsTheKey(t *testing.T) {
	home := t.TempDir()
	_, errOut := mustCLI(t, home, "keys", "add", "hinted", "--keyring-backend", "test")
	want := "corridord keys export hinted --home " + home + " --keyring-backend test"
	if !strings.Contains(errOut, "`"+want+"`") {
		t.Fatalf("keys add hint:\n%s\nwant %q", errOut, want)
	}
	t.Setenv(keyring.ExportPassphraseEnv, "a long export passphrase")
	out, errOut, err := runCLI(t, home, strings.Fields(want)[1:]...)
	if err != nil || !strings.Contains(out, "BEGIN") {
		t.Fatalf("the hinted command: %v\n%s\n%s", err, out, errOut)
	}
}
