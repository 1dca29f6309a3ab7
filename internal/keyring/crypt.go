package keyring

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20poly1305"

	"github.com/corridor-trade/corridor/crypto/secp"
)

// Argon2Params are the Argon2id cost parameters.
type Argon2Params struct {
	Time      uint32 `json:"time"`
	MemoryKiB uint32 `json:"memory_kib"`
	Threads   uint8  `json:"threads"`
}

// DefaultKDF is used for every new encryption: 3 passes over 64 MiB with 2
// lanes, a bit under a second on a laptop. Tests lower it to stay fast;
// existing files keep the parameters they were written with.
var DefaultKDF = Argon2Params{Time: 3, MemoryKiB: 64 * 1024, Threads: 2}

// Bounds on parameters read from a file or an armored export. The upper
// bounds are the cost of what the keyring itself writes (DefaultKDF: 3
// passes over 64 MiB), with room for more lanes, which spread the same work
// and memory rather than adding to it. Anything costlier is refused before
// any memory is allocated, so a crafted file cannot make a command allocate
// gigabytes or run for minutes. Raising DefaultKDF means raising these
// bounds in the same change (seal refuses parameters open would refuse).
const (
	MaxKDFTime      = 3
	MaxKDFMemoryKiB = 64 * 1024
	MaxKDFThreads   = 4
)

func (p Argon2Params) check() error {
	if p.Time < 1 || p.Threads < 1 || p.MemoryKiB < 8*uint32(p.Threads) {
		return fmt.Errorf("keyring: %w: argon2id parameters out of range (time %d, memory %d KiB, threads %d)",
			ErrBadKeyFile, p.Time, p.MemoryKiB, p.Threads)
	}
	if p.Time > MaxKDFTime || p.MemoryKiB > MaxKDFMemoryKiB || p.Threads > MaxKDFThreads {
		return fmt.Errorf("keyring: %w: the file asks for argon2id time %d, memory %d KiB, threads %d; "+
			"corridord writes at most time %d, memory %d KiB, threads %d and refuses anything costlier",
			ErrKDFTooCostly, p.Time, p.MemoryKiB, p.Threads, MaxKDFTime, MaxKDFMemoryKiB, MaxKDFThreads)
	}
	return nil
}

// Envelope format identifiers.
const (
	envelopeVersion = 1
	kdfName         = "argon2id"
	cipherName      = "xchacha20-poly1305"
	saltSize        = 16
	aadPrefix       = "corridor/keyring/v1\x00"
)

// kdfSpec records how the encryption key was derived.
type kdfSpec struct {
	Name string `json:"name"`
	Argon2Params
	Salt string `json:"salt"` // base64
}

// envelope is the JSON form of an encrypted key, used both for key files
// and inside armored exports.
type envelope struct {
	Version    int          `json:"version"`
	Address    secp.Address `json:"address"`
	PubKey     secp.PubKey  `json:"pubkey"`
	KDF        kdfSpec      `json:"kdf"`
	Cipher     string       `json:"cipher"`
	Nonce      string       `json:"nonce"`      // base64, 24 bytes
	Ciphertext string       `json:"ciphertext"` // base64: 32-byte key + 16-byte tag
}

// aad binds the clear-text public key to the ciphertext: editing it makes
// decryption fail.
func aad(pk secp.PubKey) []byte { return append([]byte(aadPrefix), pk[:]...) }

// seal encrypts k under passphrase with fresh salt and nonce.
func seal(k *secp.PrivKey, passphrase []byte) ([]byte, error) {
	if len(passphrase) == 0 {
		return nil, fmt.Errorf("keyring: %w", ErrEmptyPassphrase)
	}
	params := DefaultKDF
	if err := params.check(); err != nil {
		return nil, err
	}
	salt := make([]byte, saltSize)
	nonce := make([]byte, chacha20poly1305.NonceSizeX)
	if _, err := rand.Read(salt); err != nil {
		return nil, err
	}
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	key := argon2.IDKey(passphrase, salt, params.Time, params.MemoryKiB, params.Threads, chacha20poly1305.KeySize)
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, err
	}
	pk := k.PubKey()
	env := envelope{
		Version: envelopeVersion,
		Address: pk.Address(),
		PubKey:  pk,
		KDF: kdfSpec{
			Name:         kdfName,
			Argon2Params: params,
			Salt:         base64.StdEncoding.EncodeToString(salt),
		},
		Cipher:     cipherName,
		Nonce:      base64.StdEncoding.EncodeToString(nonce),
		Ciphertext: base64.StdEncoding.EncodeToString(aead.Seal(nil, nonce, k.Bytes(), aad(pk))),
	}
	return json.MarshalIndent(env, "", "  ")
}

// parseEnvelope decodes and checks the clear-text part of an envelope.
func parseEnvelope(data []byte) (*envelope, error) {
	var env envelope
	if err := json.Unmarshal(data, &env); err != nil {
		return nil, fmt.Errorf("keyring: %w: %v", ErrBadKeyFile, err)
	}
	if env.Version != envelopeVersion {
		return nil, fmt.Errorf("keyring: %w: unsupported version %d", ErrBadKeyFile, env.Version)
	}
	if env.KDF.Name != kdfName || env.Cipher != cipherName {
		return nil, fmt.Errorf("keyring: %w: unsupported kdf %q or cipher %q", ErrBadKeyFile, env.KDF.Name, env.Cipher)
	}
	if env.Address != env.PubKey.Address() {
		return nil, fmt.Errorf("keyring: %w: address does not match public key", ErrBadKeyFile)
	}
	return &env, nil
}

// open decrypts an envelope.
func open(env *envelope, passphrase []byte) (*secp.PrivKey, error) {
	if err := env.KDF.Argon2Params.check(); err != nil {
		return nil, err
	}
	salt, err1 := base64.StdEncoding.DecodeString(env.KDF.Salt)
	nonce, err2 := base64.StdEncoding.DecodeString(env.Nonce)
	ct, err3 := base64.StdEncoding.DecodeString(env.Ciphertext)
	if err1 != nil || err2 != nil || err3 != nil || len(salt) < saltSize || len(nonce) != chacha20poly1305.NonceSizeX {
		return nil, fmt.Errorf("keyring: %w: bad salt, nonce or ciphertext", ErrBadKeyFile)
	}
	p := env.KDF.Argon2Params
	key := argon2.IDKey(passphrase, salt, p.Time, p.MemoryKiB, p.Threads, chacha20poly1305.KeySize)
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, err
	}
	plain, err := aead.Open(nil, nonce, ct, aad(env.PubKey))
	if err != nil {
		return nil, fmt.Errorf("keyring: %w", ErrWrongPassphrase)
	}
	k, err := secp.PrivKeyFromBytes(plain)
	clear(plain)
	if err != nil {
		return nil, fmt.Errorf("keyring: %w: %v", ErrBadKeyFile, err)
	}
	if k.PubKey() != env.PubKey {
		return nil, fmt.Errorf("keyring: %w: private key does not match public key", ErrBadKeyFile)
	}
	return k, nil
}
