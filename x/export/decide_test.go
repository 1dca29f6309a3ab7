package export

import (
	"testing"
	"time"
)

// national is the sample without its list entries: the Provisions'
// exemptions and thresholds alone.
func national() *RuleSet {
	rs := SampleRuleSet()
	var rules []Rule
	for _, r := range rs.Rules {
		if r.Kind != KindList {
			rules = append(rules, r)
		}
	}
	rs.Rules = rules
	return &rs
}

func trade(ind, sens uint64) Input {
	return Input{Sector: "trade", Scenario: "cross-border-trade-docs", Categories: []string{"buyer-contact"},
		Items: []string{"untded:3412"}, Volumes: Volumes{Individuals: ind, Sensitive: sens}}
}

func with(in Input, f func(*Input)) Input { f(&in); return in }

// TestDecideNational covers each exemption and each threshold edge of the
// CAC Provisions (Arts. 3, 5, 7, 8), read as the Chinese text has it: "以上"
// includes the number, "不满" excludes it.
func TestDecideNational(t *testing.T) {
	rs := national()
	for _, tc := range []struct {
		name    string
		in      Input
		proc    string
		rule    string // one rule the decision must name ("" for none)
		counted bool
	}{
		{"no personal information or important data (Art. 3)", trade(0, 0), ProcExempt, "cn-art3-no-personal", false},
		{"contract with the individual, any volume (Art. 5(1))", with(trade(2000000, 50000), func(i *Input) { i.Scenario = "contract-with-individual" }), ProcExempt, "cn-art5-1-contract", false},
		{"cross-border HR (Art. 5(2))", with(trade(500000, 0), func(i *Input) { i.Scenario = "cross-border-hr" }), ProcExempt, "cn-art5-2-hr", false},
		{"emergency (Art. 5(3))", with(trade(10, 10), func(i *Input) { i.Scenario = "emergency" }), ProcExempt, "cn-art5-3-emergency", false},
		{"contract scenario with important data is not exempt", with(trade(10, 0), func(i *Input) { i.Scenario = "contract-with-individual"; i.Volumes.Important = true }), ProcSecurityAss, "cn-art7-important", true},
		{"a CIIO is not exempted by Art. 5", with(trade(10, 0), func(i *Input) { i.Scenario = "contract-with-individual"; i.CIIO = true }), ProcSecurityAss, "cn-art7-ciio", true},
		{"a CIIO without personal information is exempt (Art. 3)", with(trade(0, 0), func(i *Input) { i.CIIO = true }), ProcExempt, "cn-art3-no-personal", false},
		{"99,999 individuals: exempt (Art. 5(4))", trade(99999, 0), ProcExempt, "", true},
		{"100,000 individuals: standard contract (Art. 8)", trade(100000, 0), ProcContract, "cn-art8-pi-100k", true},
		{"999,999 individuals: standard contract", trade(999999, 0), ProcContract, "cn-art8-pi-100k", true},
		{"1,000,000 individuals: security assessment (Art. 7)", trade(1000000, 0), ProcSecurityAss, "cn-art7-pi-1m", true},
		{"1 sensitive: standard contract", trade(0, 1), ProcContract, "cn-art8-spi", true},
		{"9,999 sensitive: standard contract", trade(0, 9999), ProcContract, "cn-art8-spi", true},
		{"10,000 sensitive: security assessment", trade(0, 10000), ProcSecurityAss, "cn-art7-spi-10k", true},
		{"important data: security assessment", with(trade(0, 0), func(i *Input) { i.Volumes.Important = true }), ProcSecurityAss, "cn-art7-important", true},
		{"cumulative: 60,000 + 39,999 stays exempt", with(trade(39999, 0), func(i *Input) { i.Before.Individuals = 60000 }), ProcExempt, "", true},
		{"cumulative: 60,000 + 40,000 needs a contract", with(trade(40000, 0), func(i *Input) { i.Before.Individuals = 60000 }), ProcContract, "cn-art8-pi-100k", true},
		{"cumulative: 999,990 + 10 needs an assessment", with(trade(10, 0), func(i *Input) { i.Before.Individuals = 999990 }), ProcSecurityAss, "cn-art7-pi-1m", true},
		{"cumulative sensitive: 9,000 + 1,000", with(trade(0, 1000), func(i *Input) { i.Before.Sensitive = 9000 }), ProcSecurityAss, "cn-art7-spi-10k", true},
		{"a year past 100,000 does not catch a flow without individuals", with(trade(0, 0), func(i *Input) { i.Before.Individuals = 150000 }), ProcExempt, "cn-art3-no-personal", false},
		{"sensitive count does not lift the individuals count", with(trade(99999, 5), func(i *Input) { i.Before.Sensitive = 100 }), ProcContract, "cn-art8-spi", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := Decide(rs, tc.in)
			if d.Procedure != tc.proc || d.Counted != tc.counted {
				t.Fatalf("procedure %s counted %v, want %s counted %v (%v)", d.Procedure, d.Counted, tc.proc, tc.counted, d.Reasons)
			}
			if tc.rule != "" && !contains(sortedCopy(d.Rules), tc.rule) {
				t.Fatalf("rules %v do not name %s", d.Rules, tc.rule)
			}
			if tc.rule == "" && len(d.Rules) != 0 {
				t.Fatalf("rules %v, want none", d.Rules)
			}
			if len(d.Reasons) == 0 {
				t.Fatal("a decision always gives a reason")
			}
		})
	}
}

func sortedCopy(s []string) []string {
	c := append([]string(nil), s...)
	for i := 1; i < len(c); i++ {
		for j := i; j > 0 && c[j] < c[j-1]; j-- {
			c[j], c[j-1] = c[j-1], c[j]
		}
	}
	return c
}

// TestDecideNegativeList covers the free-trade zone's list (Art. 6): data
// not on it is exempt there, data on it meets the list entry's procedure
// and the national thresholds.
func TestDecideNegativeList(t *testing.T) {
	rs := SampleRuleSet()
	for _, tc := range []struct {
		name    string
		in      Input
		proc    string
		days    uint32
		counted bool
	}{
		{"not on the list: exempt in the zone, not counted, whatever the volume", with(trade(2000000, 0), func(i *Input) { i.Categories = []string{"payment-terms"}; i.Items = nil }), ProcExempt, 0, false},
		{"another sector is not on the list", with(trade(500000, 0), func(i *Input) { i.Sector = "retail" }), ProcExempt, 0, false},
		{"on the list, under the thresholds: report only, 15 business days", trade(50000, 0), ProcReportOnly, 15, true},
		{"on the list at 100,000: standard contract", trade(100000, 0), ProcContract, 15, true},
		{"on the list by item code alone", with(trade(1000000, 0), func(i *Input) { i.Categories = []string{"buyer-contact", "x"} }), ProcSecurityAss, 15, true},
		{"an entry of important data needs an assessment", with(trade(0, 0), func(i *Input) { i.Categories = []string{"trade-statistics"}; i.Items = []string{"untded:7357"} }), ProcSecurityAss, 15, true},
		{"important data off the list is still judged by the thresholds", with(trade(0, 0), func(i *Input) { i.Categories = []string{"payment-terms"}; i.Volumes.Important = true }), ProcSecurityAss, 0, true},
		{"exemptions come before the list", with(trade(300000, 0), func(i *Input) { i.Scenario = "contract-with-individual" }), ProcExempt, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := Decide(&rs, tc.in)
			if d.Procedure != tc.proc || d.ReportDays != tc.days || d.Counted != tc.counted {
				t.Fatalf("got %s, %d days, counted %v; want %s, %d, %v (%v)", d.Procedure, d.ReportDays, d.Counted, tc.proc, tc.days, tc.counted, d.Reasons)
			}
		})
	}
}

func TestYearOfLocalMidnight(t *testing.T) {
	for _, tc := range []struct {
		t    string
		want uint32
	}{
		{"2025-12-31T15:59:59Z", 2025}, // 23:59:59 in Shanghai
		{"2025-12-31T16:00:00Z", 2026}, // 1 January, 00:00 in Shanghai
		{"2026-06-30T00:00:00Z", 2026},
	} {
		tm, _ := time.Parse(time.RFC3339, tc.t)
		if got := YearOf(tm, 480); got != tc.want {
			t.Errorf("YearOf(%s) = %d, want %d", tc.t, got, tc.want)
		}
	}
}

func TestAddBusinessDays(t *testing.T) {
	for _, tc := range []struct {
		from string
		n    uint32
		want string
	}{
		// Friday 2026-01-02 10:00 Shanghai; 15 business days later is Friday 23 January, end of day.
		{"2026-01-02T02:00:00Z", 15, "2026-01-23T15:59:59.999999999Z"},
		// Saturday: the next business day is Monday.
		{"2026-01-03T02:00:00Z", 1, "2026-01-05T15:59:59.999999999Z"},
		// Friday 23:30 Shanghai (15:30 UTC) is still Friday: 1 business day is Monday.
		{"2026-01-02T15:30:00Z", 1, "2026-01-05T15:59:59.999999999Z"},
		// Friday 00:30 Shanghai on Saturday? No: 2026-01-02T16:30Z is Saturday 00:30 in Shanghai.
		{"2026-01-02T16:30:00Z", 1, "2026-01-05T15:59:59.999999999Z"},
		{"2026-01-05T01:00:00Z", 0, "2026-01-05T15:59:59.999999999Z"},
	} {
		tm, _ := time.Parse(time.RFC3339, tc.from)
		if got := AddBusinessDays(tm, 480, tc.n).Format(time.RFC3339Nano); got != tc.want {
			t.Errorf("AddBusinessDays(%s, %d) = %s, want %s", tc.from, tc.n, got, tc.want)
		}
	}
}

func TestSampleValidates(t *testing.T) {
	rs := SampleRuleSet()
	if err := rs.Validate(); err != nil {
		t.Fatal(err)
	}
}
