// Package title keeps transferable records: electronic bills of lading,
// bills of exchange, promissory notes and warehouse receipts, whose holder
// can claim the goods or the money, so that there is exactly one holder at
// every height and every change of hands is on record.
//
// An issuer (the carrier of an eBL, the drawer of a bill of exchange)
// creates a Record from a document hash (MsgIssue), or imports one that
// left a TradeTrust token registry on an EVM chain (MsgImport). The steps
// are named as TradeTrust and DCSA name them: transfer holdership
// (MsgTransfer), nominate a new owner (MsgNominate) and endorse it
// (MsgEndorse), reject the last transfer (MsgReject), surrender to the
// issuer (MsgSurrender), accept or reject the surrender
// (MsgAcceptSurrender, MsgRejectSurrender) and exit to paper
// (MsgExitToPaper). Which step may happen in which state is one table
// (Table, Can); each step appends a HistoryEntry with its block height and
// time.
//
// Whether an electronic transferable record has legal effect in a
// jurisdiction, under which law and since when, is a governed setting
// (LegalEffect, changed by the gov proposal kind legal-effect-set); Legs
// says, for each jurisdiction of a route, whether the record has legal
// effect there or a paper fallback is needed.
//
// A record moves to a counterparty chain and back through the docking
// module's light clients (crosschain.go): MsgSendAway locks it here,
// MsgReceive creates its mirror there from a proof of the lock, MsgSendHome
// returns the mirror and MsgUnlock unlocks the record here from a proof of
// the return; it is live on one chain at a time. A send-away with a timeout
// height that the counterparty passes without receiving the lock is undone
// by MsgCancelAway, from a proof that the counterparty holds no receipt of
// the lock above that height.
//
// Only hashes, member addresses and the registry reference are on the
// ledger, never the document (docs/transferable.md, docs/privacy.md).
package title
