package identity

import (
	"unicode/utf8"

	"github.com/corridor-trade/corridor/codes"
)

// Message type names.
const (
	TypeAttest = "identity/attest"
	TypeRevoke = "identity/revoke"
)

// MaxReason bounds a revocation reason.
const MaxReason = 256

// MsgAttest records an attestation by the signer. Signer: attester.
// ValidFrom 0 means the block time; ValidUntil 0 means open-ended. Both are
// Unix nanoseconds.
type MsgAttest struct {
	Subject        Subject `wire:"1" json:"subject"`
	Claim          string  `wire:"2" json:"claim"`
	Scheme         string  `wire:"3" json:"scheme,omitempty"`
	CredentialHash Hash    `wire:"4" json:"credential_hash"`
	ValidFrom      int64   `wire:"5" json:"valid_from,omitempty"`
	ValidUntil     int64   `wire:"6" json:"valid_until,omitempty"`
}

// MsgRevoke revokes an attestation the signer made. Signer: attester.
type MsgRevoke struct {
	ID     Hash   `wire:"1" json:"id"`
	Reason string `wire:"2" json:"reason"`
}

// Type implements kit.Msg.
func (MsgAttest) Type() string { return TypeAttest }

// Type implements kit.Msg.
func (MsgRevoke) Type() string { return TypeRevoke }

// ValidateBasic checks the subject, claim, scheme, credential hash and the
// validity window's shape.
func (m MsgAttest) ValidateBasic() error {
	if !m.Subject.Valid() {
		return codes.IdentityBadSubject.Wrapf("subject needs exactly one of a member address or a commitment")
	}
	if !KnownClaim(m.Claim) {
		return codes.IdentityUnknownClaim.Wrapf("unknown claim %q (want one of %v)", m.Claim, Claims)
	}
	if !schemeAllowed(m.Claim, m.Scheme) {
		return codes.IdentityUnknownScheme.Wrapf("scheme %q is not allowed for claim %s (want one of %q)", m.Scheme, m.Claim, claimSchemes[m.Claim])
	}
	if m.CredentialHash.IsZero() {
		return codes.TxInvalidMsg.Wrapf("credential_hash (SHA-256 of the off-ledger credential) is required")
	}
	if m.ValidFrom < 0 || m.ValidUntil < 0 {
		return codes.IdentityBadValidity.Wrapf("valid_from and valid_until must not be negative")
	}
	if m.ValidFrom != 0 && m.ValidUntil != 0 && m.ValidUntil <= m.ValidFrom {
		return codes.IdentityBadValidity.Wrapf("valid_until must be after valid_from")
	}
	return nil
}

// ValidateBasic checks the id and the reason.
func (m MsgRevoke) ValidateBasic() error {
	if m.ID.IsZero() {
		return codes.TxInvalidMsg.Wrapf("attestation id is required")
	}
	if m.Reason == "" {
		return codes.TxInvalidMsg.Wrapf("a reason is required to revoke an attestation")
	}
	if len(m.Reason) > MaxReason {
		return codes.TxInvalidMsg.Wrapf("reason is longer than %d bytes", MaxReason)
	}
	if !utf8.ValidString(m.Reason) {
		return codes.TxInvalidMsg.Wrapf("reason is not valid UTF-8")
	}
	return nil
}

func schemeAllowed(claim, scheme string) bool {
	for _, s := range claimSchemes[claim] {
		if s == scheme {
			return true
		}
	}
	return false
}
