package title_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/x/title"
)

func sampleOf(t *testing.T, j string) title.LegalEffect {
	for _, l := range title.SampleLegalEffect() {
		if l.Jurisdiction == j {
			return l
		}
	}
	t.Fatalf("no sample entry for %s", j)
	return title.LegalEffect{}
}

// TestSampleLegs reads the sample table along the story's route.
func TestSampleLegs(t *testing.T) {
	for _, l := range title.SampleLegalEffect() {
		if err := l.Validate(); err != nil {
			t.Fatalf("sample %s: %v", l.Jurisdiction, err)
		}
	}
	now := time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		j, kind string
		at      time.Time
		effect  bool
		line    string
	}{
		{"SG", title.KindEBL, now, true, "legal effect under Electronic Transactions Act"},
		{"SG", title.KindEBL, time.Date(2021, 3, 18, 23, 0, 0, 0, time.UTC), false, "no legal effect before 2021-03-19"},
		{"SG", title.KindBillOfExchange, now, true, "since 2021-03-19"},
		{"CN-SH", title.KindEBL, now, true, "Maritime Code"},
		{"CN-SH", title.KindBillOfExchange, now, false, "no legal effect for a bill-of-exchange"},
		{"CN-SH", title.KindEBL, time.Date(2026, 4, 30, 0, 0, 0, 0, time.UTC), false, "before 2026-05-01"},
		{"HK", title.KindEBL, now, false, "not in force"},
	}
	for _, c := range cases {
		leg := title.LegOf(c.j, c.kind, sampleOf(t, c.j), true, c.at)
		if leg.LegalEffect != c.effect || leg.PaperFallback == c.effect || !strings.Contains(leg.Line, c.line) {
			t.Errorf("%s %s at %s: %+v, want effect %v and %q", c.j, c.kind, c.at, leg, c.effect, c.line)
		}
	}
	if leg := title.LegOf("NZ", title.KindEBL, title.LegalEffect{}, false, now); leg.LegalEffect || !leg.PaperFallback {
		t.Errorf("a jurisdiction without entry: %+v", leg)
	}
}

func TestLegalEffectValidate(t *testing.T) {
	ok := sampleOf(t, "SG")
	for name, mut := range map[string]func(*title.LegalEffect){
		"bad jurisdiction": func(l *title.LegalEffect) { l.Jurisdiction = "sg" },
		"no law":           func(l *title.LegalEffect) { l.Law = "" },
		"no source":        func(l *title.LegalEffect) { l.Source = "" },
		"bad since":        func(l *title.LegalEffect) { l.Since = "2021-02-30" },
		"no since":         func(l *title.LegalEffect) { l.Since = "" },
		"bad as of":        func(l *title.LegalEffect) { l.AsOf = "today" },
		"unsorted kinds":   func(l *title.LegalEffect) { l.Kinds = []string{title.KindEBL, title.KindBillOfExchange} },
		"unknown kind":     func(l *title.LegalEffect) { l.Kinds = []string{"cheque"} },
		"long note":        func(l *title.LegalEffect) { l.Note = strings.Repeat("x", title.MaxNote+1) },
	} {
		l := ok
		mut(&l)
		if err := l.Validate(); !errors.Is(err, codes.TitleBadLegalEffect) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := title.ParseRoute("CN-SH,SG,HK"); err != nil {
		t.Fatal(err)
	}
	for _, r := range []string{"", "CN-SH,,HK", "sg", strings.Repeat("SG,", 16) + "SG"} {
		if _, err := title.ParseRoute(r); !errors.Is(err, codes.TitleBadRoute) {
			t.Errorf("route %q: %v", r, err)
		}
	}
}
