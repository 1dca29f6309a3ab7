package keyring

import (
	"encoding/pem"
	"fmt"

	"github.com/corridor-trade/corridor/crypto/secp"
)

// ArmorType is the PEM block type of exported keys.
const ArmorType = "CORRIDOR ENCRYPTED PRIVATE KEY"

// Armor encrypts k with passphrase and returns it as a PEM block whose body
// is the JSON envelope also used by the file backend.
func Armor(k *secp.PrivKey, passphrase []byte) ([]byte, error) {
	env, err := seal(k, passphrase)
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(&pem.Block{
		Type:    ArmorType,
		Headers: map[string]string{"Address": k.PubKey().Address().String()},
		Bytes:   env,
	}), nil
}

// Unarmor decrypts an armored key. Text around the PEM block is refused.
func Unarmor(armored []byte, passphrase []byte) (*secp.PrivKey, error) {
	block, rest := pem.Decode(armored)
	if block == nil || block.Type != ArmorType {
		return nil, fmt.Errorf("keyring: %w: not an armored Corridor key", ErrBadKeyFile)
	}
	for _, c := range rest {
		if c != '\n' && c != '\r' && c != ' ' && c != '\t' {
			return nil, fmt.Errorf("keyring: %w: data after the armored key", ErrBadKeyFile)
		}
	}
	env, err := parseEnvelope(block.Bytes)
	if err != nil {
		return nil, err
	}
	return open(env, passphrase)
}
