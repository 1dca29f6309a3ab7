package gov

import (
	"fmt"
	"regexp"
	"time"
	"unicode/utf8"

	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
)

// Message type names.
const (
	TypePropose  = "gov/propose"
	TypeApprove  = "gov/approve"
	TypeReject   = "gov/reject"
	TypeWithdraw = "gov/withdraw"
)

// Bounds on free text and lists.
const (
	MaxSummary = 512
	MaxName    = 64
	MaxInfo    = 1024
	MaxKeys    = 16
)

// MsgPropose proposes a change. Signer: an operator.
type MsgPropose struct {
	Kind    string `wire:"1" json:"kind"`
	Change  Change `wire:"2" json:"change"`
	Summary string `wire:"3" json:"summary,omitempty"`
}

// MsgApprove approves a proposal (or changes a reject into an approval).
// Signer: an operator of an electing jurisdiction.
type MsgApprove struct {
	ID uint64 `wire:"1" json:"id"`
}

// MsgReject rejects a proposal (or changes an approval into a reject).
type MsgReject struct {
	ID uint64 `wire:"1" json:"id"`
}

// MsgWithdraw withdraws an open proposal. Signer: its proposer.
type MsgWithdraw struct {
	ID uint64 `wire:"1" json:"id"`
}

// Type implements kit.Msg.
func (MsgPropose) Type() string  { return TypePropose }
func (MsgApprove) Type() string  { return TypeApprove }
func (MsgReject) Type() string   { return TypeReject }
func (MsgWithdraw) Type() string { return TypeWithdraw }

// ValidateBasic checks that the id is set.
func (m MsgApprove) ValidateBasic() error { return needID(m.ID) }

// ValidateBasic checks that the id is set.
func (m MsgReject) ValidateBasic() error { return needID(m.ID) }

// ValidateBasic checks that the id is set.
func (m MsgWithdraw) ValidateBasic() error { return needID(m.ID) }

func needID(id uint64) error {
	if id == 0 {
		return codes.TxInvalidMsg.Wrapf("a proposal id is required")
	}
	return nil
}

var (
	jurisdictionCode = regexp.MustCompile(`^[A-Z]{2}(-[A-Z0-9]{1,3})?$`)
	upgradeName      = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)
)

// fields lists the non-zero fields of a change, by JSON name.
func (c *Change) fields() []string {
	var out []string
	add := func(set bool, name string) {
		if set {
			out = append(out, name)
		}
	}
	add(c.Jurisdiction != "", "jurisdiction")
	add(c.Name != "", "name")
	add(len(c.Validator) > 0, "validator")
	add(len(c.PubKey) > 0, "pub_key")
	add(c.Power != 0, "power")
	add(!c.Operator.IsZero(), "operator")
	add(len(c.Keys) > 0, "keys")
	add(c.Threshold != 0, "threshold")
	add(c.Class != "", "class")
	add(c.Num != 0, "num")
	add(c.Den != 0, "den")
	add(c.Height != 0, "height")
	add(c.Info != "", "info")
	add(c.Suspend, "suspend")
	add(c.Params != nil, "params")
	add(c.Consensus != nil, "consensus")
	add(c.LegalEffect != nil, "legal_effect")
	return out
}

// Fields gives, for every kind, the fields it requires and those it
// allows besides.
var Fields = map[string]struct{ Required, Optional []string }{
	KindJurisdictionAdd:    {[]string{"jurisdiction", "name", "keys"}, []string{"threshold"}},
	KindJurisdictionRemove: {[]string{"jurisdiction"}, nil},
	KindClassSet:           {[]string{"class", "num", "den"}, nil},
	KindUpgradeSchedule:    {[]string{"name", "height"}, []string{"info"}},
	KindUpgradeCancel:      {[]string{"name"}, nil},
	KindParamsSet:          {[]string{"params"}, nil},
	KindConsensusSet:       {[]string{"consensus"}, nil},
	KindValidatorEvict:     {[]string{"validator"}, []string{"suspend", "info"}},
	KindOperatorEvict:      {[]string{"operator"}, []string{"info"}},
	KindValidatorAdd:       {[]string{"jurisdiction", "name", "pub_key", "power"}, nil},
	KindValidatorRemove:    {[]string{"validator"}, nil},
	KindValidatorPower:     {[]string{"validator", "power"}, nil},
	KindValidatorRekey:     {[]string{"validator", "pub_key"}, nil},
	KindOperatorAdd:        {[]string{"jurisdiction", "keys"}, []string{"name"}},
	KindOperatorRemove:     {[]string{"operator"}, nil},
	KindOperatorRekey:      {[]string{"operator", "keys"}, nil},
	KindOperatorThreshold:  {[]string{"jurisdiction", "threshold"}, nil},
	KindLegalEffectSet:     {[]string{"legal_effect"}, nil},
}

// ValidateBasic checks the kind, that the change has exactly the fields
// its kind takes, and each field's form.
func (m MsgPropose) ValidateBasic() error {
	spec, ok := Fields[m.Kind]
	if !ok {
		return codes.GovUnknownKind.Wrapf("unknown proposal kind %q", m.Kind)
	}
	if err := text("summary", m.Summary, MaxSummary); err != nil {
		return err
	}
	allowed := map[string]bool{}
	for _, f := range spec.Optional {
		allowed[f] = true
	}
	for _, f := range spec.Required {
		allowed[f] = true
	}
	have := map[string]bool{}
	for _, f := range m.Change.fields() {
		if !allowed[f] {
			return codes.GovBadChange.Wrapf("%s takes no field %q", m.Kind, f)
		}
		have[f] = true
	}
	for _, f := range spec.Required {
		if !have[f] {
			return codes.GovBadChange.Wrapf("%s needs the field %q", m.Kind, f)
		}
	}
	return m.Change.validateForm()
}

func (c *Change) validateForm() error {
	if c.Jurisdiction != "" && !jurisdictionCode.MatchString(c.Jurisdiction) {
		return codes.GovBadChange.Wrapf("jurisdiction %q must look like SG or CN-SH", c.Jurisdiction)
	}
	if err := text("name", c.Name, MaxName); err != nil {
		return err
	}
	if err := text("info", c.Info, MaxInfo); err != nil {
		return err
	}
	if len(c.Validator) != 0 && len(c.Validator) != 20 {
		return codes.GovBadChange.Wrapf("validator must be a 20-byte consensus address (40 hex digits)")
	}
	if len(c.PubKey) != 0 && len(c.PubKey) != 32 {
		return codes.GovBadChange.Wrapf("pub_key must be a 32-byte ed25519 key")
	}
	if c.Power < 0 {
		return codes.GovBadChange.Wrapf("power must be positive")
	}
	if len(c.Keys) > MaxKeys {
		return codes.GovBadChange.Wrapf("at most %d keys", MaxKeys)
	}
	seen := map[secp.PubKey]bool{}
	for _, k := range c.Keys {
		if _, err := secp.ParsePubKey(k[:]); err != nil {
			return codes.GovBadChange.Wrapf("keys: %v", err)
		}
		if seen[k] {
			return codes.GovBadChange.Wrapf("keys: %s listed twice", k)
		}
		seen[k] = true
	}
	if c.Class != "" {
		if c.Class != ClassAll && c.Class != ClassOthers {
			return codes.GovBadChange.Wrapf("class must be %s or %s (%s is the jurisdiction concerned alone)", ClassAll, ClassOthers, ClassOwn)
		}
		if c.Den == 0 || c.Num > c.Den || 2*c.Num <= c.Den {
			return codes.GovBadChange.Wrapf("a class fraction num/den must be more than one half and at most one")
		}
	}
	if c.Height < 0 {
		return codes.GovBadChange.Wrapf("height must be positive")
	}
	if c.Name != "" && c.Height != 0 && !upgradeName.MatchString(c.Name) {
		return codes.GovBadChange.Wrapf("upgrade name %q must be lower-case letters, digits, '.', '_' or '-'", c.Name)
	}
	if p := c.Params; p != nil && (p.MaxTxBytes == 0 || p.MaxMsgs == 0 || p.PendingQuota == 0) {
		return codes.GovBadChange.Wrapf("params: max_tx_bytes, max_msgs and pending_quota must be positive")
	}
	if le := c.LegalEffect; le != nil {
		if err := le.Validate(); err != nil {
			return err
		}
	}
	if cp := c.Consensus; cp != nil {
		if err := cp.validate(); err != nil {
			return codes.GovBadChange.Wrapf("consensus: %v", err)
		}
	}
	return nil
}

// maxEvidenceAgeSeconds bounds evidence_max_age_seconds (100 years), so
// that it converts to a time.Duration without overflow.
const maxEvidenceAgeSeconds = 100 * 365 * 24 * 3600

// validate applies CometBFT's own checks of the block and evidence params
// (types.ConsensusParams.ValidateBasic, on its defaults with these
// groups replaced), so that CometBFT never receives an update it would
// answer by halting.
func (p *ConsensusParams) validate() error {
	if p.EvidenceMaxAgeSeconds <= 0 || p.EvidenceMaxAgeSeconds > maxEvidenceAgeSeconds {
		return fmt.Errorf("evidence_max_age_seconds must be in 1..%d", maxEvidenceAgeSeconds)
	}
	cp := cmttypes.DefaultConsensusParams()
	cp.Block = cmttypes.BlockParams{MaxBytes: p.BlockMaxBytes, MaxGas: p.BlockMaxGas}
	cp.Evidence = cmttypes.EvidenceParams{MaxAgeNumBlocks: p.EvidenceMaxAgeBlocks,
		MaxAgeDuration: time.Duration(p.EvidenceMaxAgeSeconds) * time.Second, MaxBytes: p.EvidenceMaxBytes}
	return cp.ValidateBasic()
}

func text(field, s string, max int) error {
	if len(s) > max {
		return codes.GovBadChange.Wrapf("%s is longer than %d bytes", field, max)
	}
	if !utf8.ValidString(s) {
		return codes.GovBadChange.Wrapf("%s is not valid UTF-8", field)
	}
	return nil
}
