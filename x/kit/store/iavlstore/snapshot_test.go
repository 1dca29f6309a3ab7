package iavlstore

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"testing"
)

// buildTree commits versions of changing state so that the exported tree
// has nodes of many versions (IAVL hashes include node versions).
func buildTree(t testing.TB, dir string, versions, keysPer int) *Tree {
	t.Helper()
	tree, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tree.Close() })
	for v := 0; v < versions; v++ {
		w := tree.Working()
		for i := 0; i < keysPer; i++ {
			w.Set([]byte(fmt.Sprintf("k/%05d", (v*7+i*13)%(versions*keysPer))), bytes.Repeat([]byte{byte(v)}, 40+i%30))
		}
		if v > 0 {
			w.Delete([]byte(fmt.Sprintf("k/%05d", v)))
		}
		if _, _, err := tree.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	return tree
}

func openSnapshots(t testing.TB, chunk int) *Snapshots {
	t.Helper()
	s, err := OpenSnapshots(SnapshotOptions{Dir: t.TempDir(), Interval: 5, KeepRecent: 2, ChunkSize: chunk})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func chunksOf(t testing.TB, s *Snapshots, info SnapshotInfo) [][]byte {
	t.Helper()
	var out [][]byte
	for i := uint32(0); i < info.Chunks; i++ {
		c, err := s.LoadChunk(info.Height, info.Format, i)
		if err != nil || c == nil {
			t.Fatalf("chunk %d: %v", i, err)
		}
		out = append(out, c)
	}
	return out
}

func emptyTree(t testing.TB) *Tree {
	t.Helper()
	tree, err := Open(t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tree.Close() })
	return tree
}

// TestSnapshotRestoreRoundTrip restores a snapshot taken in the background
// into an empty tree: same version, same root hash, same values, and the
// restored tree keeps committing like the original.
func TestSnapshotRestoreRoundTrip(t *testing.T) {
	src := buildTree(t, t.TempDir(), 10, 50)
	s := openSnapshots(t, 1024)
	for v := int64(1); v <= 10; v++ {
		s.MaybeTake(src, v)
		if err := s.Wait(); err != nil {
			t.Fatal(err)
		}
	}
	list, err := s.List()
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].Height != 10 || list[1].Height != 5 {
		t.Fatalf("kept snapshots %+v, want heights 10 and 5", list)
	}
	info := list[0]
	if info.Chunks < 2 {
		t.Fatalf("want several chunks of 1 KiB, got %d", info.Chunks)
	}
	dst := emptyTree(t)
	r, err := openSnapshots(t, 0).Offer(dst, info, src.Hash())
	if err != nil {
		t.Fatal(err)
	}
	chunks := chunksOf(t, s, info)
	for i, c := range chunks {
		done, err := r.Apply(uint32(i), c)
		if err != nil {
			t.Fatal(err)
		}
		if done != (i == len(chunks)-1) {
			t.Fatalf("chunk %d: done = %v", i, done)
		}
	}
	if dst.Version() != 10 || !bytes.Equal(dst.Hash(), src.Hash()) {
		t.Fatalf("restored version %d hash %X, want 10 %X", dst.Version(), dst.Hash(), src.Hash())
	}
	a, _ := src.Snapshot(0)
	b, _ := dst.Snapshot(0)
	n := 0
	a.Iterate(nil, nil, func(k, v []byte) bool {
		n++
		if !bytes.Equal(b.Get(k), v) {
			t.Fatalf("key %s differs after restore", k)
		}
		return true
	})
	if _, p, err := b.Prove([]byte("k/00002")); err != nil || p == nil {
		t.Fatalf("proof on restored tree: %v", err)
	}
	for _, tr := range []*Tree{src, dst} {
		tr.Working().Set([]byte("after"), []byte("restore"))
		if _, _, err := tr.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(dst.Hash(), src.Hash()) || n == 0 {
		t.Fatal("restored tree diverges on the next commit")
	}
}

// TestSnapshotBadChunksAndFormats: a corrupted or truncated chunk is
// refused as ErrChunkInvalid and the good one is then accepted; an unknown
// format and metadata that does not match the hash are refused; a
// snapshot whose state does not have the trusted app hash leaves nothing.
func TestSnapshotBadChunksAndFormats(t *testing.T) {
	src := buildTree(t, t.TempDir(), 5, 40)
	s := openSnapshots(t, 512)
	info, err := s.Take(src, 5)
	if err != nil {
		t.Fatal(err)
	}
	chunks := chunksOf(t, s, *info)

	old := *info
	old.Format = 0
	if _, err := s.Offer(emptyTree(t), old, src.Hash()); !errors.Is(err, ErrSnapshotFormat) {
		t.Fatalf("format 0: %v, want ErrSnapshotFormat", err)
	}
	forged := *info
	forged.Metadata = append([]byte(nil), info.Metadata...)
	forged.Metadata[0] ^= 1
	if _, err := s.Offer(emptyTree(t), forged, src.Hash()); !errors.Is(err, ErrSnapshotInvalid) {
		t.Fatalf("forged metadata: %v, want ErrSnapshotInvalid", err)
	}

	dst := emptyTree(t)
	r, err := s.Offer(dst, *info, src.Hash())
	if err != nil {
		t.Fatal(err)
	}
	corrupt := append([]byte(nil), chunks[1]...)
	corrupt[len(corrupt)/2] ^= 0xff
	if _, err := r.Apply(1, corrupt); !errors.Is(err, ErrChunkInvalid) {
		t.Fatalf("corrupt chunk: %v, want ErrChunkInvalid", err)
	}
	if _, err := r.Apply(1, chunks[1][:len(chunks[1])-1]); !errors.Is(err, ErrChunkInvalid) {
		t.Fatalf("truncated chunk: %v, want ErrChunkInvalid", err)
	}
	for i, c := range chunks {
		if _, err := r.Apply(uint32(i), c); err != nil {
			t.Fatalf("chunk %d after refusals: %v", i, err)
		}
	}
	if !bytes.Equal(dst.Hash(), src.Hash()) {
		t.Fatal("restore after refused chunks has the wrong hash")
	}

	// The right chunks, but the light client says another app hash.
	dst2 := emptyTree(t)
	r, err = s.Offer(dst2, *info, bytes.Repeat([]byte{7}, 32))
	if err != nil {
		t.Fatal(err)
	}
	var last error
	for i, c := range chunks {
		_, last = r.Apply(uint32(i), c)
	}
	if !errors.Is(last, ErrSnapshotInvalid) {
		t.Fatalf("wrong app hash: %v, want ErrSnapshotInvalid", last)
	}
	if dst2.Version() != 0 {
		t.Fatalf("a rejected restore left version %d behind", dst2.Version())
	}
	// And the wiped tree can take the real restore.
	r, err = s.Offer(dst2, *info, src.Hash())
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range chunks {
		if _, err := r.Apply(uint32(i), c); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(dst2.Hash(), src.Hash()) {
		t.Fatal("restore after a rejected one has the wrong hash")
	}
	if _, err := s.Offer(dst2, *info, src.Hash()); err == nil {
		t.Fatal("offer accepted on a tree that already has state")
	}
}

// TestSnapshotServesStoredBytes: a chunk damaged on disk is served as is
// (the restoring node's hash check catches it), a missing one as nil.
func TestSnapshotServesStoredBytes(t *testing.T) {
	src := buildTree(t, t.TempDir(), 3, 10)
	s := openSnapshots(t, 0)
	info, err := s.Take(src, 3)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(s.ChunkPath(3, 0), []byte("damaged"), 0o600); err != nil {
		t.Fatal(err)
	}
	if c, _ := s.LoadChunk(3, info.Format, 0); string(c) != "damaged" {
		t.Fatalf("served %q", c)
	}
	if c, err := s.LoadChunk(3, info.Format, 99); c != nil || err != nil {
		t.Fatalf("missing chunk: %q %v", c, err)
	}
	if c, _ := s.LoadChunk(3, 0, 0); c != nil {
		t.Fatal("served a chunk of another format")
	}
}

// FuzzSnapshotStream feeds arbitrary bytes to the snapshot decoders: they
// return errors, never panic or allocate without bound.
func FuzzSnapshotStream(f *testing.F) {
	src := buildTree(f, f.TempDir(), 2, 5)
	s := openSnapshots(f, 0)
	info, err := s.Take(src, 2)
	if err != nil {
		f.Fatal(err)
	}
	chunk, _ := s.LoadChunk(2, info.Format, 0)
	f.Add(chunk, info.Metadata, uint32(1))
	f.Add([]byte{}, []byte{}, uint32(0))
	f.Fuzz(func(t *testing.T, stream, metadata []byte, chunks uint32) {
		if hs, err := chunkHashes(metadata, chunks); err == nil && len(hs) != int(chunks) {
			t.Fatal("hash count differs from chunk count")
		}
		dec, err := newNodeDecoder(bytes.NewReader(stream))
		if err != nil {
			return
		}
		for i := 0; i < 1<<16; i++ {
			if _, err := dec.Next(); err != nil {
				return
			}
		}
	})
}
