package api_test

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cometbft/cometbft/rpc/client/local"
	"github.com/corridor-trade/corridor/api"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/proof"
	"github.com/corridor-trade/corridor/x/identity"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/payment"
)

func hashOf(s string) invoice.Hash { return sha256.Sum256([]byte(s)) }

// TestAPIAgainstNode drives every endpoint against a real one-validator
// node and validates each real response against docs/openapi.yaml.
func TestAPIAgainstNode(t *testing.T) {
	h := startHarness(t)
	trader, bank := h.address("sg-trader"), h.address("sg-bank")

	t.Run("status", func(t *testing.T) {
		r := h.do(t, "GET", "/v1/status", "", nil)
		var st api.Status
		r.decode(t, &st)
		if r.Status != 200 || st.ChainID != h.net.ChainID || st.LatestBlockHeight < 1 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})

	// Anchor an invoice through POST /v1/txs.
	doc := hashOf("api-test-invoice")
	fp := hashOf("fingerprint of INV-1")
	anchor := &invoice.MsgAnchor{DocHash: doc, Profile: "ubl-2.1", Fingerprint: fp, BuyerMember: h.address("hk-trader"),
		IssueDate: "2026-01-15", Currency: "SGD", Total: "1250.5"}
	res := h.submit("sg-trader", anchor)

	t.Run("invoice", func(t *testing.T) {
		r := h.do(t, "GET", "/v1/invoices/"+doc.String(), "", nil)
		var v invoice.InvoiceView
		r.decode(t, &v)
		if r.Status != 200 || v.DocHash != doc || v.Issuer != trader || v.Anchored.Height != res.Height || v.Total != "1250.5" {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		if r.Header.Get("X-Corridor-Height") == "" {
			t.Fatal("no X-Corridor-Height header")
		}
		r = h.do(t, "GET", "/v1/invoices/"+hashOf("never anchored").String(), "", nil)
		if e := r.errorBody(t); r.Status != 404 || e.Codespace != "query" || e.Error != "query/not_found" || e.Code != 202 || e.Message == "" {
			t.Fatalf("unknown invoice: %d %s", r.Status, r.Body)
		}
		r = h.do(t, "GET", "/v1/invoices/xyz", "", nil)
		if e := r.errorBody(t); r.Status != 400 || e.Error != "api/bad_request" {
			t.Fatalf("malformed hash: %d %s", r.Status, r.Body)
		}
		// An escaped slash cannot add query path segments.
		r = h.do(t, "GET", "/v1/invoices/"+doc.String()+"%2Fextra", "", nil)
		if r.Status != 400 {
			t.Fatalf("escaped slash: %d %s", r.Status, r.Body)
		}
	})

	t.Run("fingerprint", func(t *testing.T) {
		r := h.do(t, "GET", "/v1/fingerprints/"+fp.String()+"?issuer="+trader.String(), "", nil)
		var v invoice.FingerprintView
		r.decode(t, &v)
		if r.Status != 200 || v.Invoice.DocHash != doc {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		r = h.do(t, "GET", "/v1/fingerprints/"+fp.String(), "", nil)
		if r.Status != 400 || !strings.Contains(r.errorBody(t).Message, "issuer") {
			t.Fatalf("without issuer: %d %s", r.Status, r.Body)
		}
	})

	t.Run("duplicate anchor is a conflict with the tx hash", func(t *testing.T) {
		dup := *anchor
		dup.Fingerprint = hashOf("another number")
		raw := h.signed("sg-trader", &dup)
		r := h.do(t, "POST", "/v1/txs?wait=commit", "application/json", []byte(fmt.Sprintf(`{"tx":%q}`, base64.StdEncoding.EncodeToString(raw))))
		e := r.errorBody(t)
		if r.Status != 409 || e.Error != "invoice/duplicate_document" || e.Hash == "" || e.Height == 0 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})

	t.Run("bad submissions", func(t *testing.T) {
		for name, c := range map[string]struct {
			ct     string
			body   string
			status int
		}{
			"not base64":        {"text/plain", "!!!", 400},
			"garbage tx":        {"application/octet-stream", "garbage", 422},
			"unknown json":      {"application/json", `{"tx":"AA==","x":1}`, 400},
			"wrong media type":  {"application/xml", "<tx/>", 415},
			"empty":             {"application/octet-stream", "", 400},
			"bad wait":          {"", "AA==", 400},
			"too large for txs": {"application/octet-stream", strings.Repeat("A", api.MaxTxBody+1), 413},
		} {
			path := "/v1/txs"
			if name == "bad wait" {
				path += "?wait=forever"
			}
			r := h.do(t, "POST", path, c.ct, []byte(c.body))
			e := r.errorBody(t)
			if r.Status != c.status || e.Codespace == "" || e.Error == "" {
				t.Errorf("%s: %d %s", name, r.Status, r.Body)
			}
		}
	})

	// A batch, posted as raw bytes.
	root := invoice.Hash(invoice.MerkleRoot([][32]byte{hashOf("b1"), hashOf("b2"), hashOf("b3")}))
	raw := h.signed("sg-trader", &invoice.MsgAnchorBatch{Root: root, Count: 3, Profile: "cii-d16b"})
	r := h.do(t, "POST", "/v1/txs?wait=commit&timeout=30s", "application/octet-stream", raw)
	if r.Status != 200 {
		t.Fatalf("batch: %d %s", r.Status, r.Body)
	}
	var batchRes api.TxResult
	r.decode(t, &batchRes)
	t.Run("resubmission is idempotent", func(t *testing.T) {
		r := h.do(t, "POST", "/v1/txs?wait=commit", "application/octet-stream", raw)
		var again api.TxResult
		r.decode(t, &again)
		if r.Status != 200 || !again.Committed || again.Hash != batchRes.Hash || again.Height != batchRes.Height {
			t.Fatalf("%d %s, first %+v", r.Status, r.Body, batchRes)
		}
	})
	t.Run("revocation", func(t *testing.T) {
		leaves := [][32]byte{hashOf("b1"), hashOf("b2"), hashOf("b3")}
		var path []invoice.Hash
		for _, p := range invoice.InclusionProof(leaves, 1) {
			path = append(path, p)
		}
		h.submit("sg-trader", &invoice.MsgRevokeBatchMember{DocHash: hashOf("b2"), Root: root, Index: 1, Path: path, Reason: "superseded"})
		r := h.do(t, "GET", "/v1/revocations/"+hashOf("b2").String(), "", nil)
		var v invoice.RevocationView
		r.decode(t, &v)
		if r.Status != 200 || v.Root != root || v.Index != 1 || v.Reason != "superseded" {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		r = h.do(t, "GET", "/v1/revocations/"+hashOf("b1").String(), "", nil)
		if r.Status != 404 {
			t.Fatalf("not revoked: %d %s", r.Status, r.Body)
		}
	})
	t.Run("batch", func(t *testing.T) {
		r := h.do(t, "GET", "/v1/batches/"+root.String(), "", nil)
		var v invoice.BatchView
		r.decode(t, &v)
		if r.Status != 200 || v.Count != 3 || v.Issuer != trader || v.Profile != "cii-d16b" {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})

	// A payment by the Singapore bank.
	uetr, err := payment.ParseUETR("8a562c67-ca16-48ba-b074-65581be6f011")
	if err != nil {
		t.Fatal(err)
	}
	h.submit("sg-bank", &payment.MsgRecord{UETR: uetr, Currency: "SGD", ValueDate: "2026-02-01", MessageHash: hashOf("pacs.008"),
		Items: []payment.Item{{DocHash: doc, Amount: "250.5"}}})
	t.Run("payment", func(t *testing.T) {
		id := payment.IDOf(uetr, bank)
		r := h.do(t, "GET", "/v1/payments/"+id.String(), "", nil)
		var v payment.View
		r.decode(t, &v)
		if r.Status != 200 || v.Bank != bank || len(v.Items) != 1 || v.Items[0].DocHash != doc || v.Items[0].InvoiceStatus == "" {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		r = h.do(t, "GET", "/v1/uetr/"+uetr.String(), "", nil)
		var u payment.UETRView
		r.decode(t, &u)
		if r.Status != 200 || len(u.Payments) != 1 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		r = h.do(t, "GET", "/v1/invoices/"+doc.String(), "", nil)
		var iv invoice.InvoiceView
		r.decode(t, &iv)
		if iv.Payments.Count != 1 || iv.Payments.Outstanding != "1000" {
			t.Fatalf("invoice after payment: %s", r.Body)
		}
		r = h.do(t, "GET", "/v1/payments/abc", "", nil)
		if r.Status != 400 {
			t.Fatalf("bad id: %d %s", r.Status, r.Body)
		}
	})

	// An attestation about the trader.
	h.submit("sg-attester", &identity.MsgAttest{Subject: identity.AddressSubject(trader), Claim: identity.ClaimLegalEntity,
		Scheme: identity.SchemeUEN, CredentialHash: identity.Hash(hashOf("vc"))})
	t.Run("attestations", func(t *testing.T) {
		r := h.do(t, "GET", "/v1/subjects/"+trader.String()+"/attestations", "", nil)
		var l identity.List
		r.decode(t, &l)
		if r.Status != 200 || len(l.Attestations) != 1 || !l.Attestations[0].Active {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		id := l.Attestations[0].ID
		r = h.do(t, "GET", "/v1/attestations/"+id.String(), "", nil)
		var v identity.View
		r.decode(t, &v)
		if r.Status != 200 || v.ID != id || v.State != "active" {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		r = h.do(t, "GET", "/v1/subjects/"+trader.String()+"/attestations?claim=aeo", "", nil)
		r.decode(t, &l)
		if r.Status != 200 || len(l.Attestations) != 0 {
			t.Fatalf("claim filter: %d %s", r.Status, r.Body)
		}
		r = h.do(t, "GET", "/v1/attestations/"+id.String()+"?asof=2000-01-01T00:00:00Z", "", nil)
		r.decode(t, &v)
		if r.Status != 200 || v.Active {
			t.Fatalf("asof before validity: %d %s", r.Status, r.Body)
		}
		r = h.do(t, "GET", "/v1/attestations/"+hashOf("none").String(), "", nil)
		if r.Status != 404 {
			t.Fatalf("unknown attestation: %d %s", r.Status, r.Body)
		}
	})

	t.Run("recognition", func(t *testing.T) {
		r := h.do(t, "GET", "/v1/recognition/"+doc.String()+"?in=SG", "", nil)
		var v struct {
			Target     string `json:"target"`
			Kind       string `json:"kind"`
			In         string `json:"in"`
			Recognized bool   `json:"recognized"`
			Reasons    []any  `json:"reasons"`
		}
		r.decode(t, &v)
		if r.Status != 200 || v.Target != doc.String() || v.Kind != "document" || v.In != "SG" || len(v.Reasons) == 0 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		r = h.do(t, "GET", "/v1/recognition/"+doc.String(), "", nil)
		if r.Status != 400 {
			t.Fatalf("without in: %d %s", r.Status, r.Body)
		}
		r = h.do(t, "GET", "/v1/recognition/"+doc.String()+"?in=sg/x", "", nil)
		if r.Status != 400 {
			t.Fatalf("bad in: %d %s", r.Status, r.Body)
		}
	})

	t.Run("member", func(t *testing.T) {
		r := h.do(t, "GET", "/v1/members/"+trader.String(), "", nil)
		var m struct {
			Address      string   `json:"address"`
			Jurisdiction string   `json:"jurisdiction"`
			Roles        []string `json:"roles"`
		}
		r.decode(t, &m)
		if r.Status != 200 || m.Address != trader.String() || m.Jurisdiction != "SG" || len(m.Roles) != 1 || m.Roles[0] != "trader" {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		other := hashOf("stranger")
		stranger, err := secp.AddressFromBytes(other[:20])
		if err != nil {
			t.Fatal(err)
		}
		r = h.do(t, "GET", "/v1/members/"+stranger.String(), "", nil)
		if r.Status != 404 {
			t.Fatalf("unknown member: %d %s", r.Status, r.Body)
		}
	})

	t.Run("certificate", func(t *testing.T) {
		r := h.do(t, "GET", "/v1/certificates/"+doc.String()+"?in=SG,HK", "", nil)
		if r.Status != 200 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		cert, err := proof.ParseCertificate(r.Body)
		if err != nil {
			t.Fatal(err)
		}
		trust, err := proof.GenesisTrust(h.net.Gen.Genesis)
		if err != nil {
			t.Fatal(err)
		}
		v, err := proof.VerifyCertificate(cert, trust)
		if err != nil {
			t.Fatal(err)
		}
		if failed := v.Failed(); cert.Document.Hash != doc.String() || v.Line("anchored") == nil || !v.Line("anchored").OK {
			t.Fatalf("verdict: %+v failed %+v", v, failed)
		}
		r = h.do(t, "GET", "/v1/certificates/"+doc.String()+"?height=x", "", nil)
		if r.Status != 400 {
			t.Fatalf("bad height: %d %s", r.Status, r.Body)
		}
	})

	t.Run("routing errors are JSON", func(t *testing.T) {
		r := h.do(t, "DELETE", "/v1/invoices/"+doc.String(), "", nil)
		if e := r.errorBody(t); r.Status != 405 || e.Error != "api/method_not_allowed" || r.Header.Get("Allow") != "GET" {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		r = h.do(t, "GET", "/v2/nothing", "", nil)
		if e := r.errorBody(t); r.Status != 404 || e.Error != "api/route_not_found" {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})
}

// TestAnchorEventStream opens the SSE stream for a party, anchors a batch
// and an invoice by that party (and one by another party), and expects
// exactly the party's anchors.
func TestAnchorEventStream(t *testing.T) {
	h := startHarness(t)
	trader := h.address("sg-trader")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	r := h.do(t, "GET", "/v1/events/anchors?party=nobody", "", nil)
	if r.Status != 400 {
		t.Fatalf("bad party: %d %s", r.Status, r.Body)
	}

	req, _ := http.NewRequestWithContext(ctx, "GET", h.base+"/v1/events/anchors?party="+trader.String(), nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("stream: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	events := make(chan api.AnchorEvent, 16)
	go func() {
		defer close(events)
		sc := bufio.NewScanner(resp.Body)
		name := ""
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: ") && name == "anchor":
				var ev api.AnchorEvent
				if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &ev); err != nil {
					t.Errorf("event data %q: %v", line, err)
					return
				}
				events <- ev
			case line == "":
				name = ""
			}
		}
	}()
	// The subscription is made before the headers are sent, so anything
	// committed from now on is streamed.
	h.submit("hk-trader", &invoice.MsgAnchorBatch{Root: hashOf("hk batch"), Count: 2, Profile: "raw"})
	root := hashOf("sg batch")
	batch := h.submit("sg-trader", &invoice.MsgAnchorBatch{Root: root, Count: 5, Profile: "raw"})
	doc := hashOf("sg invoice")
	one := h.submit("sg-trader", &invoice.MsgAnchor{DocHash: doc, Profile: "raw", Fingerprint: hashOf("fp sse"),
		BuyerMember: h.address("hk-trader"), IssueDate: "2026-03-01", Currency: "USD", Total: "10"})

	want := []api.AnchorEvent{
		{Type: "batch", Hash: root.String(), Issuer: trader.String(), Jurisdiction: "SG", Profile: "raw", Count: "5", Height: batch.Height, TxHash: batch.Hash},
		{Type: "invoice", Hash: doc.String(), Issuer: trader.String(), Jurisdiction: "SG", Profile: "raw", Height: one.Height, TxHash: one.Hash},
	}
	for i, w := range want {
		select {
		case ev, ok := <-events:
			if !ok {
				t.Fatalf("stream ended before event %d", i)
			}
			if ev != w {
				t.Fatalf("event %d:\n got %+v\nwant %+v", i, ev, w)
			}
		case <-ctx.Done():
			t.Fatalf("no event %d", i)
		}
	}
	// The client goes away; the server must release the stream (a new one
	// can still be opened, and the server shuts down cleanly in Cleanup).
	cancel()
	for range events {
	}
	r = h.do(t, "GET", "/v1/status", "", nil)
	if r.Status != 200 {
		t.Fatalf("after disconnect: %d", r.Status)
	}

	// Stream slots are bounded and freed when a client disconnects.
	srv := api.New(local.New(h.net.Nodes[0].CMT), api.Options{MaxStreams: 1})
	run, err := api.Start("127.0.0.1:0", srv)
	if err != nil {
		t.Fatal(err)
	}
	defer run.Stop(5 * time.Second)
	base := "http://" + run.Addr
	path := "/v1/events/anchors?party=" + trader.String()
	ctx1, cancel1 := context.WithCancel(context.Background())
	req1, _ := http.NewRequestWithContext(ctx1, "GET", base+path, nil)
	first, err := http.DefaultClient.Do(req1)
	if err != nil || first.StatusCode != 200 {
		t.Fatalf("first stream: %v", err)
	}
	r = doChecked(t, h.http, h.router, base, "GET", path, "", nil)
	if e := r.errorBody(t); r.Status != 503 || e.Error != "api/too_many_streams" {
		t.Fatalf("second stream: %d %s", r.Status, r.Body)
	}
	cancel1()
	first.Body.Close()
	freed := false
	for i := 0; i < 100 && !freed; i++ {
		ctx2, cancel2 := context.WithCancel(context.Background())
		req2, _ := http.NewRequestWithContext(ctx2, "GET", base+path, nil)
		if resp, err := http.DefaultClient.Do(req2); err == nil {
			freed = resp.StatusCode == 200
			resp.Body.Close()
		}
		cancel2()
		if !freed {
			time.Sleep(50 * time.Millisecond)
		}
	}
	if !freed {
		t.Fatal("the stream slot was not freed after the client disconnected")
	}
}
