package anchorplan_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/corridor-trade/corridor/anchorplan"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/internal/testdocs"
)

// TestPlanSamples plans every shared sample on its own and all of them
// together: every document ends up in exactly one of the plan's singles,
// batches or refusals, refusals carry a table code (never tx/internal),
// and every batch's paths lead to its root.
func TestPlanSamples(t *testing.T) {
	dir := testdocs.Dir(t)
	var files []anchorplan.File
	for _, sub := range []string{"ubl", "cii", "edifact", "iso20022", "openattestation", "vc"} {
		es, err := os.ReadDir(filepath.Join(dir, sub))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range es {
			if strings.HasSuffix(e.Name(), ".md") {
				continue
			}
			b, err := os.ReadFile(filepath.Join(dir, sub, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			docs, err := formats.Parse(b)
			if err != nil {
				continue // malformed samples never reach the planner
			}
			files = append(files, anchorplan.File{Name: sub + "/" + e.Name(), Docs: docs})
		}
	}
	check := func(name string, fs []anchorplan.File, p *anchorplan.Plan) {
		t.Helper()
		want := 0
		for _, f := range fs {
			want += len(f.Docs)
		}
		got := len(p.Refused)
		for _, s := range p.Singles {
			got += len(s.Files)
		}
		for i := range p.Batches {
			got += len(p.Batches[i].Members)
			if err := p.Batches[i].Check(); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}
		for _, r := range p.Refused {
			if r.Code == nil || r.Code == codes.Internal || r.Reason == "" {
				t.Errorf("%s: refusal %+v", name, r)
			}
		}
		if got > want || (got < want && !hasDuplicates(fs)) {
			t.Errorf("%s: %d documents in, %d accounted for", name, want, got)
		}
	}
	for _, f := range files {
		p, err := anchorplan.Make([]anchorplan.File{f}, anchorplan.Policy{})
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		check(f.Name, []anchorplan.File{f}, p)
		if f.Name == "openattestation/oa-v2-obfuscated-wrapped.json" && (len(p.Refused) != 1 || p.Refused[0].Code != codes.PlanIntegrity) {
			t.Errorf("%s: %+v", f.Name, p.Refused)
		}
	}
	p, err := anchorplan.Make(files, anchorplan.Policy{BatchSize: 5})
	if err != nil {
		t.Fatal(err)
	}
	check("all samples", files, p)
	if p.Mode != anchorplan.ModeBatch || len(p.Batches) < 4 {
		t.Fatalf("all samples: mode %s, %d batches", p.Mode, len(p.Batches))
	}
}

// hasDuplicates reports whether one document occurs twice in one file (a
// merged duplicate is accounted for once).
func hasDuplicates(fs []anchorplan.File) bool {
	for _, f := range fs {
		seen := map[formats.Hash]bool{}
		for _, d := range f.Docs {
			if seen[d.CanonicalHash] {
				return true
			}
			seen[d.CanonicalHash] = true
		}
	}
	return false
}
