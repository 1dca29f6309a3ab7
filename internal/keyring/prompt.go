package keyring

import (
	"bytes"
	"fmt"
	"io"
	"os"

	"golang.org/x/term"
)

// PassphraseEnv is the environment variable the CLI reads the keyring
// passphrase from when standard input is not a terminal.
const PassphraseEnv = "CORRIDORD_KEYRING_PASSPHRASE"

// ExportPassphraseEnv is the environment variable the CLI reads the
// passphrase of armored exports and imports from when standard input is not
// a terminal.
const ExportPassphraseEnv = "CORRIDORD_EXPORT_PASSPHRASE"

// IsTerminal reports whether r is a terminal.
func IsTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// Prompter returns a PassphraseFunc for the command line. When in is a
// terminal it asks on out and reads without echo; otherwise it takes the
// value of the environment variable envVar; otherwise it fails with an
// error that names the variable.
func Prompter(in io.Reader, out io.Writer, envVar string) PassphraseFunc {
	return func(prompt string, confirm bool) ([]byte, error) {
		if f, ok := in.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
			p, err := readHidden(f, out, prompt+": ")
			if err != nil {
				return nil, err
			}
			if confirm {
				again, err := readHidden(f, out, "Repeat the passphrase: ")
				if err != nil {
					return nil, err
				}
				if !bytes.Equal(p, again) {
					return nil, fmt.Errorf("keyring: %w", ErrPassphraseDiffer)
				}
			}
			return p, nil
		}
		if v, ok := os.LookupEnv(envVar); ok && v != "" {
			return []byte(v), nil
		}
		return nil, fmt.Errorf("keyring: %w: standard input is not a terminal and %s is not set", ErrNoPassphrase, envVar)
	}
}

func readHidden(f *os.File, out io.Writer, prompt string) ([]byte, error) {
	fmt.Fprint(out, prompt)
	p, err := term.ReadPassword(int(f.Fd()))
	fmt.Fprintln(out)
	if err != nil {
		return nil, fmt.Errorf("keyring: read passphrase: %w", err)
	}
	return p, nil
}
