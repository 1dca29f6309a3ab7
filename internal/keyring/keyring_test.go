package keyring

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/internal/readlimit"
)

func TestMain(m *testing.M) {
	// Cheap parameters keep the tests fast; files record their own
	// parameters, so decryption is unaffected.
	DefaultKDF = Argon2Params{Time: 1, MemoryKiB: 64, Threads: 1}
	os.Exit(m.Run())
}

// fixedPass answers every prompt with p and counts the calls.
type fixedPass struct {
	p     string
	calls int
}

func (f *fixedPass) ask(string, bool) ([]byte, error) {
	f.calls++
	return []byte(f.p), nil
}

func openBoth(t *testing.T) map[string]Keyring {
	t.Helper()
	out := map[string]Keyring{}
	for _, b := range []string{BackendFile, BackendTest} {
		fp := &fixedPass{p: "correct horse"}
		kr, err := Open(b, t.TempDir(), fp.ask)
		if err != nil {
			t.Fatal(err)
		}
		if kr.Backend() != b {
			t.Fatalf("Backend() = %q, want %q", kr.Backend(), b)
		}
		out[b] = kr
	}
	return out
}

func TestLifecycle(t *testing.T) {
	for backend, kr := range openBoth(t) {
		t.Run(backend, func(t *testing.T) {
			if l, err := kr.List(); err != nil || len(l) != 0 {
				t.Fatalf("empty keyring: %v %v", l, err)
			}
			bob, err := kr.Create("bob")
			if err != nil {
				t.Fatal(err)
			}
			alice, err := kr.Create("alice")
			if err != nil {
				t.Fatal(err)
			}
			if bob.Address != bob.PubKey.Address() || bob.Name != "bob" {
				t.Fatalf("bad info %+v", bob)
			}
			if _, err := kr.Create("alice"); !errors.Is(err, ErrExists) {
				t.Fatalf("duplicate create: %v", err)
			}
			l, err := kr.List()
			if err != nil || len(l) != 2 || l[0] != alice || l[1] != bob {
				t.Fatalf("List = %+v, %v", l, err)
			}
			if s, err := kr.Show("bob"); err != nil || s != bob {
				t.Fatalf("Show = %+v, %v", s, err)
			}
			k, err := kr.Key("alice")
			if err != nil || k.PubKey() != alice.PubKey {
				t.Fatalf("Key: %v", err)
			}
			// Imported raw keys keep their identity.
			imp, err := kr.Import("carol", k.Bytes())
			if err != nil || imp.PubKey != alice.PubKey || imp.Name != "carol" {
				t.Fatalf("Import: %+v %v", imp, err)
			}
			if _, err := kr.Import("dave", make([]byte, 32)); !errors.Is(err, secp.ErrBadPrivKey) {
				t.Fatalf("zero key imported: %v", err)
			}
			if _, err := kr.Import("dave", []byte{1, 2}); err == nil {
				t.Fatal("short key imported")
			}
			if err := kr.Delete("bob"); err != nil {
				t.Fatal(err)
			}
			if _, err := kr.Show("bob"); !errors.Is(err, ErrNotFound) {
				t.Fatalf("Show after delete: %v", err)
			}
			if _, err := kr.Key("bob"); !errors.Is(err, ErrNotFound) {
				t.Fatalf("Key after delete: %v", err)
			}
			if err := kr.Delete("bob"); !errors.Is(err, ErrNotFound) {
				t.Fatalf("second delete: %v", err)
			}
			if l, _ := kr.List(); len(l) != 2 {
				t.Fatalf("List after delete = %+v", l)
			}
		})
	}
}

func TestExportImportRoundTrip(t *testing.T) {
	krs := openBoth(t)
	for _, from := range []string{BackendFile, BackendTest} {
		for _, to := range []string{BackendFile, BackendTest} {
			t.Run(from+"->"+to, func(t *testing.T) {
				name := "k-" + to
				info, err := krs[from].Create(name)
				if err != nil {
					t.Fatal(err)
				}
				arm, err := krs[from].ExportArmored(name, []byte("export pass"))
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.HasPrefix(arm, []byte("-----BEGIN "+ArmorType+"-----")) {
					t.Fatalf("not armored: %s", arm)
				}
				if bytes.Contains(arm, []byte("privkey")) {
					t.Fatal("armored export looks unencrypted")
				}
				if _, err := krs[to].ImportArmored("x-"+from, arm, []byte("wrong")); !errors.Is(err, ErrWrongPassphrase) {
					t.Fatalf("wrong export passphrase: %v", err)
				}
				got, err := krs[to].ImportArmored("x-"+from, arm, []byte("export pass"))
				if err != nil {
					t.Fatal(err)
				}
				if got.PubKey != info.PubKey || got.Address != info.Address {
					t.Fatalf("imported %+v, exported %+v", got, info)
				}
				if _, err := krs[from].ExportArmored(name, nil); !errors.Is(err, ErrEmptyPassphrase) {
					t.Fatalf("empty export passphrase: %v", err)
				}
			})
		}
	}
}

func TestArmorRejectsGarbage(t *testing.T) {
	k, _ := secp.GenPrivKey()
	arm, err := Armor(k, []byte("p"))
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{
		"empty":        nil,
		"not pem":      []byte("hello"),
		"other type":   bytes.Replace(arm, []byte(ArmorType), []byte("PRIVATE KEY"), 2),
		"trailing":     append(append([]byte{}, arm...), "extra"...),
		"body changed": tamperArmor(t, arm),
	} {
		if _, err := Unarmor(b, []byte("p")); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if got, err := Unarmor(arm, []byte("p")); err != nil || got.PubKey() != k.PubKey() {
		t.Fatalf("Unarmor: %v", err)
	}
}

// tamperArmor flips a bit of the ciphertext inside an armored key.
func tamperArmor(t *testing.T, arm []byte) []byte {
	t.Helper()
	s := string(arm)
	i := strings.Index(s, "\n\n") + 2
	body := strings.ReplaceAll(s[i:strings.Index(s, "-----END")], "\n", "")
	raw, err := base64.StdEncoding.DecodeString(body)
	if err != nil {
		t.Fatal(err)
	}
	var env envelope
	if err := json.Unmarshal(raw, &env); err != nil {
		t.Fatal(err)
	}
	env.Ciphertext = flipB64(t, env.Ciphertext)
	raw, _ = json.Marshal(env)
	return []byte(s[:i] + base64.StdEncoding.EncodeToString(raw) + "\n-----END " + ArmorType + "-----\n")
}

func flipB64(t *testing.T, s string) string {
	t.Helper()
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	b[0] ^= 1
	return base64.StdEncoding.EncodeToString(b)
}

func TestFileBackendEncryptsAndChecksPassphrase(t *testing.T) {
	dir := t.TempDir()
	fp := &fixedPass{p: "right"}
	kr, _ := Open(BackendFile, dir, fp.ask)
	info, err := kr.Create("alice")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := kr.Create("bob"); err != nil {
		t.Fatal(err)
	}
	if fp.calls != 1 {
		t.Fatalf("passphrase asked %d times in one session, want 1", fp.calls)
	}
	path := filepath.Join(dir, "keyring-file", "alice.key")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	k, _ := kr.Key("alice")
	if bytes.Contains(raw, []byte(hexLower(k.Bytes()))) || bytes.Contains(raw, k.Bytes()) {
		t.Fatal("private key visible in the key file")
	}
	var env envelope
	if err := json.Unmarshal(raw, &env); err != nil || env.Version != 1 || env.KDF.Name != "argon2id" || env.Cipher != "xchacha20-poly1305" {
		t.Fatalf("envelope: %+v %v", env, err)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v", st.Mode().Perm())
	}
	if st, _ := os.Stat(filepath.Dir(path)); st.Mode().Perm() != 0o700 {
		t.Fatalf("keyring dir mode %v", st.Mode().Perm())
	}

	// A new session with the wrong passphrase can list but not unlock.
	bad, _ := Open(BackendFile, dir, (&fixedPass{p: "wrong"}).ask)
	if l, err := bad.List(); err != nil || len(l) != 2 || l[0] != info {
		t.Fatalf("List without passphrase: %+v %v", l, err)
	}
	if _, err := bad.Key("alice"); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("wrong passphrase: %v", err)
	}
	if !strings.Contains(ErrWrongPassphrase.Error(), "wrong passphrase") {
		t.Fatal("error text unclear")
	}
	// Adding to an existing keyring also checks the passphrase.
	if _, err := bad.Create("carol"); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("create with wrong passphrase: %v", err)
	}
	if _, err := bad.ExportArmored("alice", []byte("x")); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("export with wrong passphrase: %v", err)
	}
	// Empty passphrases and missing prompts are refused.
	empty, _ := Open(BackendFile, t.TempDir(), (&fixedPass{}).ask)
	if _, err := empty.Create("a"); !errors.Is(err, ErrEmptyPassphrase) {
		t.Fatalf("empty passphrase: %v", err)
	}
	none, _ := Open(BackendFile, t.TempDir(), nil)
	if _, err := none.Create("a"); !errors.Is(err, ErrNoPassphrase) {
		t.Fatalf("nil prompt: %v", err)
	}
	failing, _ := Open(BackendFile, dir, func(string, bool) ([]byte, error) { return nil, errors.New("no tty") })
	if _, err := failing.Key("alice"); err == nil || !strings.Contains(err.Error(), "no tty") {
		t.Fatalf("prompt error lost: %v", err)
	}
	// The right passphrase in a new session works.
	good, _ := Open(BackendFile, dir, (&fixedPass{p: "right"}).ask)
	if k2, err := good.Key("alice"); err != nil || k2.PubKey() != info.PubKey {
		t.Fatalf("Key: %v", err)
	}
}

func hexLower(b []byte) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 0, 2*len(b))
	for _, c := range b {
		out = append(out, digits[c>>4], digits[c&15])
	}
	return string(out)
}

func TestFileBackendDetectsTampering(t *testing.T) {
	dir := t.TempDir()
	kr, _ := Open(BackendFile, dir, (&fixedPass{p: "pw"}).ask)
	if _, err := kr.Create("alice"); err != nil {
		t.Fatal(err)
	}
	other, _ := secp.GenPrivKey()
	path := filepath.Join(dir, "keyring-file", "alice.key")
	orig, _ := os.ReadFile(path)
	edits := map[string]func(e *envelope){
		"ciphertext": func(e *envelope) { e.Ciphertext = flipB64(t, e.Ciphertext) },
		"nonce":      func(e *envelope) { e.Nonce = flipB64(t, e.Nonce) },
		"salt":       func(e *envelope) { e.KDF.Salt = flipB64(t, e.KDF.Salt) },
		"kdf time":   func(e *envelope) { e.KDF.Time++ },
		"pubkey and address": func(e *envelope) {
			e.PubKey = other.PubKey()
			e.Address = e.PubKey.Address()
		},
	}
	for name, edit := range edits {
		t.Run(name, func(t *testing.T) {
			var env envelope
			if err := json.Unmarshal(orig, &env); err != nil {
				t.Fatal(err)
			}
			edit(&env)
			b, _ := json.Marshal(env)
			if err := os.WriteFile(path, b, 0o600); err != nil {
				t.Fatal(err)
			}
			fresh, _ := Open(BackendFile, dir, (&fixedPass{p: "pw"}).ask)
			if _, err := fresh.Key("alice"); !errors.Is(err, ErrWrongPassphrase) {
				t.Fatalf("tampered %s: %v", name, err)
			}
		})
	}
	malformed := map[string]string{
		"not json":         "{",
		"version":          strings.Replace(string(orig), `"version": 1`, `"version": 2`, 1),
		"address mismatch": strings.Replace(string(orig), `"address": "cor1`, `"address": "cor1x`, 1),
		"huge memory":      strings.Replace(string(orig), `"memory_kib": 64`, `"memory_kib": 4294967295`, 1),
		"zero time":        strings.Replace(string(orig), `"time": 1`, `"time": 0`, 1),
		"cipher":           strings.Replace(string(orig), "xchacha20-poly1305", "aes-gcm", 1),
	}
	for name, content := range malformed {
		t.Run(name, func(t *testing.T) {
			if content == string(orig) {
				t.Fatalf("edit %q did not apply", name)
			}
			if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
			fresh, _ := Open(BackendFile, dir, (&fixedPass{p: "pw"}).ask)
			if _, err := fresh.Key("alice"); err == nil {
				t.Fatalf("malformed file (%s) accepted", name)
			}
		})
	}
}

func TestTestBackendIsPlainJSON(t *testing.T) {
	dir := t.TempDir()
	kr, _ := Open(BackendTest, dir, nil)
	info, err := kr.Create("dev")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "keyring-test", "dev.json"))
	if err != nil {
		t.Fatal(err)
	}
	var pk plainKey
	if err := json.Unmarshal(raw, &pk); err != nil || pk.PubKey != info.PubKey || pk.PrivKey == "" {
		t.Fatalf("test key file: %s (%v)", raw, err)
	}
	// A key file whose private and public keys disagree is refused.
	other, _ := secp.GenPrivKey()
	pk.PrivKey = hexLower(other.Bytes())
	b, _ := json.Marshal(pk)
	os.WriteFile(filepath.Join(dir, "keyring-test", "dev.json"), b, 0o600)
	if _, err := kr.Key("dev"); !errors.Is(err, ErrBadKeyFile) {
		t.Fatalf("inconsistent test key: %v", err)
	}
}

func TestNameValidation(t *testing.T) {
	good := []string{"a", "alice", "Validator_1", "sh-member.2", strings.Repeat("x", 64), "a..b"}
	bad := []string{"", ".", "..", "../x", "a/b", `a\b`, ".hidden", "white space", strings.Repeat("x", 65),
		"nul\x00", "ünï", "a:b", "/abs", "~"}
	for _, n := range good {
		if err := ValidateName(n); err != nil {
			t.Errorf("%q refused: %v", n, err)
		}
	}
	for backend, kr := range openBoth(t) {
		for _, n := range bad {
			if err := ValidateName(n); !errors.Is(err, ErrBadName) {
				t.Errorf("%q accepted", n)
			}
			if _, err := kr.Create(n); !errors.Is(err, ErrBadName) {
				t.Errorf("%s: Create(%q) = %v", backend, n, err)
			}
			if _, err := kr.Show(n); !errors.Is(err, ErrBadName) {
				t.Errorf("%s: Show(%q) = %v", backend, n, err)
			}
			if _, err := kr.Key(n); !errors.Is(err, ErrBadName) {
				t.Errorf("%s: Key(%q) = %v", backend, n, err)
			}
			if err := kr.Delete(n); !errors.Is(err, ErrBadName) {
				t.Errorf("%s: Delete(%q) = %v", backend, n, err)
			}
		}
	}
	if _, err := Open("os", t.TempDir(), nil); !errors.Is(err, ErrUnknownBackend) {
		t.Errorf("unknown backend: %v", err)
	}
}

func TestAtomicWrites(t *testing.T) {
	for _, backend := range []string{BackendFile, BackendTest} {
		t.Run(backend, func(t *testing.T) {
			dir := t.TempDir()
			kr, _ := Open(backend, dir, (&fixedPass{p: "pw"}).ask)
			if _, err := kr.Create("first"); err != nil {
				t.Fatal(err)
			}
			// Simulate a crash between writing and committing.
			testHookBeforeCommit = func(string) error { return errors.New("simulated crash") }
			_, err := kr.Create("second")
			testHookBeforeCommit = nil
			if err == nil {
				t.Fatal("hook error ignored")
			}
			sub := filepath.Join(dir, "keyring-"+backend)
			ents, _ := os.ReadDir(sub)
			if len(ents) != 1 {
				var names []string
				for _, e := range ents {
					names = append(names, e.Name())
				}
				t.Fatalf("after a failed write the directory holds %v, want only the first key", names)
			}
			if _, err := kr.Show("second"); !errors.Is(err, ErrNotFound) {
				t.Fatalf("partial key visible: %v", err)
			}
			// A stray temporary file is ignored by List.
			os.WriteFile(filepath.Join(sub, ".tmp-123"), []byte("junk"), 0o600)
			if l, err := kr.List(); err != nil || len(l) != 1 {
				t.Fatalf("List with a stray temp file: %+v %v", l, err)
			}
		})
	}
}

func TestConcurrentCreateSameName(t *testing.T) {
	dir := t.TempDir()
	kr, _ := Open(BackendTest, dir, nil)
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			_, errs[i] = kr.Create("race")
		}(i)
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		if err == nil {
			ok++
		} else if !errors.Is(err, ErrExists) {
			t.Fatalf("unexpected error %v", err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d concurrent creates succeeded, want exactly 1", ok)
	}
}

func TestPrompterFromEnv(t *testing.T) {
	in, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	var out bytes.Buffer
	p := Prompter(in, &out, PassphraseEnv)
	t.Setenv(PassphraseEnv, "")
	if _, err := p("x", false); !errors.Is(err, ErrNoPassphrase) || !strings.Contains(err.Error(), PassphraseEnv) {
		t.Fatalf("no terminal, no env: %v", err)
	}
	t.Setenv(PassphraseEnv, "from env")
	if got, err := p("x", true); err != nil || string(got) != "from env" {
		t.Fatalf("env passphrase: %q %v", got, err)
	}
	if out.Len() != 0 {
		t.Fatalf("prompt printed without a terminal: %q", out.String())
	}
}

// craftArmor returns an armored export of a fresh key whose envelope claims
// the given KDF parameters (the ciphertext was sealed with cheap ones).
func craftArmor(t *testing.T, p Argon2Params) []byte {
	t.Helper()
	k, _ := secp.GenPrivKey()
	env, err := seal(k, []byte("pw"))
	if err != nil {
		t.Fatal(err)
	}
	var e envelope
	if err := json.Unmarshal(env, &e); err != nil {
		t.Fatal(err)
	}
	e.KDF.Argon2Params = p
	b, _ := json.Marshal(e)
	return pem.EncodeToMemory(&pem.Block{Type: ArmorType, Bytes: b})
}

// TestKDFParametersBounded imports crafted exports claiming argon2id costs
// above what the keyring writes. Each is refused with ErrKDFTooCostly
// before any key derivation: without allocating the claimed memory.
func TestKDFParametersBounded(t *testing.T) {
	if DefaultKDF.check() != nil {
		t.Fatal("the test parameters are out of bounds")
	}
	for name, p := range map[string]Argon2Params{
		"one pass too many":       {Time: MaxKDFTime + 1, MemoryKiB: 64, Threads: 1},
		"one KiB too much":        {Time: 1, MemoryKiB: MaxKDFMemoryKiB + 1, Threads: 1},
		"too many lanes":          {Time: 1, MemoryKiB: 1024, Threads: MaxKDFThreads + 1},
		"64 passes over 4 GiB":    {Time: 64, MemoryKiB: 4 << 20, Threads: 4},
		"uint32 memory, 64 lanes": {Time: 1, MemoryKiB: 1<<32 - 1, Threads: 64},
	} {
		armored := craftArmor(t, p)
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := Unarmor(armored, []byte("pw"))
		runtime.ReadMemStats(&after)
		if !errors.Is(err, ErrKDFTooCostly) || !strings.Contains(err.Error(), "at most time 3") {
			t.Fatalf("%s: %v", name, err)
		}
		if grew := after.TotalAlloc - before.TotalAlloc; grew > 1<<20 {
			t.Fatalf("%s: refusing allocated %d bytes", name, grew)
		}
	}
	// The keyring's own default is inside the bounds: a file it writes is
	// read back.
	old := DefaultKDF
	t.Cleanup(func() { DefaultKDF = old })
	DefaultKDF = Argon2Params{Time: MaxKDFTime, MemoryKiB: MaxKDFMemoryKiB, Threads: MaxKDFThreads}
	k, _ := secp.GenPrivKey()
	armored, err := Armor(k, []byte("pw"))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := Unarmor(armored, []byte("pw")); err != nil || got.PubKey() != k.PubKey() {
		t.Fatalf("at the bounds: %v", err)
	}
}

// TestDefaultKDFWithinBounds keeps the bounds and the production default
// together: raising one without the other fails here.
func TestDefaultKDFWithinBounds(t *testing.T) {
	if err := productionKDF.check(); err != nil {
		t.Fatal(err)
	}
}

// productionKDF is DefaultKDF as the package sets it, before TestMain
// lowers it (package variables are initialised before TestMain runs).
var productionKDF = DefaultKDF

// TestKeyFileReadIsBounded stores key files that are over the key-file
// limit: one regular, one a link to /dev/zero (Stat size 0, endless). Both
// are refused with readlimit.ErrTooLarge instead of being read whole.
func TestKeyFileReadIsBounded(t *testing.T) {
	for _, backend := range []string{BackendFile, BackendTest} {
		dir := t.TempDir()
		kr, _ := Open(backend, dir, (&fixedPass{p: "pw"}).ask)
		if _, err := kr.Create("alice"); err != nil {
			t.Fatal(err)
		}
		s := kr.(interface{ path(string) string })
		if err := os.WriteFile(s.path("alice"), make([]byte, readlimit.MaxKeyFile+1), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := kr.Key("alice"); !errors.Is(err, readlimit.ErrTooLarge) {
			t.Fatalf("%s: oversized key file: %v", backend, err)
		}
		if _, err := os.Stat("/dev/zero"); err != nil {
			continue
		}
		os.Remove(s.path("alice"))
		if err := os.Symlink("/dev/zero", s.path("alice")); err != nil {
			t.Fatal(err)
		}
		if _, err := kr.Key("alice"); !errors.Is(err, readlimit.ErrTooLarge) {
			t.Fatalf("%s: key file linked to /dev/zero: %v", backend, err)
		}
	}
}
