package title_test

import (
	"os"
	"strings"
	"testing"

	"github.com/corridor-trade/corridor/x/title"
)

// TestDocsStateTable checks that docs/transferable.md shows the state
// machine exactly as the table in states.go decides it.
func TestDocsStateTable(t *testing.T) {
	b, err := os.ReadFile("../../docs/transferable.md")
	if err != nil {
		t.Fatal(err)
	}
	if want := title.MarkdownTable(); !strings.Contains(string(b), want) {
		t.Fatalf("docs/transferable.md does not hold the state table of states.go; it should contain:\n%s", want)
	}
}
