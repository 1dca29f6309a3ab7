package app

import "github.com/corridor-trade/corridor/x/kit"

// Test hooks for the external tests of this package.

// SetSigWorkers sets the parallelism of FinalizeBlock's signature
// pre-pass; 1 turns the pre-pass off.
func SetSigWorkers(a *App, n int) { a.sigWorkers = n }

// SigVerifications returns how many signatures a has verified so far.
func SigVerifications(a *App) uint64 { return a.sigVerified.Load() }

// AddRoute routes one more message type, for tests of how the application
// treats misbehaving handlers.
func AddRoute(a *App, r kit.Route) { a.reg.Routes[r.Type] = r }

// SetFastRecheck turns the recheck fast path (app/recheck.go) on or off.
func SetFastRecheck(a *App, on bool) { a.noFastRecheck = !on }

// FastRechecks returns how many rechecks took the fast path.
func FastRechecks(a *App) uint64 { return a.fastRechecks.Load() }

// SetCheckMemo turns the check memo (app/checkmemo.go) on or off; it
// takes effect at once, for the current check state.
func SetCheckMemo(a *App, on bool) {
	a.checkMu.Lock()
	defer a.checkMu.Unlock()
	a.noCheckMemo = !on
	a.memo = nil
	if on && !a.checkOnWorking.Load() {
		a.memo = newCheckMemo()
	}
}

// CheckMemoSize returns how many signers and committed sequences the
// check memo holds (0, 0 when there is none).
func CheckMemoSize(a *App) (signers, sequences int) {
	a.checkMu.Lock()
	defer a.checkMu.Unlock()
	if a.memo == nil {
		return 0, 0
	}
	return len(a.memo.signers), len(a.memo.committed)
}
