package formats

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

// The -update flag rewrites the golden files under testdata/golden. It is
// registered only if another test file of the package has not already done
// so, since flag names are global.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files in testdata/golden")
	}
}

// updateGoldens reports whether the -update flag is set.
func updateGoldens() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// testdataRoot returns the shared sample directory: $CORRIDOR_TESTDATA, or
// ../../shared/testdata relative to this package's directory. It
// skips the test when the directory is absent. Samples are read in place
// and never copied into the repository.
func testdataRoot(tb testing.TB) string {
	tb.Helper()
	dir := os.Getenv("CORRIDOR_TESTDATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "testdata")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		tb.Skipf("cannot resolve sample directory %q: %v", dir, err)
	}
	if st, err := os.Stat(abs); err != nil || !st.IsDir() {
		tb.Skipf("shared sample documents not found at %s; set CORRIDOR_TESTDATA to the shared testdata directory to run this test", abs)
	}
	// Accept the documents directory itself too, as internal/testdocs does.
	if st, err := os.Stat(filepath.Join(abs, "ubl")); err == nil && st.IsDir() {
		return filepath.Dir(abs)
	}
	return abs
}
