// Package kittest runs module message handlers against an in-memory state
// the way the application does (signer checks, then the handler), for the
// table tests of modules under x/. It is imported by tests only.
package kittest
