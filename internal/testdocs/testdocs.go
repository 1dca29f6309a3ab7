package testdocs

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Env names the environment variable that overrides the samples directory.
const Env = "CORRIDOR_TESTDATA"

// Find returns the samples directory, or "" when it cannot be found.
// CORRIDOR_TESTDATA names the shared testdata directory (the one holding
// documents/ and wycheproof/, as .ci/run sets it); the documents directory
// itself is accepted too.
func Find() string {
	if d := os.Getenv(Env); d != "" {
		for _, c := range []string{filepath.Join(d, "documents"), d} {
			if isDir(filepath.Join(c, "ubl")) {
				return c
			}
		}
		return ""
	}
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return ""
	}
	// file is <repo>/internal/testdocs/testdocs.go; the samples are in
	// <repo>/../shared/testdata/documents.
	repo := filepath.Dir(filepath.Dir(filepath.Dir(file)))
	c := filepath.Join(filepath.Dir(repo), "shared", "testdata", "documents")
	if isDir(filepath.Join(c, "ubl")) {
		return c
	}
	return ""
}

// Dir returns the samples directory or skips the test, saying where it
// looked and how to point at the samples.
func Dir(t testing.TB) string {
	t.Helper()
	d := Find()
	if d == "" {
		t.Skipf("shared sample documents not found: set %s to the shared testdata directory, the one holding documents/ and wycheproof/ (expected ../shared/testdata beside the repository)", Env)
	}
	return d
}

// Path returns the path of a sample, e.g. Path(t, "ubl/peppol-bis3-base-example.xml"),
// skipping the test when the samples or that file are absent.
func Path(t testing.TB, rel string) string {
	t.Helper()
	p := filepath.Join(Dir(t), filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		t.Skipf("sample %s not found in %s: %v", rel, Dir(t), err)
	}
	return p
}

// Read returns the bytes of a sample, skipping the test when it is absent.
func Read(t testing.TB, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(Path(t, rel))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}
