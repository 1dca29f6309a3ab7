package disclose_test

import (
	"bytes"
	"encoding/hex"
	"testing"

	"github.com/corridor-trade/corridor/disclose"
)

// vectorFields is the worked example of docs/disclosure.md: three fields
// with salts of repeated bytes 0x01, 0x02, 0x03.
func vectorFields() []disclose.Salted {
	return []disclose.Salted{
		{Field: disclose.Field{ID: "untded:3039:SE", Name: "seller.id", Value: "0195:201234567K"}, Salt: [32]byte(bytes.Repeat([]byte{1}, 32))},
		{Field: disclose.Field{ID: "untded:5004:9", Name: "total", Value: "1250.00"}, Salt: [32]byte(bytes.Repeat([]byte{2}, 32))},
		{Field: disclose.Field{ID: "untded:6345", Name: "currency", Value: "SGD"}, Salt: [32]byte(bytes.Repeat([]byte{3}, 32))},
	}
}

// The hex values docs/disclosure.md prints for the worked example. Another
// implementation of the construction must reproduce them.
// They were reproduced independently with Python's hashlib from the
// construction as the document writes it.
var vectorCommitments = []string{
	"05669637f20fb86c60ce3801755791278e3e3c0a2a921e580a6256fa44d59b59",
	"bcca24a50cefe6b15c2f6932650e56f04b4ffd255783e8cebe6cea03e8bf0073",
	"4d56bffbcd27041089a730f6efa9e32bc7790e1f9bcffa85e0ba443ab372c6a5",
}

const vectorRoot = "39982818b43650c3c1394a9e03a3e9e350ceed61c69b09a2d9610537f54229d3"

// vectorPath is the inclusion path of seller.id (index 0 of 3): the leaf
// hash of total, then the leaf hash of currency.
var vectorPath = []string{
	"23d9826e1ec9c66505fd48ffc80b0f5fcc287a2b75b66da967526991060d23a1",
	"3aff99b507f80a3364da53ff723a52e7f6ee86f5a0bb6e8f268c66ca958d5e6a",
}

// TestWorkedExample pins the commitment and root of the worked example, so
// the bytes the document gives cannot drift from the code.
func TestWorkedExample(t *testing.T) {
	fields := vectorFields()
	for i, f := range fields {
		c := disclose.Commitment(f)
		t.Logf("commitment[%d] %s = %x", i, f.ID, c)
	}
	root := disclose.Root(fields)
	t.Logf("root = %x", root)
	sec := &disclose.Secrets{Profile: "ubl-2.1", Root: root, Fields: fields}
	d, err := disclose.Make(sec, []string{"seller.id"})
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range d.Fields[0].Path {
		t.Logf("path[%d] = %x", i, p)
	}
	if err := d.Check(); err != nil {
		t.Fatal(err)
	}
	file, err := disclose.Encode(d)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("disclosure file:\n%s", file)
	for i, f := range fields {
		if c := disclose.Commitment(f); hex.EncodeToString(c[:]) != vectorCommitments[i] {
			t.Errorf("commitment[%d] = %x, docs/disclosure.md says %s", i, c, vectorCommitments[i])
		}
	}
	if len(d.Fields[0].Path) != len(vectorPath) {
		t.Fatalf("path of %d hashes, docs/disclosure.md gives %d", len(d.Fields[0].Path), len(vectorPath))
	}
	for i, p := range d.Fields[0].Path {
		if hex.EncodeToString(p[:]) != vectorPath[i] {
			t.Errorf("path[%d] = %x, docs/disclosure.md says %s", i, p, vectorPath[i])
		}
	}
	if hex.EncodeToString(root[:]) != vectorRoot {
		t.Errorf("root = %x, docs/disclosure.md says %s", root, vectorRoot)
	}
}
