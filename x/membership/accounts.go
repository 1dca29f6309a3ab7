package membership

import (
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/store"
)

// Accounts is the membership module's kit.Accounts: what the
// application's transaction checks read and write of members (signers,
// their status and roles, sequences and the parameters), and the validator
// records its metrics and state export read.
type Accounts struct{}

var _ kit.Accounts = Accounts{}

// Limits returns the transaction limits of the membership parameters.
func (Accounts) Limits(kv store.KV) kit.TxLimits {
	p := GetParams(kv)
	return kit.TxLimits{MaxTxBytes: p.MaxTxBytes, MaxMsgs: p.MaxMsgs, PendingQuota: p.PendingQuota}
}

// SignerOf returns the member that signs with pk.
func (Accounts) SignerOf(kv store.KV, pk secp.PubKey) (kit.Signer, bool) {
	m, ok := MemberByPubKey(kv, pk)
	if !ok {
		return kit.Signer{}, false
	}
	return kit.Signer{Address: m.Address, Jurisdiction: m.Jurisdiction, Status: m.Status,
		Active: m.Status == StatusActive, Roles: m.Roles}, true
}

// Sequence returns the next sequence expected from addr.
func (Accounts) Sequence(kv store.KV, addr secp.Address) uint64 { return Sequence(kv, addr) }

// SetSequence records the next sequence expected from addr.
func (Accounts) SetSequence(kv store.KV, addr secp.Address, seq uint64) {
	SetSequence(kv, addr, seq)
}

// Validators returns every validator record, in address order.
func (Accounts) Validators(kv store.KV) []kit.ValidatorRecord {
	vals := Validators(kv)
	out := make([]kit.ValidatorRecord, 0, len(vals))
	for _, v := range vals {
		out = append(out, kit.ValidatorRecord{ConsAddress: v.ConsAddress, Name: v.Name, Jurisdiction: v.Jurisdiction,
			PubKey: v.PubKey, Power: v.Power})
	}
	return out
}

// Jurisdictions returns the code of every jurisdiction, in code order.
func (Accounts) Jurisdictions(kv store.KV) []string {
	js := Jurisdictions(kv)
	out := make([]string, 0, len(js))
	for _, j := range js {
		out = append(out, j.Code)
	}
	return out
}
