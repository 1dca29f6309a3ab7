package formats_test

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/corridor-trade/corridor/formats"
)

// listCredential builds a BitstringStatusListCredential with the given
// encodedList, as the W3C spec's example 2 shapes it.
func listCredential(id, purpose, encoded string) []byte {
	b, _ := json.Marshal(map[string]any{
		"@context":  []string{"https://www.w3.org/ns/credentials/v2"},
		"id":        id,
		"type":      []string{"VerifiableCredential", "BitstringStatusListCredential"},
		"issuer":    "did:example:sh-attester",
		"validFrom": "2026-01-01T00:00:00Z",
		"credentialSubject": map[string]any{
			"id": id + "#list", "type": "BitstringStatusList", "statusPurpose": purpose, "encodedList": encoded,
		},
	})
	return b
}

func TestDecodeStatusListReadsBits(t *testing.T) {
	bits := make([]byte, 16<<10) // the spec's 16 KB minimum
	bits[0] = 0x80               // index 0
	bits[11810] = 0x01           // index 94487 = 11810*8+7
	raw := listCredential("https://sh-attester.example/status/3", "revocation", formats.EncodeBitstring(bits))
	l, err := formats.DecodeStatusList(raw)
	if err != nil {
		t.Fatal(err)
	}
	if l.ID != "https://sh-attester.example/status/3" || l.Purpose != "revocation" || l.Len() != 131072 {
		t.Fatalf("decoded %+v", l)
	}
	for idx, want := range map[uint64]bool{0: true, 1: false, 94487: true, 94486: false, 131071: false} {
		got, err := l.Bit(idx)
		if err != nil || got != want {
			t.Errorf("bit %d = %v, %v; want %v", idx, got, err, want)
		}
	}
	if _, err := l.Bit(131072); err == nil {
		t.Error("an index beyond the list was read")
	}
	docs, err := formats.Parse(raw)
	if err != nil || docs[0].CanonicalHash != l.Hash {
		t.Fatalf("the list hash is not the w3c-vc-jcs canonical hash: %v", err)
	}
}

func TestDecodeStatusListRefusals(t *testing.T) {
	gz := func(b []byte) string {
		var buf bytes.Buffer
		w := gzip.NewWriter(&buf)
		w.Write(b)
		w.Close()
		return base64.RawURLEncoding.EncodeToString(buf.Bytes())
	}
	for _, tc := range []struct {
		name string
		raw  []byte
		rule string
	}{
		{"no u prefix", listCredential("https://x/1", "revocation", gz([]byte{0})), formats.RuleStatusEncoding},
		{"padded base64", listCredential("https://x/1", "revocation", "u"+base64.URLEncoding.EncodeToString([]byte("ab"))), formats.RuleStatusEncoding},
		{"not gzip", listCredential("https://x/1", "revocation", "u"+base64.RawURLEncoding.EncodeToString([]byte("plain bytes"))), formats.RuleStatusEncoding},
		{"empty", listCredential("https://x/1", "revocation", "u"+gz(nil)), formats.RuleStatusEncoding},
		{"gzip bomb", listCredential("https://x/1", "revocation", "u"+gz(make([]byte, formats.MaxStatusListBytes+1))), formats.RuleStatusTooLarge},
		{"no id", listCredential("", "revocation", formats.EncodeBitstring([]byte{0})), formats.RuleStatusNotList},
		{"no purpose", listCredential("https://x/1", "", formats.EncodeBitstring([]byte{0})), formats.RuleStatusNotList},
		{"not a list", []byte(`{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"],"issuer":"did:x"}`), formats.RuleStatusNotList},
	} {
		_, err := formats.DecodeStatusList(tc.raw)
		var pe *formats.ParseError
		if !errors.As(err, &pe) || pe.Rule != tc.rule {
			t.Errorf("%s: got %v, want rule %s", tc.name, err, tc.rule)
		}
	}
}

func TestCredentialStatusEntries(t *testing.T) {
	vc := []byte(`{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"],"issuer":"did:example:sh",
	 "credentialSubject":{"id":"did:example:trader"},
	 "credentialStatus":[{"id":"https://x/3#94487","type":"BitstringStatusListEntry","statusPurpose":"revocation","statusListIndex":"94487","statusListCredential":"https://x/3"},
	   {"type":"BitstringStatusListEntry","statusPurpose":"suspension","statusListIndex":"0x10","statusListCredential":"https://x/4"},
	   {"type":"SomethingElse"}]}`)
	docs, err := formats.Parse(vc)
	if err != nil {
		t.Fatal(err)
	}
	got := docs[0].Credential.StatusEntries()
	if len(got) != 1 || got[0].Index != 94487 || got[0].ListCredential != "https://x/3" || got[0].Purpose != "revocation" {
		t.Fatalf("entries %+v", got)
	}
	found := false
	for _, w := range docs[0].Warnings {
		found = found || w.Rule == formats.RuleStatusEntry && strings.Contains(w.Message, "0x10")
	}
	if !found {
		t.Errorf("the hex index was not warned about: %+v", docs[0].Warnings)
	}
}

// FuzzDecodeStatusList feeds arbitrary bytes to the status-list credential
// decoder, GZIP bombs among the seeds: it must never panic nor return more
// than MaxStatusListBytes, and an accepted list answers every index below
// its length.
func FuzzDecodeStatusList(f *testing.F) {
	f.Add(listCredential("https://x/1", "revocation", formats.EncodeBitstring(make([]byte, 16<<10))))
	f.Add(listCredential("https://x/1", "revocation", formats.EncodeBitstring(make([]byte, formats.MaxStatusListBytes+8))))
	f.Add(listCredential("https://x/1", "suspension", "u"))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		l, err := formats.DecodeStatusList(b)
		if err != nil {
			return
		}
		if len(l.Bits) == 0 || len(l.Bits) > formats.MaxStatusListBytes || l.ID == "" || l.Purpose == "" {
			t.Fatalf("accepted a list of %d bytes, id %q, purpose %q", len(l.Bits), l.ID, l.Purpose)
		}
		if _, err := l.Bit(l.Len() - 1); err != nil {
			t.Fatal(err)
		}
	})
}

// BenchmarkDecodeStatusList decodes a list of the spec's minimum size
// (131,072 entries) and refuses a 16 MiB+1 GZIP bomb.
func BenchmarkDecodeStatusList(b *testing.B) {
	list := listCredential("https://x/1", "revocation", formats.EncodeBitstring(make([]byte, 16<<10)))
	bomb := listCredential("https://x/1", "revocation", formats.EncodeBitstring(make([]byte, formats.MaxStatusListBytes+1)))
	b.Run("16KB", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := formats.DecodeStatusList(list); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("bomb", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := formats.DecodeStatusList(bomb); err == nil {
				b.Fatal("bomb accepted")
			}
		}
	})
}
