package iavlstore

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/corridor-trade/corridor/codes"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/cosmos/iavl"
	"github.com/cosmos/iavl/fastnode"
)

// ErrDamaged is returned by Open when the state database is damaged in a way
// start-up cannot repair; its message says what the operator does.
var ErrDamaged = codes.StoreDamaged

// loadTree loads the latest complete version of the tree in db.
//
// A version is complete when its root is on disk. Corridor writes each
// version as one synced batch (newMutableTree), so a crash leaves either the
// whole version or none of it. Databases written before that rule (IAVL's
// defaults flush a large version in several unsynced batches: fast-index
// entries, then tree nodes, the root last) can hold the nodes of a last
// version without its root. IAVL then finds that version by its nodes but
// cannot load it ("version does not exist"), on every start. loadTree
// detects that case and rolls the tree back to the newest version whose root
// is present, deleting the partial version's nodes and rebuilding the fast
// index; CometBFT then replays the lost block(s) from its block store.
//
// The same old write order has a second failure that loads without error:
// a crash after some of a version's fast-index entries reached the disk but
// none of its tree nodes leaves the previous version loadable, with a fast
// index that answers reads with the lost version's values. The first time
// this release opens a database (formatKey absent) loadTree therefore
// compares the fast index with the tree, entry by entry, and rebuilds the
// index if they differ; it then marks the database, and never checks again,
// since atomic versions cannot leave that damage.
func loadTree(db dbm.DB, opts Options) (*iavl.MutableTree, error) {
	t, err := loadOrRollBack(db, opts)
	if err != nil {
		return nil, err
	}
	if marked, err := db.Has(formatKey); err != nil {
		return nil, damaged(err)
	} else if marked || opts.legacyWrites {
		return t, nil
	}
	if t.Version() > 0 {
		same, err := fastIndexMatches(db, t)
		if err != nil {
			return nil, damaged(fmt.Errorf("check the fast index: %w", err))
		}
		if !same {
			opts.Logger.Warn("state: the fast index does not match the tree (a crash during a commit of an older release); rebuilding it",
				"version", t.Version())
			if err := db.DeleteSync(storageVersionKey); err != nil {
				return nil, damaged(err)
			}
			t = newMutableTree(db, opts) // Load rebuilds a fast index it finds missing
			if _, err := t.Load(); err != nil {
				return nil, damaged(fmt.Errorf("rebuild the fast index: %w", err))
			}
		}
	}
	if err := db.SetSync(formatKey, []byte(formatAtomic)); err != nil {
		return nil, damaged(err)
	}
	return t, nil
}

// formatKey marks a database opened by a release that writes every version
// as one synced batch. It lies outside IAVL's key space (IAVL v1 uses the
// prefixes s, f, m, and n, o, r for its legacy format).
var formatKey = []byte("corridor/state-format")

const formatAtomic = "atomic-versions-1"

// storageVersionKey is IAVL v1's metadata key naming the fast index's
// format and version; without it IAVL rebuilds the index at Load.
var storageVersionKey = []byte("mstorage_version")

// fastIndexMatches walks the latest version of the tree and IAVL's fast
// index (the keys f<key>) side by side and reports whether they hold the
// same keys and values, none from a later version.
func fastIndexMatches(db dbm.DB, t *iavl.MutableTree) (bool, error) {
	version := t.Version()
	imm, err := t.GetImmutable(version)
	if err != nil {
		return false, err
	}
	fast, err := db.Iterator([]byte("f"), []byte("g"))
	if err != nil {
		return false, err
	}
	defer fast.Close()
	if t.IsEmpty() {
		return !fast.Valid(), fast.Error()
	}
	it := iavl.NewIterator(nil, nil, true, imm)
	defer it.Close()
	for ; it.Valid(); it.Next() {
		if !fast.Valid() {
			return false, fast.Error()
		}
		key := fast.Key()[1:]
		if !bytes.Equal(key, it.Key()) {
			return false, nil
		}
		n, err := fastnode.DeserializeNode(key, fast.Value())
		if err != nil || n.GetVersionLastUpdatedAt() > version || !bytes.Equal(n.GetValue(), it.Value()) {
			return false, nil
		}
		fast.Next()
	}
	if err := it.Error(); err != nil {
		return false, err
	}
	return !fast.Valid(), fast.Error()
}

// loadOrRollBack loads the latest complete version, rolling back a partial
// one.
func loadOrRollBack(db dbm.DB, opts Options) (*iavl.MutableTree, error) {
	t := newMutableTree(db, opts)
	latest, err := t.GetLatestVersion()
	if err != nil {
		return nil, damaged(err)
	}
	_, err = t.Load()
	if err == nil {
		return t, nil
	}
	if !errors.Is(err, iavl.ErrVersionDoesNotExist) || latest <= 0 {
		return nil, damaged(fmt.Errorf("load state tree: %w", err))
	}
	return rollBack(db, opts, latest)
}

// rollBack replaces a partial latest version by the newest complete one.
func rollBack(db dbm.DB, opts Options, partial int64) (*iavl.MutableTree, error) {
	probe := newMutableTree(db, opts)
	good := int64(0)
	for v := partial - 1; v > 0; v-- {
		if _, err := probe.GetImmutable(v); err == nil {
			good = v
			break
		} else if !errors.Is(err, iavl.ErrVersionDoesNotExist) {
			return nil, damaged(fmt.Errorf("state version %d has no root and version %d cannot be read: %w", partial, v, err))
		}
		if partial-v > maxRollback {
			return nil, damaged(fmt.Errorf("state version %d has no root, nor has any of the %d versions before it", partial, maxRollback))
		}
	}
	t := newMutableTree(db, opts)
	if good == 0 {
		// Not one version is complete: the crash hit the very first
		// commit. Delete its nodes; the application starts from genesis.
		if err := t.DeleteVersionsFrom(1); err != nil {
			return nil, damaged(fmt.Errorf("state version %d has no root; deleting it: %w", partial, err))
		}
		t = newMutableTree(db, opts)
		if _, err := t.Load(); err != nil {
			return nil, damaged(fmt.Errorf("state version %d had no root and was deleted, but the empty tree does not load: %w", partial, err))
		}
	} else if err := t.LoadVersionForOverwriting(good); err != nil {
		return nil, damaged(fmt.Errorf("state version %d has no root; rolling back to version %d: %w", partial, good, err))
	}
	opts.Logger.Warn("state: the last version was only partly written (a crash during a commit); rolled back, CometBFT replays the blocks after it",
		"partial_version", partial, "rolled_back_to", good)
	return t, nil
}

// maxRollback bounds how far back rollBack looks for a complete version. A
// crash can leave only the last version partial; many versions without a
// root mean something else is wrong, which an operator must look at.
const maxRollback = 16

// damaged wraps err in ErrDamaged with the operator's way out.
func damaged(err error) error {
	return ErrDamaged.Wrapf("%v. Start-up cannot repair this. Either move application.db aside and start again "+
		"(CometBFT then replays every block from genesis; this needs every block in the block store, which Corridor never prunes), "+
		"or stop the node and copy application.db from a healthy node of the same backend stopped at a height at or below this node's block height",
		err)
}
