package store

import (
	"bytes"
	"sort"
)

// Cache buffers writes over a parent KV. Reads see the buffered writes
// first. Write flushes them to the parent in ascending key order; Discard
// (or simply dropping the Cache) forgets them.
type Cache struct {
	parent KV
	writes map[string][]byte // nil value = deleted
}

// NewCache returns an empty cache over parent.
func NewCache(parent KV) *Cache {
	return &Cache{parent: parent, writes: make(map[string][]byte)}
}

// Get returns the buffered value, or the parent's.
func (c *Cache) Get(key []byte) []byte {
	if v, ok := c.writes[string(key)]; ok {
		return v
	}
	return c.parent.Get(key)
}

// Has reports whether key has a value.
func (c *Cache) Has(key []byte) bool { return c.Get(key) != nil }

// Set buffers a write. A nil value is stored as empty.
func (c *Cache) Set(key, value []byte) {
	if value == nil {
		value = []byte{}
	}
	c.writes[string(key)] = append([]byte(nil), value...)
}

// Delete buffers a deletion.
func (c *Cache) Delete(key []byte) { c.writes[string(key)] = nil }

// Iterate merges the parent's keys in [start, end) with the buffered writes.
func (c *Cache) Iterate(start, end []byte, fn func(key, value []byte) bool) {
	type kv struct {
		k string
		v []byte
	}
	var items []kv
	c.parent.Iterate(start, end, func(k, v []byte) bool {
		if _, shadowed := c.writes[string(k)]; !shadowed {
			items = append(items, kv{string(k), v})
		}
		return true
	})
	for k, v := range c.writes {
		if v == nil || !inRange([]byte(k), start, end) {
			continue
		}
		items = append(items, kv{k, v})
	}
	sort.Slice(items, func(i, j int) bool { return items[i].k < items[j].k })
	for _, it := range items {
		if !fn([]byte(it.k), it.v) {
			return
		}
	}
}

func inRange(k, start, end []byte) bool {
	return bytes.Compare(k, start) >= 0 && (end == nil || bytes.Compare(k, end) < 0)
}

// Len returns the number of buffered writes and deletions.
func (c *Cache) Len() int { return len(c.writes) }

// Write flushes the buffered writes to the parent in ascending key order
// and empties the cache.
func (c *Cache) Write() {
	if p, ok := c.parent.(*Cache); ok {
		// Into another cache (a transaction's writes into its block's):
		// the order of writes into a map does not matter, and the entries
		// move as they are, values being this cache's own copies (Set) or
		// nil (Delete) exactly as p.Set and p.Delete would store them,
		// instead of a key conversion each way and a second copy of each
		// value (docs/performance.md, "Round three").
		for k, v := range c.writes {
			p.writes[k] = v
		}
		clear(c.writes)
		return
	}
	keys := make([]string, 0, len(c.writes))
	for k := range c.writes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if v := c.writes[k]; v == nil {
			c.parent.Delete([]byte(k))
		} else {
			c.parent.Set([]byte(k), v)
		}
	}
	clear(c.writes)
}
