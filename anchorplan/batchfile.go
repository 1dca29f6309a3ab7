package anchorplan

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/corridor-trade/corridor/x/invoice"
)

// MaxBatchFile bounds a batch file DecodeBatch reads: a full batch of
// invoice.MaxBatch members with 14-hash paths is about 11 MB.
const MaxBatchFile = 32 << 20

// maxMembers bounds the members of a decoded batch (a document may be
// listed once per file it occurs in).
const maxMembers = 4 * invoice.MaxBatch

// EncodeBatch writes the batch file: indented JSON and a final newline.
func EncodeBatch(b *Batch) ([]byte, error) {
	out, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}

// legacyFile is what tx invoice anchor wrote before the batch format was
// versioned.
type legacyFile struct {
	Root      invoice.Hash `json:"root"`
	Count     uint64       `json:"count"`
	Profile   string       `json:"profile"`
	Documents []struct {
		File    string         `json:"file"`
		DocHash invoice.Hash   `json:"doc_hash"`
		Index   uint64         `json:"index"`
		Path    []invoice.Hash `json:"path"`
	} `json:"documents"`
}

// legacyReceipt is a dock ingest receipt of the first format, whose
// documents carried index and path, without the batch's count.
type legacyReceipt struct {
	File      string       `json:"file"`
	Profile   string       `json:"profile"`
	Root      invoice.Hash `json:"root"`
	Documents []struct {
		CanonicalHash invoice.Hash   `json:"canonical_hash"`
		Index         *uint64        `json:"index"`
		Path          []invoice.Hash `json:"path"`
	} `json:"documents"`
}

// DecodeBatch reads a batch file (format corridor-batch, version 1), a
// dock ingest receipt (its "batch"), or either's older format: the
// unversioned file tx invoice anchor wrote, and receipts whose documents
// carried index and path. It checks every member's path against the root.
func DecodeBatch(data []byte) (*Batch, error) {
	if len(data) > MaxBatchFile {
		return nil, fmt.Errorf("batch file: %d bytes exceeds %d", len(data), MaxBatchFile)
	}
	var probe struct {
		Format    *string           `json:"format"`
		Version   int               `json:"version"`
		Batch     json.RawMessage   `json:"batch"`
		Documents []json.RawMessage `json:"documents"`
		Status    string            `json:"status"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return nil, fmt.Errorf("batch file: %w", err)
	}
	var b *Batch
	switch {
	case len(probe.Batch) > 0 && !bytes.Equal(probe.Batch, []byte("null")):
		// A receipt of the current format: its batch. (A receipt's own
		// "format" is the document's, e.g. "ubl".)
		return DecodeBatch(probe.Batch)
	case probe.Format != nil && probe.Status == "":
		if *probe.Format != BatchFormat || probe.Version != BatchVersion {
			return nil, fmt.Errorf("batch file: format %q version %d: want %s version %d", *probe.Format, probe.Version, BatchFormat, BatchVersion)
		}
		b = new(Batch)
		if err := strict(data, b); err != nil {
			return nil, err
		}
	case probe.Status != "":
		var r legacyReceipt
		if err := json.Unmarshal(data, &r); err != nil {
			return nil, fmt.Errorf("receipt: %w", err)
		}
		if r.Root.IsZero() {
			return nil, fmt.Errorf("receipt of %s: the file was not anchored in a batch", r.File)
		}
		b = &Batch{Format: BatchFormat, Version: BatchVersion, Root: r.Root, Profile: r.Profile, Members: []Member{}}
		for _, d := range r.Documents {
			if d.Index == nil {
				continue
			}
			b.Members = append(b.Members, Member{DocHash: d.CanonicalHash, File: r.File, Index: *d.Index, Path: nonNil(d.Path)})
		}
	case probe.Documents != nil:
		var l legacyFile
		if err := json.Unmarshal(data, &l); err != nil {
			return nil, fmt.Errorf("batch file: %w", err)
		}
		b = &Batch{Format: BatchFormat, Version: BatchVersion, Root: l.Root, Count: l.Count, Profile: l.Profile, Members: []Member{}}
		for _, d := range l.Documents {
			b.Members = append(b.Members, Member{DocHash: d.DocHash, File: d.File, Index: d.Index, Path: nonNil(d.Path)})
		}
	default:
		return nil, fmt.Errorf("batch file: neither a %s file, a receipt, nor an older batch file", BatchFormat)
	}
	if len(b.Members) > maxMembers {
		return nil, fmt.Errorf("batch file: %d members exceeds %d", len(b.Members), maxMembers)
	}
	for i := range b.Members {
		if len(b.Members[i].Path) > invoice.MaxPath {
			return nil, fmt.Errorf("batch file: member %d has a path of %d hashes (at most %d)", i, len(b.Members[i].Path), invoice.MaxPath)
		}
		b.Members[i].Path = nonNil(b.Members[i].Path)
	}
	if err := b.Check(); err != nil {
		return nil, err
	}
	return b, nil
}

// strict decodes JSON refusing unknown fields and trailing data.
func strict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("batch file: %w", err)
	}
	if dec.More() {
		return fmt.Errorf("batch file: data after the JSON value")
	}
	return nil
}

func nonNil(p []invoice.Hash) []invoice.Hash {
	if p == nil {
		return []invoice.Hash{}
	}
	return p
}
