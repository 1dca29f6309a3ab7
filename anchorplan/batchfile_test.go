package anchorplan_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/corridor-trade/corridor/anchorplan"
	"github.com/corridor-trade/corridor/x/invoice"
)

func sampleBatch(t *testing.T) *anchorplan.Batch {
	t.Helper()
	p, err := anchorplan.Make([]anchorplan.File{file("a.xml", inv(1), inv(2)), file("b.xml", inv(3))}, anchorplan.Policy{})
	if err != nil {
		t.Fatal(err)
	}
	return &p.Batches[0]
}

func TestBatchFileRoundTrip(t *testing.T) {
	b := sampleBatch(t)
	data, err := anchorplan.EncodeBatch(b)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"format": "corridor-batch"`) || !strings.Contains(string(data), `"version": 1`) {
		t.Fatalf("%s", data)
	}
	got, err := anchorplan.DecodeBatch(data)
	if err != nil {
		t.Fatal(err)
	}
	if got.Root != b.Root || got.Count != 3 || len(got.Members) != 3 || got.Members[2].File != "b.xml" {
		t.Fatalf("%+v", got)
	}
	m, ok := got.Find(invoice.Hash{3})
	if !ok || m.Root != b.Root || !m.Verify(m.Root, got.Count) {
		t.Fatalf("find: %+v", m)
	}
}

// TestBatchFileOldFormats reads the two formats written before the batch
// file was versioned: tx invoice anchor's and dock ingest's receipts.
func TestBatchFileOldFormats(t *testing.T) {
	b := sampleBatch(t)
	path := func(m anchorplan.Member) string {
		var s []string
		for _, h := range m.Path {
			s = append(s, `"`+strings.ToUpper(h.String())+`"`)
		}
		return "[" + strings.Join(s, ",") + "]"
	}
	var docs, rdocs []string
	for _, m := range b.Members {
		docs = append(docs, fmt.Sprintf(`{"file":%q,"doc_hash":%q,"index":%d,"path":%s}`, m.File, m.DocHash, m.Index, path(m)))
		if m.File == "a.xml" {
			rdocs = append(rdocs, fmt.Sprintf(`{"canonical_hash":%q,"index":%d,"path":%s}`, m.DocHash, m.Index, path(m)))
		}
	}
	cli := fmt.Sprintf(`{"root":%q,"count":3,"profile":"ubl-2.1","documents":[%s]}`, b.Root, strings.Join(docs, ","))
	got, err := anchorplan.DecodeBatch([]byte(cli))
	if err != nil || got.Count != 3 || len(got.Members) != 3 || got.Members[0].Path[0] != b.Members[0].Path[0] {
		t.Fatalf("old CLI file: %+v %v", got, err)
	}
	receipt := fmt.Sprintf(`{"file":"a.xml","format":"ubl","profile":"ubl-2.1","documents":[%s],"status":"anchored","via":"batch","root":%q,"time":"2026-01-01T00:00:00Z"}`,
		strings.Join(rdocs, ","), b.Root)
	got, err = anchorplan.DecodeBatch([]byte(receipt))
	if err != nil || got.Count != 0 || len(got.Members) != 2 || got.Members[1].File != "a.xml" {
		t.Fatalf("old receipt: %+v %v", got, err)
	}
	// A receipt of the current format carries the batch itself.
	wrapped, _ := json.Marshal(map[string]any{"file": "a.xml", "format": "ubl", "status": "anchored", "batch": b.Only("a.xml")})
	if got, err = anchorplan.DecodeBatch(wrapped); err != nil || got.Count != 3 || len(got.Members) != 2 {
		t.Fatalf("receipt: %+v %v", got, err)
	}
}

func TestBatchFileRefusesBadPaths(t *testing.T) {
	b := *sampleBatch(t)
	b.Members = append([]anchorplan.Member(nil), b.Members...)
	b.Members[1].Index = 0
	data, _ := anchorplan.EncodeBatch(&b)
	if _, err := anchorplan.DecodeBatch(data); err == nil || !strings.Contains(err.Error(), "does not lead") {
		t.Fatalf("wrong index accepted: %v", err)
	}
	for _, bad := range []string{`{"format":"corridor-batch","version":2}`, `{"format":"other","version":1}`, `[]`, `{}`,
		`{"format":"corridor-batch","version":1,"root":"00","count":1,"profile":"x","members":[]}`,
		`{"format":"corridor-batch","version":1,"extra":1}`} {
		if _, err := anchorplan.DecodeBatch([]byte(bad)); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}
