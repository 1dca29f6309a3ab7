package export

import (
	"unicode/utf8"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
)

// Message type names.
const (
	TypeRules          = "export/rules"
	TypeEvidence       = "export/evidence"
	TypeRevokeEvidence = "export/revoke-evidence"
	TypeFlow           = "export/flow"
	TypeReport         = "export/report"
)

// Limits of messages.
const (
	MaxList      = 32  // categories, destinations, scenarios, documents, evidence ids
	MaxReference = 128 // bytes of a reference number or authority name
	MaxReason    = 256 // bytes of a revocation reason
)

// MsgRules publishes a new version of a jurisdiction's export rule set.
// Signer: an operator of that jurisdiction.
type MsgRules struct {
	RuleSet RuleSet `wire:"1" json:"rule_set"`
}

// MsgEvidence anchors an evidence record: hashes and reference numbers
// only. Signer: the holder itself, or an attester or operator of the
// holder's jurisdiction (an authority); a security-assessment approval
// only by an authority. ValidFrom 0 means the block time; ValidUntil 0
// open-ended. Destinations and Scenarios are sorted lists; no scenarios
// means every scenario; a zero Recipient means any recipient.
type MsgEvidence struct {
	Instrument   string       `wire:"1" json:"instrument"`
	Authority    string       `wire:"2" json:"authority"`
	Reference    string       `wire:"3" json:"reference"`
	DocHash      Hash         `wire:"4" json:"doc_hash"`
	Holder       secp.Address `wire:"5" json:"holder"`
	Recipient    secp.Address `wire:"6" json:"recipient"`
	Destinations []string     `wire:"7" json:"destinations"`
	Scenarios    []string     `wire:"8" json:"scenarios,omitempty"`
	ValidFrom    int64        `wire:"9" json:"valid_from,omitempty"`
	ValidUntil   int64        `wire:"10" json:"valid_until,omitempty"`
}

// MsgRevokeEvidence revokes an evidence record. Signer: its anchorer, or
// an attester or operator of the holder's jurisdiction.
type MsgRevokeEvidence struct {
	ID     Hash   `wire:"1" json:"id"`
	Reason string `wire:"2" json:"reason"`
}

// MsgFlow declares a data flow leaving the signer's jurisdiction. Signer:
// the exporting member (any active member). Lists are sorted and
// distinct.
type MsgFlow struct {
	Sector      string       `wire:"1" json:"sector,omitempty"`
	Scenario    string       `wire:"2" json:"scenario"`
	Categories  []string     `wire:"3" json:"categories"`
	Items       []string     `wire:"4" json:"items,omitempty"`
	Destination string       `wire:"5" json:"destination"`
	Recipient   secp.Address `wire:"6" json:"recipient"`
	Volumes     Volumes      `wire:"7" json:"volumes"`
	CIIO        bool         `wire:"8" json:"ciio,omitempty"`
	Documents   []Hash       `wire:"9" json:"documents,omitempty"`
	Evidence    []Hash       `wire:"10" json:"evidence,omitempty"`
}

// MsgReport records that a flow's report was filed with the local
// data-export service centre. Signer: the exporter, or a member of the
// same legal entity.
type MsgReport struct {
	Flow       Hash   `wire:"1" json:"flow"`
	ReportHash Hash   `wire:"2" json:"report_hash"`
	Reference  string `wire:"3" json:"reference,omitempty"`
}

// Type implements kit.Msg.
func (MsgRules) Type() string { return TypeRules }

// Type implements kit.Msg.
func (MsgEvidence) Type() string { return TypeEvidence }

// Type implements kit.Msg.
func (MsgRevokeEvidence) Type() string { return TypeRevokeEvidence }

// Type implements kit.Msg.
func (MsgFlow) Type() string { return TypeFlow }

// Type implements kit.Msg.
func (MsgReport) Type() string { return TypeReport }

// ValidateBasic checks the rule set (RuleSet.Validate).
func (m MsgRules) ValidateBasic() error { return m.RuleSet.Validate() }

func sortedJurisdictions(list []string) bool {
	if len(list) == 0 || len(list) > MaxList {
		return false
	}
	for i, s := range list {
		if !ValidJurisdiction(s) || i > 0 && list[i-1] >= s {
			return false
		}
	}
	return true
}

func sortedHashes(list []Hash, max int) bool {
	if len(list) > max {
		return false
	}
	for i, h := range list {
		if h.IsZero() || i > 0 && string(list[i-1][:]) >= string(h[:]) {
			return false
		}
	}
	return true
}

func knownInstrument(s string) bool {
	for _, i := range Instruments {
		if i == s {
			return true
		}
	}
	return false
}

// ValidateBasic checks the record's form.
func (m MsgEvidence) ValidateBasic() error {
	bad := codes.ExportBadEvidence.Wrapf
	switch {
	case !knownInstrument(m.Instrument):
		return bad("instrument %q is not one of %v", m.Instrument, Instruments)
	case m.Authority == "" || len(m.Authority) > MaxReference || !utf8.ValidString(m.Authority):
		return bad("authority (the issuing or filing body, e.g. Shanghai CAC) takes 1-%d bytes of UTF-8", MaxReference)
	case m.Reference == "" || len(m.Reference) > MaxReference || !utf8.ValidString(m.Reference):
		return bad("reference (the filing or approval number) takes 1-%d bytes of UTF-8", MaxReference)
	case m.DocHash.IsZero():
		return bad("doc_hash (SHA-256 of the instrument, kept off the ledger) is required")
	case m.Holder.IsZero():
		return bad("holder (the member whose legal entity holds the instrument) is required")
	case !sortedJurisdictions(m.Destinations):
		return bad("destinations must be 1-%d sorted, distinct jurisdiction codes", MaxList)
	case !sortedCodes(m.Scenarios, MaxList):
		return bad("scenarios must be sorted, distinct codes, at most %d", MaxList)
	case m.ValidFrom < 0 || m.ValidUntil < 0 || m.ValidUntil != 0 && m.ValidUntil <= m.ValidFrom:
		return bad("valid_until must be after valid_from")
	}
	return nil
}

// ValidateBasic checks the id and reason.
func (m MsgRevokeEvidence) ValidateBasic() error {
	if m.ID.IsZero() {
		return codes.ExportBadEvidence.Wrapf("id is required")
	}
	if m.Reason == "" || len(m.Reason) > MaxReason || !utf8.ValidString(m.Reason) {
		return codes.ExportBadEvidence.Wrapf("reason takes 1-%d bytes of UTF-8", MaxReason)
	}
	return nil
}

// ValidateBasic checks the declaration's form.
func (m MsgFlow) ValidateBasic() error {
	bad := codes.ExportBadFlow.Wrapf
	switch {
	case !optionalCode(m.Sector):
		return bad("sector %q is not a code", m.Sector)
	case !validCode(m.Scenario):
		return bad("scenario is required (a code such as cross-border-trade-docs)")
	case len(m.Categories) == 0 || !sortedCodes(m.Categories, MaxList):
		return bad("categories must be 1-%d sorted, distinct codes", MaxList)
	case !sortedCodes(m.Items, MaxItems):
		return bad("items must be sorted, distinct codes, at most %d", MaxItems)
	case !ValidJurisdiction(m.Destination):
		return bad("destination %q is not a jurisdiction code", m.Destination)
	case m.Recipient.IsZero():
		return bad("recipient (the receiving member) is required")
	case !sortedHashes(m.Documents, MaxList):
		return bad("documents must be at most %d sorted, distinct, non-zero hashes", MaxList)
	case !sortedHashes(m.Evidence, MaxList):
		return bad("evidence must be at most %d sorted, distinct, non-zero ids", MaxList)
	}
	return nil
}

// ValidateBasic checks the flow id and report hash.
func (m MsgReport) ValidateBasic() error {
	if m.Flow.IsZero() || m.ReportHash.IsZero() {
		return codes.ExportBadFlow.Wrapf("flow and report_hash are required")
	}
	if len(m.Reference) > MaxReference || !utf8.ValidString(m.Reference) {
		return codes.ExportBadFlow.Wrapf("reference takes at most %d bytes of UTF-8", MaxReference)
	}
	return nil
}
