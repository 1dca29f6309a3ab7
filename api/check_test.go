package api_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"mime/multipart"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/corridor-trade/corridor/api"
	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/internal/testdocs"
	"github.com/corridor-trade/corridor/x/invoice"
)

// checkJSON is the check answer as a client reads it.
type checkJSON struct {
	FileName  string `json:"file_name"`
	Size      int    `json:"size"`
	RawSHA256 string `json:"raw_sha256"`
	OK        bool   `json:"ok"`
	Height    int64  `json:"height"`
	Lookups   []string
	Problems  []api.CheckProblem
	Documents []struct {
		Format        string `json:"format"`
		Profile       string `json:"profile"`
		Kind          string `json:"kind"`
		CanonicalHash string `json:"canonical_hash"`
		Anchors       struct {
			Anchored bool `json:"anchored"`
			Records  []struct {
				Type   string `json:"type"`
				Path   string `json:"path"`
				Height int64  `json:"height"`
			} `json:"records"`
		} `json:"anchors"`
	} `json:"documents"`
}

// sampleFiles lists every shared sample (not the READMEs).
func sampleFiles(t testing.TB) []string {
	dir := testdocs.Dir(t)
	var out []string
	for _, sub := range []string{"ubl", "cii", "edifact", "iso20022", "openattestation", "vc"} {
		es, err := os.ReadDir(filepath.Join(dir, sub))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range es {
			if e.Type().IsRegular() && !strings.HasSuffix(e.Name(), ".md") {
				out = append(out, filepath.Join(dir, sub, e.Name()))
			}
		}
	}
	return out
}

func multipartBody(t testing.TB, field, name string, data []byte) ([]byte, string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("note", "ignored")
	w, err := mw.CreateFormFile(field, name)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = w.Write(data)
	_ = mw.Close()
	return buf.Bytes(), mw.FormDataContentType()
}

// TestDocumentCheckSamples posts every shared sample to the check endpoint
// of a real node, validates each answer against docs/openapi.yaml and
// compares it with an offline parse; then anchors one sample and checks
// that the endpoint finds it.
func TestDocumentCheckSamples(t *testing.T) {
	files := sampleFiles(t)
	h := startHarness(t)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(filepath.Dir(f)) + "/" + filepath.Base(f)
		r := h.do(t, "POST", "/v1/documents/check", "application/octet-stream", data)
		docs, perr := formats.Parse(data)
		if perr != nil {
			e := r.errorBody(t)
			if r.Status != 422 || e.Error != "api/malformed_document" || e.Rule == "" {
				t.Errorf("%s: malformed offline (%v) but the API answered %d %s", name, perr, r.Status, r.Body)
			}
			continue
		}
		var c checkJSON
		r.decode(t, &c)
		sum := sha256.Sum256(data)
		if r.Status != 200 || c.RawSHA256 != hex.EncodeToString(sum[:]) || c.Size != len(data) || len(c.Documents) != len(docs) {
			t.Errorf("%s: %d %s", name, r.Status, r.Body)
			continue
		}
		for i, d := range docs {
			got := c.Documents[i]
			if got.CanonicalHash != d.CanonicalHash.String() || got.Format != string(d.Format) || got.Anchors.Anchored {
				t.Errorf("%s document %d: %+v, offline %s %s", name, i, got, d.Format, d.CanonicalHash)
			}
			broken := d.Integrity != nil && d.Integrity.Checked && !d.Integrity.Valid
			if broken == c.OK {
				t.Errorf("%s: ok=%v but integrity %+v", name, c.OK, d.Integrity)
			}
		}
	}

	// Anchor the Peppol sample's canonical hash, then check the file again,
	// as raw bytes and as a multipart upload.
	data := testdocs.Read(t, "ubl/peppol-bis3-base-example.xml")
	docs, err := formats.Parse(data)
	if err != nil || docs[0].Invoice == nil {
		t.Fatalf("parse: %v", err)
	}
	in := docs[0].Invoice
	total, err := invoice.CanonicalAmount(in.Total)
	if err != nil {
		t.Fatal(err)
	}
	res := h.submit("sg-trader", &invoice.MsgAnchor{DocHash: invoice.Hash(docs[0].CanonicalHash), Profile: docs[0].Profile,
		Fingerprint: hashOf(in.Number), BuyerMember: h.address("hk-trader"), IssueDate: in.IssueDate, Currency: in.Currency, Total: total})
	body, ct := multipartBody(t, "file", "invoice.xml", data)
	for _, req := range []struct {
		ct, name string
		body     []byte
	}{{"application/xml", "", data}, {ct, "invoice.xml", body}} {
		r := h.do(t, "POST", "/v1/documents/check", req.ct, req.body)
		var c checkJSON
		r.decode(t, &c)
		if r.Status != 200 || len(c.Documents) != 1 || c.FileName != req.name {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		a := c.Documents[0].Anchors
		if !a.Anchored || len(a.Records) != 1 || a.Records[0].Type != "invoice" || a.Records[0].Height != res.Height ||
			a.Records[0].Path != "/v1/invoices/"+docs[0].CanonicalHash.String() || c.Height < res.Height {
			t.Fatalf("anchors: %s", r.Body)
		}
	}
}

// TestDocumentCheckLimits checks the body limit, malformed input and
// multipart errors.
func TestDocumentCheckLimits(t *testing.T) {
	h := startHarness(t)
	big := bytes.Repeat([]byte("x"), formats.MaxDocumentSize+1)
	r := h.do(t, "POST", "/v1/documents/check", "application/octet-stream", big)
	if e := r.errorBody(t); r.Status != 413 || e.Error != "api/body_too_large" {
		t.Fatalf("too large: %d %s", r.Status, r.Body)
	}
	body, ct := multipartBody(t, "file", "big.bin", big)
	r = h.do(t, "POST", "/v1/documents/check", ct, body)
	if r.Status != 413 {
		t.Fatalf("too large multipart: %d %s", r.Status, r.Body)
	}
	body, ct = multipartBody(t, "other", "", []byte("x"))
	body = bytes.Replace(body, []byte(`; filename=""`), nil, 1)
	r = h.do(t, "POST", "/v1/documents/check", ct, body)
	if r.Status != 400 {
		t.Fatalf("no file part: %d %s", r.Status, r.Body)
	}
	r = h.do(t, "POST", "/v1/documents/check", "application/xml", []byte("<Invoice><unclosed></Invoice>"))
	if e := r.errorBody(t); r.Status != 422 || e.Rule == "" || e.Where == "" {
		t.Fatalf("malformed: %d %s", r.Status, r.Body)
	}
	// Unrecognised bytes are a raw document: hashed, looked up, not anchored.
	r = h.do(t, "POST", "/v1/documents/check", "text/plain", []byte("hello"))
	var c checkJSON
	r.decode(t, &c)
	if r.Status != 200 || len(c.Documents) != 1 || c.Documents[0].Format != "raw" || len(c.Lookups) != 3 {
		t.Fatalf("raw: %d %s", r.Status, r.Body)
	}
}
