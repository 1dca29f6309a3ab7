package keyring

import (
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/corridor-trade/corridor/crypto/secp"
)

// testKeyring is the unencrypted backend for devnets and tests.
type testKeyring struct {
	store
}

// plainKey is the JSON form of a key in the test backend.
type plainKey struct {
	Version int          `json:"version"`
	Warning string       `json:"warning"`
	Address secp.Address `json:"address"`
	PubKey  secp.PubKey  `json:"pubkey"`
	PrivKey string       `json:"privkey"` // hex, unencrypted
}

const plainWarning = "UNENCRYPTED test-backend key: for devnets only"

func (k *testKeyring) Backend() string { return BackendTest }

func (k *testKeyring) load(name string) (*secp.PrivKey, error) {
	b, err := k.read(name)
	if err != nil {
		return nil, err
	}
	var pk plainKey
	if err := json.Unmarshal(b, &pk); err != nil || pk.Version != 1 {
		return nil, fmt.Errorf("keyring: %w (key %q)", ErrBadKeyFile, name)
	}
	raw, err := hex.DecodeString(pk.PrivKey)
	if err != nil {
		return nil, fmt.Errorf("keyring: %w (key %q)", ErrBadKeyFile, name)
	}
	priv, err := secp.PrivKeyFromBytes(raw)
	clear(raw)
	if err != nil || priv.PubKey() != pk.PubKey || pk.Address != pk.PubKey.Address() {
		return nil, fmt.Errorf("keyring: %w: keys do not match (key %q)", ErrBadKeyFile, name)
	}
	return priv, nil
}

func (k *testKeyring) put(name string, priv *secp.PrivKey) (Info, error) {
	if err := ValidateName(name); err != nil {
		return Info{}, err
	}
	info := infoFor(name, priv)
	data, err := json.MarshalIndent(plainKey{
		Version: 1,
		Warning: plainWarning,
		Address: info.Address,
		PubKey:  info.PubKey,
		PrivKey: hex.EncodeToString(priv.Bytes()),
	}, "", "  ")
	if err != nil {
		return Info{}, err
	}
	if err := k.create(name, append(data, '\n')); err != nil {
		return Info{}, err
	}
	return info, nil
}

func (k *testKeyring) Create(name string) (Info, error) {
	if err := ValidateName(name); err != nil {
		return Info{}, err
	}
	priv, err := secp.GenPrivKey()
	if err != nil {
		return Info{}, err
	}
	return k.put(name, priv)
}

func (k *testKeyring) Import(name string, raw []byte) (Info, error) {
	priv, err := secp.PrivKeyFromBytes(raw)
	if err != nil {
		return Info{}, fmt.Errorf("keyring: %w", err)
	}
	return k.put(name, priv)
}

func (k *testKeyring) ImportArmored(name string, armored, passphrase []byte) (Info, error) {
	if err := ValidateName(name); err != nil {
		return Info{}, err
	}
	priv, err := Unarmor(armored, passphrase)
	if err != nil {
		return Info{}, err
	}
	return k.put(name, priv)
}

func (k *testKeyring) ExportArmored(name string, passphrase []byte) ([]byte, error) {
	if len(passphrase) == 0 {
		return nil, fmt.Errorf("keyring: export %w", ErrEmptyPassphrase)
	}
	priv, err := k.load(name)
	if err != nil {
		return nil, err
	}
	return Armor(priv, passphrase)
}

func (k *testKeyring) Key(name string) (*secp.PrivKey, error) { return k.load(name) }

func (k *testKeyring) Show(name string) (Info, error) {
	priv, err := k.load(name)
	if err != nil {
		return Info{}, err
	}
	return infoFor(name, priv), nil
}

func (k *testKeyring) List() ([]Info, error) {
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

func (k *testKeyring) Delete(name string) error { return k.remove(name) }
