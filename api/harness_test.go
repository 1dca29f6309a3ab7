package api_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/cometbft/cometbft/rpc/client/local"
	"github.com/corridor-trade/corridor/api"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/internal/localnet"
	"github.com/corridor-trade/corridor/tx"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// harness is a one-validator network with the API served on a free
// 127.0.0.1 port, and the OpenAPI document every exchange is checked
// against.
type harness struct {
	t      *testing.T
	net    *localnet.Network
	base   string
	doc    *openapi3.T
	router routers.Router
	http   *http.Client
}

// specPath is docs/openapi.yaml of this repository.
func specPath(t testing.TB) string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot locate the test file")
	}
	return filepath.Join(filepath.Dir(filepath.Dir(file)), "docs", "openapi.yaml")
}

// loadSpec loads and validates the OpenAPI document, with its server set
// to base.
func loadSpec(t testing.TB, base string) (*openapi3.T, routers.Router) {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile(specPath(t))
	if err != nil {
		t.Fatalf("load docs/openapi.yaml: %v", err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		t.Fatalf("docs/openapi.yaml is not a valid OpenAPI document: %v", err)
	}
	doc.Servers = openapi3.Servers{{URL: base}}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatalf("route docs/openapi.yaml: %v", err)
	}
	return doc, router
}

func startHarness(t *testing.T) *harness {
	t.Helper()
	return startHarnessWith(t, api.Options{KeepAlive: 500 * time.Millisecond})
}

// startHarnessWith is startHarness with the server's options.
func startHarnessWith(t *testing.T, opts api.Options) *harness {
	t.Helper()
	return startHarnessOn(t, localnet.Options{Validators: 1}, opts)
}

// startHarnessOn is startHarness with the network's and the server's
// options.
func startHarnessOn(t *testing.T, netOpts localnet.Options, opts api.Options) *harness {
	t.Helper()
	if testing.Short() {
		t.Skip("network test")
	}
	net := localnet.Start(t, netOpts)
	net.WaitForHeight(1, time.Minute)
	srv := api.New(local.New(net.Nodes[0].CMT), opts)
	run, err := api.Start("127.0.0.1:0", srv)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := run.Stop(5 * time.Second); err != nil {
			t.Errorf("stop api: %v", err)
		}
	})
	base := "http://" + run.Addr
	doc, router := loadSpec(t, base)
	return &harness{t: t, net: net, base: base, doc: doc, router: router, http: &http.Client{Timeout: time.Minute}}
}

// response is one checked exchange.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

// decode unmarshals the body into v.
func (r *response) decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
}

// errorBody returns the error body of a response.
func (r *response) errorBody(t testing.TB) api.ErrorBody {
	t.Helper()
	var e api.ErrorBody
	r.decode(t, &e)
	return e
}

// do sends a request and validates the request and the real response
// against docs/openapi.yaml.
func (h *harness) do(t testing.TB, method, path, contentType string, body []byte) *response {
	t.Helper()
	return doChecked(t, h.http, h.router, h.base, method, path, contentType, body)
}

func doChecked(t testing.TB, c *http.Client, router routers.Router, base, method, path, contentType string, body []byte) *response {
	t.Helper()
	req, err := http.NewRequest(method, base+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	rb, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	r := &response{Status: resp.StatusCode, Header: resp.Header, Body: rb}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("%s %s: content type %q, body %s", method, path, ct, rb)
	}
	validate(t, router, method, base+path, contentType, body, r)
	return r
}

// validate checks one exchange against the OpenAPI document. A request the
// document does not route (an unknown path or method) is checked only for
// the error body shape.
func validate(t testing.TB, router routers.Router, method, url, contentType string, body []byte, r *response) {
	t.Helper()
	req, _ := http.NewRequest(method, url, bytes.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	route, params, err := router.FindRoute(req)
	if err != nil {
		var e api.ErrorBody
		if jerr := json.Unmarshal(r.Body, &e); jerr != nil || e.Error == "" || e.Codespace == "" || r.Status < 400 {
			t.Fatalf("%s %s (not in the spec): status %d body %s", method, url, r.Status, r.Body)
		}
		return
	}
	ctx := context.Background()
	opts := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, IncludeResponseStatus: true}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: opts}
	if r.Status < 400 {
		// Requests the server accepted must be valid by the spec too.
		if !strings.HasPrefix(contentType, "application/json") {
			in.Options = &openapi3filter.Options{ExcludeRequestBody: true, AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}
		}
		if err := openapi3filter.ValidateRequest(ctx, in); err != nil {
			t.Fatalf("%s %s: request accepted by the server but invalid by the spec: %v", method, url, err)
		}
		in.Options = opts
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: r.Status, Header: r.Header,
		Body: io.NopCloser(bytes.NewReader(r.Body)), Options: opts}
	if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
		t.Fatalf("%s %s: status %d response does not match docs/openapi.yaml: %v\nbody: %s", method, url, r.Status, err, r.Body)
	}
	checkDeclared(t, route, r.Status, r.Body, method, url)
}

// signed builds a signed transaction of msgs by the member key name.
func (h *harness) signed(name string, msgs ...kit.Msg) []byte {
	h.t.Helper()
	key := h.key(name)
	c := h.net.Client(0)
	ctx := context.Background()
	_, seq, err := c.Sequence(ctx, key.PubKey())
	if err != nil {
		h.t.Fatal(err)
	}
	raw, err := tx.Build(key, h.net.ChainID, seq, "", msgs...)
	if err != nil {
		h.t.Fatal(err)
	}
	return raw
}

func (h *harness) key(name string) *secp.PrivKey {
	h.t.Helper()
	k, ok := h.net.Keys[name]
	if !ok {
		h.t.Fatalf("no member key %q", name)
	}
	return k
}

// address returns the member address of a key name.
func (h *harness) address(name string) secp.Address { return h.key(name).PubKey().Address() }

// submit posts msgs signed by name as base64 text and waits for the commit.
func (h *harness) submit(name string, msgs ...kit.Msg) api.TxResult {
	h.t.Helper()
	raw := h.signed(name, msgs...)
	r := h.do(h.t, "POST", "/v1/txs?wait=commit", "text/plain", []byte(base64.StdEncoding.EncodeToString(raw)))
	if r.Status != 200 {
		h.t.Fatalf("submit: %d %s", r.Status, r.Body)
	}
	var res api.TxResult
	r.decode(h.t, &res)
	if !res.Committed || res.Code != 0 || res.Height == 0 {
		h.t.Fatalf("submit: %+v", res)
	}
	return res
}
