package gov

import (
	"strconv"
	"time"

	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/membership"
	"github.com/corridor-trade/corridor/x/title"
)

// The classes: who decides a kind of change.
const (
	// ClassAll needs every jurisdiction (by default; its fraction is in
	// genesis).
	ClassAll = "all"
	// ClassOthers needs two thirds (by default) of the jurisdictions, the
	// jurisdiction concerned not counted.
	ClassOthers = "others"
	// ClassOwn needs the jurisdiction concerned alone.
	ClassOwn = "own"
)

// The proposal kinds, by class (docs/governance.md lists their fields).
const (
	KindJurisdictionAdd    = "jurisdiction-add"    // all: a new jurisdiction with its first operators
	KindJurisdictionRemove = "jurisdiction-remove" // all: its validators leave, its members are suspended
	KindClassSet           = "class-set"           // all: a class's fraction
	KindUpgradeSchedule    = "upgrade-schedule"    // all: {name, height, info}
	KindUpgradeCancel      = "upgrade-cancel"      // all
	KindParamsSet          = "params-set"          // all: transaction limits (membership params)
	KindConsensusSet       = "consensus-set"       // all: CometBFT block and evidence params
	KindValidatorEvict     = "validator-evict"     // others: remove or suspend a misbehaving validator
	KindOperatorEvict      = "operator-evict"      // others: suspend a misbehaving operator
	KindValidatorAdd       = "validator-add"       // own
	KindValidatorRemove    = "validator-remove"    // own
	KindValidatorPower     = "validator-power"     // own
	KindValidatorRekey     = "validator-rekey"     // own: consensus-key replacement
	KindOperatorAdd        = "operator-add"        // own
	KindOperatorRemove     = "operator-remove"     // own
	KindOperatorRekey      = "operator-rekey"      // own
	KindOperatorThreshold  = "operator-threshold"  // own: its m of n
	KindLegalEffectSet     = "legal-effect-set"    // own: whether its law gives electronic transferable records legal effect (x/title)
)

// Kinds maps every kind to its class.
var Kinds = map[string]string{
	KindJurisdictionAdd: ClassAll, KindJurisdictionRemove: ClassAll, KindClassSet: ClassAll,
	KindUpgradeSchedule: ClassAll, KindUpgradeCancel: ClassAll, KindParamsSet: ClassAll, KindConsensusSet: ClassAll,
	KindValidatorEvict: ClassOthers, KindOperatorEvict: ClassOthers,
	KindValidatorAdd: ClassOwn, KindValidatorRemove: ClassOwn, KindValidatorPower: ClassOwn, KindValidatorRekey: ClassOwn,
	KindOperatorAdd: ClassOwn, KindOperatorRemove: ClassOwn, KindOperatorRekey: ClassOwn, KindOperatorThreshold: ClassOwn,
	KindLegalEffectSet: ClassOwn,
}

// Proposal statuses. Every status but open is final.
const (
	StatusOpen      = "open"
	StatusExecuted  = "executed"
	StatusRejected  = "rejected"
	StatusExpired   = "expired"
	StatusWithdrawn = "withdrawn"
	StatusAborted   = "aborted"
)

// Statuses lists every status.
var Statuses = []string{StatusOpen, StatusExecuted, StatusRejected, StatusExpired, StatusWithdrawn, StatusAborted}

// Time is a block time in Unix nanoseconds, written as RFC 3339 in JSON.
type Time int64

// TimeOf returns t as a Time.
func TimeOf(t time.Time) Time { return Time(t.UnixNano()) }

// MarshalJSON writes the time in RFC 3339 (UTC).
func (t Time) MarshalJSON() ([]byte, error) {
	return []byte(strconv.Quote(time.Unix(0, int64(t)).UTC().Format(time.RFC3339Nano))), nil
}

// UnmarshalJSON reads the form MarshalJSON writes.
func (t *Time) UnmarshalJSON(b []byte) error {
	var v time.Time
	if err := v.UnmarshalJSON(b); err != nil {
		return err
	}
	*t = Time(v.UnixNano())
	return nil
}

// ClassRule is a class's fraction: a proposal of the class passes when at
// least Num/Den of its electorate's jurisdictions approve (rounded up, at
// least one).
type ClassRule struct {
	Class string `wire:"1" json:"class"`
	Num   uint64 `wire:"2" json:"num"`
	Den   uint64 `wire:"3" json:"den"`
}

// Needed returns how many of electorate jurisdictions must approve.
func (r ClassRule) Needed(electorate uint64) uint64 {
	if r.Den == 0 {
		return electorate + 1 // unreachable after validation: nothing passes
	}
	n := (r.Num*electorate + r.Den - 1) / r.Den
	if n == 0 {
		n = 1
	}
	return n
}

// Threshold is a jurisdiction's m of its n operators.
type Threshold struct {
	Jurisdiction string `wire:"1" json:"jurisdiction"`
	M            uint64 `wire:"2" json:"m"`
}

// Params are the governance parameters.
type Params struct {
	VotingPeriodSeconds    int64  `wire:"1" json:"voting_period_seconds"`
	MinDelaySeconds        int64  `wire:"2" json:"min_delay_seconds"`
	ExecutionWindowSeconds int64  `wire:"3" json:"execution_window_seconds"`
	ProposalQuota          uint64 `wire:"4" json:"proposal_quota"`
	MaxValidatorPower      int64  `wire:"5" json:"max_validator_power"`
	MaxTotalPower          int64  `wire:"6" json:"max_total_power"`
	// Devnet allows validators of one jurisdiction only, which then holds
	// all the power and need not be joined by the others' validators. It
	// is refused once validators of two or more jurisdictions exist.
	Devnet bool `wire:"7" json:"devnet"`
}

// DefaultParams are the parameters genesis starts from.
func DefaultParams() Params {
	return Params{VotingPeriodSeconds: 7 * 24 * 3600, MinDelaySeconds: 0, ExecutionWindowSeconds: 24 * 3600,
		ProposalQuota: 5, MaxValidatorPower: 1000, MaxTotalPower: 100000}
}

// DefaultClasses are the class rules genesis starts from.
func DefaultClasses() []ClassRule {
	return []ClassRule{{Class: ClassAll, Num: 1, Den: 1}, {Class: ClassOthers, Num: 2, Den: 3}, {Class: ClassOwn, Num: 1, Den: 1}}
}

// ConsensusParams are the CometBFT parameters a consensus-set proposal
// sets, all together (CometBFT replaces the block and evidence groups
// whole).
type ConsensusParams struct {
	BlockMaxBytes         int64 `wire:"1" json:"block_max_bytes"`
	BlockMaxGas           int64 `wire:"2" json:"block_max_gas"`
	EvidenceMaxAgeBlocks  int64 `wire:"3" json:"evidence_max_age_blocks"`
	EvidenceMaxAgeSeconds int64 `wire:"4" json:"evidence_max_age_seconds"`
	EvidenceMaxBytes      int64 `wire:"5" json:"evidence_max_bytes"`
}

// Plan is a scheduled upgrade, in the form cosmovisor reads from
// upgrade-info.json.
type Plan struct {
	Name   string `wire:"1" json:"name"`
	Height int64  `wire:"2" json:"height"`
	Info   string `wire:"3" json:"info,omitempty"`
}

// Change is what a proposal would do. Which fields a kind takes is
// checked by ValidateBasic (docs/governance.md lists them).
type Change struct {
	Jurisdiction string             `wire:"1" json:"jurisdiction,omitempty"`
	Name         string             `wire:"2" json:"name,omitempty"`
	Validator    kit.HexBytes       `wire:"3" json:"validator,omitempty"` // consensus address of an existing validator
	PubKey       kit.HexBytes       `wire:"4" json:"pub_key,omitempty"`   // ed25519 consensus key (32 bytes)
	Power        int64              `wire:"5" json:"power,omitempty"`
	Operator     secp.Address       `wire:"6" json:"operator,omitempty"`
	Keys         []secp.PubKey      `wire:"7" json:"keys,omitempty"` // operator keys
	Threshold    uint64             `wire:"8" json:"threshold,omitempty"`
	Class        string             `wire:"9" json:"class,omitempty"`
	Num          uint64             `wire:"10" json:"num,omitempty"`
	Den          uint64             `wire:"11" json:"den,omitempty"`
	Height       int64              `wire:"12" json:"height,omitempty"`
	Info         string             `wire:"13" json:"info,omitempty"`
	Suspend      bool               `wire:"14" json:"suspend,omitempty"`
	Params       *membership.Params `wire:"15" json:"params,omitempty"`
	Consensus    *ConsensusParams   `wire:"16" json:"consensus,omitempty"`
	LegalEffect  *title.LegalEffect `wire:"17" json:"legal_effect,omitempty"`
}

// Vote is one operator's vote; a later vote of the same operator replaces
// it.
type Vote struct {
	Voter        secp.Address `wire:"1" json:"voter"`
	Jurisdiction string       `wire:"2" json:"jurisdiction"`
	Approve      bool         `wire:"3" json:"approve"`
	At           kit.Stamp    `wire:"4" json:"at"`
}

// Proposal is a proposed change and its votes.
type Proposal struct {
	ID         uint64       `wire:"1" json:"id"`
	Kind       string       `wire:"2" json:"kind"`
	Class      string       `wire:"3" json:"class"`
	Concerned  string       `wire:"4" json:"concerned,omitempty"` // the jurisdiction concerned, for others and own
	Change     Change       `wire:"5" json:"change"`
	Summary    string       `wire:"6" json:"summary,omitempty"`
	Proposer   secp.Address `wire:"7" json:"proposer"`
	Submitted  kit.Stamp    `wire:"8" json:"submitted"`
	VotingEnds Time         `wire:"9" json:"voting_ends"`
	ExecAfter  Time         `wire:"10" json:"executable_after"`
	Rule       ClassRule    `wire:"11" json:"rule"` // the class rule at submission
	Status     string       `wire:"12" json:"status"`
	Votes      []Vote       `wire:"13" json:"votes"`
	PassedAt   Time         `wire:"14" json:"passed_at,omitempty"`
	Closed     *kit.Stamp   `wire:"15" json:"closed,omitempty"`
	Reason     string       `wire:"16" json:"reason,omitempty"` // why it closed, or the last execution error
	FinalTally *Tally       `wire:"17" json:"final_tally,omitempty"`
}

// JurisdictionTally is one jurisdiction's part of a tally.
type JurisdictionTally struct {
	Jurisdiction string `wire:"1" json:"jurisdiction"`
	Operators    uint64 `wire:"2" json:"operators"` // its active operators now
	Threshold    uint64 `wire:"3" json:"threshold"` // m
	Approve      uint64 `wire:"4" json:"approve"`
	Reject       uint64 `wire:"5" json:"reject"`
	Decision     string `wire:"6" json:"decision"` // approved, rejected, pending
}

// Tally is a proposal's count: per electing jurisdiction, and overall.
type Tally struct {
	Jurisdictions []JurisdictionTally `wire:"1" json:"jurisdictions"`
	Needed        uint64              `wire:"2" json:"needed"`
	Approved      uint64              `wire:"3" json:"approved"`
	Rejected      uint64              `wire:"4" json:"rejected"`
	Outcome       string              `wire:"5" json:"outcome"` // passed, rejected, pending
}
