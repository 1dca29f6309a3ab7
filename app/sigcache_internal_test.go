package app

import "testing"

func TestSigCacheBoundedFIFO(t *testing.T) {
	c := newSigCache(4)
	h := func(i byte) [32]byte { return [32]byte{i} }
	for i := byte(0); i < 6; i++ {
		c.add(h(i))
		c.add(h(i)) // adding twice takes no second slot
	}
	if len(c.seen) != 4 || len(c.ring) != 4 {
		t.Fatalf("cache holds %d hashes in %d slots, want 4", len(c.seen), len(c.ring))
	}
	for i := byte(0); i < 6; i++ {
		if got, want := c.contains(h(i)), i >= 2; got != want {
			t.Fatalf("contains(%d) = %v, want %v (the two oldest are evicted)", i, got, want)
		}
	}
}
