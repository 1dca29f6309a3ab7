// Package invoice anchors e-invoices on the ledger for double-financing
// protection and cross-border recognition.
//
// A member with role trader anchors an invoice by its document hash (the
// SHA-256 of the document's canonical form under a declared profile), an
// invoice-number fingerprint computed client-side, a buyer reference, the
// issue date, the currency and the total due. The invoice itself, its
// number and the parties' names never reach the ledger. The same document
// hash, or the same issuer and fingerprint, cannot be anchored twice.
//
// An anchored invoice moves from issued to partially-paid to paid as banks
// record payments (package payment calls ApplyPayment in the same
// transaction), or to cancelled when its issuer cancels it before any
// payment. Every change is kept in the invoice's status history.
//
// A batch anchor records only the Merkle root of up to 10,000 document
// hashes (merkle.go specifies the tree); a member is later proved with its
// inclusion path and may be revoked on its own. docs/invoice.md describes
// the state, the messages, the events and the fingerprint design.
package invoice
