// Package docking connects Corridor to other ledgers: it keeps a registry
// of counterparty chains, verifies what they say with a light client or a
// notary quorum, and records the documents they anchored as foreign
// anchors that recognition accepts like local ones.
//
// An operator registers a counterparty by chain-id with one of two client
// types:
//
//   - cometbft: an on-chain light client in the manner of IBC. Registration
//     stores a trusted signed header and its validator set, with a trusting
//     period and a maximum clock drift; trust level is fixed at 1/3. Anyone
//     (typically a relayer) may then submit newer signed headers, which are
//     verified with CometBFT's light.VerifyAdjacent and
//     light.VerifyNonAdjacent (restated in x/kit/lightverify, which links no
//     networking) against the block time, never the wall clock.
//     Two different valid headers for one height, or a header whose time is
//     out of order with its stored neighbours, freeze the client, whether
//     they arrive as an update or as MsgSubmitMisbehaviour.
//   - notary: for ledgers without a light client (Fabric, FISCO BCOS,
//     Ethereum document stores), a k-of-n set of registered secp256k1
//     notary keys signs statements about the ledger. Every record docked
//     this way is marked as resting on the notaries' word, which is weaker
//     than a light client.
//
// Inbound docking (MsgDock) presents a record of a counterparty at a
// height: for a cometbft client an ICS-23 existence proof of the
// counterparty's invoice anchor against the app hash of a header the
// client holds, for a notary client the notaries' signatures. On success
// the module stores a ForeignAnchor (chain, height, key, value hash,
// document hash, provenance). Facts serves it to recognition, which
// attributes it to the operator who registered the client.
//
// VerifyValue is the general check behind a proved dock: key K holds value
// V in counterparty C's state committed by its header H, as this chain's
// client holds H. Other modules use it for their own keys (x/title verifies
// a transferable record's lock and return with it). VerifyAbsence is its
// counterpart for a key that holds nothing there (an ICS-23 non-existence
// proof): x/title cancels a send-away with it when the counterparty proves
// it never received the lock by its timeout.
//
// One chain-id has one client. An operator of the jurisdiction holding it
// may replace a frozen or expired client (or a notary client, to rotate
// keys); the client's epoch grows and anchors docked in a frozen epoch stay
// unrecognised.
//
// Handlers use only the block time, iterate only over ordered store keys
// and start no goroutines. docs/cross-chain.md describes the trust model,
// the messages, the relayer and how this differs from IBC.
package docking
