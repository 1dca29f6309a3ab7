package api

import (
	"net/http/httptest"
	"testing"
)

// TestExportFlowsPath checks the selector rules of GET /v1/export/flows:
// exactly one selector, each value checked before it enters a query path.
func TestExportFlowsPath(t *testing.T) {
	for _, tc := range []struct {
		query, want string
		ok          bool
	}{
		{"destination=SG", "/export-flows/destination/SG", true},
		{"category=buyer-contact&since=2026-01-01T00:00:00Z", "/export-flows/category/buyer-contact/since=2026-01-01T00:00:00Z", true},
		{"destination=SG&category=x", "", false},
		{"", "", false},
		{"destination=SG/../x", "", false},
		{"category=a/b", "", false},
		{"destination=SG&until=a/b", "", false},
	} {
		got, err := exportFlowsPath(httptest.NewRequest("GET", "/v1/export/flows?"+tc.query, nil))
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("%q: got %q, %v; want %q ok=%v", tc.query, got, err, tc.want, tc.ok)
		}
	}
}
