package codec

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// Schema writes proto3 message definitions for the given named structs and
// every struct they contain, so that the canonical encoding of each type can
// be read with any protobuf library. Names map a message name to a value of
// the Go type.
func Schema(names map[string]any) string {
	s := &schemaWriter{named: map[reflect.Type]string{}, done: map[reflect.Type]bool{}}
	keys := make([]string, 0, len(names))
	for k := range names {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		s.named[deref(reflect.TypeOf(names[k]))] = k
	}
	for _, k := range keys {
		s.message(deref(reflect.TypeOf(names[k])))
	}
	return s.b.String()
}

func deref(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

type schemaWriter struct {
	b     strings.Builder
	named map[reflect.Type]string
	done  map[reflect.Type]bool
	queue []reflect.Type
}

func (s *schemaWriter) name(t reflect.Type) string {
	if n, ok := s.named[t]; ok {
		return n
	}
	n := strings.ReplaceAll(t.String(), ".", "_")
	s.named[t] = n
	return n
}

func (s *schemaWriter) message(t reflect.Type) {
	if s.done[t] {
		return
	}
	s.done[t] = true
	ti := infoFor(t)
	fmt.Fprintf(&s.b, "// %s is Go type %s.\nmessage %s {\n", s.name(t), t, s.name(t))
	var nested []reflect.Type
	for _, fi := range ti.fields {
		sf := t.Field(fi.index)
		typ := ""
		switch fi.kind {
		case kBool:
			typ = "bool"
		case kUint:
			typ = "uint64"
			if deref(sf.Type).Kind() == reflect.Uint32 || (sf.Type.Kind() == reflect.Slice && sf.Type.Elem().Kind() == reflect.Uint32) {
				typ = "uint32"
			}
		case kInt:
			typ = "sint64"
		case kString:
			typ = "string"
		case kBytes:
			typ = "bytes"
		case kArray:
			typ = "bytes"
		case kStruct, kPtrStruct:
			typ = s.name(fi.elem)
			nested = append(nested, fi.elem)
		}
		rep := ""
		if fi.repeated {
			rep = "repeated "
		}
		comment := ""
		if fi.kind == kArray {
			comment = fmt.Sprintf(" // exactly %d bytes", fi.arrayLen)
		}
		fmt.Fprintf(&s.b, "  %s%s %s = %d;%s\n", rep, typ, snake(sf.Name), fi.num, comment)
	}
	s.b.WriteString("}\n\n")
	for _, n := range nested {
		s.message(n)
	}
}

// snake turns a Go field name into a proto field name.
func snake(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		upper := r >= 'A' && r <= 'Z'
		if upper && i > 0 && (rs[i-1] < 'A' || rs[i-1] > 'Z' || (i+1 < len(rs) && rs[i+1] >= 'a' && rs[i+1] <= 'z')) {
			b.WriteByte('_')
		}
		if upper {
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}
