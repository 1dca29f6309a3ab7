package kit

import (
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/kit/store"
)

// Accounts is what the application reads and writes of the module that
// keeps the members (x/membership), and nothing more: for the transaction
// checks the limits on a transaction, the signer behind a public key and
// account sequences; for metrics and state export the validator records
// (ValidatorRecords). The ABCI adapter sees membership only through it.
type Accounts interface {
	ValidatorRecords
	// Limits returns the transaction limits recorded in kv.
	Limits(kv store.KV) TxLimits
	// SignerOf returns the account that signs with pk, if any.
	SignerOf(kv store.KV, pk secp.PubKey) (Signer, bool)
	// Sequence returns the next sequence expected from addr.
	Sequence(kv store.KV, addr secp.Address) uint64
	// SetSequence records the next sequence expected from addr.
	SetSequence(kv store.KV, addr secp.Address, seq uint64)
}

// TxLimits bound what one transaction and one account may use.
type TxLimits struct {
	MaxTxBytes   uint64 // encoded transaction size
	MaxMsgs      uint64 // messages per transaction
	PendingQuota uint64 // transactions one account may have in the mempool
}

// Signer is the account behind a transaction's key, as the transaction
// checks see it.
type Signer struct {
	Address      secp.Address
	Jurisdiction string
	Status       string // e.g. active, suspended
	Active       bool   // whether the account may sign
	Roles        []string
}

// HasRole reports whether the signer holds role.
func (s *Signer) HasRole(role string) bool {
	for _, r := range s.Roles {
		if r == role {
			return true
		}
	}
	return false
}
