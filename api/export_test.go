package api

import (
	"net/http"
	"net/http/httptest"
	"strings"
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

// TestStatusPaths checks the values GET /v1/status/... accept before they
// enter a query path.
func TestStatusPaths(t *testing.T) {
	h := "ab" + strings.Repeat("0", 62)
	for _, tc := range []struct {
		url, want string
		fn        func(r *http.Request) (string, error)
	}{
		{"/v1/status/lists/" + h, "/status-list/" + h, statusListPath},
		{"/v1/status/lists/" + h + "?version=2", "/status-list/" + h + "/2", statusListPath},
		{"/v1/status/lists/" + h + "?version=a/b", "", statusListPath},
		{"/v1/status/lists/zz", "", statusListPath},
		{"/v1/status/oa/" + h + "?target=" + h, "/status-oa/" + h + "/" + h, statusOAPath},
		{"/v1/status/oa/" + h + "?target=1", "", statusOAPath},
	} {
		mux := http.NewServeMux()
		var got string
		var err error
		mux.HandleFunc("GET /v1/status/lists/{list}", func(_ http.ResponseWriter, r *http.Request) { got, err = tc.fn(r) })
		mux.HandleFunc("GET /v1/status/oa/{store}", func(_ http.ResponseWriter, r *http.Request) { got, err = tc.fn(r) })
		mux.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", tc.url, nil))
		if (err == nil) != (tc.want != "") || got != tc.want {
			t.Errorf("%s: got %q, %v; want %q", tc.url, got, err, tc.want)
		}
	}
}

// TestTitlePaths checks the title routes' arguments before they enter a
// query path.
func TestTitlePaths(t *testing.T) {
	id := "aa00000000000000000000000000000000000000000000000000000000000000"
	for _, tc := range []struct {
		mk         func(*http.Request) (string, error)
		url, want  string
		ok         bool
		pathValues map[string]string
	}{
		{titlePath, "/v1/titles/" + id, "/title/" + id, true, map[string]string{"id": id}},
		{titlePath, "/v1/titles/" + id + "?route=CN-SH,SG,HK", "/title/" + id + "/route=CN-SH,SG,HK", true, map[string]string{"id": id}},
		{titlePath, "/v1/titles/" + id + "?route=CN-SH/../x", "", false, map[string]string{"id": id}},
		{titlePath, "/v1/titles/zz", "", false, map[string]string{"id": "zz"}},
		{titlesPath, "/v1/titles?document=" + id, "/titles/document/" + id, true, nil},
		{titlesPath, "/v1/titles?document=" + id + "&holder=cor1x", "", false, nil},
		{titlesPath, "/v1/titles", "", false, nil},
		{legalEffectPath, "/v1/legal-effect", "/legal-effect", true, nil},
		{legalEffectPath, "/v1/legal-effect?route=SG,HK", "/legal-effect/SG,HK", true, nil},
		{legalEffectOnePath, "/v1/legal-effect/SG", "/legal-effect/SG", true, map[string]string{"jurisdiction": "SG"}},
	} {
		r := httptest.NewRequest("GET", tc.url, nil)
		for k, v := range tc.pathValues {
			r.SetPathValue(k, v)
		}
		got, err := tc.mk(r)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("%q: got %q, %v; want %q ok=%v", tc.url, got, err, tc.want, tc.ok)
		}
	}
}
