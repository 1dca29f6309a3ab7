package main

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/corridor-trade/corridor/internal/keyring"
	"github.com/corridor-trade/corridor/internal/readlimit"
	"github.com/spf13/cobra"
)

// testKeyringWarning is printed to stderr whenever the test backend is used.
const testKeyringWarning = "test keyring: keys are stored unencrypted; for devnets only"

// keyringBackend resolves --keyring-backend for cmd: the flag if given on
// the command line, else CORRIDORD_KEYRING_BACKEND, else the configuration,
// else "file". Several command groups declare their own --keyring-backend
// flag, so the viper key is bound to the flag of the command being run.
func keyringBackend(env *cliEnv, cmd *cobra.Command) string {
	if f := cmd.Flags().Lookup("keyring-backend"); f != nil {
		_ = env.v.BindPFlag("keyring-backend", f)
	}
	if b := env.v.GetString("keyring-backend"); b != "" {
		return b
	}
	return keyring.BackendFile
}

// openKeyring opens the keyring in <home>/keyring with the backend chosen
// for cmd. The file backend asks for its passphrase on the terminal, or
// reads CORRIDORD_KEYRING_PASSPHRASE when standard input is not one. With
// the test backend it prints a warning to stderr (once per command, however
// often the command opens the keyring).
func openKeyring(env *cliEnv, cmd *cobra.Command) (keyring.Keyring, error) {
	dir := filepath.Join(env.Home(), "keyring")
	prompt := keyring.Prompter(cmd.InOrStdin(), cmd.ErrOrStderr(), keyring.PassphraseEnv)
	kr, err := keyring.Open(keyringBackend(env, cmd), dir, prompt)
	if err != nil {
		return nil, err
	}
	if kr.Backend() == keyring.BackendTest {
		env.warnOnce(cmd, testKeyringWarning)
	}
	return kr, nil
}

// exportPassphrase asks for the passphrase protecting an armored key: on
// the terminal, else from CORRIDORD_EXPORT_PASSPHRASE.
func exportPassphrase(cmd *cobra.Command, prompt string, confirm bool) ([]byte, error) {
	return keyring.Prompter(cmd.InOrStdin(), cmd.ErrOrStderr(), keyring.ExportPassphraseEnv)(prompt, confirm)
}

func newKeysCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "keys",
		Short: "Manage the keys in the local keyring (<home>/keyring)",
		Long: `Manage the secp256k1 keys that sign transactions.

The "file" backend (default) encrypts every key with a passphrase (Argon2id
and XChaCha20-Poly1305). It is asked for on the terminal, or read from
CORRIDORD_KEYRING_PASSPHRASE when standard input is not a terminal. The
"test" backend stores keys unencrypted and is for devnets only.`,
	}
	cmd.PersistentFlags().String("keyring-backend", keyring.BackendFile, "keyring backend: file (encrypted) or test (unencrypted, devnets only)")
	_ = env.v.BindPFlag("keyring-backend", cmd.PersistentFlags().Lookup("keyring-backend"))
	cmd.AddCommand(
		newKeysAddCmd(env),
		newKeysListCmd(env),
		newKeysShowCmd(env),
		newKeysDeleteCmd(env),
		newKeysImportCmd(env),
		newKeysExportCmd(env),
	)
	return cmd
}

// printKeyInfo prints one key in the chosen output format.
func printKeyInfo(env *cliEnv, cmd *cobra.Command, info keyring.Info) error {
	return env.print(cmd, info, func(w io.Writer) {
		fmt.Fprintf(w, "name:    %s\naddress: %s\npubkey:  %s\n", info.Name, info.Address, info.PubKey)
	})
}

func newKeysAddCmd(env *cliEnv) *cobra.Command {
	return &cobra.Command{
		Use:   "add NAME",
		Short: "Create a new random key",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			kr, err := openKeyring(env, cmd)
			if err != nil {
				return err
			}
			info, err := kr.Create(args[0])
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "Back up this key: `%s` writes an encrypted copy. Without it, a lost disk means a lost account key.\n", exportHint(env, cmd, info.Name))
			return printKeyInfo(env, cmd, info)
		},
	}
}

// exportHint is the `keys export` command line that finds the key just
// made: with --home and --keyring-backend when they are not the defaults.
func exportHint(env *cliEnv, cmd *cobra.Command, name string) string {
	hint := "corridord keys export " + name
	if home := env.Home(); home != defaultHome() {
		hint += " --home " + home
	}
	if b := keyringBackend(env, cmd); b != keyring.BackendFile {
		hint += " --keyring-backend " + b
	}
	return hint
}

func newKeysListCmd(env *cliEnv) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the keys, sorted by name",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			kr, err := openKeyring(env, cmd)
			if err != nil {
				return err
			}
			infos, err := kr.List()
			if err != nil {
				return err
			}
			return env.print(cmd, infos, func(w io.Writer) {
				if len(infos) == 0 {
					fmt.Fprintln(w, "no keys")
					return
				}
				tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "NAME\tADDRESS\tPUBKEY")
				for _, i := range infos {
					fmt.Fprintf(tw, "%s\t%s\t%s\n", i.Name, i.Address, i.PubKey)
				}
				tw.Flush()
			})
		},
	}
}

// KeyAddress is what `keys show --address` prints with -o json.
type KeyAddress struct {
	Address string `json:"address"`
}

func newKeysShowCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "show NAME",
		Short: "Show a key's address and public key",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			kr, err := openKeyring(env, cmd)
			if err != nil {
				return err
			}
			info, err := kr.Show(args[0])
			if err != nil {
				return err
			}
			if only, _ := cmd.Flags().GetBool("address"); only {
				a := KeyAddress{Address: info.Address.String()}
				return env.print(cmd, a, func(w io.Writer) { fmt.Fprintln(w, a.Address) })
			}
			return printKeyInfo(env, cmd, info)
		},
	}
	cmd.Flags().Bool("address", false, "print only the address")
	return cmd
}

// KeyDeleted is what `keys delete` prints with -o json.
type KeyDeleted struct {
	Deleted string `json:"deleted"`
	Address string `json:"address"`
}

func newKeysDeleteCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "delete NAME",
		Short: "Delete a key (asks for confirmation unless --yes)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			kr, err := openKeyring(env, cmd)
			if err != nil {
				return err
			}
			info, err := kr.Show(args[0])
			if err != nil {
				return err
			}
			if yes, _ := cmd.Flags().GetBool("yes"); !yes {
				if !keyring.IsTerminal(cmd.InOrStdin()) {
					return fmt.Errorf("refusing to delete %q without confirmation: standard input is not a terminal; pass --yes", info.Name)
				}
				fmt.Fprintf(cmd.ErrOrStderr(), "Delete key %q (%s)? Unless you have an export, it is gone for good. [y/N] ", info.Name, info.Address)
				line, _ := bufio.NewReader(cmd.InOrStdin()).ReadString('\n')
				if a := strings.ToLower(strings.TrimSpace(line)); a != "y" && a != "yes" {
					return fmt.Errorf("not deleted")
				}
			}
			if err := kr.Delete(info.Name); err != nil {
				return err
			}
			res := KeyDeleted{Deleted: info.Name, Address: info.Address.String()}
			return env.print(cmd, res, func(w io.Writer) {
				fmt.Fprintf(w, "deleted key %s (%s)\n", res.Deleted, res.Address)
			})
		},
	}
	cmd.Flags().Bool("yes", false, "delete without asking")
	return cmd
}

// readKeyFile reads FILE, or standard input for "-", up to
// readlimit.MaxKeyFile bytes (armored keys are well under 2 KiB).
func readKeyFile(cmd *cobra.Command, path string) ([]byte, error) {
	if path == "-" {
		return readlimit.ReadAll(cmd.InOrStdin(), "standard input", readlimit.MaxKeyFile)
	}
	return readlimit.ReadFile(path, readlimit.MaxKeyFile)
}

func newKeysImportCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "import NAME FILE",
		Short: "Import a key from an armored export (or, with --hex, a raw hex private key); FILE - reads stdin",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			name, path := args[0], args[1]
			if err := keyring.ValidateName(name); err != nil {
				return err
			}
			data, err := readKeyFile(cmd, path)
			if err != nil {
				return err
			}
			defer clear(data)
			kr, err := openKeyring(env, cmd)
			if err != nil {
				return err
			}
			var info keyring.Info
			if isHex, _ := cmd.Flags().GetBool("hex"); isHex {
				s := strings.TrimPrefix(string(bytes.TrimSpace(data)), "0x")
				raw, err := hex.DecodeString(s)
				if err != nil || len(raw) != 32 {
					return fmt.Errorf("%s: --hex wants 64 hex digits (a 32-byte private key)", path)
				}
				defer clear(raw)
				if info, err = kr.Import(name, raw); err != nil {
					return err
				}
			} else {
				pass, err := exportPassphrase(cmd, "Passphrase of the armored key", false)
				if err != nil {
					return err
				}
				if info, err = kr.ImportArmored(name, data, pass); err != nil {
					return err
				}
			}
			return printKeyInfo(env, cmd, info)
		},
	}
	cmd.Flags().Bool("hex", false, "FILE holds a raw private key in hex instead of an armored export")
	return cmd
}

// KeyExport is what `keys export` prints with -o json.
type KeyExport struct {
	Name    string `json:"name"`
	Address string `json:"address"`
	Armored string `json:"armored"`
}

func newKeysExportCmd(env *cliEnv) *cobra.Command {
	return &cobra.Command{
		Use:   "export NAME",
		Short: "Print a key encrypted with a new export passphrase (armored) to stdout",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			kr, err := openKeyring(env, cmd)
			if err != nil {
				return err
			}
			info, err := kr.Show(args[0])
			if err != nil {
				return err
			}
			pass, err := exportPassphrase(cmd, "Passphrase to encrypt the export with", true)
			if err != nil {
				return err
			}
			arm, err := kr.ExportArmored(info.Name, pass)
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.ErrOrStderr(), "WARNING: the output is your private key, protected only by the export passphrase. Store it offline; never share it.")
			res := KeyExport{Name: info.Name, Address: info.Address.String(), Armored: string(arm)}
			return env.print(cmd, res, func(w io.Writer) { fmt.Fprint(w, res.Armored) })
		},
	}
}
