package keyring

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/internal/readlimit"
)

// The backends Open accepts.
const (
	BackendFile = "file"
	BackendTest = "test"
)

// Errors callers may test for with errors.Is.
var (
	ErrNotFound         = errors.New("key not found")
	ErrExists           = errors.New("a key with this name already exists")
	ErrBadName          = errors.New("key name must be 1 to 64 characters from [a-zA-Z0-9_.-], not starting with a dot")
	ErrWrongPassphrase  = errors.New("wrong passphrase, or the key file was altered")
	ErrEmptyPassphrase  = errors.New("passphrase must not be empty")
	ErrNoPassphrase     = errors.New("no way to obtain a passphrase")
	ErrUnknownBackend   = errors.New("unknown keyring backend: use file or test")
	ErrBadKeyFile       = errors.New("malformed key file")
	ErrKDFTooCostly     = errors.New("key derivation parameters costlier than the keyring allows")
	ErrPassphraseDiffer = errors.New("passphrases do not match")
)

// Info is the public description of a stored key.
type Info struct {
	Name    string       `json:"name"`
	Address secp.Address `json:"address"`
	PubKey  secp.PubKey  `json:"pubkey"`
}

// Keyring stores named secp256k1 private keys.
type Keyring interface {
	// Backend returns "file" or "test".
	Backend() string
	// Create generates a new random key; it fails if the name exists.
	Create(name string) (Info, error)
	// Import stores a raw 32-byte private key under a new name.
	Import(name string, priv []byte) (Info, error)
	// ImportArmored decrypts an armored key with passphrase and stores it.
	ImportArmored(name string, armored []byte, passphrase []byte) (Info, error)
	// ExportArmored returns the key encrypted with the given export passphrase.
	ExportArmored(name string, passphrase []byte) ([]byte, error)
	// Key returns the private key.
	Key(name string) (*secp.PrivKey, error)
	// Show returns the public description of a key.
	Show(name string) (Info, error)
	// List returns every key, sorted by name.
	List() ([]Info, error)
	// Delete removes a key.
	Delete(name string) error
}

// PassphraseFunc obtains a passphrase. prompt says what it is for; confirm
// asks for it twice (when a new passphrase is being chosen).
type PassphraseFunc func(prompt string, confirm bool) ([]byte, error)

// Open returns the keyring of the given backend rooted at dir. Directories
// are created on first write. passphrase is used by the file backend only,
// and at most once per Keyring: the answer is kept for later operations.
// A Keyring is meant for one command at a time and is not safe for
// concurrent use by several goroutines.
func Open(backend, dir string, passphrase func(prompt string, confirm bool) ([]byte, error)) (Keyring, error) {
	if dir == "" {
		return nil, errors.New("keyring: empty directory")
	}
	switch backend {
	case BackendFile:
		return &fileKeyring{store: store{dir: filepath.Join(dir, "keyring-file"), ext: ".key"}, ask: passphrase}, nil
	case BackendTest:
		return &testKeyring{store: store{dir: filepath.Join(dir, "keyring-test"), ext: ".json"}}, nil
	default:
		return nil, fmt.Errorf("keyring: %w (got %q)", ErrUnknownBackend, backend)
	}
}

var nameRE = regexp.MustCompile(`^[a-zA-Z0-9_.-]{1,64}$`)

// ValidateName checks a key name. Names become file names, so anything that
// could escape the keyring directory or hide a file is refused.
func ValidateName(name string) error {
	if !nameRE.MatchString(name) || strings.HasPrefix(name, ".") {
		return fmt.Errorf("keyring: %w (got %q)", ErrBadName, name)
	}
	return nil
}

// infoFor builds the Info of a private key.
func infoFor(name string, k *secp.PrivKey) Info {
	pk := k.PubKey()
	return Info{Name: name, Address: pk.Address(), PubKey: pk}
}

// store is the directory of one backend: one file per key.
type store struct {
	dir string
	ext string
}

func (s *store) path(name string) string { return filepath.Join(s.dir, name+s.ext) }

// read returns the contents of a key file.
func (s *store) read(name string) ([]byte, error) {
	if err := ValidateName(name); err != nil {
		return nil, err
	}
	b, err := readlimit.ReadFile(s.path(name), readlimit.MaxKeyFile)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("keyring: %w: %q", ErrNotFound, name)
	}
	if err != nil {
		return nil, fmt.Errorf("keyring: %w", err)
	}
	return b, nil
}

// exists reports whether name is stored.
func (s *store) exists(name string) (bool, error) {
	_, err := os.Lstat(s.path(name))
	if err == nil {
		return true, nil
	}
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	return false, fmt.Errorf("keyring: %w", err)
}

// names returns the stored key names, sorted.
func (s *store) names() ([]string, error) {
	ents, err := os.ReadDir(s.dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("keyring: %w", err)
	}
	var out []string
	for _, e := range ents {
		n, ok := strings.CutSuffix(e.Name(), s.ext)
		if !ok || !e.Type().IsRegular() || ValidateName(n) != nil {
			continue // temporary files start with a dot and are skipped
		}
		out = append(out, n)
	}
	sort.Strings(out)
	return out, nil
}

// create writes a new key file atomically; it fails with ErrExists if the
// name is taken.
func (s *store) create(name string, data []byte) error {
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		return fmt.Errorf("keyring: %w", err)
	}
	if err := writeNew(s.path(name), data); err != nil {
		if errors.Is(err, os.ErrExist) {
			return fmt.Errorf("keyring: %w: %q", ErrExists, name)
		}
		return fmt.Errorf("keyring: %w", err)
	}
	return nil
}

// remove deletes a key file.
func (s *store) remove(name string) error {
	if err := ValidateName(name); err != nil {
		return err
	}
	err := os.Remove(s.path(name))
	if errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("keyring: %w: %q", ErrNotFound, name)
	}
	if err != nil {
		return fmt.Errorf("keyring: %w", err)
	}
	syncDir(s.dir)
	return nil
}

// testHookBeforeCommit, when set by tests, runs after the temporary file is
// written and before it is linked into place; an error simulates a crash.
var testHookBeforeCommit func(tmp string) error

// writeNew creates path with data, mode 0600, without ever exposing a
// partial file under that name: the data goes to a synced temporary file
// in the same directory, which is then hard-linked to path (failing if path
// exists) and unlinked. Where hard links are unsupported it falls back to
// rename after checking that path is free.
func writeNew(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if f != nil {
			f.Close()
		}
		os.Remove(tmp)
	}()
	if err := f.Chmod(0o600); err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	f = nil
	if testHookBeforeCommit != nil {
		if err := testHookBeforeCommit(tmp); err != nil {
			return err
		}
	}
	if err := os.Link(tmp, path); err != nil {
		if errors.Is(err, os.ErrExist) {
			return err
		}
		// No hard links on this file system: rename, after checking.
		if _, serr := os.Lstat(path); serr == nil {
			return os.ErrExist
		}
		if err := os.Rename(tmp, path); err != nil {
			return err
		}
	}
	syncDir(dir)
	return nil
}

// syncDir makes a directory entry change durable where the platform allows.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}
