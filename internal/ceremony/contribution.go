package ceremony

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"strconv"

	"github.com/corridor-trade/corridor/codec"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/membership"
)

// Format names the contribution file format; other values are refused.
const Format = "corridor-genesis-contribution/1"

// domain prefixes the signed bytes, so that a contribution signature can
// never be mistaken for a transaction or any other signed statement.
const domain = "corridor/genesis-contribution/1\x00"

// MaxFileSize bounds a contribution file (a city lists a handful of keys).
const MaxFileSize = 64 << 10

// maxEntries bounds the operators and the validators of one contribution.
const maxEntries = 64

// Operator is a partner operator of the contributing jurisdiction: a genesis
// member with the role operator.
type Operator struct {
	PubKey secp.PubKey `json:"pubkey" wire:"1"` // compressed secp256k1, hex in JSON
	Label  string      `json:"label" wire:"2"`  // public handle, e.g. sg-operator
}

// Validator is one validator node of the contributing jurisdiction.
type Validator struct {
	Name       string `json:"name" wire:"1"`        // moniker, unique in the network
	PubKey     []byte `json:"pub_key" wire:"2"`     // 32-byte ed25519 consensus key, base64 in JSON
	Power      int64  `json:"power" wire:"3"`       // voting power
	NodeID     string `json:"node_id" wire:"4"`     // CometBFT p2p node id (hex), for persistent_peers
	P2PAddress string `json:"p2p_address" wire:"5"` // host:port other validators dial
}

// Contribution is what one city brings to genesis.
type Contribution struct {
	Format           string      `json:"format" wire:"1"`
	ChainID          string      `json:"chain_id" wire:"2"`
	Jurisdiction     string      `json:"jurisdiction" wire:"3"`      // e.g. SG
	JurisdictionName string      `json:"jurisdiction_name" wire:"4"` // e.g. Singapore
	Operators        []Operator  `json:"operators" wire:"5"`
	Validators       []Validator `json:"validators" wire:"6"`
}

// Signed is a contribution file: the contribution, the operator key that
// signed it and the signature.
type Signed struct {
	Contribution Contribution `json:"contribution"`
	Signer       secp.PubKey  `json:"signer"`
	Signature    string       `json:"signature"` // 64-byte r||s, hex
}

// Validate checks a contribution on its own: the format, the chain-id and
// jurisdiction code, at least one operator and one validator, valid keys,
// positive powers, and no key, label, name or node id listed twice.
func (c *Contribution) Validate() error {
	bad := codes.GenesisBadContribution.Wrapf
	if c.Format != Format {
		return bad("format %q, want %q", c.Format, Format)
	}
	if c.ChainID == "" {
		return bad("no chain_id")
	}
	if len(c.Operators) == 0 || len(c.Validators) == 0 {
		return bad("%s lists %d operators and %d validators: it needs at least one of each", c.Jurisdiction, len(c.Operators), len(c.Validators))
	}
	if len(c.Operators) > maxEntries || len(c.Validators) > maxEntries {
		return bad("more than %d operators or validators", maxEntries)
	}
	// The membership rules (code, key, label, names, power) are checked by
	// membership's own genesis validation of this jurisdiction alone.
	g := c.membership()
	if err := g.Validate(); err != nil {
		return bad("%s: %v", c.Jurisdiction, err)
	}
	labels, nodes := map[string]bool{}, map[string]bool{}
	for _, o := range c.Operators {
		if o.Label == "" || labels[o.Label] {
			return bad("operator label %q is empty or used twice", o.Label)
		}
		labels[o.Label] = true
	}
	for _, v := range c.Validators {
		if len(v.NodeID) != 40 || !isHex(v.NodeID) {
			return bad("validator %s: node_id %q must be 40 hex digits (corridord shows it at init)", v.Name, v.NodeID)
		}
		if nodes[v.NodeID] {
			return bad("validator %s: node_id %s listed twice", v.Name, v.NodeID)
		}
		nodes[v.NodeID] = true
		if err := checkHostPort(v.P2PAddress); err != nil {
			return bad("validator %s: p2p_address: %v", v.Name, err)
		}
	}
	return nil
}

// membership returns the contribution as a one-jurisdiction membership
// genesis.
func (c *Contribution) membership() membership.Genesis {
	g := membership.Genesis{Jurisdictions: []membership.Jurisdiction{{Code: c.Jurisdiction, Name: c.JurisdictionName}}}
	for _, o := range c.Operators {
		g.Members = append(g.Members, membership.GenesisMember{PubKey: o.PubKey, Jurisdiction: c.Jurisdiction,
			Roles: []string{membership.RoleOperator}, Label: o.Label})
	}
	for _, v := range c.Validators {
		g.Validators = append(g.Validators, membership.GenesisValidator{Name: v.Name, Jurisdiction: c.Jurisdiction, PubKey: v.PubKey, Power: v.Power})
	}
	return g
}

// Digest is what the operator signs: SHA-256 of the domain string and the
// contribution's canonical encoding.
func (c *Contribution) Digest() [32]byte {
	return sha256.Sum256(append([]byte(domain), codec.Marshal(c)...))
}

// Sign validates c and signs it with key, which must belong to one of c's
// operators.
func Sign(c Contribution, key *secp.PrivKey) (*Signed, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	pub := key.PubKey()
	if !c.hasOperator(pub) {
		return nil, codes.GenesisBadSignature.Wrapf("the signing key %s is not one of %s's operators", pub.Address(), c.Jurisdiction)
	}
	sig := key.Sign(c.Digest())
	return &Signed{Contribution: c, Signer: pub, Signature: hex.EncodeToString(sig[:])}, nil
}

func (c *Contribution) hasOperator(pub secp.PubKey) bool {
	for _, o := range c.Operators {
		if o.PubKey == pub {
			return true
		}
	}
	return false
}

// Verify checks the contribution and its signature by one of its operators.
func (s *Signed) Verify() error {
	if err := s.Contribution.Validate(); err != nil {
		return err
	}
	if !s.Contribution.hasOperator(s.Signer) {
		return codes.GenesisBadSignature.Wrapf("%s: the signer %s is not one of the operators it lists", s.Contribution.Jurisdiction, s.Signer.Address())
	}
	sig, err := hex.DecodeString(s.Signature)
	if err != nil {
		return codes.GenesisBadSignature.Wrapf("%s: signature is not hex", s.Contribution.Jurisdiction)
	}
	if err := secp.Verify(s.Signer, s.Contribution.Digest(), sig); err != nil {
		return codes.GenesisBadSignature.Wrapf("%s: %v (was the file changed after it was signed?)", s.Contribution.Jurisdiction, err)
	}
	return nil
}

// Decode parses a contribution file strictly (no unknown fields, no
// trailing data, at most MaxFileSize bytes) and verifies its signature.
func Decode(data []byte) (*Signed, error) {
	if len(data) > MaxFileSize {
		return nil, codes.GenesisBadContribution.Wrapf("file is %d bytes, over the %d limit", len(data), MaxFileSize)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var s Signed
	if err := dec.Decode(&s); err != nil {
		return nil, codes.GenesisBadContribution.Wrapf("not a contribution file: %v", err)
	}
	if dec.More() {
		return nil, codes.GenesisBadContribution.Wrapf("trailing data after the contribution")
	}
	if err := s.Verify(); err != nil {
		return nil, err
	}
	return &s, nil
}

// Encode returns the contribution file's bytes (indented JSON).
func (s *Signed) Encode() ([]byte, error) {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

func isHex(s string) bool {
	_, err := hex.DecodeString(s)
	return err == nil
}

func checkHostPort(s string) error {
	host, port, err := net.SplitHostPort(s)
	if err != nil {
		return fmt.Errorf("%q is not host:port", s)
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		return fmt.Errorf("%q: give the address other validators dial, not a wildcard", s)
	}
	if p, err := strconv.Atoi(port); err != nil || p < 1 || p > 65535 {
		return fmt.Errorf("%q: bad port", s)
	}
	return nil
}
