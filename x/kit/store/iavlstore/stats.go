package iavlstore

// Size returns the number of keys in the last committed version (the
// working tree's, between a FinalizeBlock and its Commit).
func (t *Tree) Size() int64 { return t.tree.Size() }
