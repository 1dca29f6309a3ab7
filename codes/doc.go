// Package codes is the one hand-written table of Corridor's transaction and
// query error codes.
//
// Every failure a client can see is a (codespace, code) pair from this
// table, returned in CheckTx, in the transaction result of FinalizeBlock and
// in query responses. Codes are stable: a code is never renumbered or
// reused, because clients (and customs systems) act on them. Numbers are
// unique across codespaces so that the number alone identifies the error;
// the codespace groups them by module. docs/errors.md lists them all and a
// test keeps it in step with this table.
package codes
