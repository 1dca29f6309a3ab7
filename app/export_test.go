package app

// Test hooks for the external tests of this package.

// SetSigWorkers sets the parallelism of FinalizeBlock's signature
// pre-pass; 1 turns the pre-pass off.
func SetSigWorkers(a *App, n int) { a.sigWorkers = n }

// SigVerifications returns how many signatures a has verified so far.
func SigVerifications(a *App) uint64 { return a.sigVerified.Load() }
