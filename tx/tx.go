package tx

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"

	"github.com/corridor-trade/corridor/codec"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/kit"
)

// SignTag is the domain-separation tag of transaction signatures.
const SignTag = "corridor/tx/v1"

// Envelope is the outermost structure of a transaction on the wire.
type Envelope struct {
	Body      []byte                   `wire:"1"`
	PubKey    secp.PubKey              `wire:"2"`
	Signature [secp.SignatureSize]byte `wire:"3"`
}

// Body is what the signer signs.
type Body struct {
	ChainID  string `wire:"1"`
	Sequence uint64 `wire:"2"`
	Msgs     []Any  `wire:"3"`
	Memo     string `wire:"4"`
}

// Any is one message: its type name and its canonical encoding.
type Any struct {
	Type  string `wire:"1"`
	Value []byte `wire:"2"`
}

// MaxMemo bounds the memo, which is public: it must not carry personal data.
const MaxMemo = 256

// SignDigest returns the digest a transaction's signature covers.
func SignDigest(chainID string, body []byte) [32]byte {
	h := sha256.New()
	for _, part := range [][]byte{[]byte(SignTag), []byte(chainID), body} {
		var l [4]byte
		binary.BigEndian.PutUint32(l[:], uint32(len(part)))
		h.Write(l[:])
		h.Write(part)
	}
	var d [32]byte
	copy(d[:], h.Sum(nil))
	return d
}

// Hash returns the transaction hash CometBFT uses: SHA-256 of the bytes.
func Hash(raw []byte) [32]byte { return sha256.Sum256(raw) }

// Decode parses raw transaction bytes into its envelope and body. It checks
// only the encoding; signatures and state are checked by the application.
func Decode(raw []byte) (*Envelope, *Body, error) {
	var env Envelope
	if err := codec.Unmarshal(raw, &env); err != nil {
		return nil, nil, fmt.Errorf("envelope: %w", err)
	}
	if len(env.Body) == 0 {
		return nil, nil, fmt.Errorf("envelope has no body")
	}
	var body Body
	if err := codec.Unmarshal(env.Body, &body); err != nil {
		return nil, nil, fmt.Errorf("body: %w", err)
	}
	return &env, &body, nil
}

// Build encodes msgs into a body for chainID and sequence, signs it with
// key and returns the transaction bytes.
func Build(key *secp.PrivKey, chainID string, sequence uint64, memo string, msgs ...kit.Msg) ([]byte, error) {
	if len(msgs) == 0 {
		return nil, fmt.Errorf("a transaction needs at least one message")
	}
	body := Body{ChainID: chainID, Sequence: sequence, Memo: memo}
	for _, m := range msgs {
		body.Msgs = append(body.Msgs, Any{Type: m.Type(), Value: codec.Marshal(m)})
	}
	bodyBytes := codec.Marshal(&body)
	env := Envelope{Body: bodyBytes, PubKey: key.PubKey(), Signature: key.Sign(SignDigest(chainID, bodyBytes))}
	return codec.Marshal(&env), nil
}
