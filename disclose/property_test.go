package disclose_test

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	mrand "math/rand/v2"
	"reflect"
	"regexp"
	"testing"

	"github.com/corridor-trade/corridor/disclose"
)

// jsonText returns s as it appears inside a JSON string written by Encode.
func jsonText(s string) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return bytes.TrimSuffix(bytes.TrimSuffix(bytes.TrimPrefix(b.Bytes(), []byte(`"`)), []byte("\n")), []byte(`"`))
}

// The parts of a disclosure file that are not field text: hashes, salts
// and numbers.
var (
	hexString = regexp.MustCompile(`"[0-9a-f]{64}"`)
	number    = regexp.MustCompile(`"(index|count|version)": [0-9]+`)
)

// TestRandomSubsetsDiscloseOnlyWhatWasChosen: for every sample, random
// subsets of its fields disclose, round-trip and check, and the file holds
// no value of a field that was not chosen (unless that text is part of a
// chosen field's id, name or value).
func TestRandomSubsetsDiscloseOnlyWhatWasChosen(t *testing.T) {
	rng := mrand.New(mrand.NewPCG(16, 1))
	for _, s := range samples(t) {
		sec, err := disclose.NewSecrets(&s.doc, rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		for round := 0; round < 12; round++ {
			var names []string
			chosen := map[string]bool{}
			for _, f := range sec.Fields {
				if rng.IntN(3) == 0 {
					names = append(names, f.Name)
					chosen[f.ID] = true
				}
			}
			if len(names) == 0 {
				f := sec.Fields[rng.IntN(len(sec.Fields))]
				names, chosen[f.ID] = []string{f.Name}, true
			}
			rng.Shuffle(len(names), func(i, j int) { names[i], names[j] = names[j], names[i] })
			d, err := disclose.Make(sec, names)
			if err != nil {
				t.Fatalf("%s %v: %v", s.name, names, err)
			}
			file, err := disclose.Encode(d)
			if err != nil {
				t.Fatal(err)
			}
			back, err := disclose.Decode(file)
			if err != nil {
				t.Fatal(err)
			}
			if err := back.Check(); err != nil {
				t.Fatalf("%s %v: %v", s.name, names, err)
			}
			if len(back.Fields) != len(names) {
				t.Fatalf("%s: %d fields chosen, %d disclosed", s.name, len(names), len(back.Fields))
			}
			var allowed []byte
			for _, f := range back.Fields {
				if !chosen[f.ID] {
					t.Fatalf("%s: %s disclosed but not chosen", s.name, f.ID)
				}
				allowed = append(allowed, jsonText(f.ID)...)
				allowed = append(allowed, 0)
				allowed = append(allowed, jsonText(f.Name)...)
				allowed = append(allowed, 0)
				allowed = append(allowed, jsonText(f.Value)...)
				allowed = append(allowed, 0)
			}
			allowed = append(allowed, jsonText(d.Profile)...)
			text := number.ReplaceAll(hexString.ReplaceAll(file, nil), nil)
			for _, f := range sec.Fields {
				if chosen[f.ID] || len(f.Value) < 3 {
					continue
				}
				v := jsonText(f.Value)
				if bytes.Contains(text, v) && !bytes.Contains(allowed, v) {
					t.Fatalf("%s: the file reveals the value %q of %s, which was not chosen\n%s", s.name, f.Value, f.ID, file)
				}
			}
		}
	}
}

// TestEveryByteOfTheFileMatters: changing any single byte of an encoded
// disclosure either makes Decode or Check fail with a disclose code, or
// gives the same disclosure (white space, or the document hash and the
// certificate, which the anchor binds and the verifier checks). One sample
// per profile keeps the run short.
func TestEveryByteOfTheFileMatters(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range samples(t) {
		if seen[s.doc.Profile] {
			continue
		}
		seen[s.doc.Profile] = true
		sec, err := disclose.NewSecrets(&s.doc, rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		d, err := disclose.Make(sec, []string{sec.Fields[0].Name, sec.Fields[len(sec.Fields)-1].Name})
		if err != nil {
			t.Fatal(err)
		}
		file, err := disclose.Encode(d)
		if err != nil {
			t.Fatal(err)
		}
		orig, _ := disclose.Decode(file)
		for i := range file {
			for _, x := range []byte{0x01, 0x02, 0x20} {
				changed := bytes.Clone(file)
				changed[i] ^= x
				got, err := disclose.Decode(changed)
				if err == nil {
					err = got.Check()
				}
				if err != nil {
					if code(t, err).Codespace != "disclose" {
						t.Fatalf("%s: byte %d: %v has no disclose code", s.name, i, err)
					}
					continue
				}
				got.DocHash = orig.DocHash
				if !reflect.DeepEqual(got, orig) {
					t.Fatalf("%s: byte %d changed (%q→%q) and the disclosure still checks:\n%s",
						s.name, i, file[i], changed[i], changed)
				}
			}
		}
	}
}
