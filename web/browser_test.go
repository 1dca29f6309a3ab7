package web_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/cometbft/cometbft/rpc/client/local"

	"github.com/corridor-trade/corridor/anchorplan"
	"github.com/corridor-trade/corridor/api"
	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/disclose"
	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/internal/localnet"
	"github.com/corridor-trade/corridor/internal/testdocs"
	"github.com/corridor-trade/corridor/proof/fetch"
	"github.com/corridor-trade/corridor/web"
	"github.com/corridor-trade/corridor/x/identity"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/recognition"
)

// browserPath finds Chromium (Debian's chromium, or a Chrome) or skips.
func browserPath(tb testing.TB) string {
	tb.Helper()
	if p := os.Getenv("CORRIDOR_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	tb.Skip("no browser: install Debian's chromium (apt-get install -y chromium; .ci/run does) to run the page's browser tests")
	return ""
}

// repoFile is a file of this repository.
func repoFile(t *testing.T, rel string) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(filepath.Dir(file)), rel)
}

// screenshots is where each state's screenshot goes: $CORRIDOR_SCREENSHOTS
// or the test's temporary directory.
func screenshots(t *testing.T) string {
	if d := os.Getenv("CORRIDOR_SCREENSHOTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

// page is one browser tab on the page served by one node.
type page struct {
	t    *testing.T
	ctx  context.Context
	dir  string
	base string
}

func (p *page) do(steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 2*time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		p.t.Fatal(err)
	}
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](p *page, js string) T {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, time.Minute)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		p.t.Fatalf("%s: %v", js, err)
	}
	return v
}

// waitFor polls a JavaScript condition until it is true.
func (p *page) waitFor(what, js string) {
	p.t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		if eval[bool](p, "!!("+js+")") {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	p.shot("timeout")
	p.t.Fatalf("timed out waiting for %s (%s); the page says: %s", what, js, eval[string](p, "document.body.innerText"))
}

// shot saves a screenshot of the whole page as NAME.png.
func (p *page) shot(name string) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, time.Minute)
	defer cancel()
	b, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		p.t.Fatal(err)
	}
	path := filepath.Join(p.dir, name+".png")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		p.t.Fatal(err)
	}
	p.t.Logf("screenshot %s", path)
}

// shotOf saves a screenshot of the element #id alone as NAME.png.
func (p *page) shotOf(id, name string) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, time.Minute)
	defer cancel()
	b, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.ID(id)))
	if err != nil {
		p.t.Fatal(err)
	}
	path := filepath.Join(p.dir, name+".png")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		p.t.Fatal(err)
	}
	p.t.Logf("screenshot %s", path)
}

// drop chooses file for the input #id, as an officer picking it does.
func (p *page) drop(id, file string) {
	p.t.Helper()
	p.do(chromedp.SetUploadFiles(chromedp.ID(id), []string{file}))
}

// verdict returns the verdict lines as check -> "✓"/"✗".
func (p *page) verdict() map[string]string {
	out := map[string]string{}
	lines := eval[[]string](p, `Array.from(document.querySelectorAll("#verdict-lines li")).map(li => li.dataset.check + " " + li.querySelector(".mark").textContent)`)
	for _, l := range lines {
		k, v, _ := strings.Cut(l, " ")
		if out[k] != "✗" {
			out[k] = v
		}
	}
	return out
}

func (p *page) offline(off bool) {
	p.t.Helper()
	p.do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(ctx, t, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		if _, err := cdp.Call(ctx, t, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
			MatchedNetworkConditions: []*network.Conditions{{Offline: off, DownloadThroughput: -1, UploadThroughput: -1}}}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, t, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: off, DownloadThroughput: -1, UploadThroughput: -1})
		return err
	}))
}

// BenchmarkPage measures what an officer's browser downloads from
// localhost (every file of the page, gzip-compressed as the node serves
// it) and how long the page takes until the verifier is ready. It is a
// benchmark, not a test: run it with
//
//	make web && go test -run '^$' -bench BenchmarkPage -benchtime 3x ./web/
func BenchmarkPage(b *testing.B) {
	chromium := browserPath(b)
	if !web.Built() {
		b.Skip("the verifier is not built: run `make web` first")
	}
	srv := httptest.NewServer(http.StripPrefix("", web.Handler("/")))
	defer srv.Close()
	var total int64
	for _, name := range []string{"index.html", "style.css", "i18n.js", "wasm_exec.js", "app.js", "verifier.wasm"} {
		req, _ := http.NewRequest("GET", srv.URL+"/"+name, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			b.Fatal(err)
		}
		n, _ := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		total += n
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium), chromedp.NoSandbox)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelA()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		b.Fatal(err)
	}
	var ready time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/?run="+fmt.Sprint(i))); err != nil {
			b.Fatal(err)
		}
		for {
			ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.body.dataset.engine === "ready"`))
			if err != nil {
				b.Fatal(err)
			}
			if ok {
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
		ready += time.Since(start)
	}
	b.ReportMetric(float64(ready.Milliseconds())/float64(b.N), "ms-to-ready")
	b.ReportMetric(float64(total), "gzip-bytes")
}

// TestPageInABrowser drives Chromium over the page served by a one-node
// network: the sample UBL invoice gets every tick, an altered copy is
// "tampered", a certificate verifies with the network cut, the verdict
// reads in Simplified Chinese, a revoked attestation crosses out
// "issuer identified", a W3C credential's verdict counts only the checks
// that apply to a credential, each with its words, and a disclosure
// dropped offline shows only its chosen fields, or its failed line and
// code when a value was changed.
func TestPageInABrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("network and browser test")
	}
	chromium := browserPath(t)
	if !web.Built() {
		t.Skip("the verifier is not built: run `make web` (make test does) before this test")
	}
	invoiceXML, err := os.ReadFile(repoFile(t, "docs/examples/invoice.xml"))
	if err != nil {
		t.Fatal(err)
	}
	docs, err := formats.Parse(invoiceXML)
	if err != nil || len(docs) != 1 {
		t.Fatalf("parse docs/examples/invoice.xml: %v (%d documents)", err, len(docs))
	}
	doc := docs[0]

	// One node, its API serving the page.
	net := localnet.Start(t, localnet.Options{Validators: 1})
	net.WaitForHeight(2, time.Minute)
	run, err := api.Start("127.0.0.1:0", api.New(local.New(net.Nodes[0].CMT), api.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = run.Stop(5 * time.Second) })
	base := "http://" + run.Addr
	c := net.Client(0)
	submit := func(signer string, msgs ...kit.Msg) *client.Result {
		t.Helper()
		res, err := c.Submit(context.Background(), net.Keys[signer], client.SubmitOptions{Wait: time.Minute}, msgs...)
		if err != nil || !res.OK() {
			t.Fatalf("%s: %v %+v", signer, err, res)
		}
		return res
	}
	trader := net.Keys["sg-trader"].PubKey().Address()
	attest := submit("sg-attester", &identity.MsgAttest{Subject: identity.AddressSubject(trader), Claim: identity.ClaimLegalEntity,
		Scheme: identity.SchemeUEN, CredentialHash: sha256.Sum256([]byte("uen:201234567K"))})
	legal := []string{identity.ClaimLegalEntity}
	profiles := []string{recognition.ProfileUBL}
	submit("sh-operator", &recognition.MsgSet{In: "CN-SH", AttesterJurisdiction: "SG", Claims: legal}, &recognition.MsgSet{In: "CN-SH", Profiles: profiles})
	submit("hk-operator", &recognition.MsgSet{In: "HK", AttesterJurisdiction: "SG", Claims: legal}, &recognition.MsgSet{In: "HK", Profiles: profiles})
	submit("sg-operator", &recognition.MsgSet{In: "SG", Profiles: profiles})
	submit("sg-trader", &invoice.MsgAnchor{DocHash: invoice.Hash(doc.CanonicalHash), Profile: invoice.ProfileUBL,
		Fingerprint: sha256.Sum256([]byte("sample-invoice")), BuyerMember: net.Keys["sh-trader"].PubKey().Address(),
		IssueDate: "2026-11-20", Currency: "USD", Total: "1250"})
	// A second invoice of the trader, anchored with field commitments:
	// its disclosure of the seller id and the total, with the anchor's
	// certificate, as `corridord disclose` writes it; and a copy with a
	// changed total.
	secondXML := bytes.Replace(invoiceXML, []byte("</cbc:ID>"), []byte("7</cbc:ID>"), 1)
	docs2, err := formats.Parse(secondXML)
	if err != nil || len(docs2) != 1 {
		t.Fatalf("parse the second invoice: %v", err)
	}
	withFields, err := c.AnchorFiles(context.Background(), net.Keys["sg-trader"], []anchorplan.File{{Name: "second.xml", Docs: docs2}},
		client.AnchorOptions{FieldCommitments: true, BuyerMember: net.Keys["sh-trader"].PubKey().Address()})
	if err != nil || !withFields.Result.OK() || len(withFields.Secrets) != 1 {
		t.Fatalf("anchor with field commitments: %v %+v", err, withFields)
	}
	net.WaitForHeight(withFields.Result.Height+2, time.Minute)

	// Files the officer drops.
	dir := t.TempDir()
	genesisPath := filepath.Join(dir, "genesis.json")
	if err := net.Gen.Genesis.SaveAs(genesisPath); err != nil {
		t.Fatal(err)
	}
	invoicePath := filepath.Join(dir, "invoice.xml")
	os.WriteFile(invoicePath, invoiceXML, 0o644)
	altered := bytes.Replace(invoiceXML, []byte("</cbc:ID>"), []byte("9</cbc:ID>"), 1)
	if bytes.Equal(altered, invoiceXML) {
		t.Fatal("could not alter the sample invoice")
	}
	alteredPath := filepath.Join(dir, "invoice-altered.xml")
	os.WriteFile(alteredPath, altered, 0o644)
	certPath := filepath.Join(dir, "certificate.json")
	resp, err := http.Get(base + "/v1/certificates/" + hex.EncodeToString(doc.CanonicalHash[:]))
	if err != nil {
		t.Fatal(err)
	}
	certJSON, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("GET certificate: %d %s", resp.StatusCode, certJSON)
	}
	os.WriteFile(certPath, certJSON, 0o644)
	sec := withFields.Secrets[0].Secrets
	disclosure, err := disclose.Make(sec, []string{"seller.id", "total"})
	if err != nil {
		t.Fatal(err)
	}
	dcert, err := fetch.Build(context.Background(), c.RPC, invoice.Hash(docs2[0].CanonicalHash), fetch.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if disclosure.Certificate, err = dcert.Marshal(); err != nil {
		t.Fatal(err)
	}
	disclosurePath, changedPath := filepath.Join(dir, "disclosure.json"), filepath.Join(dir, "disclosure-changed.json")
	if data, err := disclose.Encode(disclosure); err != nil || os.WriteFile(disclosurePath, data, 0o600) != nil {
		t.Fatalf("write the disclosure: %v", err)
	}
	changed := *disclosure
	changed.Fields = append([]disclose.Revealed(nil), disclosure.Fields...)
	changed.Fields[1].Value += "0" // the total, one digit longer
	if data, err := disclose.Encode(&changed); err != nil || os.WriteFile(changedPath, data, 0o600) != nil {
		t.Fatalf("write the changed disclosure: %v", err)
	}

	// One browser.
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium), chromedp.NoSandbox,
		chromedp.Flag("lang", "en-GB"), chromedp.Flag("accept-lang", "en-GB"), chromedp.WindowSize(900, 1400))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelA()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	p := &page{t: t, ctx: ctx, dir: screenshots(t), base: base}
	// The first run starts the browser and must carry no timeout.
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	p.do(chromedp.Navigate(base + "/"))
	p.waitFor("the verifier", `document.body.dataset.engine === "ready"`)
	t.Logf("page ready in %v", time.Since(start))
	csp := eval[string](p, `document.location.pathname`)
	if csp != "/web/" {
		t.Errorf("/ should lead to /web/, the page is at %s", csp)
	}

	p.drop("trust-file", genesisPath)
	p.waitFor("the trust root", `document.getElementById("trust-state").textContent.includes(`+fmt.Sprintf("%q", net.ChainID)+`)`)

	t.Run("sample invoice: every tick", func(t *testing.T) {
		p.t = t
		p.drop("doc-file", invoicePath)
		p.waitFor("the verdict", `document.getElementById("verdict").dataset.valid === "true"`)
		v := p.verdict()
		for _, check := range []string{"header", "proofs", "document", "anchored", "issuer", "recognized/CN-SH", "recognized/HK", "recognized/SG", "payment", "not-revoked", "signed-by"} {
			if v[check] != "✓" {
				t.Errorf("check %s: %q, want ✓ (all: %v)", check, v[check], v)
			}
		}
		if got := eval[string](p, `document.getElementById("verdict-summary").textContent`); !strings.Contains(got, "VALID") {
			t.Errorf("summary %q", got)
		}
		p.shot("1-valid")
		p.shotOf("verdict", "1-valid-verdict")
	})

	t.Run("altered copy: tampered", func(t *testing.T) {
		p.t = t
		p.drop("doc-file", alteredPath)
		p.waitFor("the node's answer", `document.getElementById("verdict").dataset.valid === "false"`)
		p.drop("cert-file", certPath) // the genuine document's certificate
		p.waitFor("the verdict", `document.querySelector('#verdict-lines li[data-check="document"].bad')`)
		if got := eval[string](p, `document.getElementById("verdict").innerText`); !strings.Contains(strings.ToLower(got), "tampered") {
			t.Errorf("the verdict does not say tampered: %s", got)
		}
		p.shot("2-tampered")
	})

	t.Run("offline: a dropped certificate verifies", func(t *testing.T) {
		p.t = t
		p.offline(true)
		defer p.offline(false)
		p.drop("doc-file", invoicePath)
		p.waitFor("the failed fetch", `document.getElementById("cert-state").textContent.includes("could not be reached")`)
		p.drop("cert-file", certPath)
		p.waitFor("the verdict", `document.getElementById("verdict").dataset.valid === "true"`)
		if v := p.verdict(); v["document"] != "✓" || v["issuer"] != "✓" {
			t.Errorf("offline verdict %v", v)
		}
		p.shot("3-offline")
	})

	t.Run("简体中文", func(t *testing.T) {
		p.t = t
		eval[bool](p, `(() => { const s = document.getElementById("lang"); s.value = "zh-Hans"; s.dispatchEvent(new Event("change")); return true })()`)
		p.waitFor("the translation", `document.documentElement.lang === "zh-Hans"`)
		got := eval[string](p, `document.getElementById("verdict").innerText`)
		for _, want := range []string{"有效：所有检查均已通过", "发行方身份已确认", "未被篡改"} {
			if !strings.Contains(got, want) {
				t.Errorf("the Chinese verdict lacks %q: %s", want, got)
			}
		}
		p.shot("4-zh-hans")
		eval[bool](p, `(() => { const s = document.getElementById("lang"); s.value = "en"; s.dispatchEvent(new Event("change")); return true })()`)
	})

	t.Run("keyboard, labels and a phone", func(t *testing.T) {
		p.t = t
		unlabelled := eval[[]string](p, `Array.from(document.querySelectorAll("input, select, button")).filter(el =>
			!el.hidden && !((el.labels && el.labels.length && el.labels[0].textContent.trim()) || el.textContent.trim())).map(el => el.id || el.outerHTML)`)
		if len(unlabelled) > 0 {
			t.Errorf("controls without a label for screen readers: %v", unlabelled)
		}
		eval[bool](p, `(document.activeElement && document.activeElement.blur(), window.scrollTo(0, 0), true)`)
		var order []string
		for i := 0; i < 40; i++ {
			p.do(chromedp.KeyEvent(kb.Tab))
			if id := eval[string](p, `document.activeElement ? (document.activeElement.id || document.activeElement.className || document.activeElement.tagName) : ""`); id != "" {
				order = append(order, id)
			}
		}
		seen := strings.Join(order, " ")
		last := -1
		for _, id := range []string{"skip", "lang", "trust-file", "doc-file", "cert-file", "download", "explorer-refresh", "history-hash"} {
			i := strings.Index(seen, id)
			if i < 0 || i < last {
				t.Errorf("the keyboard does not reach %s in order; Tab visits: %s", id, seen)
			}
			last = i
		}
		p.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
		if w := eval[bool](p, `document.documentElement.scrollWidth <= window.innerWidth + 1`); !w {
			t.Errorf("the page scrolls sideways on a 390 px phone: %v > %v", eval[float64](p, "document.documentElement.scrollWidth"), eval[float64](p, "window.innerWidth"))
		}
		if over := eval[[]string](p, `Array.from(document.querySelectorAll("p, li, td, dd")).filter(el => el.scrollWidth > el.clientWidth + 1).map(el => el.id || el.textContent.slice(0, 40))`); len(over) > 0 {
			t.Errorf("text runs past its box on a 390 px phone: %q", over)
		}
		p.shot("6-phone")
		p.do(chromedp.ResetViewport())
	})

	t.Run("disclosure: only the chosen fields", func(t *testing.T) {
		p.t = t
		p.offline(true)
		defer p.offline(false)
		p.drop("disclosure-file", disclosurePath)
		p.waitFor("the disclosure's verdict", `document.getElementById("verdict").dataset.kind === "disclosure" && document.getElementById("verdict").dataset.valid === "true"`)
		v := p.verdict()
		for _, check := range []string{"fields", "field-root", "header", "proofs", "anchored", "issuer", "not-revoked"} {
			if v[check] != "✓" {
				t.Errorf("check %s: %q, want ✓ (all: %v)", check, v[check], v)
			}
		}
		rows := eval[[]string](p, `Array.from(document.querySelectorAll("#disclosed tbody tr")).map(tr => Array.from(tr.cells).map(td => td.textContent).join("|"))`)
		var want []string
		for _, f := range disclosure.Fields {
			want = append(want, f.Name+"|"+f.ID+"|"+f.Value)
		}
		if strings.Join(rows, "\n") != strings.Join(want, "\n") {
			t.Errorf("disclosed rows %q, want %q", rows, want)
		}
		// No other field's value is on the page (a value that is part of a
		// disclosed one, like a net total equal to the total, says nothing).
		page := eval[string](p, `document.body.innerText`)
		checked := 0
	fields:
		for _, f := range sec.Fields {
			if len(f.Value) < 4 {
				continue
			}
			for _, d := range disclosure.Fields {
				if strings.Contains(d.Value, f.Value) {
					continue fields
				}
			}
			checked++
			if strings.Contains(page, f.Value) {
				t.Errorf("the page shows the undisclosed field %s (%q)", f.Name, f.Value)
			}
		}
		if checked < 3 {
			t.Errorf("only %d undisclosed values were looked for", checked)
		}
		if got := eval[string](p, `document.getElementById("verdict-summary").textContent`); !strings.Contains(got, fmt.Sprintf("2 of %d fields disclosed", len(sec.Fields))) {
			t.Errorf("summary %q", got)
		}
		p.shot("8-disclosure")

		p.drop("disclosure-file", changedPath)
		p.waitFor("the changed disclosure's verdict", `document.getElementById("verdict").dataset.valid === "false"`)
		if v := p.verdict(); v["fields"] != "✗" {
			t.Errorf("changed value: %v, want the fields line crossed", v)
		}
		if got := eval[string](p, `document.getElementById("verdict-code").textContent`); !strings.Contains(got, codes.DiscloseNotInRoot.Error()) {
			t.Errorf("the changed disclosure's code: %q, want %s", got, codes.DiscloseNotInRoot.Error())
		}
		if got := eval[string](p, `document.querySelector('#verdict-lines li[data-check="fields"]').innerText`); !strings.Contains(got, "altered") {
			t.Errorf("fields line %q", got)
		}
		if n := eval[int](p, `document.querySelectorAll("#disclosed tbody tr").length`); n != 0 || eval[bool](p, `!document.getElementById("disclosed-box").hidden`) {
			t.Errorf("a failed disclosure shows %d fields", n)
		}
		p.shot("9-disclosure-changed")
		eval[bool](p, `(() => { const s = document.getElementById("lang"); s.value = "zh-Hans"; s.dispatchEvent(new Event("change")); return true })()`)
		p.waitFor("the translation", `document.documentElement.lang === "zh-Hans"`)
		if got := eval[string](p, `document.getElementById("verdict").innerText`); !strings.Contains(got, "披露的字段") || !strings.Contains(got, "代码") {
			t.Errorf("the Chinese disclosure verdict: %s", got)
		}
		eval[bool](p, `(() => { const s = document.getElementById("lang"); s.value = "en"; s.dispatchEvent(new Event("change")); return true })()`)
	})

	t.Run("revoked attestation: issuer crossed out", func(t *testing.T) {
		p.t = t
		txHash, err := hex.DecodeString(attest.Hash)
		if err != nil || len(txHash) != 32 {
			t.Fatalf("tx hash %q: %v", attest.Hash, err)
		}
		res := submit("sg-attester", &identity.MsgRevoke{ID: identity.AttestationID([32]byte(txHash), 0), Reason: "struck off"})
		net.WaitForHeight(res.Height+2, time.Minute)
		p.drop("doc-file", invoicePath)
		p.waitFor("the verdict", `document.querySelector('#verdict-lines li[data-check="issuer"].bad')`)
		if v := p.verdict(); v["issuer"] != "✗" || v["document"] != "✓" {
			t.Errorf("after revocation: %v", v)
		}
		if got := eval[string](p, `document.querySelector('#verdict-lines li[data-check="issuer"]').innerText`); !strings.Contains(got, "Issuer identified") || !strings.Contains(got, "revoked") {
			t.Errorf("issuer line %q", got)
		}
		p.shot("5-revoked")
	})

	t.Run("credential: only the checks that apply", func(t *testing.T) {
		p.t = t
		vc := testdocs.Path(t, "vc/vc2-eddsa-jcs-2022-signedJCS.json")
		p.drop("doc-file", vc)
		p.waitFor("the credential's verdict", `document.getElementById("verdict").dataset.kind === "credential" && document.getElementById("verdict").dataset.valid === "true"`)
		if got := eval[string](p, `document.getElementById("verdict-summary").textContent`); !strings.Contains(got, "every check that applies to a credential passed") || strings.Contains(got, "every check passed") {
			t.Errorf("credential summary %q", got)
		}
		v := p.verdict()
		if v["credential-proof"] != "✓" || v["attested"] != "–" || v["anchored"] != "–" {
			t.Errorf("credential verdict %v", v)
		}
		label := func(check string) string {
			return eval[string](p, `(document.querySelector('#verdict-lines li[data-check="`+check+`"] strong') || {}).textContent || ""`)
		}
		if got := label("credential-proof"); got != "Credential's own proof" {
			t.Errorf("credential-proof label %q", got)
		}
		if got := label("attested"); got != "Attested on the chain" {
			t.Errorf("attested label %q", got)
		}
		p.shot("7-credential")
		eval[bool](p, `(() => { const s = document.getElementById("lang"); s.value = "zh-Hant"; s.dispatchEvent(new Event("change")); return true })()`)
		p.waitFor("the translation", `document.documentElement.lang === "zh-Hant"`)
		got := eval[string](p, `document.getElementById("verdict").innerText`)
		for _, want := range []string{"有效：適用於憑證的所有檢查均已通過", "憑證自身的證明", "已在鏈上認證"} {
			if !strings.Contains(got, want) {
				t.Errorf("the Traditional Chinese verdict lacks %q: %s", want, got)
			}
		}
		eval[bool](p, `(() => { const s = document.getElementById("lang"); s.value = "en"; s.dispatchEvent(new Event("change")); return true })()`)
	})
}
