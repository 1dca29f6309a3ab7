package api_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	cmtcfg "github.com/cometbft/cometbft/config"
	"github.com/cometbft/cometbft/rpc/client/local"
	"github.com/corridor-trade/corridor/api"
	"github.com/corridor-trade/corridor/internal/localnet"
	"github.com/corridor-trade/corridor/internal/testdocs"
)

// FuzzCheckHandler posts arbitrary bodies to the document-check handler of
// a server backed by a real node. Whatever the body, the handler must not
// panic (the server would answer 500), and must answer either a check
// result whose raw hash is the body's, or a JSON error of the documented
// kind.
func FuzzCheckHandler(f *testing.F) {
	if testing.Short() {
		f.Skip("needs a node")
	}
	if dir := testdocs.Find(); dir != "" {
		for _, rel := range []string{"ubl/peppol-bis3-base-example.xml", "cii/en16931-CII_example1.xml", "edifact/staedi-invoic_d97b_una.edi",
			"iso20022/camt054-fi-fffs-sample.xml", "openattestation/oa-v2-obfuscated-wrapped.json", "vc/vc2-eddsa-jcs-2022-signedJCS.json"} {
			if b, err := os.ReadFile(dir + "/" + rel); err == nil {
				f.Add(b, "application/octet-stream")
			}
		}
	}
	f.Add([]byte("UNA:+.? 'UNB+UNOA:2+S+R+200101:1200+1'"), "text/plain")
	f.Add([]byte(`{"version":"https://schema.openattestation.com/2.0/schema.json"}`), "application/json")
	f.Add([]byte("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\n<x/>\r\n--b--\r\n"), "multipart/form-data; boundary=b")
	f.Add([]byte("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"b\">]><x>&a;</x>"), "application/xml")

	// A quiet node (no empty blocks) keeps background work, and so
	// coverage noise, low while fuzzing.
	net := localnet.Start(f, localnet.Options{Validators: 1, Tune: func(c *cmtcfg.Config) { c.Consensus.CreateEmptyBlocks = false }})
	net.WaitForHeight(1, time.Minute)
	srv := api.New(local.New(net.Nodes[0].CMT), api.Options{})
	defer srv.Close()

	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		req := httptest.NewRequest("POST", "/v1/documents/check", bytes.NewReader(body))
		req.Header.Set("Content-Type", contentType)
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		switch rec.Code {
		case http.StatusOK:
			var c struct {
				RawSHA256 string `json:"raw_sha256"`
				Size      int    `json:"size"`
				Documents []json.RawMessage
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &c); err != nil || len(c.Documents) == 0 {
				t.Fatalf("200 with body %q: %v", rec.Body.Bytes(), err)
			}
			if sum := sha256.Sum256(body); c.Size == len(body) && c.RawSHA256 != hex.EncodeToString(sum[:]) {
				t.Fatalf("raw hash %s of the body is not %x", c.RawSHA256, sum)
			}
		case http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnprocessableEntity:
			var e api.ErrorBody
			if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Codespace != "api" || e.Error == "" {
				t.Fatalf("%d with body %q: %v", rec.Code, rec.Body.Bytes(), err)
			}
		default:
			t.Fatalf("status %d (a panic or an unexpected failure): %s", rec.Code, rec.Body.Bytes())
		}
	})
}
