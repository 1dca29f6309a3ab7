package api_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/corridor-trade/corridor/api"
	"github.com/corridor-trade/corridor/web"
)

// TestPageRoutes: the page is served at /web/ with its
// Content-Security-Policy, / leads there, and unknown /v1/ paths keep the
// API's JSON 404.
func TestPageRoutes(t *testing.T) {
	srv := httptest.NewServer(api.New(nil, api.Options{}))
	defer srv.Close()
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(path string) (*http.Response, string) {
		t.Helper()
		resp, err := noRedirect.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	if resp, _ := get("/"); resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != "/web/" {
		t.Errorf("GET / = %d to %q, want 302 to /web/", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp, body := get("/web/")
	if resp.StatusCode != 200 || !strings.Contains(body, `<script src="app.js"`) || strings.Contains(body, "<script>") {
		t.Errorf("GET /web/ = %d, body %.200s", resp.StatusCode, body)
	}
	if got := resp.Header.Get("Content-Security-Policy"); got != web.CSP || !strings.Contains(got, "script-src 'self' 'wasm-unsafe-eval'") {
		t.Errorf("CSP %q", got)
	}
	if resp, _ := get("/web/app.js"); !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/javascript") {
		t.Errorf("app.js served as %q", resp.Header.Get("Content-Type"))
	}
	if resp, err := http.Get(srv.URL + "/web/../go.mod"); err != nil || resp.StatusCode != http.StatusNotFound {
		t.Errorf("a path out of the page answered %v %v", resp.StatusCode, err)
	} else {
		resp.Body.Close()
	}
	for _, p := range []string{"/v1/nope", "/v1/", "/nope"} {
		resp, body := get(p)
		if resp.StatusCode != http.StatusNotFound || !strings.Contains(body, `"api/route_not_found"`) {
			t.Errorf("GET %s = %d %s, want the API's JSON 404", p, resp.StatusCode, body)
		}
	}
	if resp, _ := get("/v1/explorer/blocks?n=0"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("n=0 answered %d", resp.StatusCode)
	}
}
