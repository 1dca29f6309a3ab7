package web_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
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
	"github.com/corridor-trade/corridor/proof"
	"github.com/corridor-trade/corridor/proof/fetch"
	"github.com/corridor-trade/corridor/web"
	"github.com/corridor-trade/corridor/x/identity"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/recognition"
	"github.com/corridor-trade/corridor/x/status"
	"golang.org/x/crypto/sha3"
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
// code when a value was changed; an OpenAttestation v2 document with one
// field obfuscated is its own disclosure, its visible fields shown and the
// hidden one counted only, refused with its code without a certificate or
// with a changed field; and a credential whose status list marks it
// revoked shows REVOKED with the certificate that proves the list.
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
	profiles := []string{recognition.ProfileOpenAttestation, recognition.ProfileUBL} // sorted
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

	t.Run("OpenAttestation: its own disclosure", func(t *testing.T) {
		p.t = t
		raw, err := os.ReadFile(testdocs.Path(t, "openattestation/tradetrust-v2-invoice.json"))
		if err != nil {
			t.Fatal(err)
		}
		// The issuer anchors the document; the officer gets a copy with
		// billFrom.phoneNumber obfuscated, whose merkleRoot is the same.
		obfuscated, hidden := obfuscateOA(t, raw, "billFrom.phoneNumber")
		full, err1 := formats.Parse(raw)
		oaDocs, err2 := formats.Parse(obfuscated)
		if err1 != nil || err2 != nil || len(oaDocs) != 1 || oaDocs[0].CanonicalHash != full[0].CanonicalHash || oaDocs[0].TradeDocument.Obfuscated != 1 {
			t.Fatalf("the obfuscated copy: %v %v %+v", err1, err2, oaDocs)
		}
		root := oaDocs[0].CanonicalHash
		res := submit("sg-trader", &invoice.MsgAnchor{DocHash: invoice.Hash(root), Profile: invoice.ProfileOpenAttestation,
			Fingerprint: sha256.Sum256([]byte("oa-invoice")), BuyerMember: net.Keys["sh-trader"].PubKey().Address(),
			IssueDate: "2018-02-21", Currency: "SGD", Total: "625"})
		net.WaitForHeight(res.Height+2, time.Minute)
		oaPath, oaCertPath, oaChangedPath := filepath.Join(dir, "oa.json"), filepath.Join(dir, "oa-certificate.json"), filepath.Join(dir, "oa-changed.json")
		changed := bytes.Replace(obfuscated, []byte(":string:ABC Company"), []byte(":string:ABC Company Ltd"), 1)
		if bytes.Equal(changed, obfuscated) {
			t.Fatal("could not change a field of the OpenAttestation document")
		}
		resp, err := http.Get(base + "/v1/certificates/" + hex.EncodeToString(root[:]))
		if err != nil {
			t.Fatal(err)
		}
		oaCert, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || os.WriteFile(oaPath, obfuscated, 0o600) != nil || os.WriteFile(oaCertPath, oaCert, 0o600) != nil || os.WriteFile(oaChangedPath, changed, 0o600) != nil {
			t.Fatalf("the OpenAttestation files: %d %s", resp.StatusCode, oaCert)
		}

		// Online: the page asks the node for the merkleRoot's certificate.
		p.drop("disclosure-file", oaPath)
		p.waitFor("the OpenAttestation verdict", `document.getElementById("verdict").dataset.kind === "disclosure" && document.getElementById("verdict").dataset.valid === "true"`)
		v := p.verdict()
		for _, check := range []string{"openattestation", "field-root", "header", "proofs", "anchored", "issuer", "not-revoked"} {
			if v[check] != "✓" {
				t.Errorf("check %s: %q, want ✓ (all: %v)", check, v[check], v)
			}
		}
		if _, ok := v["fields"]; ok {
			t.Errorf("an OpenAttestation verdict has a corridor-disclosure fields line: %v", v)
		}
		rows := eval[[]string](p, `Array.from(document.querySelectorAll("#disclosed tbody tr")).map(tr => Array.from(tr.cells).map(td => td.textContent).join("|"))`)
		visible := len(rows)
		if visible < 20 || !strings.Contains(strings.Join(rows, "\n"), "ABC Company") {
			t.Errorf("visible rows: %q", rows)
		}
		if got := eval[string](p, `document.getElementById("verdict-summary").textContent`); !strings.Contains(got, fmt.Sprintf("%d of %d fields disclosed, 1 obfuscated", visible, visible+1)) {
			t.Errorf("summary %q", got)
		}
		if page := eval[string](p, `document.body.innerText`); strings.Contains(page, hidden) || strings.Contains(page, "billFrom.phoneNumber") {
			t.Errorf("the page shows the obfuscated field (%q)", hidden)
		}
		p.shot("10-openattestation")

		// Offline: without its certificate it is refused with its code;
		// the dropped certificate then verifies it.
		p.offline(true)
		defer p.offline(false)
		p.drop("disclosure-file", oaPath)
		p.waitFor("the refusal", `document.getElementById("verdict-code").textContent.includes(`+fmt.Sprintf("%q", codes.DiscloseNoCertificate.Error())+`)`)
		if v := p.verdict(); v["field-root"] != "✗" || v["openattestation"] != "✓" {
			t.Errorf("no certificate: %v", v)
		}
		p.drop("cert-file", oaCertPath)
		p.waitFor("the verdict with the dropped certificate", `document.getElementById("verdict").dataset.valid === "true"`)
		if n := eval[int](p, `document.querySelectorAll("#disclosed tbody tr").length`); n != visible {
			t.Errorf("offline: %d rows, want %d", n, visible)
		}

		// A changed field: its own line fails, with the CLI's code.
		p.drop("disclosure-file", oaChangedPath)
		p.waitFor("the changed document's verdict", `document.querySelector('#verdict-lines li[data-check="openattestation"].bad')`)
		if got := eval[string](p, `document.getElementById("verdict-code").textContent`); !strings.Contains(got, codes.DiscloseOAInvalid.Error()) {
			t.Errorf("the changed document's code: %q, want %s", got, codes.DiscloseOAInvalid.Error())
		}
		if got := eval[string](p, `document.querySelector('#verdict-lines li[data-check="openattestation"]').innerText`); !strings.Contains(got, "altered") {
			t.Errorf("openattestation line %q", got)
		}
		if n := eval[int](p, `document.querySelectorAll("#disclosed tbody tr").length`); n != 0 || !eval[bool](p, `document.getElementById("disclosed-box").hidden`) {
			t.Errorf("a changed document shows %d fields", n)
		}
		p.shot("11-openattestation-changed")
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
	t.Run("credential status: REVOKED", func(t *testing.T) {
		p.t = t
		// sh-attester hosts a status list: version 1 with every bit 0,
		// version 2 with the credential's bit 12 set.
		const url = "https://sh-attester.example/status/7"
		vcBytes, _ := json.Marshal(map[string]any{
			"@context": []string{"https://www.w3.org/ns/credentials/v2"}, "type": []string{"VerifiableCredential"},
			"issuer": "did:web:sh-attester.example", "credentialSubject": map[string]any{"id": "did:web:sh-trader.example"},
			"credentialStatus": map[string]any{"type": "BitstringStatusListEntry", "statusPurpose": "revocation",
				"statusListIndex": "12", "statusListCredential": url},
		})
		bits := make([]byte, 16<<10)
		v1 := formats.NewStatusListCredential(url, "did:web:sh-attester.example", "revocation", bits)
		bits[1] = 0x08 // index 12
		v2 := formats.NewStatusListCredential(url, "did:web:sh-attester.example", "revocation", bits)
		for i, b := range [][]byte{v1, v2} {
			l, err := formats.DecodeStatusList(b)
			if err != nil {
				t.Fatal(err)
			}
			res := submit("sh-attester", &status.MsgAnchorList{List: status.ListIDHash(l.ID), Version: uint64(i + 1), Purpose: l.Purpose, ListHash: status.Hash(l.Hash)})
			net.WaitForHeight(res.Height+1, time.Minute)
		}
		vcDocs, err := formats.Parse(vcBytes)
		if err != nil || len(vcDocs) != 1 {
			t.Fatalf("parse the credential: %v", err)
		}
		// The certificate that proves the list's versions, as `corridord
		// query certificate HASH --status-of VC.json` makes it.
		scert, err := fetch.Build(context.Background(), c.RPC, invoice.Hash(vcDocs[0].CanonicalHash), fetch.Options{Status: proof.StatusRefOf(&vcDocs[0])})
		if err != nil {
			t.Fatal(err)
		}
		scertJSON, err := scert.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		vcPath, listPath, scertPath := filepath.Join(dir, "vc-status.json"), filepath.Join(dir, "list-v2.json"), filepath.Join(dir, "vc-status-certificate.json")
		if os.WriteFile(vcPath, vcBytes, 0o600) != nil || os.WriteFile(listPath, v2, 0o600) != nil || os.WriteFile(scertPath, scertJSON, 0o600) != nil {
			t.Fatal("write the credential's files")
		}
		hash := hex.EncodeToString(vcDocs[0].CanonicalHash[:])
		p.drop("doc-file", vcPath)
		p.waitFor("the credential's verdict", `document.getElementById("doc-state").textContent.includes("`+hash+`") && !document.getElementById("verdict").hidden && document.getElementById("verdict").dataset.kind === "credential"`)
		// The node's certificate proves no status records: the page says
		// which certificate does.
		p.drop("status-file", listPath)
		p.waitFor("the status list's hint", `document.getElementById("status-state").textContent.includes("does not prove")`)
		p.drop("cert-file", scertPath)
		line := `(document.querySelector('#verdict-lines li[data-check="credential-status"]') || {}).innerText || ""`
		p.waitFor("the credential-status line", line+`.includes("REVOKED as of height")`)
		got := eval[string](p, line)
		if !strings.Contains(got, fmt.Sprintf("REVOKED as of height %d", scert.Height)) || !strings.Contains(got, "version 2") || !strings.Contains(got, "Credential status") {
			t.Errorf("credential-status line %q", got)
		}
		if v := p.verdict(); v["credential-status"] != "✗" {
			t.Errorf("verdict %v", v)
		}
		if sum := eval[string](p, `document.getElementById("verdict-summary").textContent`); !strings.HasPrefix(sum, "REVOKED") {
			t.Errorf("summary %q", sum)
		}
		if got := eval[string](p, `document.getElementById("status-state").textContent`); !strings.Contains(got, "list-v2.json") || strings.Contains(got, "does not prove") {
			t.Errorf("the status list's line with the proving certificate: %q", got)
		}
		p.shot("12-credential-revoked")
		eval[bool](p, `(() => { const s = document.getElementById("lang"); s.value = "zh-Hant"; s.dispatchEvent(new Event("change")); return true })()`)
		p.waitFor("the translation", `document.documentElement.lang === "zh-Hant"`)
		if got := eval[string](p, `document.getElementById("verify").innerText`); !strings.Contains(got, "已撤銷") || !strings.Contains(got, "憑證狀態") || !strings.Contains(got, "狀態清單") {
			t.Errorf("the Traditional Chinese verdict: %s", got)
		}
		eval[bool](p, `(() => { const s = document.getElementById("lang"); s.value = "en"; s.dispatchEvent(new Event("change")); return true })()`)
	})
}

// obfuscateOA hides the field key (a flattened name, such as
// billFrom.phoneNumber) of a wrapped OpenAttestation v2 document as
// open-attestation's obfuscateDocument does: the field leaves data and
// keccak256(JSON.stringify({key: value})) joins privacy.obfuscatedData, so
// targetHash and merkleRoot stay the same. It returns the document and the
// hidden value (without its salt and type).
func obfuscateOA(t *testing.T, raw []byte, key string) ([]byte, string) {
	t.Helper()
	var doc map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	obj, _ := doc["data"].(map[string]any)
	parts := strings.Split(key, ".")
	for _, k := range parts[:len(parts)-1] {
		obj, _ = obj[k].(map[string]any)
	}
	salted, ok := obj[parts[len(parts)-1]].(string)
	if !ok {
		t.Fatalf("the document has no string field %s", key)
	}
	delete(obj, parts[len(parts)-1])
	encode := func(v any) []byte {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			t.Fatal(err)
		}
		return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
	}
	h := sha3.NewLegacyKeccak256()
	h.Write(encode(map[string]any{key: salted}))
	privacy, _ := doc["privacy"].(map[string]any)
	if privacy == nil {
		privacy = map[string]any{}
	}
	list, _ := privacy["obfuscatedData"].([]any)
	privacy["obfuscatedData"] = append(list, hex.EncodeToString(h.Sum(nil)))
	doc["privacy"] = privacy
	value := salted
	if f := strings.SplitN(salted, ":", 3); len(f) == 3 {
		value = f[2]
	}
	return encode(doc), value
}
