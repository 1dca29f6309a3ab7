// Package apptest drives a real Corridor application through the ABCI
// lifecycle in memory — InitChain, CheckTx, FinalizeBlock, Commit, Query —
// with the default jurisdictions and a keyed sample member per role, for
// module and lifecycle tests. It does not mock the application: it is the
// application, minus CometBFT's networking.
package apptest
