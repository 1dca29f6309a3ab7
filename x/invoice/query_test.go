package invoice_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/x/invoice"
)

func query(t *testing.T, f *fixture, path string) (string, error) {
	t.Helper()
	parts := strings.Split(path, "/")
	q, ok := invoice.Queries()[parts[0]]
	if !ok {
		t.Fatalf("no query %s", parts[0])
	}
	v, err := q(f.KV, parts[1:])
	if err != nil {
		return "", err
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b), nil
}

func TestQueries(t *testing.T) {
	f := newFixture(t)
	doc2 := hashOf("doc2").String()
	sg := f.Addrs["sg-trader"].String()
	ok := []struct {
		path     string
		contains []string
	}{
		{"invoice/" + doc2, []string{`"status":"partially-paid"`, `"paid":"200"`, `"outstanding":"300"`, `"count":1`,
			`"ids":["7061792d31"]`, `"issue_date":"2026-01-02"`, `"issuer_jurisdiction":"SG"`, `"buyer_commit":"`,
			`"history":[{"at":{"height":2,"time":"2026-01-05T09:00:10Z"},"status":"issued"}`, `"amount":"200"`}},
		{"invoice/" + strings.ToUpper(hashOf("doc3").String()), []string{`"status":"cancelled"`, `"reason":"issued in error"`}},
		{"fingerprint/" + sg + "/" + hashOf("fp1").String(), []string{`"doc_hash":"` + hashOf("doc1").String() + `"`, `"buyer_member":"` + f.Addrs["hk-trader"].String()}},
		{"batch/" + f.batchRoot.String(), []string{`"count":10`, `"profile":"raw"`, `"issuer":"` + sg}},
		{"revocation/" + invoice.Hash(f.batch[3]).String(), []string{`"index":3`, `"reason":"superseded"`, `"root":"` + f.batchRoot.String()}},
		{"invoices-by/" + sg, []string{hashOf("doc1").String(), hashOf("doc2").String(), hashOf("doc3").String(), `"status":"cancelled"`}},
	}
	for _, c := range ok {
		got, err := query(t, f, c.path)
		if err != nil {
			t.Fatalf("%s: %v", c.path, err)
		}
		for _, s := range c.contains {
			if !strings.Contains(got, s) {
				t.Errorf("%s: %s does not contain %s", c.path, got, s)
			}
		}
	}
	bad := []struct {
		path string
		want *codes.Error
	}{
		{"invoice/" + hashOf("nothing").String(), codes.QueryNotFound},
		{"invoice/xyz", codes.QueryBadArg},
		{"invoice", codes.QueryBadArg},
		{"fingerprint/" + hashOf("fp1").String(), codes.QueryBadArg},
		{"fingerprint/cor1bad/" + hashOf("fp1").String(), codes.QueryBadArg},
		{"fingerprint/" + f.Addrs["hk-trader"].String() + "/" + hashOf("fp1").String(), codes.QueryNotFound},
		{"batch/" + hashOf("x").String(), codes.QueryNotFound},
		{"revocation/" + invoice.Hash(f.batch[4]).String(), codes.QueryNotFound},
		{"invoices-by/nope", codes.QueryBadArg},
	}
	for _, c := range bad {
		if _, err := query(t, f, c.path); !isCode(err, c.want) {
			t.Errorf("%s: got %v, want %s", c.path, err, c.want)
		}
	}
}

func TestInvoicesByPages(t *testing.T) {
	e := newEnv(t)
	for i := 0; i < 5; i++ {
		e.ok("hk-trader", anchorMsg("d"+itoa(i), "f"+itoa(i), e.Addrs["sg-trader"]))
	}
	e.ok("sg-trader", anchorMsg("other", "f0", e.Addrs["hk-trader"]))
	var all []invoice.FingerprintEntry
	var after invoice.Hash
	for {
		page, more := invoice.InvoicesBy(e.KV, e.Addrs["hk-trader"], after, 2)
		all = append(all, page...)
		if !more {
			break
		}
		after = page[len(page)-1].Fingerprint
	}
	if len(all) != 5 {
		t.Fatalf("got %d entries, want 5", len(all))
	}
	for i := 1; i < len(all); i++ {
		if all[i-1].Fingerprint.String() >= all[i].Fingerprint.String() {
			t.Fatal("entries out of order")
		}
	}
}
