package disclose_test

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"testing"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/disclose"
	"github.com/corridor-trade/corridor/formats"
)

// seedDoc is a small invoice document for the fuzz seeds; it needs no
// shared samples.
func seedDoc() formats.Document {
	return formats.Document{Format: formats.FormatUBL, Profile: formats.ProfileUBL, Kind: formats.KindInvoice,
		CanonicalHash: formats.RawHash([]byte("seed")),
		Invoice: &formats.Invoice{Number: "INV-1", IssueDate: "2026-01-02", Currency: "SGD", Total: "100.00",
			SellerID: "0195:201234567K", BuyerName: "Buyer Pte Ltd"}}
}

// FuzzDecodeDisclosure: Decode and Check never panic, every refusal carries
// a disclose code, and what decodes re-encodes to a file that decodes to
// the same disclosure.
func FuzzDecodeDisclosure(f *testing.F) {
	doc := seedDoc()
	sec, err := disclose.NewSecrets(&doc, rand.Reader)
	if err != nil {
		f.Fatal(err)
	}
	d, err := disclose.Make(sec, []string{"seller.id", "total"})
	if err != nil {
		f.Fatal(err)
	}
	d.Certificate = []byte(`{"height":5}`)
	b, _ := disclose.Encode(d)
	f.Add(b)
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"format":"corridor-disclosure","version":1,"profile":"ubl-2.1","doc_hash":"` + string(bytes.Repeat([]byte("0"), 64)) + `","root":"` + string(bytes.Repeat([]byte("0"), 64)) + `","count":1,"fields":[]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := disclose.Decode(data)
		if err != nil {
			if codes.Of(err).Codespace != codes.SpaceDisclose {
				t.Fatalf("refusal without a disclose code: %v", err)
			}
			return
		}
		if err := d.Check(); err != nil && codes.Of(err).Codespace != codes.SpaceDisclose {
			t.Fatalf("Check refusal without a disclose code: %v", err)
		}
		again, err := disclose.Encode(d)
		if err != nil {
			t.Fatalf("a decoded disclosure does not encode: %v", err)
		}
		d2, err := disclose.Decode(again)
		if err != nil {
			t.Fatalf("a re-encoded disclosure does not decode: %v", err)
		}
		third, _ := disclose.Encode(d2)
		if !bytes.Equal(again, third) {
			t.Fatalf("encoding is not stable:\n%s\n%s", again, third)
		}
	})
}

// FuzzDecodeSecrets: DecodeSecrets never panics, refusals carry a disclose
// code, and accepted secrets re-encode to the same secrets.
func FuzzDecodeSecrets(f *testing.F) {
	doc := seedDoc()
	sec, err := disclose.NewSecrets(&doc, rand.Reader)
	if err != nil {
		f.Fatal(err)
	}
	b, err := disclose.EncodeSecrets(sec)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte(`{"format":"corridor-field-secrets","version":1}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := disclose.DecodeSecrets(data)
		if err != nil {
			if codes.Of(err).Codespace != codes.SpaceDisclose {
				t.Fatalf("refusal without a disclose code: %v", err)
			}
			return
		}
		again, err := disclose.EncodeSecrets(s)
		if err != nil {
			t.Fatalf("accepted secrets do not encode: %v", err)
		}
		s2, err := disclose.DecodeSecrets(again)
		if err != nil || s2.Root != s.Root || len(s2.Fields) != len(s.Fields) {
			t.Fatalf("re-encoded secrets differ: %v", err)
		}
	})
}

// TestDuplicateMembersRefused: a member named twice is refused, at the top
// level, in a field and inside the certificate, so no reader can be shown
// one value while another checks a different one.
func TestDuplicateMembersRefused(t *testing.T) {
	doc := seedDoc()
	sec, err := disclose.NewSecrets(&doc, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	d, err := disclose.Make(sec, []string{"total"})
	if err != nil {
		t.Fatal(err)
	}
	d.Certificate = []byte(`{"a":{"b":1},"c":[{"d":2}]}`)
	b, err := disclose.Encode(d)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := disclose.Decode(b); err != nil {
		t.Fatalf("the original does not decode: %v", err)
	}
	for _, c := range []struct{ old, new string }{
		{`"count": `, `"count": 1, "count": `},
		{`"value": "100.00"`, `"value": "999.00", "value": "100.00"`},
		{`"d": 2`, `"d": 2, "d": 3`},
	} {
		changed := bytes.Replace(b, []byte(c.old), []byte(c.new), 1)
		if bytes.Equal(changed, b) {
			t.Fatalf("%q not found in\n%s", c.old, b)
		}
		if _, err := disclose.Decode(changed); codes.Of(err) != disclose.ErrMalformed {
			t.Fatalf("duplicate %q: %v", c.old, err)
		}
	}
}

// TestJSONMethodsUseTheFileForms: encoding/json on the types writes and
// reads the same strict file forms as Encode and EncodeSecrets, so a
// disclosure embedded in an API body is the disclosure file.
func TestJSONMethodsUseTheFileForms(t *testing.T) {
	doc := seedDoc()
	sec, err := disclose.NewSecrets(&doc, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	d, err := disclose.Make(sec, []string{"seller.id"})
	if err != nil {
		t.Fatal(err)
	}
	body, err := json.Marshal(struct {
		D *disclose.Disclosure `json:"disclosure"`
		S *disclose.Secrets    `json:"secrets"`
	}{d, sec})
	if err != nil {
		t.Fatal(err)
	}
	var back struct {
		D disclose.Disclosure `json:"disclosure"`
		S disclose.Secrets    `json:"secrets"`
	}
	if err := json.Unmarshal(body, &back); err != nil {
		t.Fatalf("%v\n%s", err, body)
	}
	if err := back.D.Check(); err != nil || back.D.Root != sec.Root || back.S.Root != sec.Root || len(back.S.Fields) != len(sec.Fields) {
		t.Fatalf("round trip through encoding/json lost something: %v", err)
	}
	if !bytes.Contains(body, []byte(`"format":"corridor-disclosure"`)) {
		t.Fatalf("the embedded disclosure is not the file form:\n%s", body)
	}
}
