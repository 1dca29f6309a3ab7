package disclose

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"io"
	"strconv"
)

// hash32 is a 32-byte value whose JSON form is 64 lower-case hex digits;
// decoding refuses anything else (upper case, another length).
type hash32 [32]byte

// MarshalText encodes the value as lower-case hex.
func (h hash32) MarshalText() ([]byte, error) {
	out := make([]byte, 64)
	hex.Encode(out, h[:])
	return out, nil
}

// UnmarshalText accepts exactly 64 lower-case hex digits.
func (h *hash32) UnmarshalText(b []byte) error {
	if len(b) != 64 {
		return ErrMalformed.Wrapf("a hash or salt must be 64 hex digits, got %d characters", len(b))
	}
	for _, c := range b {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return ErrMalformed.Wrapf("a hash or salt must be lower-case hex")
		}
	}
	_, err := hex.Decode(h[:], b)
	return err
}

// saltedWire is the JSON form of a Salted field.
type saltedWire struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Value string `json:"value"`
	Salt  hash32 `json:"salt"`
}

func toSaltedWire(s Salted) saltedWire {
	return saltedWire{ID: s.ID, Name: s.Name, Value: s.Value, Salt: s.Salt}
}

func (w saltedWire) salted() Salted {
	return Salted{Field: Field{ID: w.ID, Name: w.Name, Value: w.Value}, Salt: w.Salt}
}

// MarshalJSON writes the field with its salt in hex.
func (s Salted) MarshalJSON() ([]byte, error) { return json.Marshal(toSaltedWire(s)) }

// UnmarshalJSON reads the form MarshalJSON writes.
func (s *Salted) UnmarshalJSON(b []byte) error {
	var w saltedWire
	if err := strictUnmarshal(b, &w); err != nil {
		return err
	}
	if err := requireMembers(b, "field", "id", "name", "value", "salt"); err != nil {
		return err
	}
	*s = w.salted()
	return nil
}

// strictUnmarshal decodes exactly one JSON value into v, refusing unknown
// members and trailing data, with a disclose/malformed error.
func strictUnmarshal(b []byte, v any) error {
	if err := noDuplicateKeys(b); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return ErrMalformed.Wrapf("%v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return ErrMalformed.Wrapf("trailing data after the JSON value")
	}
	return nil
}

// requireMembers checks that the JSON object b has every member named, so
// that a missing member is refused rather than read as its zero value.
func requireMembers(b []byte, where string, names ...string) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return ErrMalformed.Wrapf("%s: %v", where, err)
	}
	for _, n := range names {
		if v, ok := m[n]; !ok || string(v) == "null" {
			return ErrMalformed.Wrapf("%s: member %q is missing", where, n)
		}
	}
	return nil
}

// requireListMembers checks that every object of the array member list of
// the JSON object b has every member named.
func requireListMembers(b []byte, list string, names ...string) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return ErrMalformed.Wrapf("%v", err)
	}
	var items []json.RawMessage
	if err := json.Unmarshal(m[list], &items); err != nil {
		return ErrMalformed.Wrapf("%s: %v", list, err)
	}
	for i, it := range items {
		if err := requireMembers(it, list+"["+itoa(i)+"]", names...); err != nil {
			return err
		}
	}
	return nil
}

func itoa(i int) string { return strconv.Itoa(i) }

// noDuplicateKeys refuses JSON in which an object names a member twice:
// encoding/json would keep the last one silently, so two readers of the
// same file could see different values.
func noDuplicateKeys(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	// Each open container: for an object, the keys seen and whether the
	// next string token is a key.
	type frame struct {
		keys      map[string]bool
		expectKey bool
	}
	var stack []*frame
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return ErrMalformed.Wrapf("%v", err)
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{':
				stack = append(stack, &frame{keys: map[string]bool{}, expectKey: true})
				continue
			case '[':
				stack = append(stack, &frame{})
				continue
			default:
				stack = stack[:len(stack)-1]
			}
		case string:
			if top != nil && top.keys != nil && top.expectKey {
				if top.keys[t] {
					return ErrMalformed.Wrapf("member %q occurs twice in one object", t)
				}
				top.keys[t] = true
				top.expectKey = false
				continue
			}
		}
		// A value ended: in an object, the next string is a key again.
		if len(stack) > 0 {
			if f := stack[len(stack)-1]; f.keys != nil {
				f.expectKey = true
			}
		}
	}
}
