package api_test

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	cmtcfg "github.com/cometbft/cometbft/config"
	"github.com/corridor-trade/corridor/api"
	"github.com/corridor-trade/corridor/internal/localnet"
	"github.com/corridor-trade/corridor/internal/testdocs"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/membership"
)

// slowRequest opens a raw connection to the harness and sends the headers
// of a POST to path announcing a body of announced bytes, then the first
// sent bytes of it, and stops: a client that is slow to send its body.
func (h *harness) slowRequest(t *testing.T, path string, announced, sent int) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", strings.TrimPrefix(h.base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	fmt.Fprintf(c, "POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: %d\r\n\r\n%s",
		path, announced, strings.Repeat("<", sent))
	return c
}

// readResponse reads one HTTP response from c, waiting at most wait.
func readResponse(t *testing.T, c net.Conn, wait time.Duration) (*http.Response, []byte, error) {
	t.Helper()
	_ = c.SetReadDeadline(time.Now().Add(wait))
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, b, err
}

// TestDocumentChecksAreCapped holds the one check slot with a body that
// never finishes; a second check is answered 503 api/checks_busy with a
// Retry-After at once, and checks run again once the slot is free.
func TestDocumentChecksAreCapped(t *testing.T) {
	h := startHarnessWith(t, api.Options{MaxChecks: 1})
	sample := testdocs.Read(t, "ubl/peppol-bis3-base-example.xml")
	if r := h.do(t, "POST", "/v1/documents/check", "application/xml", sample); r.Status != 200 {
		t.Fatalf("idle server: %d %s", r.Status, r.Body)
	}
	// The slow client and a check sent right after it race for the slot:
	// when the check wins, the slow client is the one answered 503 and
	// holds nothing, so it is sent again until it is the one holding it.
	slow := h.slowRequest(t, "/v1/documents/check", 1<<20, 10)
	var r *response
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		r = h.do(t, "POST", "/v1/documents/check", "application/xml", sample)
		if r.Status != 200 || time.Now().After(deadline) {
			break
		}
		if resp, _, err := readResponse(t, slow, 10*time.Millisecond); err == nil {
			if resp.StatusCode != 503 {
				t.Fatalf("slow client answered %d before its body arrived", resp.StatusCode)
			}
			slow.Close()
			slow = h.slowRequest(t, "/v1/documents/check", 1<<20, 10)
		}
	}
	if e := r.errorBody(t); r.Status != 503 || e.Error != "api/checks_busy" || e.Code != 909 || r.Header.Get("Retry-After") == "" {
		t.Fatalf("check while the only slot is taken: %d %s (Retry-After %q)", r.Status, r.Body, r.Header.Get("Retry-After"))
	}
	// Other endpoints are not affected.
	if r := h.do(t, "GET", "/v1/status", "", nil); r.Status != 200 {
		t.Fatalf("status while checks are busy: %d %s", r.Status, r.Body)
	}
	slow.Close()
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		r = h.do(t, "POST", "/v1/documents/check", "application/xml", sample)
		if r.Status == 200 || time.Now().After(deadline) {
			break
		}
	}
	if r.Status != 200 {
		t.Fatalf("after the slow client left: %d %s", r.Status, r.Body)
	}
}

// TestDocumentCheckSizeLimit crosses Options.MaxCheckBytes: a document at
// the limit is checked, one byte more is 413 api/body_too_large, as raw
// body and as multipart upload.
func TestDocumentCheckSizeLimit(t *testing.T) {
	const limit = 4 << 10
	h := startHarnessWith(t, api.Options{MaxCheckBytes: limit})
	at := bytes.Repeat([]byte("a"), limit)
	if r := h.do(t, "POST", "/v1/documents/check", "application/octet-stream", at); r.Status != 200 {
		t.Fatalf("at the limit: %d %s", r.Status, r.Body)
	}
	over := append(at, 'a')
	if r := h.do(t, "POST", "/v1/documents/check", "application/octet-stream", over); r.Status != 413 || r.errorBody(t).Error != "api/body_too_large" {
		t.Fatalf("one byte over: %d %s", r.Status, r.Body)
	}
	body, ct := multipartBody(t, "file", "big.txt", over)
	if r := h.do(t, "POST", "/v1/documents/check", ct, body); r.Status != 413 || r.errorBody(t).Error != "api/body_too_large" {
		t.Fatalf("one byte over, multipart: %d %s", r.Status, r.Body)
	}
}

// TestSlowClientsAreCut sends a body that stops arriving and headers that
// never end: the first is answered 408 api/body_timeout after
// Options.ReadTimeout, the second connection is closed after
// Options.ReadHeaderTimeout, both well before the old two-minute and
// ten-second bounds.
func TestSlowClientsAreCut(t *testing.T) {
	h := startHarnessWith(t, api.Options{ReadHeaderTimeout: 500 * time.Millisecond, ReadTimeout: time.Second})
	for _, path := range []string{"/v1/documents/check", "/v1/txs"} {
		c := h.slowRequest(t, path, 1000, 10)
		resp, body, err := readResponse(t, c, 30*time.Second)
		if err != nil {
			t.Fatalf("%s: no answer to a stalled body: %v", path, err)
		}
		if resp.StatusCode != 408 || !bytes.Contains(body, []byte(`"api/body_timeout"`)) {
			t.Fatalf("%s: stalled body: %d %s", path, resp.StatusCode, body)
		}
	}
	c, err := net.Dial("tcp", strings.TrimPrefix(h.base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	fmt.Fprintf(c, "GET /v1/status HTTP/1.1\r\nHost: x\r\n")
	_ = c.SetReadDeadline(time.Now().Add(8 * time.Second))
	if _, err := io.ReadAll(c); err != nil {
		t.Fatalf("unfinished headers: the connection was not closed: %v", err)
	}
}

// TestConnectionLimit fills Options.MaxConns with idle connections: a new
// client is not served until one of them closes.
func TestConnectionLimit(t *testing.T) {
	h := startHarnessWith(t, api.Options{MaxConns: 2, ReadHeaderTimeout: time.Minute, ReadTimeout: time.Minute})
	var idle []net.Conn
	for i := 0; i < 2; i++ {
		c, err := net.Dial("tcp", strings.TrimPrefix(h.base, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		idle = append(idle, c)
	}
	fresh := func(timeout time.Duration) (*http.Response, error) {
		c := &http.Client{Timeout: timeout, Transport: &http.Transport{DisableKeepAlives: true}}
		return c.Get(h.base + "/v1/status")
	}
	if resp, err := fresh(2 * time.Second); err == nil {
		resp.Body.Close()
		t.Fatalf("a third connection was served while two were open (limit 2): %d", resp.StatusCode)
	}
	idle[0].Close()
	resp, err := fresh(30 * time.Second)
	if err != nil {
		t.Fatalf("after an idle connection closed: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("after an idle connection closed: %d", resp.StatusCode)
	}
}

// TestTxSizeAndResendContracts checks two promises of docs/api.md against
// a real node: a transaction one byte over params.max_tx_bytes is 413
// tx/too_large (not 502), and resending the exact bytes of a transaction
// that failed in its block answers its committed result, not
// tx/bad_sequence.
func TestTxSizeAndResendContracts(t *testing.T) {
	h := startHarness(t)
	max := int(membership.DefaultParams().MaxTxBytes) // the test genesis keeps the default
	r := h.do(t, "POST", "/v1/txs", "application/octet-stream", bytes.Repeat([]byte{0xff}, max+1))
	if e := r.errorBody(t); r.Status != 413 || e.Error != "tx/too_large" || e.Hash == "" {
		t.Fatalf("max_tx_bytes + 1: %d %s", r.Status, r.Body)
	}
	r = h.do(t, "POST", "/v1/txs", "application/octet-stream", bytes.Repeat([]byte{0xff}, max))
	if e := r.errorBody(t); r.Status != 422 || e.Error != "tx/malformed" {
		t.Fatalf("max_tx_bytes of garbage: %d %s", r.Status, r.Body)
	}

	doc := hashOf("resend-failed-tx")
	anchor := &invoice.MsgAnchor{DocHash: doc, Profile: "raw", Fingerprint: hashOf("resend fp 1"), BuyerMember: h.address("hk-trader"),
		IssueDate: "2026-02-01", Currency: "SGD", Total: "10"}
	h.submit("sg-trader", anchor)
	dup := *anchor
	dup.Fingerprint = hashOf("resend fp 2")
	raw := h.signed("sg-trader", &dup)
	first := h.do(t, "POST", "/v1/txs?wait=commit", "application/octet-stream", raw)
	e1 := first.errorBody(t)
	if first.Status != 409 || e1.Error != "invoice/duplicate_document" || e1.Height == 0 {
		t.Fatalf("duplicate anchor: %d %s", first.Status, first.Body)
	}
	for _, path := range []string{"/v1/txs?wait=commit", "/v1/txs"} {
		again := h.do(t, "POST", path, "application/octet-stream", raw)
		e2 := again.errorBody(t)
		if again.Status != first.Status || e2.Error != e1.Error || e2.Hash != e1.Hash || e2.Height != e1.Height {
			t.Fatalf("resend (%s) answered %d %s; first answer %d %s", path, again.Status, again.Body, first.Status, first.Body)
		}
	}
}

// TestMempoolTxLimitIs413 lowers the node's own mempool max_tx_bytes
// (config.toml) below the chain's: a transaction between the two is
// refused by CometBFT before CheckTx, and the API answers that as
// 413 tx/too_large too, not 502.
func TestMempoolTxLimitIs413(t *testing.T) {
	h := startHarnessOn(t, localnet.Options{Validators: 1, Tune: func(c *cmtcfg.Config) { c.Mempool.MaxTxBytes = 4096 }}, api.Options{})
	r := h.do(t, "POST", "/v1/txs", "application/octet-stream", bytes.Repeat([]byte{0xff}, 4097))
	if e := r.errorBody(t); r.Status != 413 || e.Error != "tx/too_large" || e.Hash == "" {
		t.Fatalf("over the mempool's limit: %d %s", r.Status, r.Body)
	}
}
