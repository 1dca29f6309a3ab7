package readlimit

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// ErrTooLarge is matched (errors.Is) by every *TooLargeError.
var ErrTooLarge = errors.New("input over its size limit")

// TooLargeError says that name holds more than Limit bytes.
type TooLargeError struct {
	Name  string // the file's path, or what the stream is
	Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s: larger than %d bytes, the limit", e.Name, e.Limit)
}

// Is makes errors.Is(err, ErrTooLarge) true.
func (e *TooLargeError) Is(target error) bool { return target == ErrTooLarge }

// ReadFile reads the file at path, or returns a *TooLargeError once it has
// read more than limit bytes.
func ReadFile(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadAll(f, path, limit)
}

// ReadAll reads r to its end, or returns a *TooLargeError named name once
// it has read more than limit bytes.
func ReadAll(r io.Reader, name string, limit int64) ([]byte, error) {
	if limit < 0 {
		limit = 0
	}
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		clear(b)
		return nil, &TooLargeError{Name: name, Limit: limit}
	}
	return b, nil
}

// Limits of the files read whole. Trade documents use
// formats.MaxDocumentSize (8 MiB); docs/operations.md lists them all.
const (
	// MaxKeyFile bounds a key file or an armored export: they are well
	// under 2 KiB.
	MaxKeyFile = 64 << 10
	// MaxCertificate bounds a certificate file (docs/certificate.md): its
	// records, proofs and signed headers, with ample room.
	MaxCertificate = 16 << 20
	// MaxGenesis bounds genesis.json.
	MaxGenesis = 64 << 20
)

// MaxJSONFile bounds a JSON file the CLI wrote for later commands (batch
// proofs, receipts): a proof per document of a batch of tens of thousands.
const MaxJSONFile = 64 << 20
