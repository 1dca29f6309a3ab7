package membership

import (
	"crypto/sha256"
	"encoding/binary"
	"sort"
	"unicode/utf8"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
)

// Message type names.
const (
	TypeAdmit     = "membership/admit"
	TypeSuspend   = "membership/suspend"
	TypeReinstate = "membership/reinstate"
	TypeRotateKey = "membership/rotate-key"
)

// MaxLabel and MaxReason bound free-text fields.
const (
	MaxLabel  = 64
	MaxReason = 256
)

// MsgAdmit admits a new member to the signer's jurisdiction. Signer: operator.
type MsgAdmit struct {
	PubKey secp.PubKey `wire:"1" json:"pubkey"`
	Roles  []string    `wire:"2" json:"roles"`
	Label  string      `wire:"3" json:"label,omitempty"`
}

// MsgSuspend suspends a member of the signer's jurisdiction. Signer: operator.
type MsgSuspend struct {
	Member secp.Address `wire:"1" json:"member"`
	Reason string       `wire:"2" json:"reason"`
}

// MsgReinstate reinstates a suspended member. Signer: operator.
type MsgReinstate struct {
	Member secp.Address `wire:"1" json:"member"`
	Reason string       `wire:"2" json:"reason,omitempty"`
}

// MsgRotateKey replaces the signer's key. Proof is the new key's signature
// of RotationDigest, proving the signer holds it. Signer: any member.
type MsgRotateKey struct {
	NewPubKey secp.PubKey `wire:"1" json:"new_pubkey"`
	Proof     []byte      `wire:"2" json:"proof"`
}

// Type implements kit.Msg.
func (MsgAdmit) Type() string     { return TypeAdmit }
func (MsgSuspend) Type() string   { return TypeSuspend }
func (MsgReinstate) Type() string { return TypeReinstate }
func (MsgRotateKey) Type() string { return TypeRotateKey }

// ValidateBasic checks the roles and label.
func (m MsgAdmit) ValidateBasic() error {
	if _, err := secp.ParsePubKey(m.PubKey[:]); err != nil {
		return codes.TxInvalidMsg.Wrapf("pubkey: %v", err)
	}
	if err := ValidateRoles(m.Roles); err != nil {
		return err
	}
	return validText("label", m.Label, MaxLabel)
}

// ValidateBasic checks the address and reason.
func (m MsgSuspend) ValidateBasic() error {
	if m.Member.IsZero() {
		return codes.TxInvalidMsg.Wrapf("member address is required")
	}
	if m.Reason == "" {
		return codes.TxInvalidMsg.Wrapf("a reason is required to suspend a member")
	}
	return validText("reason", m.Reason, MaxReason)
}

// ValidateBasic checks the address and reason.
func (m MsgReinstate) ValidateBasic() error {
	if m.Member.IsZero() {
		return codes.TxInvalidMsg.Wrapf("member address is required")
	}
	return validText("reason", m.Reason, MaxReason)
}

// ValidateBasic checks the new key's form; the proof is checked in the
// handler, which knows the signer's address.
func (m MsgRotateKey) ValidateBasic() error {
	if _, err := secp.ParsePubKey(m.NewPubKey[:]); err != nil {
		return codes.TxInvalidMsg.Wrapf("new_pubkey: %v", err)
	}
	if len(m.Proof) != secp.SignatureSize {
		return codes.TxInvalidMsg.Wrapf("proof must be a 64-byte signature")
	}
	return nil
}

// ValidateRoles checks that roles is a non-empty, sorted set of known roles.
func ValidateRoles(roles []string) error {
	if len(roles) == 0 {
		return codes.MemberBadRole.Wrapf("at least one role is required")
	}
	if !sort.StringsAreSorted(roles) {
		return codes.MemberBadRole.Wrapf("roles must be sorted")
	}
	for i, r := range roles {
		if i > 0 && roles[i-1] == r {
			return codes.MemberBadRole.Wrapf("role %q listed twice", r)
		}
		if !knownRole(r) {
			return codes.MemberBadRole.Wrapf("unknown role %q (want one of %v)", r, Roles)
		}
	}
	return nil
}

func knownRole(r string) bool {
	for _, k := range Roles {
		if k == r {
			return true
		}
	}
	return false
}

func validText(field, s string, max int) error {
	if len(s) > max {
		return codes.TxInvalidMsg.Wrapf("%s is longer than %d bytes", field, max)
	}
	if !utf8.ValidString(s) {
		return codes.TxInvalidMsg.Wrapf("%s is not valid UTF-8", field)
	}
	return nil
}

// rotationTag separates key-rotation proofs from every other signature.
const rotationTag = "corridor/rotate-key/v1"

// RotationDigest is what the new key signs to prove possession: SHA-256 of
// the tag, the chain-id and the account address, each length-prefixed.
func RotationDigest(chainID string, account secp.Address) [32]byte {
	h := sha256.New()
	for _, part := range [][]byte{[]byte(rotationTag), []byte(chainID), account[:]} {
		var l [4]byte
		binary.BigEndian.PutUint32(l[:], uint32(len(part)))
		h.Write(l[:])
		h.Write(part)
	}
	var d [32]byte
	copy(d[:], h.Sum(nil))
	return d
}
