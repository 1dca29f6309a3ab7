package api_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/corridor-trade/corridor/api"
)

// TestSpecCoversEveryRoute checks that docs/openapi.yaml documents exactly
// the endpoints the server serves, and that docs/api.md names every route
// and every API error.
func TestSpecCoversEveryRoute(t *testing.T) {
	doc, _ := loadSpec(t, "http://127.0.0.1:1318")
	served := map[string]bool{}
	for _, r := range api.New(nil, api.Options{}).Routes() {
		served[r] = true
		method, path, _ := strings.Cut(r, " ")
		item := doc.Paths.Find(path)
		if item == nil || item.GetOperation(method) == nil {
			t.Errorf("%s is served but not in docs/openapi.yaml", r)
		}
	}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			if !served[method+" "+path] {
				t.Errorf("docs/openapi.yaml documents %s %s, which is not served", method, path)
			}
		}
	}
	md, err := os.ReadFile(filepath.Join(filepath.Dir(specPath(t)), "api.md"))
	if err != nil {
		t.Fatal(err)
	}
	for r := range served {
		_, path, _ := strings.Cut(r, " ")
		if !strings.Contains(string(md), "`"+path) {
			t.Errorf("docs/api.md does not list %s", path)
		}
	}
	for _, e := range api.APIErrors() {
		if !strings.Contains(string(md), "`api/"+e.Name+"`") {
			t.Errorf("docs/api.md does not list api/%s", e.Name)
		}
	}
}
