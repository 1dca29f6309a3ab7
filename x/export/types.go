package export

import (
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/kit"
)

// Name is the module's name (its key in genesis app_state).
const Name = "export"

// Hash is the shared 32-byte value type (see kit.Hash).
type Hash = kit.Hash

// Data classes a rule applies to, from least to most protected.
const (
	ClassNone      = "none"      // neither personal information nor important data
	ClassPersonal  = "personal"  // personal information
	ClassSensitive = "sensitive" // sensitive personal information
	ClassImportant = "important" // important data
)

// Procedures a rule can require, from least to most demanding.
const (
	ProcExempt      = "exempt"              // nothing to file
	ProcReportOnly  = "report-only"         // a report to the local service centre, no prior filing
	ProcContract    = "standard-contract"   // a filed personal-information standard contract (or a certification)
	ProcCertify     = "certification"       // a personal-information protection certification (or a filed standard contract)
	ProcSecurityAss = "security-assessment" // a security assessment approved by the authority
)

// procRank orders the procedures; a decision takes the most demanding
// procedure of every rule that applies. Standard contract and
// certification rank equal: the Provisions (Arts. 7-8) let the handler
// choose either.
func procRank(p string) int {
	switch p {
	case ProcExempt:
		return 0
	case ProcReportOnly:
		return 1
	case ProcContract, ProcCertify:
		return 2
	case ProcSecurityAss:
		return 3
	}
	return -1
}

// Rule kinds.
const (
	// KindExemption exempts a flow of the rule's scenario outright (Art. 5
	// of the Provisions), unless it carries important data or the handler
	// is a critical information infrastructure operator.
	KindExemption = "exemption"
	// KindList is one entry of a free-trade zone's negative list: data of
	// its sector, scenario, category and items needs the rule's procedure
	// (and the thresholds still apply). A rule set with list entries is a
	// negative list: a flow matching none of them is exempt (Art. 6).
	KindList = "list"
	// KindThreshold requires its procedure when the metric, counted over
	// its window, reaches Min.
	KindThreshold = "threshold"
)

// Threshold metrics.
const (
	MetricIndividuals = "individuals"   // non-sensitive personal information of this many individuals (Art. 7-8 count sensitive apart)
	MetricSensitive   = "sensitive"     // sensitive personal information of this many individuals
	MetricImportant   = "important"     // flows carrying important data (any is 1)
	MetricCIIO        = "ciio-personal" // individuals, counted only when the handler is a CIIO
)

// Counting windows.
const (
	WindowYear = "calendar-year" // cumulative from 1 January (the rule set's local time) of the block time's year
	WindowFlow = "flow"          // this flow alone
)

// Evidence instruments.
const (
	InstrSecurityAssessment = "security-assessment" // approval of a data-export security assessment (CAC)
	InstrStandardContract   = "standard-contract"   // filed personal-information export standard contract
	InstrCertification      = "certification"       // personal-information protection certification
	InstrPDPAContract       = "pdpa-contract"       // a contract binding the recipient under Singapore PDPA s26 / PDPR reg 10
	InstrCBPR               = "cbpr"                // APEC / Global CBPR certificate of the recipient
	InstrGBAContract        = "gba-contract"        // Mainland-Hong Kong GBA standard contract (Guangdong's nine GBA cities only)
)

// Instruments lists every instrument in sorted order.
var Instruments = []string{InstrCBPR, InstrCertification, InstrGBAContract, InstrPDPAContract, InstrSecurityAssessment, InstrStandardContract}

// satisfies reports whether an instrument satisfies a procedure.
func satisfies(instr, proc string) bool {
	switch proc {
	case ProcContract, ProcCertify:
		return instr == InstrStandardContract || instr == InstrCertification || instr == InstrSecurityAssessment
	case ProcSecurityAss:
		return instr == InstrSecurityAssessment
	}
	return true
}

// RuleSet is one version of a jurisdiction's export rules. Dates are RFC
// 3339 in UTC ("2024-03-22T00:00:00Z"); EffectiveUntil "" is open-ended.
type RuleSet struct {
	Jurisdiction   string `wire:"1" json:"jurisdiction"`
	Version        uint64 `wire:"2" json:"version"`
	EffectiveFrom  string `wire:"3" json:"effective_from"`
	EffectiveUntil string `wire:"4" json:"effective_until,omitempty"`
	SourceTitle    string `wire:"5" json:"source_title"`
	SourceHash     Hash   `wire:"6" json:"source_hash"`
	// UTCOffsetMinutes is the jurisdiction's local time (+480 for China
	// Standard Time): a calendar year and a business day begin at local
	// midnight. A fixed offset, not a time-zone database, keeps every node
	// on the same answer.
	UTCOffsetMinutes int64 `wire:"7" json:"utc_offset_minutes"`
	// RequireEntity refuses flows from members that no legal-entity
	// attestation links to an entity (see EntityOf).
	RequireEntity bool `wire:"8" json:"require_entity,omitempty"`
	// Sample marks a rule set whose content stands in for an official text.
	Sample bool   `wire:"9" json:"sample,omitempty"`
	Rules  []Rule `wire:"10" json:"rules"`
}

// Rule is one list entry, exemption or threshold. Empty Sector, Scenario,
// Category and Items match anything; Items are UN/CEFACT CCL or ICC KTDDE
// element ids where a trade field is meant.
type Rule struct {
	ID              string   `wire:"1" json:"id"`
	Kind            string   `wire:"2" json:"kind"`
	Sector          string   `wire:"3" json:"sector,omitempty"`
	Scenario        string   `wire:"4" json:"scenario,omitempty"`
	Category        string   `wire:"5" json:"category,omitempty"`
	Items           []string `wire:"6" json:"items,omitempty"`
	Characteristics string   `wire:"7" json:"characteristics,omitempty"`
	DataClass       string   `wire:"8" json:"data_class"`
	Metric          string   `wire:"9" json:"metric,omitempty"`
	Min             uint64   `wire:"10" json:"min,omitempty"`
	Window          string   `wire:"11" json:"window,omitempty"`
	Procedure       string   `wire:"12" json:"procedure"`
	ReportDays      uint32   `wire:"13" json:"report_business_days,omitempty"`
	Source          string   `wire:"14" json:"source"`
}

// Evidence is an anchored compliance instrument: hashes and reference
// numbers only. Times are block-time Unix nanoseconds; ValidUntil 0 is
// open-ended.
type Evidence struct {
	ID           Hash           `wire:"1" json:"id"`
	Instrument   string         `wire:"2" json:"instrument"`
	Authority    string         `wire:"3" json:"authority"`
	Reference    string         `wire:"4" json:"reference"`
	DocHash      Hash           `wire:"5" json:"doc_hash"`
	Holder       secp.Address   `wire:"6" json:"holder"`
	Recipient    secp.Address   `wire:"7" json:"recipient,omitempty"`
	Destinations []string       `wire:"8" json:"destinations"`
	Scenarios    []string       `wire:"9" json:"scenarios,omitempty"`
	ValidFrom    int64          `wire:"10" json:"valid_from"`
	ValidUntil   int64          `wire:"11" json:"valid_until,omitempty"`
	AnchoredBy   secp.Address   `wire:"12" json:"anchored_by"`
	Revoked      bool           `wire:"13" json:"revoked,omitempty"`
	History      []StatusChange `wire:"14" json:"history"`
}

// StatusChange is one entry of an evidence record's history.
type StatusChange struct {
	At     kit.Stamp    `wire:"1" json:"at"`
	Event  string       `wire:"2" json:"event"` // anchored, revoked
	By     secp.Address `wire:"3" json:"by"`
	Reason string       `wire:"4" json:"reason,omitempty"`
}

// Volumes are what a flow declares of the people and data it carries:
// counts, never the data.
type Volumes struct {
	Individuals uint64 `wire:"1" json:"individuals"`         // individuals whose (non-sensitive) personal information crosses, not counted before this year
	Sensitive   uint64 `wire:"2" json:"sensitive"`           // individuals whose sensitive personal information crosses, likewise
	Important   bool   `wire:"3" json:"important,omitempty"` // important data is included
}

// Counter is a legal entity's cumulative volumes in one jurisdiction and
// calendar year.
type Counter struct {
	Individuals uint64 `wire:"1" json:"individuals"`
	Sensitive   uint64 `wire:"2" json:"sensitive"`
	Important   uint64 `wire:"3" json:"important_flows"`
	Flows       uint64 `wire:"4" json:"flows"`
}

// Flow is a declared, accepted data flow.
type Flow struct {
	ID          Hash         `wire:"1" json:"id"`
	Exporter    secp.Address `wire:"2" json:"exporter"`
	Entity      Hash         `wire:"3" json:"entity"`
	Origin      string       `wire:"4" json:"origin"`
	Destination string       `wire:"5" json:"destination"`
	Recipient   secp.Address `wire:"6" json:"recipient"`
	Sector      string       `wire:"7" json:"sector,omitempty"`
	Scenario    string       `wire:"8" json:"scenario"`
	Categories  []string     `wire:"9" json:"categories"`
	Items       []string     `wire:"10" json:"items,omitempty"`
	Volumes     Volumes      `wire:"11" json:"volumes"`
	CIIO        bool         `wire:"12" json:"ciio,omitempty"`
	Documents   []Hash       `wire:"13" json:"documents,omitempty"`
	Evidence    []Hash       `wire:"14" json:"evidence,omitempty"`
	RuleSet     uint64       `wire:"15" json:"rule_set_version"`
	Decision    Decision     `wire:"16" json:"decision"`
	Year        uint32       `wire:"17" json:"year"`
	Declared    kit.Stamp    `wire:"18" json:"declared"`
	ReportDue   int64        `wire:"19" json:"-"` // Unix nanoseconds; 0 when no report is due
	Reported    kit.Stamp    `wire:"20" json:"reported"`
	ReportHash  Hash         `wire:"21" json:"report_hash"`
	ReportRef   string       `wire:"22" json:"report_reference,omitempty"`
}

// Decision is what Decide concluded for a flow.
type Decision struct {
	Procedure  string   `wire:"1" json:"procedure"`
	Rules      []string `wire:"2" json:"rules"`   // ids of the rules that applied
	Reasons    []string `wire:"3" json:"reasons"` // one sentence per rule, in rule-set order
	ReportDays uint32   `wire:"4" json:"report_business_days,omitempty"`
	Counted    bool     `wire:"5" json:"counted"` // the volumes were added to the entity's counters
	Evidence   Hash     `wire:"6" json:"evidence_used"`
}
