package disclose_test

import (
	"crypto/rand"
	"testing"

	"github.com/corridor-trade/corridor/disclose"
	"github.com/corridor-trade/corridor/formats"
)

// TestCredentialSubjectShapes: subjects written as a bare string, an
// object with nested members and arrays, or an array of subjects all give
// fields that commit, encode and disclose; member names holding "." give
// no subject leaves rather than ambiguous ones.
func TestCredentialSubjectShapes(t *testing.T) {
	head := `{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"],"issuer":"did:example:issuer","credentialSubject":`
	cases := []struct {
		subject string
		want    map[string]string // name → value that must be among the fields
		absent  []string
	}{
		{`"did:example:alice"`, map[string]string{"issuer": "did:example:issuer"}, []string{"subject."}},
		{`{"id":"did:example:alice","degree":{"name":"MSc","year":2024,"honours":true},"langs":["en","zh"],"note":null,"empty":{}}`,
			map[string]string{"subject.id": "did:example:alice", "subject.degree.name": `"MSc"`, "subject.degree.year": "2024",
				"subject.degree.honours": "true", "subject.langs.1": `"zh"`, "subject.note": "null", "subject.empty": "{}"}, nil},
		{`[{"id":"did:example:a","n":1},{"id":"did:example:b","n":2}]`,
			map[string]string{"subject.id": "did:example:a", "subject.0.id": `"did:example:a"`, "subject.1.n": "2"}, nil},
		{`{"a.b":"x","c":"y"}`, map[string]string{"type": "VerifiableCredential"}, []string{"subject.c"}},
	}
	for _, c := range cases {
		docs, err := formats.Parse([]byte(head + c.subject + `}`))
		if err != nil {
			t.Fatalf("%s: %v", c.subject, err)
		}
		fields, err := disclose.Fields(&docs[0])
		if err != nil {
			t.Fatalf("%s: %v", c.subject, err)
		}
		got := map[string]string{}
		for _, f := range fields {
			got[f.Name] = f.Value
		}
		for name, value := range c.want {
			if got[name] != value {
				t.Errorf("%s: %s = %q, want %q (fields %v)", c.subject, name, got[name], value, got)
			}
		}
		for _, prefix := range c.absent {
			for name := range got {
				if len(name) >= len(prefix) && name[:len(prefix)] == prefix && name != "subject.id" {
					t.Errorf("%s: unexpected field %s", c.subject, name)
				}
			}
		}
		sec, err := disclose.NewSecrets(&docs[0], rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := disclose.EncodeSecrets(sec); err != nil {
			t.Fatalf("%s: %v", c.subject, err)
		}
		d, err := disclose.Make(sec, []string{fields[len(fields)-1].Name})
		if err != nil {
			t.Fatal(err)
		}
		if err := d.Check(); err != nil {
			t.Fatalf("%s: %v", c.subject, err)
		}
	}
}
