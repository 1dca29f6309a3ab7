package title

import (
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/kit"
)

// Name is the module's name and its key in genesis app_state.
const Name = "title"

// Hash is a 32-byte digest or id (kit.Hash).
type Hash = kit.Hash

// The kinds of transferable record.
const (
	KindEBL              = "ebl"               // electronic bill of lading (issuer: the carrier)
	KindBillOfExchange   = "bill-of-exchange"  // issuer: the drawer
	KindPromissoryNote   = "promissory-note"   // issuer: the maker
	KindWarehouseReceipt = "warehouse-receipt" // issuer: the warehouse keeper
)

// Kinds lists every kind, sorted.
var Kinds = []string{KindBillOfExchange, KindEBL, KindPromissoryNote, KindWarehouseReceipt}

// KnownKind reports whether k is one of Kinds.
func KnownKind(k string) bool {
	for _, x := range Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// TokenRef is where an imported record lived before: a TradeTrust token
// registry (an ERC-721 contract) on an EVM chain, and the token id in it,
// as the OpenAttestation document names them.
type TokenRef struct {
	ChainID  uint64 `wire:"1" json:"chain_id"`          // EIP-155 chain id, e.g. 1, 137, 11155111
	Registry string `wire:"2" json:"registry"`          // 0x + 40 lower-case hex digits
	TokenID  Hash   `wire:"3" json:"token_id"`          // the token id (the document's merkle root)
	Network  string `wire:"4" json:"network,omitempty"` // the document's own network name, if it gives one
}

// Import is an imported record's origin: the token-registry reference and
// the document's merkle root (OpenAttestation signature.merkleRoot).
type Import struct {
	Token      TokenRef `wire:"1" json:"token"`
	MerkleRoot Hash     `wire:"2" json:"merkle_root"`
}

// Record is a transferable record. Exactly one Holder at every height; one
// State at a time (states.go). Prev is what the last step changed, while it
// may still be rejected (state transferred) or restored (state
// surrendered); it is empty otherwise.
type Record struct {
	ID        Hash           `wire:"1" json:"id"`
	Kind      string         `wire:"2" json:"kind"`
	DocHash   Hash           `wire:"3" json:"doc_hash"`
	FieldRoot Hash           `wire:"4" json:"field_root"` // zero when the document has no field commitments
	Issuer    secp.Address   `wire:"5" json:"issuer"`
	Owner     secp.Address   `wire:"6" json:"owner"`
	Holder    secp.Address   `wire:"7" json:"holder"`
	State     string         `wire:"8" json:"state"`
	Nominee   secp.Address   `wire:"9" json:"nominee"` // zero unless state is nominated
	Prev      Prev           `wire:"10" json:"prev"`
	Import    *Import        `wire:"11" json:"import,omitempty"`
	Reference string         `wire:"12" json:"reference,omitempty"` // e.g. the B/L number's public reference; never personal data
	Issued    kit.Stamp      `wire:"13" json:"issued"`
	History   []HistoryEntry `wire:"14" json:"history"`
}

// Prev is the holder and owner before the last reversible step.
type Prev struct {
	Holder secp.Address `wire:"1" json:"holder"`
	Owner  secp.Address `wire:"2" json:"owner"`
}

// HistoryEntry is one step of a record: which, by whom, holdership and
// ownership before and after, and when.
type HistoryEntry struct {
	Step       string       `wire:"1" json:"step"`
	By         secp.Address `wire:"2" json:"by"`
	FromHolder secp.Address `wire:"3" json:"from_holder"`
	ToHolder   secp.Address `wire:"4" json:"to_holder"`
	FromOwner  secp.Address `wire:"5" json:"from_owner"`
	ToOwner    secp.Address `wire:"6" json:"to_owner"`
	State      string       `wire:"7" json:"state"` // the state after the step
	At         kit.Stamp    `wire:"8" json:"at"`
	Reason     string       `wire:"9" json:"reason,omitempty"`
}
