package iavlstore

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/cosmos/iavl"
)

// Restore is one state-sync restore in progress: a snapshot offered by
// CometBFT, its verified chunks so far (kept as files beside the
// snapshots), and the app hash the restored state must have.
type Restore struct {
	s       *Snapshots
	t       *Tree
	info    SnapshotInfo
	hashes  [][]byte
	appHash []byte
	dir     string
	have    []bool
	left    int
}

// Offer starts restoring the snapshot info into the empty tree t. appHash
// is the app hash of the snapshot's height taken from the light-client
// verified header; the restored tree must have exactly this root hash.
// It fails with ErrSnapshotFormat for a format other than SnapshotFormat
// and with ErrSnapshotInvalid for metadata that does not commit to the
// offered hash.
func (s *Snapshots) Offer(t *Tree, info SnapshotInfo, appHash []byte) (*Restore, error) {
	if info.Format != SnapshotFormat {
		return nil, fmt.Errorf("%w %d (this node restores format %d)", ErrSnapshotFormat, info.Format, SnapshotFormat)
	}
	if info.Height == 0 || info.Height > 1<<62 {
		return nil, fmt.Errorf("%w: height %d", ErrSnapshotInvalid, info.Height)
	}
	hashes, err := chunkHashes(info.Metadata, info.Chunks)
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(snapshotHash(info.Metadata), info.Hash) {
		return nil, fmt.Errorf("%w: hash does not match its chunk list", ErrSnapshotInvalid)
	}
	if len(appHash) == 0 {
		return nil, fmt.Errorf("%w: no trusted app hash to check the restored state against", ErrSnapshotInvalid)
	}
	if v := t.Version(); v != 0 {
		return nil, fmt.Errorf("state already has version %d: state sync needs an empty state", v)
	}
	dir, err := os.MkdirTemp(s.opts.Dir, ".restoring-")
	if err != nil {
		return nil, err
	}
	return &Restore{s: s, t: t, info: info, hashes: hashes, appHash: append([]byte(nil), appHash...),
		dir: dir, have: make([]bool, info.Chunks), left: int(info.Chunks)}, nil
}

// Height returns the height being restored.
func (r *Restore) Height() uint64 { return r.info.Height }

// Apply checks chunk index against its hash and keeps it. When the last
// missing chunk arrives it imports the whole snapshot and checks the root
// hash; done is then true and the tree holds the restored version.
//
// ErrChunkInvalid means this chunk must be fetched again (from another
// peer); ErrSnapshotInvalid means the snapshot is unusable and nothing of
// it remains in the tree.
func (r *Restore) Apply(index uint32, chunk []byte) (done bool, err error) {
	if int(index) >= len(r.hashes) {
		return false, fmt.Errorf("%w: chunk %d of a snapshot of %d chunks", ErrSnapshotInvalid, index, len(r.hashes))
	}
	if h := sha256.Sum256(chunk); !bytes.Equal(h[:], r.hashes[index]) {
		return false, fmt.Errorf("%w: chunk %d (%d bytes)", ErrChunkInvalid, index, len(chunk))
	}
	if err := os.WriteFile(filepath.Join(r.dir, chunkName(index)), chunk, 0o600); err != nil {
		return false, err
	}
	if !r.have[index] {
		r.have[index] = true
		r.left--
	}
	if r.left > 0 {
		return false, nil
	}
	defer r.Close()
	if err := r.importAll(); err != nil {
		if werr := r.t.wipe(); werr != nil {
			return false, fmt.Errorf("%v; and clearing the partial import failed: %w", err, werr)
		}
		return false, err
	}
	return true, nil
}

// Close discards the kept chunks.
func (r *Restore) Close() { os.RemoveAll(r.dir) }

func (r *Restore) importAll() error {
	readers := make([]io.Reader, 0, len(r.hashes))
	for i := range r.hashes {
		f, err := os.Open(filepath.Join(r.dir, chunkName(uint32(i))))
		if err != nil {
			return err
		}
		defer f.Close()
		readers = append(readers, f)
	}
	dec, err := newNodeDecoder(io.MultiReader(readers...))
	if err != nil {
		return err
	}
	height := int64(r.info.Height)
	imp, err := r.t.tree.Import(height)
	if err != nil {
		return fmt.Errorf("start import: %w", err)
	}
	defer imp.Close()
	for {
		node, err := dec.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		if err := imp.Add(node); err != nil {
			return fmt.Errorf("%w: %v", ErrSnapshotInvalid, err)
		}
	}
	if err := imp.Commit(); err != nil {
		return fmt.Errorf("%w: %v", ErrSnapshotInvalid, err)
	}
	if got := r.t.tree.Hash(); r.t.tree.Version() != height || !bytes.Equal(got, r.appHash) {
		return fmt.Errorf("%w: restored state at version %d has app hash %X, the verified header says %X",
			ErrSnapshotInvalid, r.t.tree.Version(), got, r.appHash)
	}
	return nil
}

// wipe deletes everything from the database and starts an empty tree: the
// state after a failed import, which may have written nodes (or even
// committed a version whose hash turned out wrong).
func (t *Tree) wipe() error {
	it, err := t.db.Iterator(nil, nil)
	if err != nil {
		return err
	}
	var keys [][]byte
	for ; it.Valid(); it.Next() {
		keys = append(keys, append([]byte(nil), it.Key()...))
	}
	err = it.Error()
	it.Close()
	if err != nil {
		return err
	}
	b := t.db.NewBatch()
	defer b.Close()
	for _, k := range keys {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	if err := b.WriteSync(); err != nil {
		return err
	}
	t.tree = iavl.NewMutableTree(adapter{t.db}, t.opts.CacheSize, t.opts.NoFastIndex, iavl.NewNopLogger())
	_, err = t.tree.Load()
	return err
}
