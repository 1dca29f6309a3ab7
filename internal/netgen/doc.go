// Package netgen writes node homes and a shared genesis for a Corridor
// network: one home for a single-validator devnet (`make run`), or one per
// validator for a multi-city testnet (`corridord testnet init-files`) and
// for the in-process network tests.
package netgen
