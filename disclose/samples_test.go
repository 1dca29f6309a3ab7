package disclose_test

import (
	"crypto/rand"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/disclose"
	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/internal/testdocs"
)

// sample is one parsed shared sample document.
type sample struct {
	name string
	doc  formats.Document
}

// samples parses every shared sample document and returns those of a
// supported profile that have disclosable fields. It skips the test when
// the samples are absent.
func samples(t *testing.T) []sample {
	t.Helper()
	dir := testdocs.Dir(t)
	var out []sample
	for _, folder := range []string{"ubl", "cii", "edifact", "iso20022", "vc", "openattestation"} {
		entries, err := os.ReadDir(filepath.Join(dir, folder))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.IsDir() || strings.HasSuffix(e.Name(), ".md") {
				continue
			}
			data, err := os.ReadFile(filepath.Join(dir, folder, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			docs, err := formats.Parse(data)
			if err != nil {
				continue // samples that are meant to be refused
			}
			for i, d := range docs {
				if _, err := disclose.Fields(&d); err != nil {
					continue
				}
				name := folder + "/" + e.Name()
				if len(docs) > 1 {
					name += "#" + string(rune('1'+i))
				}
				out = append(out, sample{name, d})
			}
		}
	}
	return out
}

// code returns the disclose code an error carries, failing the test when
// it carries none.
func code(t *testing.T, err error) *codes.Error {
	t.Helper()
	c := codes.Of(err)
	if c == codes.Internal {
		t.Fatalf("error without a code: %v", err)
	}
	return c
}

// TestEverySampleDisclosesTwoFields: every shared sample of every profile
// commits, discloses two fields, round-trips through the file and checks.
func TestEverySampleDisclosesTwoFields(t *testing.T) {
	all := samples(t)
	perProfile := map[string]int{}
	for _, s := range all {
		perProfile[s.doc.Profile]++
		sec, err := disclose.NewSecrets(&s.doc, rand.Reader)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if len(sec.Fields) < 2 {
			t.Fatalf("%s: only %d fields", s.name, len(sec.Fields))
		}
		names := []string{sec.Fields[0].Name, sec.Fields[len(sec.Fields)-1].Name}
		d, err := disclose.Make(sec, names)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		b, err := disclose.Encode(d)
		if err != nil {
			t.Fatal(err)
		}
		back, err := disclose.Decode(b)
		if err != nil {
			t.Fatalf("%s: %v\n%s", s.name, err, b)
		}
		if err := back.Check(); err != nil {
			t.Fatalf("%s: %v\n%s", s.name, err, b)
		}
		if back.Root != sec.Root || back.Count != len(sec.Fields) || back.DocHash != s.doc.CanonicalHash {
			t.Fatalf("%s: the disclosure names another root, count or document", s.name)
		}
		enc, err := disclose.EncodeSecrets(sec)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := disclose.DecodeSecrets(enc); err != nil {
			t.Fatalf("%s: secrets do not round-trip: %v", s.name, err)
		}
		t.Logf("%s (%s): %d fields, disclosed %v", s.name, s.doc.Profile, len(sec.Fields), names)
	}
	for _, p := range disclose.Profiles() {
		if perProfile[p] == 0 {
			t.Errorf("no shared sample of profile %s has disclosable fields", p)
		}
	}
}

// TestEveryByteOfADisclosureMatters: for every sample, every single-byte
// change of a disclosed value, a salt, a path hash, the root, and any change
// of the count or an index makes Check fail with a disclose code.
func TestEveryByteOfADisclosureMatters(t *testing.T) {
	for _, s := range samples(t) {
		sec, err := disclose.NewSecrets(&s.doc, rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		d, err := disclose.Make(sec, []string{sec.Fields[0].Name, sec.Fields[len(sec.Fields)/2+1-len(sec.Fields)%2*0].Name})
		if err != nil {
			// the middle field may be the first one for two-field documents
			d, err = disclose.Make(sec, []string{sec.Fields[0].Name, sec.Fields[1].Name})
			if err != nil {
				t.Fatal(err)
			}
		}
		mustFail := func(what string, mutate func(d *disclose.Disclosure)) {
			t.Helper()
			b, _ := disclose.Encode(d)
			c, err := disclose.Decode(b)
			if err != nil {
				t.Fatal(err)
			}
			mutate(c)
			err = c.Check()
			if err == nil {
				t.Fatalf("%s: %s: Check passed", s.name, what)
			}
			if code(t, err).Codespace != codes.SpaceDisclose {
				t.Fatalf("%s: %s: code %v is not a disclose code", s.name, what, err)
			}
		}
		for fi := range d.Fields {
			for i := 0; i < len(d.Fields[fi].Value); i++ {
				mustFail("value byte", func(c *disclose.Disclosure) {
					v := []byte(c.Fields[fi].Value)
					v[i] ^= 0x01
					c.Fields[fi].Value = string(v)
				})
			}
			mustFail("value extended", func(c *disclose.Disclosure) { c.Fields[fi].Value += " " })
			for i := 0; i < 32; i++ {
				mustFail("salt byte", func(c *disclose.Disclosure) { c.Fields[fi].Salt[i] ^= 0x80 })
				mustFail("root byte", func(c *disclose.Disclosure) { c.Root[i] ^= 0x01 })
			}
			for p := range d.Fields[fi].Path {
				for i := 0; i < 32; i++ {
					mustFail("path byte", func(c *disclose.Disclosure) { c.Fields[fi].Path[p][i] ^= 0x01 })
				}
			}
			mustFail("path dropped", func(c *disclose.Disclosure) { c.Fields[fi].Path = c.Fields[fi].Path[:len(c.Fields[fi].Path)/2] })
			mustFail("index+1", func(c *disclose.Disclosure) { c.Fields[fi].Index++ })
			mustFail("index-1", func(c *disclose.Disclosure) { c.Fields[fi].Index-- })
			for _, other := range sec.Fields {
				if other.ID != d.Fields[fi].ID {
					mustFail("moved to "+other.ID, func(c *disclose.Disclosure) {
						c.Fields[fi].ID, c.Fields[fi].Name = other.ID, other.Name
					})
				}
			}
		}
		mustFail("count+1", func(c *disclose.Disclosure) { c.Count++ })
		mustFail("count-1", func(c *disclose.Disclosure) { c.Count-- })
		mustFail("salt reused", func(c *disclose.Disclosure) { c.Fields[1].Salt = c.Fields[0].Salt })
	}
}

// TestCodes: the refusals carry their codes.
func TestCodes(t *testing.T) {
	all := samples(t)
	sort.Slice(all, func(i, j int) bool { return all[i].name < all[j].name })
	sec, err := disclose.NewSecrets(&all[0].doc, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := disclose.Make(sec, []string{"no-such-field"}); !errors.Is(err, disclose.ErrUnknownField) {
		t.Fatalf("unknown name: %v", err)
	}
	if _, err := disclose.Make(sec, []string{sec.Fields[0].Name, sec.Fields[0].ID}); !errors.Is(err, disclose.ErrDuplicateField) {
		t.Fatalf("twice: %v", err)
	}
	if _, err := disclose.Make(sec, nil); !errors.Is(err, disclose.ErrNoFields) {
		t.Fatalf("none: %v", err)
	}
	raw := formats.RawDocument([]byte("hello"))
	if _, err := disclose.Fields(&raw); !errors.Is(err, disclose.ErrUnsupportedProfile) {
		t.Fatalf("raw: %v", err)
	}
}
