package disclose

import (
	"bytes"
	"encoding/json"
	"sort"
	"strings"
)

// Disclosure is the file handed to a verifier (format "corridor-disclosure"
// v1): some fields of one anchored document with their salts and inclusion
// paths, and nothing of the other fields but their number.
type Disclosure struct {
	Profile string   // the document's profile
	DocHash [32]byte // the document's canonical hash, as anchored
	Root    [32]byte // the field root, as anchored
	Count   int      // the number of fields committed
	Fields  []Revealed
	// Certificate is the anchor's certificate, attached by the CLI; opaque
	// here (any JSON value, checked by the verifier).
	Certificate json.RawMessage `json:"certificate,omitempty"`
}

// Revealed is one disclosed field: its value and salt, its position among
// the committed fields (in ID order) and its inclusion path, sibling hashes
// from the leaf upwards.
type Revealed struct {
	Salted
	Index int
	Path  [][32]byte
}

// Make builds the disclosure of the fields called names (each a Name or an
// ID) from the issuer's secrets. The fields appear in index order. An
// unknown name is disclose/unknown_field, a name given twice (or a name and
// the id of the same field) disclose/duplicate_field, an empty list
// disclose/no_fields. Certificate is left for the caller to attach.
func Make(sec *Secrets, names []string) (*Disclosure, error) {
	if sec == nil {
		return nil, ErrMalformed.Wrapf("no secrets")
	}
	if err := sec.Validate(); err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, ErrNoFields.Wrapf("no field chosen; the document has: %s", strings.Join(sec.Names(), ", "))
	}
	chosen := map[int]bool{}
	for _, n := range names {
		_, i, ok := sec.Field(strings.TrimSpace(n))
		if !ok {
			return nil, ErrUnknownField.Wrapf("the document has no field %q; it has: %s", n, strings.Join(sec.Names(), ", "))
		}
		if chosen[i] {
			return nil, ErrDuplicateField.Wrapf("field %q is asked for twice", n)
		}
		chosen[i] = true
	}
	all := paths(sec.Fields)
	d := &Disclosure{Profile: sec.Profile, DocHash: sec.DocHash, Root: sec.Root, Count: len(sec.Fields)}
	for i, f := range sec.Fields {
		if chosen[i] {
			d.Fields = append(d.Fields, Revealed{Salted: f, Index: i, Path: all[i]})
		}
	}
	return d, nil
}

// Names returns the names of the committed fields, in ID order.
func (s *Secrets) Names() []string {
	out := make([]string, len(s.Fields))
	for i, f := range s.Fields {
		out[i] = f.Name
	}
	return out
}

// Check verifies the disclosure on its own, offline: a supported profile; a
// count within limits; at least one revealed field; every revealed field's
// id known for the profile with its name; ids, indexes and salts distinct;
// indexes in the same order as ids (the tree is in id order); and every
// revealed value, salt and path folding to Root with Count. That the root
// is anchored for DocHash is the certificate's part, checked by the caller.
func (d *Disclosure) Check() error {
	if d == nil {
		return ErrMalformed.Wrapf("no disclosure")
	}
	if !supported(d.Profile) {
		return ErrUnsupportedProfile.Wrapf("profile %q", d.Profile)
	}
	if d.Count < 1 || d.Count > MaxFields {
		return ErrNotInRoot.Wrapf("count %d is outside 1..%d", d.Count, MaxFields)
	}
	if len(d.Fields) == 0 {
		return ErrNoFields.Wrapf("the disclosure reveals no field")
	}
	if len(d.Fields) > d.Count {
		return ErrNotInRoot.Wrapf("%d fields revealed of %d committed", len(d.Fields), d.Count)
	}
	ids := map[string]bool{}
	indexes := map[int]bool{}
	salts := map[[32]byte]string{}
	byIndex := append([]Revealed(nil), d.Fields...)
	sort.SliceStable(byIndex, func(i, j int) bool { return byIndex[i].Index < byIndex[j].Index })
	for i, f := range byIndex {
		if err := checkValue(f.Field); err != nil {
			return err
		}
		if err := checkKnown(d.Profile, f.Field); err != nil {
			return err
		}
		if ids[f.ID] {
			return ErrDuplicateField.Wrapf("field id %q is revealed twice", f.ID)
		}
		ids[f.ID] = true
		if indexes[f.Index] {
			return ErrDuplicateField.Wrapf("index %d is revealed twice", f.Index)
		}
		indexes[f.Index] = true
		if other, dup := salts[f.Salt]; dup {
			return ErrSaltReused.Wrapf("fields %s and %s share a salt", other, f.ID)
		}
		salts[f.Salt] = f.ID
		if i > 0 && byIndex[i-1].ID >= f.ID {
			return ErrNotInRoot.Wrapf("field %s at index %d is out of id order with %s at index %d",
				f.ID, f.Index, byIndex[i-1].ID, byIndex[i-1].Index)
		}
		tree := treeRootFromPath(Commitment(f.Salted), f.Index, d.Count, f.Path)
		if tree == nil || rootOf(d.Count, tree) != d.Root {
			return ErrNotInRoot.Wrapf("field %s (index %d of %d) does not lead to root %x", f.ID, f.Index, d.Count, d.Root[:])
		}
	}
	return nil
}

// revealedWire is the JSON form of a Revealed field.
type revealedWire struct {
	ID    string   `json:"id"`
	Name  string   `json:"name"`
	Value string   `json:"value"`
	Salt  hash32   `json:"salt"`
	Index int      `json:"index"`
	Path  []hash32 `json:"path"`
}

// disclosureWire is the JSON form of a Disclosure.
type disclosureWire struct {
	Format      string          `json:"format"`
	Version     int             `json:"version"`
	Profile     string          `json:"profile"`
	DocHash     hash32          `json:"doc_hash"`
	Root        hash32          `json:"root"`
	Count       int             `json:"count"`
	Fields      []revealedWire  `json:"fields"`
	Certificate json.RawMessage `json:"certificate,omitempty"`
}

func (d *Disclosure) wire() disclosureWire {
	w := disclosureWire{Format: DisclosureFormat, Version: DisclosureVersion, Profile: d.Profile,
		DocHash: d.DocHash, Root: d.Root, Count: d.Count, Fields: []revealedWire{}, Certificate: d.Certificate}
	for _, f := range d.Fields {
		r := revealedWire{ID: f.ID, Name: f.Name, Value: f.Value, Salt: f.Salt, Index: f.Index, Path: []hash32{}}
		for _, p := range f.Path {
			r.Path = append(r.Path, p)
		}
		w.Fields = append(w.Fields, r)
	}
	return w
}

// Encode writes the disclosure file (indented JSON, format
// "corridor-disclosure" v1). It does not run Check: a verifier's tools may
// need to write a failing disclosure to report it.
func Encode(d *Disclosure) ([]byte, error) {
	if d == nil {
		return nil, ErrMalformed.Wrapf("no disclosure")
	}
	if len(d.Certificate) > 0 && !json.Valid(d.Certificate) {
		return nil, ErrMalformed.Wrapf("the certificate is not JSON")
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(d.wire()); err != nil {
		return nil, ErrMalformed.Wrapf("%v", err)
	}
	if buf.Len() > MaxDisclosureSize {
		return nil, ErrMalformed.Wrapf("the disclosure is %d bytes; the limit is %d", buf.Len(), MaxDisclosureSize)
	}
	return buf.Bytes(), nil
}

// Decode reads a disclosure file strictly: size-limited, exactly one JSON
// object with every member and no unknown one, the right format and
// version, at most MaxFields fields and MaxPath hashes per path. It does
// not run Check.
func Decode(b []byte) (*Disclosure, error) {
	if len(b) > MaxDisclosureSize {
		return nil, ErrMalformed.Wrapf("the disclosure is %d bytes; the limit is %d", len(b), MaxDisclosureSize)
	}
	var w disclosureWire
	if err := strictUnmarshal(b, &w); err != nil {
		return nil, err
	}
	if err := requireMembers(b, "disclosure", "format", "version", "profile", "doc_hash", "root", "count", "fields"); err != nil {
		return nil, err
	}
	if err := requireListMembers(b, "fields", "id", "name", "value", "salt", "index", "path"); err != nil {
		return nil, err
	}
	if w.Format != DisclosureFormat || w.Version != DisclosureVersion {
		return nil, ErrMalformed.Wrapf("format %q version %d; want %q version %d", w.Format, w.Version, DisclosureFormat, DisclosureVersion)
	}
	if len(w.Fields) > MaxFields {
		return nil, ErrTooMany.Wrapf("%d fields; the limit is %d", len(w.Fields), MaxFields)
	}
	d := &Disclosure{Profile: w.Profile, DocHash: w.DocHash, Root: w.Root, Count: w.Count}
	if len(w.Certificate) > 0 && string(w.Certificate) != "null" {
		d.Certificate = append(json.RawMessage(nil), w.Certificate...)
	}
	for _, f := range w.Fields {
		if len(f.Path) > MaxPath {
			return nil, ErrMalformed.Wrapf("field %s: path of %d hashes; the limit is %d", f.ID, len(f.Path), MaxPath)
		}
		r := Revealed{Salted: Salted{Field: Field{ID: f.ID, Name: f.Name, Value: f.Value}, Salt: f.Salt}, Index: f.Index}
		for _, p := range f.Path {
			r.Path = append(r.Path, p)
		}
		d.Fields = append(d.Fields, r)
	}
	return d, nil
}

// MarshalJSON writes the disclosure's file form (see Encode).
func (d Disclosure) MarshalJSON() ([]byte, error) { return json.Marshal(d.wire()) }

// UnmarshalJSON reads the file form strictly (see Decode).
func (d *Disclosure) UnmarshalJSON(b []byte) error {
	v, err := Decode(b)
	if err != nil {
		return err
	}
	*d = *v
	return nil
}

// MarshalJSON writes the revealed field as in the disclosure file.
func (r Revealed) MarshalJSON() ([]byte, error) {
	w := revealedWire{ID: r.ID, Name: r.Name, Value: r.Value, Salt: r.Salt, Index: r.Index, Path: []hash32{}}
	for _, p := range r.Path {
		w.Path = append(w.Path, p)
	}
	return json.Marshal(w)
}

// UnmarshalJSON reads the form MarshalJSON writes, strictly.
func (r *Revealed) UnmarshalJSON(b []byte) error {
	var w revealedWire
	if err := strictUnmarshal(b, &w); err != nil {
		return err
	}
	if err := requireMembers(b, "field", "id", "name", "value", "salt", "index", "path"); err != nil {
		return err
	}
	if len(w.Path) > MaxPath {
		return ErrMalformed.Wrapf("field %s: path of %d hashes; the limit is %d", w.ID, len(w.Path), MaxPath)
	}
	*r = Revealed{Salted: Salted{Field: Field{ID: w.ID, Name: w.Name, Value: w.Value}, Salt: w.Salt}, Index: w.Index}
	for _, p := range w.Path {
		r.Path = append(r.Path, p)
	}
	return nil
}
