// Package gov is partnership governance: how the jurisdictions change
// their network together, and no jurisdiction alone (docs/governance.md).
//
// Each jurisdiction decides through its operators, m of its n active
// operators (its threshold, in genesis and changeable by that jurisdiction
// alone). Between jurisdictions, each proposal kind belongs to a class:
// "all" (every jurisdiction), "others" (two thirds of the jurisdictions,
// the one concerned not counted) or "own" (the jurisdiction concerned
// alone). Proposals live in block time: a voting deadline, a minimum delay
// before execution and an execution window. Every proposal stays on record
// with its votes whatever its end.
//
// A change executes at the end of the block in which it passed (or the
// first block after its minimum delay), on a cache that is written only if
// the network's invariants still hold afterwards: every jurisdiction keeps
// an operator (and, once seated, a validator), no jurisdiction holds two
// thirds or more of the voting power, power stays within its bounds, and at
// most one upgrade is scheduled. Validator and consensus-parameter changes
// reach CometBFT through the module's end-of-block hook.
package gov
