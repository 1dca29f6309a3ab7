package export

import (
	"bytes"
	"encoding/json"
	"sort"
	"time"
	"unicode/utf8"

	"github.com/corridor-trade/corridor/codes"
)

// Limits of a rule set.
const (
	MaxRules = 256 // rules in one rule set
	MaxItems = 64  // item codes in one rule or flow
	MaxText  = 512 // bytes of a title, characteristics or source text
	MaxCode  = 64  // bytes of a sector, scenario, category, item or rule id
)

// ParseRuleSet decodes a rule set from JSON strictly (unknown fields and
// trailing data are errors) and validates it. It is the decoder of
// `corridord tx export rules FILE` and of genesis.
func ParseRuleSet(b []byte) (RuleSet, error) {
	var rs RuleSet
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rs); err != nil {
		return RuleSet{}, codes.ExportBadRuleSet.Wrapf("%v", err)
	}
	if dec.More() {
		return RuleSet{}, codes.ExportBadRuleSet.Wrapf("trailing data after the rule set")
	}
	if err := rs.Validate(); err != nil {
		return RuleSet{}, err
	}
	return rs, nil
}

// parseDate reads an RFC 3339 UTC time written in its canonical form, so
// that one instant has one spelling in the signed rule set.
func parseDate(s string) (time.Time, bool) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil || t.Location() != time.UTC || t.Format(time.RFC3339) != s {
		return time.Time{}, false
	}
	return t, true
}

// From returns the time the rule set comes into force.
func (rs *RuleSet) From() time.Time { t, _ := parseDate(rs.EffectiveFrom); return t }

// Until returns the end of the rule set's force, and false if it is
// open-ended.
func (rs *RuleSet) Until() (time.Time, bool) {
	if rs.EffectiveUntil == "" {
		return time.Time{}, false
	}
	t, _ := parseDate(rs.EffectiveUntil)
	return t, true
}

// InForce reports whether the rule set is in force at t: From <= t < Until.
func (rs *RuleSet) InForce(t time.Time) bool {
	if t.Before(rs.From()) {
		return false
	}
	u, ok := rs.Until()
	return !ok || t.Before(u)
}

// NegativeList reports whether the rule set carries list entries, and so
// exempts every flow that matches none.
func (rs *RuleSet) NegativeList() bool {
	for i := range rs.Rules {
		if rs.Rules[i].Kind == KindList {
			return true
		}
	}
	return false
}

func validCode(s string) bool {
	if len(s) == 0 || len(s) > MaxCode {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == ':') {
			return false
		}
	}
	return true
}

func validText(s string, required bool) bool {
	if required && s == "" {
		return false
	}
	return len(s) <= MaxText && utf8.ValidString(s)
}

func optionalCode(s string) bool { return s == "" || validCode(s) }

// sortedCodes reports whether list holds valid codes in strictly
// increasing order (sorted, no duplicates), at most max of them.
func sortedCodes(list []string, max int) bool {
	if len(list) > max {
		return false
	}
	for i, s := range list {
		if !validCode(s) || i > 0 && list[i-1] >= s {
			return false
		}
	}
	return true
}

// ValidJurisdiction reports whether s has the form of a jurisdiction code
// (SG, HK, CN-SH).
func ValidJurisdiction(s string) bool {
	if len(s) < 2 || len(s) > 8 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c == '-' && i > 0 && i < len(s)-1) {
			return false
		}
	}
	return true
}

// Validate checks the rule set without state.
func (rs *RuleSet) Validate() error {
	bad := codes.ExportBadRuleSet.Wrapf
	switch {
	case !ValidJurisdiction(rs.Jurisdiction):
		return bad("jurisdiction %q is not a jurisdiction code such as CN-SH", rs.Jurisdiction)
	case rs.Version == 0:
		return bad("version must be 1 or more")
	case !validText(rs.SourceTitle, true):
		return bad("source_title is required (at most %d bytes of UTF-8)", MaxText)
	case rs.SourceHash.IsZero():
		return bad("source_hash (SHA-256 of the published source text) is required")
	case rs.UTCOffsetMinutes < -14*60 || rs.UTCOffsetMinutes > 14*60:
		return bad("utc_offset_minutes %d is outside -840..840", rs.UTCOffsetMinutes)
	case len(rs.Rules) == 0 || len(rs.Rules) > MaxRules:
		return bad("%d rules: a rule set holds 1 to %d", len(rs.Rules), MaxRules)
	}
	from, ok := parseDate(rs.EffectiveFrom)
	if !ok {
		return bad("effective_from %q is not an RFC 3339 UTC time such as 2024-03-22T00:00:00Z", rs.EffectiveFrom)
	}
	if rs.EffectiveUntil != "" {
		until, ok := parseDate(rs.EffectiveUntil)
		if !ok {
			return bad("effective_until %q is not an RFC 3339 UTC time", rs.EffectiveUntil)
		}
		if !until.After(from) {
			return bad("effective_until %s is not after effective_from %s", rs.EffectiveUntil, rs.EffectiveFrom)
		}
	}
	ids := make([]string, 0, len(rs.Rules))
	for i := range rs.Rules {
		if err := rs.Rules[i].validate(); err != nil {
			return bad("rule %d (%s): %v", i, rs.Rules[i].ID, err)
		}
		ids = append(ids, rs.Rules[i].ID)
	}
	sort.Strings(ids)
	for i := 1; i < len(ids); i++ {
		if ids[i] == ids[i-1] {
			return bad("rule id %q is used twice", ids[i])
		}
	}
	return nil
}

type ruleError string

func (e ruleError) Error() string { return string(e) }

func (r *Rule) validate() error {
	switch {
	case !validCode(r.ID):
		return ruleError("id must be 1-64 letters, digits or -._:")
	case !optionalCode(r.Sector) || !optionalCode(r.Scenario) || !optionalCode(r.Category):
		return ruleError("sector, scenario and category must be codes (letters, digits, -._:)")
	case !sortedCodes(r.Items, MaxItems):
		return ruleError("items must be sorted, distinct codes, at most 64")
	case !validText(r.Characteristics, false) || !validText(r.Source, true):
		return ruleError("source is required; source and characteristics take at most 512 bytes of UTF-8")
	case procRank(r.Procedure) < 0:
		return ruleError("procedure " + r.Procedure + " is not one of exempt, report-only, standard-contract, certification, security-assessment")
	}
	switch r.DataClass {
	case ClassNone, ClassPersonal, ClassSensitive, ClassImportant:
	default:
		return ruleError("data_class " + r.DataClass + " is not one of none, personal, sensitive, important")
	}
	switch r.Kind {
	case KindExemption:
		if r.Procedure != ProcExempt && r.Procedure != ProcReportOnly {
			return ruleError("an exemption's procedure is exempt or report-only")
		}
		if r.Metric != "" || r.Min != 0 || r.Window != "" {
			return ruleError("an exemption takes no metric, min or window")
		}
	case KindList:
		if r.Metric != "" || r.Min != 0 || r.Window != "" {
			return ruleError("a list entry takes no metric, min or window (thresholds are rules of their own)")
		}
		if r.Category == "" && len(r.Items) == 0 {
			return ruleError("a list entry names a category or items")
		}
	case KindThreshold:
		switch r.Metric {
		case MetricIndividuals, MetricSensitive, MetricImportant, MetricCIIO:
		default:
			return ruleError("metric " + r.Metric + " is not one of individuals, sensitive, important, ciio-personal")
		}
		if r.Window != WindowYear && r.Window != WindowFlow {
			return ruleError("window " + r.Window + " is not calendar-year or flow")
		}
		if r.Min == 0 {
			return ruleError("min must be 1 or more")
		}
	default:
		return ruleError("kind " + r.Kind + " is not one of exemption, list, threshold")
	}
	if r.ReportDays > 60 {
		return ruleError("report_business_days is at most 60")
	}
	return nil
}
