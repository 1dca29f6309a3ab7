package disclose

import (
	"encoding/json"
	"io"

	"github.com/corridor-trade/corridor/formats"
)

// The file formats and their versions.
const (
	SecretsFormat    = "corridor-field-secrets"
	SecretsVersion   = 1
	MaxSecretsSize   = 4 << 20
	DisclosureFormat = "corridor-disclosure"
	// DisclosureVersion is the version of the disclosure file this package
	// writes and reads.
	DisclosureVersion = 1
	// MaxDisclosureSize bounds a disclosure file, certificate included.
	MaxDisclosureSize = 4 << 20
)

// Secrets is what the issuer keeps: every field of one document with its
// salt (the salts file, format "corridor-field-secrets" v1). It never goes
// on chain; a Disclosure is made from it.
type Secrets struct {
	Profile string   // the document's profile, e.g. "ubl-2.1"
	DocHash [32]byte // the document's canonical hash (formats.Document.CanonicalHash)
	Root    [32]byte // the field root, Root(Fields): anchored with the document
	Fields  []Salted // every committed field, in ID order
}

// NewSecrets extracts the fields of doc, salts each from rand
// (crypto/rand.Reader in production) and computes the field root.
func NewSecrets(doc *formats.Document, rand io.Reader) (*Secrets, error) {
	fields, err := Fields(doc)
	if err != nil {
		return nil, err
	}
	salted, err := Salt(fields, rand)
	if err != nil {
		return nil, err
	}
	return &Secrets{Profile: doc.Profile, DocHash: doc.CanonicalHash, Root: Root(salted), Fields: salted}, nil
}

// Field returns the salted field called name, and its index: the field
// with that Name, or else the field with that ID (a name never shadows
// another field's id silently: names are looked up first, as documented).
func (s *Secrets) Field(name string) (Salted, int, bool) {
	for i, f := range s.Fields {
		if f.Name == name {
			return f, i, true
		}
	}
	for i, f := range s.Fields {
		if f.ID == name {
			return f, i, true
		}
	}
	return Salted{}, -1, false
}

// Validate checks that the secrets are consistent: a supported profile,
// field ids sorted, unique and known for the profile, names matching the
// ids, distinct salts, and fields that give Root.
func (s *Secrets) Validate() error {
	if !supported(s.Profile) {
		return ErrUnsupportedProfile.Wrapf("profile %q", s.Profile)
	}
	if len(s.Fields) == 0 {
		return ErrNoFields.Wrapf("the secrets hold no field")
	}
	if len(s.Fields) > MaxFields {
		return ErrTooMany.Wrapf("%d fields; the limit is %d", len(s.Fields), MaxFields)
	}
	salts := make(map[[32]byte]string, len(s.Fields))
	for i, f := range s.Fields {
		if err := checkValue(f.Field); err != nil {
			return err
		}
		if i > 0 && s.Fields[i-1].ID >= f.ID {
			if s.Fields[i-1].ID == f.ID {
				return ErrDuplicateField.Wrapf("field id %q occurs twice", f.ID)
			}
			return ErrMalformed.Wrapf("fields are not in id order at %q", f.ID)
		}
		if err := checkKnown(s.Profile, f.Field); err != nil {
			return err
		}
		if other, dup := salts[f.Salt]; dup {
			return ErrSaltReused.Wrapf("fields %s and %s share a salt", other, f.ID)
		}
		salts[f.Salt] = f.ID
	}
	if Root(s.Fields) != s.Root {
		return ErrSecretsMismatch.Wrapf("the fields do not give the recorded root")
	}
	return nil
}

// Matches checks that the secrets belong to doc: same profile, same
// canonical hash, and the same field values the document holds now.
func (s *Secrets) Matches(doc *formats.Document) error {
	if doc.Profile != s.Profile || doc.CanonicalHash != s.DocHash {
		return ErrSecretsMismatch.Wrapf("the secrets are for a %s document %x, not this %s document %x",
			s.Profile, s.DocHash, doc.Profile, doc.CanonicalHash[:])
	}
	fields, err := Fields(doc)
	if err != nil {
		return err
	}
	if len(fields) != len(s.Fields) {
		return ErrSecretsMismatch.Wrapf("the document has %d fields, the secrets %d", len(fields), len(s.Fields))
	}
	for i := range fields {
		if fields[i] != s.Fields[i].Field {
			return ErrSecretsMismatch.Wrapf("field %s differs between the document and the secrets", fields[i].ID)
		}
	}
	return nil
}

// checkKnown refuses a field whose id the profile does not define, or whose
// name is not the one the profile gives that id.
func checkKnown(profile string, f Field) error {
	name, ok := knownName(profile, f.ID)
	if !ok {
		return ErrUnknownField.Wrapf("field id %q is not defined for profile %s", f.ID, profile)
	}
	if name != f.Name {
		return ErrUnknownField.Wrapf("field id %q is called %q, not %q", f.ID, name, f.Name)
	}
	return nil
}

// secretsWire is the JSON form of Secrets.
type secretsWire struct {
	Format  string       `json:"format"`
	Version int          `json:"version"`
	Profile string       `json:"profile"`
	DocHash hash32       `json:"doc_hash"`
	Root    hash32       `json:"root"`
	Fields  []saltedWire `json:"fields"`
}

// EncodeSecrets writes the secrets file (indented JSON, format
// "corridor-field-secrets" v1), refusing inconsistent secrets.
func EncodeSecrets(s *Secrets) ([]byte, error) {
	if s == nil {
		return nil, ErrMalformed.Wrapf("no secrets")
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	w := secretsWire{Format: SecretsFormat, Version: SecretsVersion, Profile: s.Profile, DocHash: s.DocHash, Root: s.Root}
	for _, f := range s.Fields {
		w.Fields = append(w.Fields, toSaltedWire(f))
	}
	out, err := json.MarshalIndent(w, "", "  ")
	if err != nil {
		return nil, ErrMalformed.Wrapf("%v", err)
	}
	return append(out, '\n'), nil
}

// DecodeSecrets reads a secrets file strictly: size-limited, exactly one
// JSON object with every member and no unknown one, the right format and
// version, and consistent contents (Validate).
func DecodeSecrets(b []byte) (*Secrets, error) {
	if len(b) > MaxSecretsSize {
		return nil, ErrMalformed.Wrapf("the secrets file is %d bytes; the limit is %d", len(b), MaxSecretsSize)
	}
	var w secretsWire
	if err := strictUnmarshal(b, &w); err != nil {
		return nil, err
	}
	if err := requireMembers(b, "secrets", "format", "version", "profile", "doc_hash", "root", "fields"); err != nil {
		return nil, err
	}
	if err := requireListMembers(b, "fields", "id", "name", "value", "salt"); err != nil {
		return nil, err
	}
	if w.Format != SecretsFormat || w.Version != SecretsVersion {
		return nil, ErrMalformed.Wrapf("format %q version %d; want %q version %d", w.Format, w.Version, SecretsFormat, SecretsVersion)
	}
	s := &Secrets{Profile: w.Profile, DocHash: w.DocHash, Root: w.Root}
	for _, f := range w.Fields {
		s.Fields = append(s.Fields, f.salted())
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return s, nil
}

// MarshalJSON writes the secrets file form (see EncodeSecrets).
func (s Secrets) MarshalJSON() ([]byte, error) { return EncodeSecrets(&s) }

// UnmarshalJSON reads the secrets file form strictly (see DecodeSecrets).
func (s *Secrets) UnmarshalJSON(b []byte) error {
	v, err := DecodeSecrets(b)
	if err != nil {
		return err
	}
	*s = *v
	return nil
}
