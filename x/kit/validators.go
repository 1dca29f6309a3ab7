package kit

import "github.com/corridor-trade/corridor/x/kit/store"

// ValidatorRecords is what the application reads of the validator records
// outside the transaction checks: the jurisdiction gauges of its metrics,
// and the validators of a state export and import. It is part of Accounts,
// so that the ABCI adapter sees membership through that one view.
type ValidatorRecords interface {
	// Validators returns every validator record in kv, in address order.
	Validators(kv store.KV) []ValidatorRecord
	// Jurisdictions returns the code of every jurisdiction in kv, in code
	// order.
	Jurisdictions(kv store.KV) []string
}

// ValidatorRecord is a validator as the application sees it: its CometBFT
// address and key, its power, and the jurisdiction it votes for.
type ValidatorRecord struct {
	ConsAddress  []byte // CometBFT address (20 bytes)
	Name         string
	Jurisdiction string
	PubKey       []byte // ed25519 consensus key (32 bytes)
	Power        int64
}
