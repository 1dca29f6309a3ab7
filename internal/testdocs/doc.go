// Package testdocs locates the shared public sample documents
// (../shared/testdata/documents beside the repository, or the directory
// named by CORRIDOR_TESTDATA) for tests. The samples are never copied into
// the repository; tests that need them skip with a clear message when they
// are absent.
package testdocs
