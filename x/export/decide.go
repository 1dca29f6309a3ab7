package export

import (
	"sort"
	"strconv"
)

// Input is what Decide needs of a flow: what it carries and the volumes
// its handler's legal entity already exported this calendar year.
type Input struct {
	Sector     string
	Scenario   string
	Categories []string // sorted
	Items      []string // sorted
	Volumes    Volumes
	CIIO       bool    // the handler is a critical information infrastructure operator
	Before     Counter // the entity's counters for the year, before this flow
}

// Class returns the flow's data class: important, sensitive, personal or
// none, by what it declares.
func (in *Input) Class() string {
	switch {
	case in.Volumes.Important:
		return ClassImportant
	case in.Volumes.Sensitive > 0:
		return ClassSensitive
	case in.Volumes.Individuals > 0:
		return ClassPersonal
	}
	return ClassNone
}

func classRank(c string) int {
	switch c {
	case ClassNone:
		return 0
	case ClassPersonal:
		return 1
	case ClassSensitive:
		return 2
	case ClassImportant:
		return 3
	}
	return -1
}

// contains reports whether the sorted list holds s.
func contains(sorted []string, s string) bool {
	i := sort.SearchStrings(sorted, s)
	return i < len(sorted) && sorted[i] == s
}

// intersects reports whether two sorted lists share an element.
func intersects(a, b []string) bool {
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			return true
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return false
}

// matches reports whether the rule's sector, scenario, category and items
// select the flow. An empty field selects anything.
func (r *Rule) matches(in *Input) bool {
	switch {
	case r.Sector != "" && r.Sector != in.Sector:
		return false
	case r.Scenario != "" && r.Scenario != in.Scenario:
		return false
	case r.Category != "" && !contains(in.Categories, r.Category):
		return false
	case len(r.Items) > 0 && !intersects(r.Items, in.Items):
		return false
	}
	return true
}

// measure returns the threshold metric of a rule for the flow: over its
// window, with this flow included.
func (r *Rule) measure(in *Input) uint64 {
	var flow, before uint64
	switch r.Metric {
	case MetricIndividuals:
		flow, before = in.Volumes.Individuals, in.Before.Individuals
	case MetricSensitive:
		flow, before = in.Volumes.Sensitive, in.Before.Sensitive
	case MetricImportant:
		if in.Volumes.Important {
			flow = 1
		}
		before = in.Before.Important
	case MetricCIIO:
		if !in.CIIO {
			return 0
		}
		flow, before = in.Volumes.Individuals+in.Volumes.Sensitive, in.Before.Individuals+in.Before.Sensitive
	}
	if r.Window == WindowFlow || flow == 0 {
		// A flow that adds nothing to a metric is not caught by that
		// metric's threshold, however high the year's count already is.
		return flow
	}
	return sat(before, flow)
}

// sat adds without wrapping.
func sat(a, b uint64) uint64 {
	if a+b < a {
		return ^uint64(0)
	}
	return a + b
}

// Decide evaluates a flow against a rule set. It is pure: the same rule
// set and input give the same decision on every node.
//
// In order: the flow's data class is the highest of what it declares and
// of the list entries it matches. An exemption rule matching the flow exempts it (and its
// volumes are not counted), unless the flow carries important data, or
// personal information of a CIIO handler (Art. 5 exempts only other
// handlers; Art. 3 applies to every handler). A rule set with list entries is a free-trade zone's
// negative list: a flow of a non-CIIO handler without important data that
// matches no entry is exempt and not counted. Otherwise every matching
// list entry and every threshold reached applies; the decision is the
// most demanding procedure among them (exempt when none applies), its
// report deadline the longest of theirs, and the volumes are counted.
func Decide(rs *RuleSet, in Input) Decision {
	// A list entry can classify data the declaration does not: data of an
	// entry of important data is important, whatever was declared.
	class := in.Class()
	for i := range rs.Rules {
		r := &rs.Rules[i]
		if r.Kind == KindList && r.matches(&in) && classRank(r.DataClass) > classRank(class) {
			class = r.DataClass
		}
	}
	if class != ClassImportant && !(in.CIIO && class != ClassNone) {
		for i := range rs.Rules {
			r := &rs.Rules[i]
			if r.Kind == KindExemption && r.matches(&in) && classRank(class) <= classRank(r.DataClass) {
				return Decision{Procedure: r.Procedure, Rules: []string{r.ID}, ReportDays: r.ReportDays,
					Reasons: []string{r.ID + ": exemption for scenario " + orAny(r.Scenario) + " (" + r.Source + ")"}}
			}
		}
	}
	d := Decision{Procedure: ProcExempt, Counted: true, Rules: []string{}, Reasons: []string{}}
	apply := func(r *Rule, why string) {
		d.Rules = append(d.Rules, r.ID)
		d.Reasons = append(d.Reasons, r.ID+": "+why+" -> "+r.Procedure+" ("+r.Source+")")
		if procRank(r.Procedure) > procRank(d.Procedure) {
			d.Procedure = r.Procedure
		}
		if r.ReportDays > d.ReportDays {
			d.ReportDays = r.ReportDays
		}
	}
	if rs.NegativeList() {
		listed := false
		for i := range rs.Rules {
			r := &rs.Rules[i]
			if r.Kind == KindList && r.matches(&in) {
				listed = true
				apply(r, "on the negative list (sector "+orAny(r.Sector)+", scenario "+orAny(r.Scenario)+", category "+orAny(r.Category)+", "+r.DataClass+" data)")
			}
		}
		if !listed && !in.Volumes.Important && !in.CIIO {
			return Decision{Procedure: ProcExempt, Rules: []string{},
				Reasons: []string{"not on the negative list of " + rs.Jurisdiction + " version " + strconv.FormatUint(rs.Version, 10) + ": exempt in the zone"}}
		}
	}
	for i := range rs.Rules {
		r := &rs.Rules[i]
		if r.Kind != KindThreshold || !r.matches(&in) {
			continue
		}
		if v := r.measure(&in); v >= r.Min {
			apply(r, r.Metric+" "+strconv.FormatUint(v, 10)+" "+windowText(r.Window)+" reaches "+strconv.FormatUint(r.Min, 10))
		}
	}
	if len(d.Rules) == 0 {
		d.Reasons = append(d.Reasons, "no rule applies: below every threshold of "+rs.Jurisdiction+" version "+strconv.FormatUint(rs.Version, 10))
	}
	return d
}

func orAny(s string) string {
	if s == "" {
		return "any"
	}
	return s
}

func windowText(w string) string {
	if w == WindowYear {
		return "since 1 January (this flow included)"
	}
	return "in this flow"
}

// Add returns the counter with the flow's volumes added.
func (c Counter) Add(v Volumes) Counter {
	c.Individuals = sat(c.Individuals, v.Individuals)
	c.Sensitive = sat(c.Sensitive, v.Sensitive)
	if v.Important {
		c.Important++
	}
	c.Flows++
	return c
}
