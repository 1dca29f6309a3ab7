package readlimit

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestReadFileLimits(t *testing.T) {
	dir := t.TempDir()
	at := filepath.Join(dir, "at")
	over := filepath.Join(dir, "over")
	os.WriteFile(at, []byte(strings.Repeat("a", 100)), 0o600)
	os.WriteFile(over, []byte(strings.Repeat("a", 101)), 0o600)
	if b, err := ReadFile(at, 100); err != nil || len(b) != 100 {
		t.Fatalf("at the limit: %d bytes, %v", len(b), err)
	}
	_, err := ReadFile(over, 100)
	var tl *TooLargeError
	if !errors.Is(err, ErrTooLarge) || !errors.As(err, &tl) || tl.Limit != 100 || tl.Name != over {
		t.Fatalf("over the limit: %v", err)
	}
	if _, err := ReadFile(filepath.Join(dir, "missing"), 100); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("missing file: %v", err)
	}
}

// TestReadFileEndlessSources reads files whose size Stat reports as 0 but
// that yield far more than the limit: a /proc file (a regular file to
// Stat, tens of KiB when read) and /dev/zero (endless). Both are refused
// after limit+1 bytes, without allocating more.
func TestReadFileEndlessSources(t *testing.T) {
	for p, limit := range map[string]int64{"/proc/self/smaps": 1 << 10, "/dev/zero": 1 << 20} {
		st, err := os.Stat(p)
		if err != nil {
			t.Logf("%s: %v (skipped)", p, err)
			continue
		}
		if st.Size() != 0 {
			t.Fatalf("%s: Stat size %d; the test needs a source Stat calls empty", p, st.Size())
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err = ReadFile(p, limit)
		runtime.ReadMemStats(&after)
		if !errors.Is(err, ErrTooLarge) {
			t.Fatalf("%s: %v", p, err)
		}
		if grew := after.TotalAlloc - before.TotalAlloc; grew > 8<<20 {
			t.Fatalf("%s: reading allocated %d bytes for a %d-byte limit", p, grew, limit)
		}
	}
}

func TestReadAllStream(t *testing.T) {
	if b, err := ReadAll(strings.NewReader("abc"), "stdin", 3); err != nil || string(b) != "abc" {
		t.Fatalf("%q %v", b, err)
	}
	if _, err := ReadAll(strings.NewReader("abcd"), "stdin", 3); !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "stdin") {
		t.Fatalf("over: %v", err)
	}
}
