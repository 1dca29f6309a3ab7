package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/corridor-trade/corridor/anchorplan"
	"github.com/corridor-trade/corridor/crypto/secp"
)

// HTTP is a client of a node's single-window HTTP API (docs/api.md), for
// integrators that reach the API rather than CometBFT RPC.
type HTTP struct {
	// Base is the API's base URL, e.g. "http://127.0.0.1:1318".
	Base string
	// Client is the HTTP client used (default: one with a 2-minute timeout).
	Client *http.Client
}

// NewHTTP returns a client of the API at base.
func NewHTTP(base string) *HTTP {
	return &HTTP{Base: strings.TrimRight(base, "/"), Client: &http.Client{Timeout: 2 * time.Minute}}
}

// APIError is an error answered by the API: {code, codespace, error,
// message}, with the HTTP status.
type APIError struct {
	Status    int    `json:"-"`
	Code      uint32 `json:"code"`
	Codespace string `json:"codespace"`
	Name      string `json:"error"`
	Message   string `json:"message"`
	Rule      string `json:"rule,omitempty"`
	Where     string `json:"where,omitempty"`
	Hash      string `json:"hash,omitempty"`
	Height    int64  `json:"height,omitempty"`
}

// Error formats the error as "status codespace/name: message".
func (e *APIError) Error() string {
	return fmt.Sprintf("HTTP %d %s: %s", e.Status, e.Name, e.Message)
}

// do sends a request and decodes a 2xx JSON answer into out (if not nil),
// or returns an *APIError.
func (h *HTTP) do(ctx context.Context, method, path, contentType string, body io.Reader, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, h.Base+path, body)
	if err != nil {
		return err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	c := h.Client
	if c == nil {
		c = http.DefaultClient
	}
	resp, err := c.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	if resp.StatusCode/100 != 2 {
		e := &APIError{Status: resp.StatusCode}
		if jerr := json.Unmarshal(b, e); jerr != nil || e.Name == "" {
			e.Name, e.Message = "http", strings.TrimSpace(string(b))
		}
		return e
	}
	if out == nil {
		return nil
	}
	if raw, ok := out.(*json.RawMessage); ok {
		*raw = append((*raw)[:0], b...)
		return nil
	}
	return json.Unmarshal(b, out)
}

// Get fetches an API path (e.g. "/v1/invoices/<hash>") and decodes the
// JSON answer into out; pass a *json.RawMessage to keep it verbatim.
func (h *HTTP) Get(ctx context.Context, path string, out any) error {
	return h.do(ctx, "GET", path, "", nil, out)
}

// SubmitTx posts signed transaction bytes. With waitCommit it returns after
// the block; a rejected transaction is an *APIError carrying its hash.
func (h *HTTP) SubmitTx(ctx context.Context, raw []byte, waitCommit bool) (*Result, error) {
	path := "/v1/txs"
	if waitCommit {
		path += "?wait=commit"
	}
	var res Result
	if err := h.do(ctx, "POST", path, "application/octet-stream", bytes.NewReader(raw), &res); err != nil {
		return nil, err
	}
	return &res, nil
}

// Invoice fetches the anchor of a document hash (hex) into out.
func (h *HTTP) Invoice(ctx context.Context, docHash string, out any) error {
	return h.Get(ctx, "/v1/invoices/"+url.PathEscape(docHash), out)
}

// Recognition asks whether jurisdiction in recognises a document hash or
// attestation id, decoding the verdict into out.
func (h *HTTP) Recognition(ctx context.Context, target, in string, out any) error {
	return h.Get(ctx, "/v1/recognition/"+url.PathEscape(target)+"?in="+url.QueryEscape(in), out)
}

// DocumentCheck is the answer of POST /v1/documents/check.
type DocumentCheck struct {
	FileName  string `json:"file_name,omitempty"`
	Size      int    `json:"size"`
	RawSHA256 string `json:"raw_sha256"`
	Height    int64  `json:"height"`
	OK        bool   `json:"ok"`
	Documents []struct {
		Format        string          `json:"format"`
		Profile       string          `json:"profile"`
		Kind          string          `json:"kind"`
		RawSHA256     string          `json:"raw_sha256"`
		CanonicalHash string          `json:"canonical_hash"`
		Invoice       json.RawMessage `json:"invoice,omitempty"`
		Payments      json.RawMessage `json:"payments,omitempty"`
		Integrity     *struct {
			Checked bool   `json:"checked"`
			Valid   bool   `json:"valid"`
			Method  string `json:"method"`
			Reason  string `json:"reason,omitempty"`
		} `json:"integrity,omitempty"`
		Anchors struct {
			Anchored bool `json:"anchored"`
			Records  []struct {
				Type   string          `json:"type"`
				Path   string          `json:"path"`
				Height int64           `json:"height,omitempty"`
				Record json.RawMessage `json:"record"`
			} `json:"records"`
			Note string `json:"note,omitempty"`
		} `json:"anchors"`
	} `json:"documents"`
	// Plan is what anchoring the document would send, as every door plans
	// it (anchorplan): without an issuer a draft, without fingerprints.
	Plan *anchorplan.Plan `json:"plan,omitempty"`
}

// CheckOptions are the planning parameters of a document check; zero
// values leave the server's defaults.
type CheckOptions struct {
	Issuer      secp.Address // plan with this issuer's fingerprints
	BuyerMember secp.Address
	BuyerID     string
	Mode        anchorplan.Mode
	Profile     string
}

func (o CheckOptions) query() string {
	v := url.Values{}
	if !o.Issuer.IsZero() {
		v.Set("issuer", o.Issuer.String())
	}
	if !o.BuyerMember.IsZero() {
		v.Set("buyer", o.BuyerMember.String())
	}
	if o.BuyerID != "" {
		v.Set("buyer_id", o.BuyerID)
	}
	if o.Mode != "" {
		v.Set("mode", string(o.Mode))
	}
	if o.Profile != "" {
		v.Set("profile", o.Profile)
	}
	if len(v) == 0 {
		return ""
	}
	return "?" + v.Encode()
}

// CheckDocument uploads a document (as multipart/form-data, part "file")
// for hashing and lookup. The server keeps nothing.
func (h *HTTP) CheckDocument(ctx context.Context, name string, data []byte) (*DocumentCheck, error) {
	return h.CheckDocumentWith(ctx, name, data, CheckOptions{})
}

// CheckDocumentWith is CheckDocument with planning parameters.
func (h *HTTP) CheckDocumentWith(ctx context.Context, name string, data []byte, opts CheckOptions) (*DocumentCheck, error) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	w, err := mw.CreateFormFile("file", name)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	if err := mw.Close(); err != nil {
		return nil, err
	}
	var c DocumentCheck
	if err := h.do(ctx, "POST", "/v1/documents/check"+opts.query(), mw.FormDataContentType(), &buf, &c); err != nil {
		return nil, err
	}
	return &c, nil
}
