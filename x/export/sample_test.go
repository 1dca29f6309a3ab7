package export_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"testing"

	"github.com/corridor-trade/corridor/x/export"
)

var update = flag.Bool("update", false, "rewrite docs/examples/export-rules-sample.json")

// TestSampleFileUpToDate keeps docs/examples/export-rules-sample.json, the
// file `corridord tx export rules` takes, equal to SampleRuleSet, which the
// devnet's genesis holds; and the file decodes with the strict decoder.
func TestSampleFileUpToDate(t *testing.T) {
	const path = "../../docs/examples/export-rules-sample.json"
	want, err := json.MarshalIndent(export.SampleRuleSet(), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	want = append(want, '\n')
	if *update {
		if err := os.WriteFile(path, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is not export.SampleRuleSet(); run go test ./x/export -run TestSampleFileUpToDate -update", path)
	}
	if _, err := export.ParseRuleSet(got); err != nil {
		t.Fatal(err)
	}
}
