package iavlstore

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/cosmos/iavl"
)

// SnapshotFormat is the version of the snapshot encoding this build writes
// and the only one it restores. A change to the stream below gets a new
// number; nodes refuse snapshots of any other format (ABCI REJECT_FORMAT),
// so CometBFT looks for another snapshot instead of restoring bytes it
// would misread.
//
// Format 1: the zlib-compressed stream of IAVL export nodes of one version,
// in the exporter's depth-first post-order, each encoded as
//
//	0x01 | height (1 byte, int8) | uvarint version | uvarint len(key) | key |
//	uvarint len(value)+1 (0 = no value: an inner node) | value
//
// and closed by 0x00 | uvarint number of nodes. The stream is cut into
// chunks of at most the configured chunk size. The snapshot's ABCI
// metadata is the concatenation of the SHA-256 hashes of its chunks, in
// order; its ABCI hash is the SHA-256 of that metadata.
const SnapshotFormat uint32 = 1

const (
	tagNode byte = 1
	tagEnd  byte = 0

	// maxSnapshotKey and maxSnapshotValue bound what the decoder allocates
	// for one node, so a hostile stream cannot ask for gigabytes.
	maxSnapshotKey   = 1 << 16
	maxSnapshotValue = 16 << 20
)

// Errors of the snapshot decoder and restore.
var (
	// ErrSnapshotFormat means a snapshot of a format this build does not
	// restore.
	ErrSnapshotFormat = errors.New("unknown snapshot format")
	// ErrSnapshotInvalid means a snapshot whose metadata, stream or
	// restored state is wrong: it must be discarded as a whole.
	ErrSnapshotInvalid = errors.New("invalid snapshot")
	// ErrChunkInvalid means a chunk whose bytes do not match the hash in
	// the snapshot's metadata: corrupt or truncated in transit or on the
	// serving peer's disk. It must be fetched again, from another peer.
	ErrChunkInvalid = errors.New("snapshot chunk does not match its hash")
)

// encodeNodes writes the export nodes of ex to w in format 1, compressed.
// It returns the number of nodes written.
func encodeNodes(w io.Writer, next func() (*iavl.ExportNode, error)) (int64, error) {
	zw, err := zlib.NewWriterLevel(w, zlib.BestSpeed)
	if err != nil {
		return 0, err
	}
	bw := bufio.NewWriterSize(zw, 64<<10)
	var n int64
	var hdr [1 + 1 + 3*binary.MaxVarintLen64]byte
	for {
		node, err := next()
		if errors.Is(err, iavl.ErrorExportDone) {
			break
		}
		if err != nil {
			return n, err
		}
		b := hdr[:0]
		b = append(b, tagNode, byte(node.Height))
		b = binary.AppendUvarint(b, uint64(node.Version))
		b = binary.AppendUvarint(b, uint64(len(node.Key)))
		if _, err := bw.Write(b); err != nil {
			return n, err
		}
		if _, err := bw.Write(node.Key); err != nil {
			return n, err
		}
		b = hdr[:0]
		if node.Value == nil {
			b = binary.AppendUvarint(b, 0)
		} else {
			b = binary.AppendUvarint(b, uint64(len(node.Value))+1)
		}
		if _, err := bw.Write(b); err != nil {
			return n, err
		}
		if _, err := bw.Write(node.Value); err != nil {
			return n, err
		}
		n++
	}
	end := binary.AppendUvarint([]byte{tagEnd}, uint64(n))
	if _, err := bw.Write(end); err != nil {
		return n, err
	}
	if err := bw.Flush(); err != nil {
		return n, err
	}
	return n, zw.Close()
}

// nodeDecoder reads a format-1 stream back into export nodes.
type nodeDecoder struct {
	r     *bufio.Reader
	count uint64
	done  bool
}

// newNodeDecoder starts decoding the compressed stream r.
func newNodeDecoder(r io.Reader) (*nodeDecoder, error) {
	zr, err := zlib.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrSnapshotInvalid, err)
	}
	return &nodeDecoder{r: bufio.NewReaderSize(zr, 64<<10)}, nil
}

// Next returns the next node, or io.EOF after the end record, whose node
// count it has checked, and after which the stream must end.
func (d *nodeDecoder) Next() (*iavl.ExportNode, error) {
	if d.done {
		return nil, io.EOF
	}
	bad := func(what string, err error) error {
		if err == nil || errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return fmt.Errorf("%w: node %d: %s: %v", ErrSnapshotInvalid, d.count, what, err)
	}
	tag, err := d.r.ReadByte()
	if err != nil {
		return nil, bad("tag", err)
	}
	switch tag {
	case tagEnd:
		n, err := binary.ReadUvarint(d.r)
		if err != nil {
			return nil, bad("end record", err)
		}
		if n != d.count {
			return nil, fmt.Errorf("%w: end record counts %d nodes, stream has %d", ErrSnapshotInvalid, n, d.count)
		}
		if _, err := d.r.ReadByte(); !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%w: data after the end record", ErrSnapshotInvalid)
		}
		d.done = true
		return nil, io.EOF
	case tagNode:
	default:
		return nil, fmt.Errorf("%w: node %d: unknown record tag %#x", ErrSnapshotInvalid, d.count, tag)
	}
	h, err := d.r.ReadByte()
	if err != nil {
		return nil, bad("height", err)
	}
	version, err := binary.ReadUvarint(d.r)
	if err != nil || version > 1<<62 {
		return nil, bad("version", err)
	}
	klen, err := binary.ReadUvarint(d.r)
	if err != nil || klen > maxSnapshotKey {
		return nil, bad("key length", err)
	}
	node := &iavl.ExportNode{Height: int8(h), Version: int64(version), Key: make([]byte, klen)}
	if _, err := io.ReadFull(d.r, node.Key); err != nil {
		return nil, bad("key", err)
	}
	vlen, err := binary.ReadUvarint(d.r)
	if err != nil || vlen > maxSnapshotValue+1 {
		return nil, bad("value length", err)
	}
	if vlen > 0 {
		node.Value = make([]byte, vlen-1)
		if _, err := io.ReadFull(d.r, node.Value); err != nil {
			return nil, bad("value", err)
		}
	}
	d.count++
	return node, nil
}

// chunkHashes splits snapshot metadata into its chunk hashes. It is the
// decoder of the metadata a peer sends in ListSnapshots.
func chunkHashes(metadata []byte, chunks uint32) ([][]byte, error) {
	if chunks == 0 || len(metadata) != int(chunks)*sha256.Size {
		return nil, fmt.Errorf("%w: metadata of %d bytes for %d chunks (want %d hashes of %d bytes)",
			ErrSnapshotInvalid, len(metadata), chunks, chunks, sha256.Size)
	}
	out := make([][]byte, chunks)
	for i := range out {
		out[i] = metadata[i*sha256.Size : (i+1)*sha256.Size]
	}
	return out, nil
}

// snapshotHash is a snapshot's ABCI hash: the SHA-256 of its metadata,
// which commits to every chunk.
func snapshotHash(metadata []byte) []byte {
	h := sha256.Sum256(metadata)
	return h[:]
}

// chunkWriter cuts a stream into chunks of at most size bytes and hands
// each finished chunk to emit.
type chunkWriter struct {
	size int
	buf  bytes.Buffer
	emit func([]byte) error
}

func (c *chunkWriter) Write(p []byte) (int, error) {
	written := 0
	for len(p) > 0 {
		room := c.size - c.buf.Len()
		take := min(room, len(p))
		c.buf.Write(p[:take])
		p = p[take:]
		written += take
		if c.buf.Len() == c.size {
			if err := c.flush(); err != nil {
				return written, err
			}
		}
	}
	return written, nil
}

func (c *chunkWriter) flush() error {
	if c.buf.Len() == 0 {
		return nil
	}
	chunk := append([]byte(nil), c.buf.Bytes()...)
	c.buf.Reset()
	return c.emit(chunk)
}
