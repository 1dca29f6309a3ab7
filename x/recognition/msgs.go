package recognition

import (
	"sort"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/identity"
)

// Message type names.
const (
	TypeSet    = "recognition/set"
	TypeRemove = "recognition/remove"
)

// MaxListLen bounds the claims and profiles lists of a rule.
const MaxListLen = 32

// MsgSet adds or replaces one rule of jurisdiction In, which must be the
// signer's. It names exactly one of: Attester (with Claims), an
// AttesterJurisdiction (with Claims), or Profiles (the full list of
// accepted profiles, replacing the previous list). Lists are sorted and
// free of duplicates. Signer: operator.
type MsgSet struct {
	In                   string       `wire:"1" json:"in"`
	Attester             secp.Address `wire:"2" json:"attester"`
	AttesterJurisdiction string       `wire:"3" json:"attester_jurisdiction,omitempty"`
	Claims               []string     `wire:"4" json:"claims,omitempty"`
	Profiles             []string     `wire:"5" json:"profiles,omitempty"`
}

// MsgRemove removes one rule of jurisdiction In, which must be the
// signer's: the attester rule of Attester, the jurisdiction rule of
// AttesterJurisdiction, or (Profiles set) the list of accepted profiles.
// Exactly one must be given. Signer: operator.
type MsgRemove struct {
	In                   string       `wire:"1" json:"in"`
	Attester             secp.Address `wire:"2" json:"attester"`
	AttesterJurisdiction string       `wire:"3" json:"attester_jurisdiction,omitempty"`
	Profiles             bool         `wire:"4" json:"profiles,omitempty"`
}

// Type implements kit.Msg.
func (MsgSet) Type() string { return TypeSet }

// Type implements kit.Msg.
func (MsgRemove) Type() string { return TypeRemove }

// ValidateBasic checks the rule's shape and lists.
func (m MsgSet) ValidateBasic() error {
	if !ValidJurisdictionCode(m.In) {
		return codes.TxInvalidMsg.Wrapf("in %q must be a jurisdiction code such as SG or CN-SH", m.In)
	}
	if n := count(!m.Attester.IsZero(), m.AttesterJurisdiction != "", len(m.Profiles) > 0); n != 1 {
		return codes.RecognitionBadRule.Wrapf("name exactly one of attester, attester_jurisdiction or profiles (got %d)", n)
	}
	if len(m.Profiles) > 0 {
		if len(m.Claims) > 0 {
			return codes.RecognitionBadRule.Wrapf("a profiles rule takes no claims")
		}
		if err := sortedSet("profiles", m.Profiles); err != nil {
			return err
		}
		for _, p := range m.Profiles {
			if !KnownProfile(p) {
				return codes.RecognitionUnknownProfile.Wrapf("unknown profile %q (want one of %v)", p, Profiles)
			}
		}
		return nil
	}
	if m.AttesterJurisdiction != "" {
		if !ValidJurisdictionCode(m.AttesterJurisdiction) {
			return codes.TxInvalidMsg.Wrapf("attester_jurisdiction %q must be a jurisdiction code such as SG or CN-SH", m.AttesterJurisdiction)
		}
		if m.AttesterJurisdiction == m.In {
			return codes.RecognitionOwnJurisdiction.Wrapf("attesters of %s are always recognised in %s", m.In, m.In)
		}
	}
	if len(m.Claims) == 0 {
		return codes.RecognitionBadRule.Wrapf("an attester rule needs at least one claim (use recognition/remove to drop it)")
	}
	if err := sortedSet("claims", m.Claims); err != nil {
		return err
	}
	for _, c := range m.Claims {
		if !identity.KnownClaim(c) {
			return codes.IdentityUnknownClaim.Wrapf("unknown claim %q (want one of %v)", c, identity.Claims)
		}
	}
	return nil
}

// ValidateBasic checks that exactly one rule is named.
func (m MsgRemove) ValidateBasic() error {
	if !ValidJurisdictionCode(m.In) {
		return codes.TxInvalidMsg.Wrapf("in %q must be a jurisdiction code such as SG or CN-SH", m.In)
	}
	if n := count(!m.Attester.IsZero(), m.AttesterJurisdiction != "", m.Profiles); n != 1 {
		return codes.RecognitionBadRule.Wrapf("name exactly one of attester, attester_jurisdiction or profiles (got %d)", n)
	}
	if m.AttesterJurisdiction != "" && !ValidJurisdictionCode(m.AttesterJurisdiction) {
		return codes.TxInvalidMsg.Wrapf("attester_jurisdiction %q must be a jurisdiction code such as SG or CN-SH", m.AttesterJurisdiction)
	}
	return nil
}

func count(bs ...bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}

// sortedSet checks that list is sorted, without duplicates and bounded.
func sortedSet(field string, list []string) error {
	if len(list) > MaxListLen {
		return codes.RecognitionBadRule.Wrapf("%s lists more than %d entries", field, MaxListLen)
	}
	if !sort.StringsAreSorted(list) {
		return codes.RecognitionBadRule.Wrapf("%s must be sorted", field)
	}
	for i := 1; i < len(list); i++ {
		if list[i] == list[i-1] {
			return codes.RecognitionBadRule.Wrapf("%s lists %q twice", field, list[i])
		}
	}
	return nil
}
