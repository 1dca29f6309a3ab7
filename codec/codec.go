package codec

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"sync"
	"unicode/utf8"

	"google.golang.org/protobuf/encoding/protowire"
)

// ErrNonCanonical is wrapped by every decoding error, so callers can map all
// of them to one "malformed" error code.
var ErrNonCanonical = errors.New("non-canonical or malformed encoding")

type fieldKind int

const (
	kBool fieldKind = iota
	kUint
	kInt // zig-zag
	kString
	kBytes
	kArray
	kStruct
	kPtrStruct
)

type fieldInfo struct {
	num      protowire.Number
	index    int
	kind     fieldKind
	repeated bool
	elem     reflect.Type // element type for slices, the struct type for nested messages
	arrayLen int
}

type typeInfo struct {
	fields []fieldInfo // sorted by num
}

var typeCache sync.Map // reflect.Type -> *typeInfo

func infoFor(t reflect.Type) *typeInfo {
	if v, ok := typeCache.Load(t); ok {
		return v.(*typeInfo)
	}
	ti := buildInfo(t)
	typeCache.Store(t, ti)
	return ti
}

// buildInfo analyses a struct type. It panics on unsupported declarations:
// those are programming errors in this repository, never caused by input.
func buildInfo(t reflect.Type) *typeInfo {
	if t.Kind() != reflect.Struct {
		panic(fmt.Sprintf("codec: %s is not a struct", t))
	}
	ti := &typeInfo{}
	last := protowire.Number(0)
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		tag := sf.Tag.Get("wire")
		if tag == "-" {
			continue
		}
		if tag == "" {
			panic(fmt.Sprintf("codec: %s.%s has no wire tag", t, sf.Name))
		}
		n, err := strconv.Atoi(tag)
		if err != nil || n <= int(last) {
			panic(fmt.Sprintf("codec: %s.%s: wire tags must be ascending integers", t, sf.Name))
		}
		last = protowire.Number(n)
		fi := fieldInfo{num: last, index: i}
		ft := sf.Type
		if ft.Kind() == reflect.Slice && ft.Elem().Kind() != reflect.Uint8 {
			fi.repeated = true
			ft = ft.Elem()
		}
		fi.kind, fi.elem, fi.arrayLen = classify(ft, t, sf.Name)
		if fi.repeated && (fi.kind == kBool || fi.kind == kPtrStruct) {
			panic(fmt.Sprintf("codec: %s.%s: repeated bool and pointer fields are not supported", t, sf.Name))
		}
		ti.fields = append(ti.fields, fi)
	}
	return ti
}

func classify(ft reflect.Type, owner reflect.Type, name string) (fieldKind, reflect.Type, int) {
	switch ft.Kind() {
	case reflect.Bool:
		return kBool, nil, 0
	case reflect.Uint32, reflect.Uint64:
		return kUint, nil, 0
	case reflect.Int64:
		return kInt, nil, 0
	case reflect.String:
		return kString, nil, 0
	case reflect.Slice:
		if ft.Elem().Kind() == reflect.Uint8 {
			return kBytes, nil, 0
		}
	case reflect.Array:
		if ft.Elem().Kind() == reflect.Uint8 {
			return kArray, nil, ft.Len()
		}
	case reflect.Struct:
		return kStruct, ft, 0
	case reflect.Pointer:
		if ft.Elem().Kind() == reflect.Struct {
			return kPtrStruct, ft.Elem(), 0
		}
	}
	panic(fmt.Sprintf("codec: %s.%s: unsupported type %s", owner, name, ft))
}

// Marshal encodes v, a struct or pointer to struct, canonically.
func Marshal(v any) []byte {
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer {
		rv = rv.Elem()
	}
	return appendStruct(nil, rv)
}

func appendStruct(b []byte, rv reflect.Value) []byte {
	ti := infoFor(rv.Type())
	for i := range ti.fields {
		fi := &ti.fields[i]
		fv := rv.Field(fi.index)
		if fi.repeated {
			b = appendRepeated(b, fi, fv)
			continue
		}
		b = appendSingle(b, fi, fv, false)
	}
	return b
}

// appendSingle appends one field value; inList forces zero elements of a
// repeated field to be written (their position carries meaning).
func appendSingle(b []byte, fi *fieldInfo, fv reflect.Value, inList bool) []byte {
	switch fi.kind {
	case kBool:
		if fv.Bool() {
			b = protowire.AppendTag(b, fi.num, protowire.VarintType)
			b = protowire.AppendVarint(b, 1)
		}
	case kUint:
		if u := fv.Uint(); u != 0 {
			b = protowire.AppendTag(b, fi.num, protowire.VarintType)
			b = protowire.AppendVarint(b, u)
		}
	case kInt:
		if i := fv.Int(); i != 0 {
			b = protowire.AppendTag(b, fi.num, protowire.VarintType)
			b = protowire.AppendVarint(b, protowire.EncodeZigZag(i))
		}
	case kString:
		if s := fv.String(); s != "" || inList {
			b = protowire.AppendTag(b, fi.num, protowire.BytesType)
			b = protowire.AppendString(b, s)
		}
	case kBytes:
		if bs := fv.Bytes(); len(bs) != 0 || inList {
			b = protowire.AppendTag(b, fi.num, protowire.BytesType)
			b = protowire.AppendBytes(b, bs)
		}
	case kArray:
		if !fv.IsZero() || inList {
			b = protowire.AppendTag(b, fi.num, protowire.BytesType)
			b = protowire.AppendVarint(b, uint64(fi.arrayLen))
			if fv.CanAddr() {
				// The array's bytes at once instead of a reflected
				// index per byte (issue 18); a value passed by value
				// (not addressable) takes the loop.
				b = append(b, fv.Bytes()...)
			} else {
				for j := 0; j < fi.arrayLen; j++ {
					b = append(b, byte(fv.Index(j).Uint()))
				}
			}
		}
	case kStruct:
		inner := appendStruct(nil, fv)
		if len(inner) != 0 || inList {
			b = protowire.AppendTag(b, fi.num, protowire.BytesType)
			b = protowire.AppendBytes(b, inner)
		}
	case kPtrStruct:
		if !fv.IsNil() {
			b = protowire.AppendTag(b, fi.num, protowire.BytesType)
			b = protowire.AppendBytes(b, appendStruct(nil, fv.Elem()))
		}
	}
	return b
}

func appendRepeated(b []byte, fi *fieldInfo, fv reflect.Value) []byte {
	n := fv.Len()
	if n == 0 {
		return b
	}
	if fi.kind == kUint || fi.kind == kInt {
		var packed []byte
		for j := 0; j < n; j++ {
			if fi.kind == kUint {
				packed = protowire.AppendVarint(packed, fv.Index(j).Uint())
			} else {
				packed = protowire.AppendVarint(packed, protowire.EncodeZigZag(fv.Index(j).Int()))
			}
		}
		b = protowire.AppendTag(b, fi.num, protowire.BytesType)
		return protowire.AppendBytes(b, packed)
	}
	for j := 0; j < n; j++ {
		b = appendSingle(b, fi, fv.Index(j), true)
	}
	return b
}

// Unmarshal decodes canonical bytes into v, which must be a pointer to a
// struct. Any deviation from the canonical form is an error wrapping
// ErrNonCanonical; v may then hold partial data and must not be used.
func Unmarshal(b []byte, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.Elem().Kind() != reflect.Struct {
		return fmt.Errorf("codec: Unmarshal needs a pointer to a struct, got %T", v)
	}
	rv = rv.Elem()
	rv.SetZero()
	return decodeStruct(b, rv, 0)
}

const maxDepth = 16

func bad(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrNonCanonical, fmt.Sprintf(format, args...))
}

func decodeStruct(b []byte, rv reflect.Value, depth int) error {
	if depth > maxDepth {
		return bad("nesting deeper than %d", maxDepth)
	}
	ti := infoFor(rv.Type())
	next := 0 // index into ti.fields of the first field still allowed
	prev := protowire.Number(0)
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return bad("bad field tag")
		}
		if protowire.SizeTag(num) != n {
			return bad("non-minimal field tag")
		}
		b = b[n:]
		// Find the field; numbers must not go backwards.
		for next < len(ti.fields) && ti.fields[next].num < num {
			next++
		}
		if next == len(ti.fields) || ti.fields[next].num != num {
			return bad("unknown or out-of-order field %d", num)
		}
		fi := &ti.fields[next]
		if num == prev && !(fi.repeated && fi.kind != kUint && fi.kind != kInt) {
			return bad("field %d repeated", num)
		}
		prev = num
		fv := rv.Field(fi.index)
		var err error
		if fi.repeated {
			b, err = decodeRepeated(b, typ, fi, fv, depth)
		} else {
			b, err = decodeSingle(b, typ, fi, fv, false, depth)
		}
		if err != nil {
			return err
		}
		if !fi.repeated || fi.kind == kUint || fi.kind == kInt {
			next++ // a singular or packed field may not appear again
		}
	}
	return nil
}

func consumeVarint(b []byte) (uint64, []byte, error) {
	v, n := protowire.ConsumeVarint(b)
	if n < 0 {
		return 0, nil, bad("bad varint")
	}
	if protowire.SizeVarint(v) != n {
		return 0, nil, bad("non-minimal varint")
	}
	return v, b[n:], nil
}

func consumeBytes(b []byte) ([]byte, []byte, error) {
	l, rest, err := consumeVarint(b)
	if err != nil {
		return nil, nil, err
	}
	if l > uint64(len(rest)) {
		return nil, nil, bad("length %d exceeds remaining %d bytes", l, len(rest))
	}
	return rest[:l], rest[l:], nil
}

func decodeSingle(b []byte, typ protowire.Type, fi *fieldInfo, fv reflect.Value, inList bool, depth int) ([]byte, error) {
	switch fi.kind {
	case kBool, kUint, kInt:
		if typ != protowire.VarintType {
			return nil, bad("field %d: wrong wire type", fi.num)
		}
		v, rest, err := consumeVarint(b)
		if err != nil {
			return nil, err
		}
		if v == 0 {
			return nil, bad("field %d: zero value must be omitted", fi.num)
		}
		switch fi.kind {
		case kBool:
			if v != 1 {
				return nil, bad("field %d: bool must be 1", fi.num)
			}
			fv.SetBool(true)
		case kUint:
			if fv.Kind() == reflect.Uint32 && v > 0xffffffff {
				return nil, bad("field %d: value overflows uint32", fi.num)
			}
			fv.SetUint(v)
		case kInt:
			fv.SetInt(protowire.DecodeZigZag(v))
		}
		return rest, nil
	}
	if typ != protowire.BytesType {
		return nil, bad("field %d: wrong wire type", fi.num)
	}
	data, rest, err := consumeBytes(b)
	if err != nil {
		return nil, err
	}
	if len(data) == 0 && !inList && fi.kind != kPtrStruct {
		return nil, bad("field %d: empty value must be omitted", fi.num)
	}
	switch fi.kind {
	case kString:
		if !utf8.Valid(data) {
			return nil, bad("field %d: invalid UTF-8", fi.num)
		}
		fv.SetString(string(data))
	case kBytes:
		fv.SetBytes(append([]byte(nil), data...))
	case kArray:
		if len(data) != fi.arrayLen {
			return nil, bad("field %d: want %d bytes, got %d", fi.num, fi.arrayLen, len(data))
		}
		if !inList && allZero(data) {
			return nil, bad("field %d: zero value must be omitted", fi.num)
		}
		// fv is an addressable byte array (a struct field or a list
		// element): copying into its bytes avoids boxing data in a
		// reflect.Value, an allocation per array field (issue 18).
		copy(fv.Bytes(), data)
	case kStruct:
		if err := decodeStruct(data, fv, depth+1); err != nil {
			return nil, err
		}
	case kPtrStruct:
		p := reflect.New(fi.elem)
		if err := decodeStruct(data, p.Elem(), depth+1); err != nil {
			return nil, err
		}
		fv.Set(p)
	}
	return rest, nil
}

func decodeRepeated(b []byte, typ protowire.Type, fi *fieldInfo, fv reflect.Value, depth int) ([]byte, error) {
	if fi.kind == kUint || fi.kind == kInt {
		if typ != protowire.BytesType {
			return nil, bad("field %d: repeated integers must be packed", fi.num)
		}
		data, rest, err := consumeBytes(b)
		if err != nil {
			return nil, err
		}
		if len(data) == 0 {
			return nil, bad("field %d: empty packed list must be omitted", fi.num)
		}
		for len(data) > 0 {
			var v uint64
			v, data, err = consumeVarint(data)
			if err != nil {
				return nil, err
			}
			ev := appendZero(fv)
			if fi.kind == kUint {
				if ev.Kind() == reflect.Uint32 && v > 0xffffffff {
					return nil, bad("field %d: value overflows uint32", fi.num)
				}
				ev.SetUint(v)
			} else {
				ev.SetInt(protowire.DecodeZigZag(v))
			}
		}
		return rest, nil
	}
	rest, err := decodeSingle(b, typ, fi, appendZero(fv), true, depth)
	if err != nil {
		return nil, err
	}
	return rest, nil
}

// appendZero extends the slice fv (a struct field, so addressable) by one
// zero element, with append's growth, and returns that element to decode
// into: no separately allocated element copied in afterwards (issue 18).
// The slice ends up with the same elements as appending each decoded one.
func appendZero(fv reflect.Value) reflect.Value {
	n := fv.Len()
	fv.Grow(1)
	fv.SetLen(n + 1)
	ev := fv.Index(n)
	ev.SetZero()
	return ev
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}
