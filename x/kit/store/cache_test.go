package store_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/corridor-trade/corridor/x/kit/store"
)

// memKV is a map-backed KV that records every write it receives, in order.
type memKV struct {
	m   map[string][]byte
	log []string
}

func newMemKV() *memKV { return &memKV{m: map[string][]byte{}} }

func (s *memKV) Get(k []byte) []byte { return s.m[string(k)] }
func (s *memKV) Has(k []byte) bool   { return s.m[string(k)] != nil }
func (s *memKV) Set(k, v []byte) {
	s.m[string(k)] = append([]byte(nil), v...)
	s.log = append(s.log, fmt.Sprintf("set %q=%q", k, v))
}
func (s *memKV) Delete(k []byte) {
	delete(s.m, string(k))
	s.log = append(s.log, fmt.Sprintf("del %q", k))
}
func (s *memKV) Iterate(start, end []byte, fn func(k, v []byte) bool) {
	var keys []string
	for k := range s.m {
		if k >= string(start) && (end == nil || k < string(end)) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !fn([]byte(k), s.m[k]) {
			return
		}
	}
}

// opaque hides that its KV is a *store.Cache, so that a Cache over it
// flushes key by key through Set and Delete (the general path).
type opaque struct{ store.KV }

// TestCacheIntoCacheMatchesGeneralPath writes the same random operations
// through a transaction cache into a block cache twice: once with the
// block cache visible as a *Cache (entries move as they are) and once
// hidden behind an interface (sorted Set and Delete calls, as into any
// KV). Every read of the block cache, its iteration, and the sequence of
// writes it finally flushes into the base must be identical, and values
// must stay the cache's own (a caller's later change to a slice it set
// does not show).
func TestCacheIntoCacheMatchesGeneralPath(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := 0; round < 200; round++ {
		baseA, baseB := newMemKV(), newMemKV()
		for i := 0; i < 10; i++ {
			k, v := []byte(fmt.Sprintf("k%02d", rng.IntN(30))), []byte(fmt.Sprintf("v%d", i))
			baseA.m[string(k)], baseB.m[string(k)] = v, v
		}
		blockA, blockB := store.NewCache(baseA), store.NewCache(baseB)
		for tx := 0; tx < 4; tx++ {
			txA, txB := store.NewCache(blockA), store.NewCache(opaque{blockB})
			for op := 0; op < 8; op++ {
				k := []byte(fmt.Sprintf("k%02d", rng.IntN(30)))
				switch rng.IntN(3) {
				case 0:
					txA.Delete(k)
					txB.Delete(k)
				case 1:
					txA.Set(k, nil)
					txB.Set(k, nil)
				default:
					v := []byte(fmt.Sprintf("t%d-%d", tx, op))
					txA.Set(k, v)
					txB.Set(k, v)
					v[0] = 'X' // the caches hold their own copies
				}
			}
			if rng.IntN(4) == 0 {
				continue // a failed transaction: its cache is dropped
			}
			txA.Write()
			txB.Write()
			if txA.Len() != 0 {
				t.Fatalf("round %d: the transaction cache kept %d entries after Write", round, txA.Len())
			}
			for i := 0; i < 30; i++ {
				k := []byte(fmt.Sprintf("k%02d", i))
				if a, b := blockA.Get(k), blockB.Get(k); !bytes.Equal(a, b) || (a == nil) != (b == nil) {
					t.Fatalf("round %d, tx %d: Get(%s) = %q and %q", round, tx, k, a, b)
				}
			}
		}
		var itA, itB []string
		blockA.Iterate(nil, nil, func(k, v []byte) bool { itA = append(itA, fmt.Sprintf("%s=%q", k, v)); return true })
		blockB.Iterate(nil, nil, func(k, v []byte) bool { itB = append(itB, fmt.Sprintf("%s=%q", k, v)); return true })
		if fmt.Sprint(itA) != fmt.Sprint(itB) {
			t.Fatalf("round %d: iteration differs:\n%v\n%v", round, itA, itB)
		}
		blockA.Write()
		blockB.Write()
		if fmt.Sprint(baseA.log) != fmt.Sprint(baseB.log) {
			t.Fatalf("round %d: flushed writes differ:\n%v\n%v", round, baseA.log, baseB.log)
		}
	}
}
