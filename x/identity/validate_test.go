package identity_test

import (
	"bytes"
	"math/rand"
	"reflect"
	"testing"

	"github.com/corridor-trade/corridor/codec"
	"github.com/corridor-trade/corridor/x/identity"
	"github.com/corridor-trade/corridor/x/kit"
)

// fill sets every field of the struct v points to a random value drawn from
// a pool of likely-interesting ones (zero, valid names, invalid UTF-8, huge
// numbers), recursing into nested structs.
func fill(r *rand.Rand, v reflect.Value) {
	strs := []string{"", "legal-entity", "aeo", "signatory", "uen", "uscc", "br", "lei", "cn-aeo", "\xff\xfe", "SG", "CN-SH", "x/y", string(make([]byte, 300))}
	switch v.Kind() {
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Field(i).CanSet() {
				fill(r, v.Field(i))
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
			fill(r, s.Index(i))
		}
		v.Set(s)
	}
}

// TestValidateBasicNeverPanics runs ValidateBasic on random messages and on
// whatever random bytes decode to.
func TestValidateBasicNeverPanics(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	news := []func() kit.Msg{func() kit.Msg { return &identity.MsgAttest{} }, func() kit.Msg { return &identity.MsgRevoke{} }}
	for i := 0; i < 20000; i++ {
		m := news[i%len(news)]()
		fill(r, reflect.ValueOf(m).Elem())
		_ = m.ValidateBasic()
		b := make([]byte, r.Intn(64))
		r.Read(b)
		d := news[i%len(news)]()
		if codec.Unmarshal(b, d) == nil {
			_ = d.ValidateBasic()
		}
		if m.ValidateBasic() == nil {
			// A valid message must survive an encoding round trip.
			d := news[i%len(news)]()
			if err := codec.Unmarshal(codec.Marshal(m), d); err != nil || !bytes.Equal(codec.Marshal(d), codec.Marshal(m)) {
				t.Fatalf("round trip of %+v: %v", m, err)
			}
		}
	}
}
