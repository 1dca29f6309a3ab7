package membership

import (
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/kit"
)

// The roles a member can hold.
const (
	RoleTrader   = "trader"
	RoleBank     = "bank"
	RoleCustoms  = "customs"
	RoleAttester = "attester"
	RoleOperator = "operator"
)

// Roles lists every role in its canonical order.
var Roles = []string{RoleAttester, RoleBank, RoleCustoms, RoleOperator, RoleTrader}

// Member statuses.
const (
	StatusActive    = "active"
	StatusSuspended = "suspended"
)

// Member is an admitted participant. Label is a public handle chosen by the
// operator (e.g. "sg-bank-1"); it must not be personal data (docs/privacy.md).
type Member struct {
	Address      secp.Address   `wire:"1" json:"address"`
	PubKey       secp.PubKey    `wire:"2" json:"pubkey"`
	Jurisdiction string         `wire:"3" json:"jurisdiction"`
	Roles        []string       `wire:"4" json:"roles"`
	Status       string         `wire:"5" json:"status"`
	Label        string         `wire:"6" json:"label,omitempty"`
	AdmittedBy   secp.Address   `wire:"7" json:"admitted_by"`
	History      []StatusChange `wire:"8" json:"history"`
}

// StatusChange is one entry of a member's history.
type StatusChange struct {
	At     kit.Stamp    `wire:"1" json:"at"`
	Event  string       `wire:"2" json:"event"` // admitted, suspended, reinstated, key-rotated
	By     secp.Address `wire:"3" json:"by"`
	Reason string       `wire:"4" json:"reason,omitempty"`
}

// HasRole reports whether the member holds role.
func (m *Member) HasRole(role string) bool {
	for _, r := range m.Roles {
		if r == role {
			return true
		}
	}
	return false
}

// Jurisdiction is a partner jurisdiction, e.g. CN-SH (Shanghai).
type Jurisdiction struct {
	Code string `wire:"1" json:"code"`
	Name string `wire:"2" json:"name"`
}

// Validator links a CometBFT validator to its jurisdiction and operator.
type Validator struct {
	ConsAddress  kit.HexBytes `wire:"1" json:"address"` // CometBFT address (20 bytes)
	Name         string       `wire:"2" json:"name"`
	Jurisdiction string       `wire:"3" json:"jurisdiction"`
	PubKey       []byte       `wire:"4" json:"pub_key"` // ed25519 consensus key
	Power        int64        `wire:"5" json:"power"`
}

// Misbehaviour is evidence CometBFT committed against a validator.
type Misbehaviour struct {
	ConsAddress kit.HexBytes `wire:"1" json:"validator"`
	Kind        string       `wire:"2" json:"kind"` // duplicate-vote, light-client-attack
	Height      int64        `wire:"3" json:"height"`
	Recorded    kit.Stamp    `wire:"4" json:"recorded"`
	Power       int64        `wire:"5" json:"power"`
}

// Params bound resource use; they are set in genesis.
type Params struct {
	MaxTxBytes   uint64 `wire:"1" json:"max_tx_bytes"`
	MaxMsgs      uint64 `wire:"2" json:"max_msgs"`
	PendingQuota uint64 `wire:"3" json:"pending_quota"`
}

// DefaultParams returns the parameters used when genesis sets none.
func DefaultParams() Params {
	return Params{MaxTxBytes: 1 << 20, MaxMsgs: 64, PendingQuota: 256}
}
