package store

// KV is the narrow key-value interface every module works against.
// Reads of missing keys return nil. Iterate visits keys in [start, end) in
// ascending order (a nil end means "to the last key") until fn returns false.
// Database failures do not surface here: they are recorded and reported by
// the owner of the view (see Tree.Err), which halts the node rather than
// letting a half-applied state be committed.
type KV interface {
	Get(key []byte) []byte
	Has(key []byte) bool
	Set(key, value []byte)
	Delete(key []byte)
	Iterate(start, end []byte, fn func(key, value []byte) bool)
}

// PrefixEnd returns the smallest key greater than every key that starts with
// prefix, or nil if there is none.
func PrefixEnd(prefix []byte) []byte {
	end := append([]byte(nil), prefix...)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] < 0xff {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}

// IteratePrefix visits every key starting with prefix in ascending order.
func IteratePrefix(kv KV, prefix []byte, fn func(key, value []byte) bool) {
	kv.Iterate(prefix, PrefixEnd(prefix), fn)
}
