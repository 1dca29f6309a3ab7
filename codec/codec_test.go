package codec

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"google.golang.org/protobuf/encoding/protowire"
)

// inner is a nested message.
type inner struct {
	A uint64 `wire:"1"`
	S string `wire:"2"`
}

// sample has a field of every supported kind. Field numbers 17 to 19 are
// deliberately unused.
type sample struct {
	B     bool      `wire:"1"`
	U32   uint32    `wire:"2"`
	U64   uint64    `wire:"3"`
	I64   int64     `wire:"4"`
	S     string    `wire:"5"`
	By    []byte    `wire:"6"`
	Arr   [4]byte   `wire:"7"`
	In    inner     `wire:"8"`
	P     *inner    `wire:"9"`
	Us    []uint64  `wire:"10"`
	Is    []int64   `wire:"11"`
	U32s  []uint32  `wire:"12"`
	Ss    []string  `wire:"13"`
	Bs    [][]byte  `wire:"14"`
	Arrs  [][4]byte `wire:"15"`
	Ins   []inner   `wire:"16"`
	Skip  string    `wire:"-"`
	Last  uint64    `wire:"20"`
	Named height    `wire:"21"`
}

// height checks that named types are classified by kind.
type height uint64

// node nests itself, for the depth limit.
type node struct {
	V    uint64 `wire:"1"`
	Next *node  `wire:"2"`
}

func roundTrip(t *testing.T, v *sample) []byte {
	t.Helper()
	b := Marshal(v)
	var got sample
	if err := Unmarshal(b, &got); err != nil {
		t.Fatalf("Unmarshal(Marshal(%+v)) = %v (bytes %x)", v, err, b)
	}
	want := *v
	want.Skip = ""
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("round trip changed the value:\n got  %+v\n want %+v", got, want)
	}
	if again := Marshal(&got); !bytes.Equal(again, b) {
		t.Fatalf("re-encoding differs: %x vs %x", again, b)
	}
	return b
}

func TestRoundTripEveryKind(t *testing.T) {
	cases := map[string]sample{
		"zero":          {},
		"bool":          {B: true},
		"uint32 max":    {U32: 0xffffffff},
		"uint64 max":    {U64: ^uint64(0)},
		"int64 neg":     {I64: -1},
		"int64 min":     {I64: -1 << 63},
		"int64 max":     {I64: 1<<63 - 1},
		"string":        {S: "héllo, 世界"},
		"bytes":         {By: []byte{0, 1, 2, 0xff}},
		"array":         {Arr: [4]byte{0, 0, 0, 1}},
		"nested":        {In: inner{A: 7, S: "x"}},
		"ptr empty":     {P: &inner{}},
		"ptr full":      {P: &inner{A: 1}},
		"packed uints":  {Us: []uint64{0, 1, 300, ^uint64(0)}},
		"packed ints":   {Is: []int64{0, -1, 1, -1 << 63}},
		"packed uint32": {U32s: []uint32{0, 0xffffffff}},
		"strings":       {Ss: []string{"", "a", ""}},
		"bytes list":    {Bs: [][]byte{nil, {1}, nil}},
		"arrays":        {Arrs: [][4]byte{{}, {1, 2, 3, 4}}},
		"structs":       {Ins: []inner{{}, {A: 1}, {S: "z"}}},
		"skipped":       {Skip: "not encoded"},
		"last":          {Last: 1},
		"named":         {Named: 42},
		"all": {B: true, U32: 1, U64: 2, I64: -3, S: "s", By: []byte{4}, Arr: [4]byte{5},
			In: inner{A: 6}, P: &inner{S: "p"}, Us: []uint64{7}, Is: []int64{-8}, U32s: []uint32{9},
			Ss: []string{"t"}, Bs: [][]byte{{10}}, Arrs: [][4]byte{{11}}, Ins: []inner{{A: 12}}, Last: 13, Named: 14},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) { roundTrip(t, &c) })
	}
}

func TestEncodingIsProtobufWire(t *testing.T) {
	got := Marshal(&sample{B: true, U64: 300, I64: -2, S: "hi", Us: []uint64{1, 2}})
	want := []byte{
		0x08, 0x01, // 1: true
		0x18, 0xac, 0x02, // 3: 300
		0x20, 0x03, // 4: zigzag(-2) = 3
		0x2a, 0x02, 'h', 'i', // 5: "hi"
		0x52, 0x02, 0x01, 0x02, // 10: packed [1, 2]
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("Marshal = %x, want %x", got, want)
	}
	if b := Marshal(&sample{}); len(b) != 0 {
		t.Fatalf("zero value encodes to %x, want nothing", b)
	}
}

// enc builds wire bytes from parts: each part is appended as is.
func enc(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

func tag(n protowire.Number, typ protowire.Type) []byte { return protowire.AppendTag(nil, n, typ) }
func vint(v uint64) []byte                              { return protowire.AppendVarint(nil, v) }
func lenp(b []byte) []byte                              { return protowire.AppendBytes(nil, b) }

func TestRejectNonCanonical(t *testing.T) {
	V, L := protowire.VarintType, protowire.BytesType
	cases := []struct {
		name string
		b    []byte
	}{
		{"out-of-order fields", enc(tag(3, V), vint(1), tag(2, V), vint(1))},
		{"duplicated singular field", enc(tag(3, V), vint(1), tag(3, V), vint(2))},
		{"duplicated string field", enc(tag(5, L), lenp([]byte("a")), tag(5, L), lenp([]byte("a")))},
		{"duplicated nested message", enc(tag(8, L), lenp(enc(tag(1, V), vint(1))), tag(8, L), lenp(enc(tag(2, L), lenp([]byte("x")))))},
		{"explicit zero uint", enc(tag(3, V), vint(0))},
		{"explicit false", enc(tag(1, V), vint(0))},
		{"bool not 1", enc(tag(1, V), vint(2))},
		{"explicit zero int", enc(tag(4, V), vint(0))},
		{"explicit empty string", enc(tag(5, L), vint(0))},
		{"explicit empty bytes", enc(tag(6, L), vint(0))},
		{"explicit zero array", enc(tag(7, L), lenp(make([]byte, 4)))},
		{"explicit empty nested", enc(tag(8, L), vint(0))},
		{"explicit zero inside nested", enc(tag(8, L), lenp(enc(tag(1, V), vint(0))))},
		{"non-minimal varint", enc(tag(3, V), []byte{0x81, 0x00})},
		{"non-minimal varint 10 bytes", enc(tag(3, V), []byte{0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00})},
		{"varint overflow", enc(tag(3, V), []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02})},
		{"non-minimal tag", enc([]byte{0x98, 0x00}, vint(1))},
		{"non-minimal length", enc(tag(5, L), []byte{0x81, 0x00}, []byte("a"))},
		{"non-minimal packed element", enc(tag(10, L), lenp([]byte{0x81, 0x00}))},
		{"unknown field", enc(tag(99, V), vint(1))},
		{"unknown field in gap", enc(tag(17, V), vint(1))},
		{"unknown field after known", enc(tag(3, V), vint(1), tag(18, L), lenp([]byte("x")))},
		{"field number zero", enc([]byte{0x00}, vint(1))},
		{"wrong wire type varint as bytes", enc(tag(3, L), lenp([]byte{1}))},
		{"wrong wire type bytes as varint", enc(tag(5, V), vint(1))},
		{"wrong wire type fixed64", enc(tag(3, protowire.Fixed64Type), make([]byte, 8))},
		{"wrong wire type fixed32", enc(tag(2, protowire.Fixed32Type), make([]byte, 4))},
		{"wrong wire type group", enc(tag(8, protowire.StartGroupType), tag(8, protowire.EndGroupType))},
		{"invalid wire type 7", enc(tag(3, 7), vint(1))},
		{"bad UTF-8", enc(tag(5, L), lenp([]byte{0xff}))},
		{"bad UTF-8 surrogate", enc(tag(5, L), lenp([]byte{0xed, 0xa0, 0x80}))},
		{"bad UTF-8 in list", enc(tag(13, L), lenp([]byte{0xc3}))},
		{"array too short", enc(tag(7, L), lenp([]byte{1, 2, 3}))},
		{"array too long", enc(tag(7, L), lenp([]byte{1, 2, 3, 4, 5}))},
		{"array in list wrong length", enc(tag(15, L), lenp([]byte{1}))},
		{"trailing tag without value", enc(tag(3, V), vint(1), tag(20, V))},
		{"trailing garbage byte", enc(tag(3, V), vint(1), []byte{0xff})},
		{"trailing zero byte", enc(tag(3, V), vint(1), []byte{0x00})},
		{"truncated length", enc(tag(5, L), vint(10), []byte("ab"))},
		{"truncated varint", enc(tag(3, V), []byte{0x80})},
		{"truncated nested", enc(tag(8, L), vint(5), tag(1, V), vint(1))},
		{"garbage inside nested", enc(tag(8, L), lenp(enc(tag(1, V), vint(1), []byte{0xff})))},
		{"empty packed list", enc(tag(10, L), vint(0))},
		{"unpacked repeated uint", enc(tag(10, V), vint(1))},
		{"packed list twice", enc(tag(10, L), lenp(vint(1)), tag(10, L), lenp(vint(2)))},
		{"truncated packed element", enc(tag(10, L), lenp([]byte{0x80}))},
		{"repeated field not consecutive", enc(tag(13, L), lenp([]byte("a")), tag(14, L), lenp([]byte("b")), tag(13, L), lenp([]byte("c")))},
		{"uint32 overflow", enc(tag(2, V), vint(1<<32))},
		{"uint32 overflow in packed list", enc(tag(12, L), lenp(vint(1<<32)))},
		{"named after last", enc(tag(21, V), vint(1), tag(20, V), vint(1))},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var v sample
			err := Unmarshal(c.b, &v)
			if err == nil {
				t.Fatalf("Unmarshal(%x) accepted: %+v", c.b, v)
			}
			if !errors.Is(err, ErrNonCanonical) {
				t.Fatalf("Unmarshal(%x) = %v, want an error wrapping ErrNonCanonical", c.b, err)
			}
		})
	}
}

func TestRepeatedFieldsAreConsecutive(t *testing.T) {
	b := Marshal(&sample{Ss: []string{"a", "b"}, Bs: [][]byte{{1}}})
	var v sample
	if err := Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	if len(v.Ss) != 2 || v.Ss[0] != "a" || v.Ss[1] != "b" {
		t.Fatalf("got %q", v.Ss)
	}
}

func TestDepthLimit(t *testing.T) {
	build := func(depth int) *node {
		n := &node{V: 1}
		for i := 0; i < depth; i++ {
			n = &node{V: uint64(i + 2), Next: n}
		}
		return n
	}
	var v node
	if err := Unmarshal(Marshal(build(maxDepth)), &v); err != nil {
		t.Fatalf("depth %d refused: %v", maxDepth, err)
	}
	if err := Unmarshal(Marshal(build(maxDepth+1)), &v); !errors.Is(err, ErrNonCanonical) {
		t.Fatalf("depth %d: got %v, want ErrNonCanonical", maxDepth+1, err)
	}
}

func TestUnmarshalResetsTarget(t *testing.T) {
	v := sample{U64: 5, Ss: []string{"old"}}
	if err := Unmarshal(Marshal(&sample{S: "new"}), &v); err != nil {
		t.Fatal(err)
	}
	if v.U64 != 0 || v.Ss != nil || v.S != "new" {
		t.Fatalf("stale fields kept: %+v", v)
	}
}

func TestUnmarshalNeedsStructPointer(t *testing.T) {
	var v sample
	for _, target := range []any{v, nil, new(int), &[]byte{}} {
		if err := Unmarshal(nil, target); err == nil || errors.Is(err, ErrNonCanonical) {
			t.Errorf("Unmarshal into %T: %v, want a usage error", target, err)
		}
	}
}

func TestUnsupportedTypesPanic(t *testing.T) {
	type noTag struct{ A uint64 }
	type badOrder struct {
		A uint64 `wire:"2"`
		B uint64 `wire:"1"`
	}
	type badType struct {
		A int32 `wire:"1"`
	}
	type repeatedBool struct {
		A []bool `wire:"1"`
	}
	for _, v := range []any{&noTag{}, &badOrder{}, &badType{}, &repeatedBool{}} {
		func() {
			defer func() {
				if r := recover(); r == nil || !strings.HasPrefix(r.(string), "codec:") {
					t.Errorf("%T: want a codec panic, got %v", v, r)
				}
			}()
			Marshal(v)
		}()
	}
}
