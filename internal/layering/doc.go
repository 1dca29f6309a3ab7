// Package layering holds only a test: it reads the import graph of every
// Corridor package (go list -deps -json) and checks the layers that
// docs/architecture.md describes — trade-document formats apart from the
// ledger, on-chain modules below every tool, the offline verifier free of
// the node — so that a stray import fails the build's tests instead of
// slowly eroding the layout.
package layering
