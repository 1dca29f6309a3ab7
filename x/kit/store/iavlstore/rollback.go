package iavlstore

import "fmt"

// RollbackTo makes committed version v the latest: every later version is
// deleted from the database and the tree is loaded at v. It is for
// `corridord rollback`, on a tree nobody else is using, before the node
// starts; CometBFT then re-executes the blocks after v. Versions at or
// before v are untouched, so rolling back twice to the same version is
// harmless.
func (t *Tree) RollbackTo(v int64) error {
	latest := t.tree.Version()
	switch {
	case v < 1:
		return fmt.Errorf("cannot roll the state back to version %d: the first version is 1", v)
	case v > latest:
		return fmt.Errorf("cannot roll the state back to version %d: the latest committed version is %d", v, latest)
	case !t.tree.VersionExists(v):
		return fmt.Errorf("cannot roll the state back to version %d: it was pruned (state.keep_recent in app.toml keeps only the most recent versions)", v)
	}
	if err := t.tree.LoadVersionForOverwriting(v); err != nil {
		return fmt.Errorf("roll the state back to version %d: %w", v, err)
	}
	return nil
}
