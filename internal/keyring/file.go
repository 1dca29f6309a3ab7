package keyring

import (
	"fmt"

	"github.com/corridor-trade/corridor/crypto/secp"
)

// fileKeyring is the encrypted backend.
type fileKeyring struct {
	store
	ask  PassphraseFunc
	pass []byte // the keyring passphrase, once known to be right
}

func (k *fileKeyring) Backend() string { return BackendFile }

// askPassphrase calls the passphrase function and refuses empty answers.
func (k *fileKeyring) askPassphrase(prompt string, confirm bool) ([]byte, error) {
	if k.ask == nil {
		return nil, fmt.Errorf("keyring: %w for the file backend", ErrNoPassphrase)
	}
	p, err := k.ask(prompt, confirm)
	if err != nil {
		return nil, err
	}
	if len(p) == 0 {
		return nil, fmt.Errorf("keyring: %w", ErrEmptyPassphrase)
	}
	return p, nil
}

// writePassphrase returns the passphrase new keys are sealed with. An
// empty keyring asks for a new passphrase (with confirmation); otherwise the
// answer is checked against an existing key, so that all keys in one
// keyring share one passphrase.
func (k *fileKeyring) writePassphrase() ([]byte, error) {
	if k.pass != nil {
		return k.pass, nil
	}
	names, err := k.names()
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		p, err := k.askPassphrase("Choose a passphrase for the new keyring", true)
		if err != nil {
			return nil, err
		}
		k.pass = p
		return p, nil
	}
	if _, err := k.unlock(names[0]); err != nil {
		return nil, err
	}
	return k.pass, nil
}

// load reads and parses a key file.
func (k *fileKeyring) load(name string) (*envelope, error) {
	b, err := k.read(name)
	if err != nil {
		return nil, err
	}
	env, err := parseEnvelope(b)
	if err != nil {
		return nil, fmt.Errorf("%w (key %q)", err, name)
	}
	return env, nil
}

// unlock decrypts a key, asking for the passphrase the first time.
func (k *fileKeyring) unlock(name string) (*secp.PrivKey, error) {
	env, err := k.load(name)
	if err != nil {
		return nil, err
	}
	p := k.pass
	if p == nil {
		if p, err = k.askPassphrase("Keyring passphrase", false); err != nil {
			return nil, err
		}
	}
	priv, err := open(env, p)
	if err != nil {
		return nil, fmt.Errorf("%w (key %q)", err, name)
	}
	k.pass = p
	return priv, nil
}

func (k *fileKeyring) Create(name string) (Info, error) {
	priv, err := secp.GenPrivKey()
	if err != nil {
		return Info{}, err
	}
	return k.put(name, priv)
}

func (k *fileKeyring) Import(name string, raw []byte) (Info, error) {
	priv, err := secp.PrivKeyFromBytes(raw)
	if err != nil {
		return Info{}, fmt.Errorf("keyring: %w", err)
	}
	return k.put(name, priv)
}

func (k *fileKeyring) ImportArmored(name string, armored, passphrase []byte) (Info, error) {
	if err := k.checkFree(name); err != nil {
		return Info{}, err
	}
	priv, err := Unarmor(armored, passphrase)
	if err != nil {
		return Info{}, err
	}
	return k.put(name, priv)
}

// checkFree fails early, before any prompt, if name is bad or taken.
func (k *fileKeyring) checkFree(name string) error {
	if err := ValidateName(name); err != nil {
		return err
	}
	ok, err := k.exists(name)
	if err != nil {
		return err
	}
	if ok {
		return fmt.Errorf("keyring: %w: %q", ErrExists, name)
	}
	return nil
}

func (k *fileKeyring) put(name string, priv *secp.PrivKey) (Info, error) {
	if err := k.checkFree(name); err != nil {
		return Info{}, err
	}
	p, err := k.writePassphrase()
	if err != nil {
		return Info{}, err
	}
	data, err := seal(priv, p)
	if err != nil {
		return Info{}, err
	}
	if err := k.create(name, append(data, '\n')); err != nil {
		return Info{}, err
	}
	return infoFor(name, priv), nil
}

func (k *fileKeyring) ExportArmored(name string, passphrase []byte) ([]byte, error) {
	if len(passphrase) == 0 {
		return nil, fmt.Errorf("keyring: export %w", ErrEmptyPassphrase)
	}
	priv, err := k.unlock(name)
	if err != nil {
		return nil, err
	}
	return Armor(priv, passphrase)
}

func (k *fileKeyring) Key(name string) (*secp.PrivKey, error) { return k.unlock(name) }

func (k *fileKeyring) Show(name string) (Info, error) {
	env, err := k.load(name)
	if err != nil {
		return Info{}, err
	}
	return Info{Name: name, Address: env.Address, PubKey: env.PubKey}, nil
}

func (k *fileKeyring) List() ([]Info, error) {
	names, err := k.names()
	if err != nil {
		return nil, err
	}
	out := make([]Info, 0, len(names))
	for _, n := range names {
		info, err := k.Show(n)
		if err != nil {
			return nil, err
		}
		out = append(out, info)
	}
	return out, nil
}

func (k *fileKeyring) Delete(name string) error { return k.remove(name) }
