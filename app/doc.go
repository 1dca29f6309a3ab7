// Package app is the Corridor ABCI application that CometBFT runs
// in-process.
//
// The lifecycle contract, method by method:
//
//   - Info reports the last committed height and app hash (the IAVL root),
//     so that after a crash CometBFT replays exactly the blocks the
//     application has not committed.
//   - InitChain writes the genesis app_state into the working tree.
//   - CheckTx decodes, verifies the signature, checks the signer (admitted,
//     active, right role), the sequence against pending state and the
//     per-account pending quota. It writes only to the check state, a
//     throw-away copy of committed state that Commit resets. It never runs
//     message handlers.
//   - PrepareProposal and ProcessProposal do not touch state.
//     ProcessProposal rejects a block holding a transaction that CheckTx
//     refuses on its bytes alone (too large, not a transaction, another
//     chain-id), which no honest proposer includes; it accepts the rest.
//   - FinalizeBlock repeats every CheckTx check against the block's state,
//     runs the messages of each transaction in a per-transaction cache that
//     is flushed only if all of them succeed, records misbehaviour evidence,
//     and returns the app hash of the staged state. A failing transaction
//     gets its code in its result; FinalizeBlock itself fails only on a
//     broken invariant or a database error, which halts the node.
//   - Commit persists the staged state as a new IAVL version.
//   - Query reads committed snapshots only.
//
// Logic lives in the modules under x/; this package only decodes,
// dispatches and maps errors to codes.
package app
