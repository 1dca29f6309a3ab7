package kittest

import (
	"bytes"
	"math/rand"
	"reflect"
	"testing"

	"github.com/corridor-trade/corridor/codec"
	"github.com/corridor-trade/corridor/x/kit"
)

// fill sets every field of the struct v points to a random value drawn from
// strs and a pool of likely-interesting numbers (zero, huge, negative),
// recursing into nested structs.
func fill(r *rand.Rand, v reflect.Value, strs []string) {
	switch v.Kind() {
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Field(i).CanSet() {
				fill(r, v.Field(i), strs)
			}
		}
	case reflect.String:
		v.SetString(strs[r.Intn(len(strs))])
	case reflect.Int64:
		v.SetInt([]int64{0, -1, 1, 1 << 62, -1 << 63, r.Int63()}[r.Intn(6)])
	case reflect.Bool:
		v.SetBool(r.Intn(2) == 0)
	case reflect.Array:
		if r.Intn(3) > 0 {
			for i := 0; i < v.Len(); i++ {
				v.Index(i).SetUint(uint64(r.Intn(256)))
			}
		}
	case reflect.Slice:
		n := r.Intn(4)
		s := reflect.MakeSlice(v.Type(), n, n)
		for i := 0; i < n; i++ {
			fill(r, s.Index(i), strs)
		}
		v.Set(s)
	}
}

// ValidateBasicNeverPanics runs ValidateBasic on random messages built by
// news (string fields drawn from strs, plus invalid UTF-8 and an oversized
// string) and on whatever random bytes decode to, and checks that every
// message ValidateBasic accepts survives an encoding round trip.
func ValidateBasicNeverPanics(t *testing.T, strs []string, news ...func() kit.Msg) {
	t.Helper()
	strs = append(append([]string{}, strs...), "", "\xff\xfe", "x/y", string(make([]byte, 300)))
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 20000; i++ {
		m := news[i%len(news)]()
		fill(r, reflect.ValueOf(m).Elem(), strs)
		_ = m.ValidateBasic()
		b := make([]byte, r.Intn(64))
		r.Read(b)
		d := news[i%len(news)]()
		if codec.Unmarshal(b, d) == nil {
			_ = d.ValidateBasic()
		}
		if m.ValidateBasic() == nil {
			d := news[i%len(news)]()
			if err := codec.Unmarshal(codec.Marshal(m), d); err != nil || !bytes.Equal(codec.Marshal(d), codec.Marshal(m)) {
				t.Fatalf("round trip of %+v: %v", m, err)
			}
		}
	}
}
