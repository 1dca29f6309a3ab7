// Package payment records payment proofs against anchored invoices.
//
// A member with role bank records that it paid (or received) an amount
// against one or more invoices, identified by their document hashes: one
// amount per invoice, all in one currency, with the value date, the ISO
// 20022 UETR of the credit transfer and the SHA-256 of the pacs.008 or
// camt.054 message. The payment message itself never reaches the ledger.
//
// Each allocated invoice's paid sum and status change in the same
// transaction (invoice.ApplyPayment); a payment that would over-pay an
// invoice, is in another currency, or targets an unknown, cancelled or
// fully paid invoice is refused as a whole. A bank may record a UETR only
// once; different banks may record the same UETR (both ends of a
// transfer), and a lookup by UETR returns them all. docs/payment.md
// describes the state, messages, events and codes.
package payment
