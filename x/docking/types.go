package docking

import (
	"encoding/hex"
	"encoding/json"
	"regexp"
	"time"

	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/kit"
)

// Client types.
const (
	// TypeCometBFT is an on-chain light client of a CometBFT chain whose app
	// hash is a single IAVL root (a Corridor chain).
	TypeCometBFT = "cometbft"
	// TypeNotary is a k-of-n quorum of registered notary keys vouching for
	// a ledger that has no light client.
	TypeNotary = "notary"
)

// Provenance strings shown in verdicts, one per client type.
const (
	ProvenanceCometBFT = "cometbft light client: header verified against the counterparty's validators, record proved by ICS-23 against its app hash"
	ProvenanceNotary   = "notary quorum (WEAKER than a light client): the record rests on the word of the registered notaries, not on the ledger's consensus"
)

// TrustLevel is the share of a trusted validator set's power that must sign
// a header verified by skipping: 1/3, CometBFT's default and the lowest
// safe value.
const (
	TrustNumerator   = 1
	TrustDenominator = 3
)

// Limits on registration parameters.
const (
	MaxTrustingPeriod = 365 * 24 * time.Hour
	MaxClockDrift     = 10 * time.Minute
	MaxNotaries       = 32
	MaxHeaderBytes    = 1 << 20 // a signed header or validator set, encoded
	MaxProofBytes     = 64 << 10
	MaxValueBytes     = 64 << 10
	MaxKeyBytes       = 512
	MaxDescription    = 140
)

var chainIDPattern = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9._-]{0,49}$`)

// ValidChainID reports whether s can name a counterparty: 1 to 50 letters,
// digits, '.', '_' or '-', starting with a letter or digit (no '/').
func ValidChainID(s string) bool { return chainIDPattern.MatchString(s) }

// Client is a registered counterparty chain. Jurisdiction and RegisteredBy
// are the registering operator's: recognition attributes the
// counterparty's documents to that operator.
type Client struct {
	ChainID      string       `wire:"1"`
	Type         string       `wire:"2"`
	Jurisdiction string       `wire:"3"`
	RegisteredBy secp.Address `wire:"4"`
	Registered   kit.Stamp    `wire:"5"`
	Description  string       `wire:"6"`

	// cometbft
	TrustingPeriod int64 `wire:"7"` // nanoseconds
	MaxClockDrift  int64 `wire:"8"` // nanoseconds
	LatestHeight   int64 `wire:"9"`

	// notary
	Notaries  []secp.PubKey `wire:"10"`
	Threshold uint32        `wire:"11"`

	// Frozen is set when misbehaviour (conflicting headers) was shown.
	Frozen *Freeze `wire:"12"`

	// Epoch counts registrations of this chain-id: 1 at the first, one more
	// each time an operator replaces a frozen or expired client. Retired
	// lists the earlier epochs and how they ended.
	Epoch   uint64       `wire:"13"`
	Retired []Retirement `wire:"14"`
}

// Retirement records how an earlier epoch of a client ended.
type Retirement struct {
	Epoch  uint64       `wire:"1"`
	At     kit.Stamp    `wire:"2"`
	By     secp.Address `wire:"3"`
	Frozen bool         `wire:"4"` // the epoch ended frozen: its anchors are not recognised
	Reason string       `wire:"5"`
}

// FrozenEpoch reports whether records docked in epoch e rest on a client
// that was frozen.
func (c *Client) FrozenEpoch(e uint64) bool {
	if e == c.Epoch {
		return c.Frozen != nil
	}
	for _, r := range c.Retired {
		if r.Epoch == e {
			return r.Frozen
		}
	}
	return false
}

// Freeze records why and when a client was frozen.
type Freeze struct {
	At        kit.Stamp `wire:"1"`
	Height    int64     `wire:"2"` // the counterparty height of the conflict
	Stored    []byte    `wire:"3"` // hash of the header the client held
	Presented []byte    `wire:"4"` // hash of the conflicting header
	Reason    string    `wire:"5"`
}

// Trusting returns the trusting period.
func (c *Client) Trusting() time.Duration { return time.Duration(c.TrustingPeriod) }

// Drift returns the maximum clock drift.
func (c *Client) Drift() time.Duration { return time.Duration(c.MaxClockDrift) }

// Provenance returns the provenance string of records docked through c.
func (c *Client) Provenance() string {
	if c.Type == TypeNotary {
		return ProvenanceNotary
	}
	return ProvenanceCometBFT
}

// Client statuses as shown by queries.
const (
	StatusActive  = "active"
	StatusExpired = "expired"
	StatusFrozen  = "frozen"
)

// Consensus is what a cometbft client keeps of one verified counterparty
// header: the header's hash, time and app hash (the root ICS-23 proofs are
// checked against: Corridor's header H commits to the state after block
// H-1), and the encoded signed header and validator set from which later
// headers are verified.
type Consensus struct {
	Height       int64     `wire:"1"`
	Time         int64     `wire:"2"` // header time, Unix nanoseconds
	HeaderHash   []byte    `wire:"3"`
	AppHash      []byte    `wire:"4"`
	SignedHeader []byte    `wire:"5"` // cmtproto.SignedHeader
	Validators   []byte    `wire:"6"` // cmtproto.ValidatorSet of this height
	Stored       kit.Stamp `wire:"7"`
}

// HeaderTime returns the header's time in UTC.
func (c *Consensus) HeaderTime() time.Time { return time.Unix(0, c.Time).UTC() }

// ForeignAnchor is a document anchored on a counterparty and verified here.
type ForeignAnchor struct {
	DocHash    [32]byte     `wire:"1"`
	ChainID    string       `wire:"2"`
	ClientType string       `wire:"3"`
	Height     int64        `wire:"4"` // counterparty height the record was proved at
	Key        []byte       `wire:"5"` // record key on the counterparty
	ValueHash  [32]byte     `wire:"6"` // SHA-256 of the record value
	Profile    string       `wire:"7"`
	Status     string       `wire:"8"` // the counterparty's status of the document at Height
	Issuer     secp.Address `wire:"9"` // issuer on the counterparty, when it has Corridor addresses
	Docked     kit.Stamp    `wire:"10"`
	DockedBy   secp.Address `wire:"11"`
	Epoch      uint64       `wire:"12"` // the client's epoch when docked
}

// ClientView is a client as answered by queries, with its status at the
// block time of the state read.
type ClientView struct {
	ChainID        string        `json:"chain_id"`
	Type           string        `json:"type"`
	Status         string        `json:"status"`
	Jurisdiction   string        `json:"jurisdiction"`
	RegisteredBy   secp.Address  `json:"registered_by"`
	Registered     kit.Stamp     `json:"registered"`
	Description    string        `json:"description,omitempty"`
	TrustLevel     string        `json:"trust_level,omitempty"`
	TrustingPeriod string        `json:"trusting_period,omitempty"`
	MaxClockDrift  string        `json:"max_clock_drift,omitempty"`
	LatestHeight   int64         `json:"latest_height,omitempty"`
	LatestTime     *time.Time    `json:"latest_time,omitempty"`
	ExpiresAt      *time.Time    `json:"expires_at,omitempty"`
	Notaries       []secp.PubKey `json:"notaries,omitempty"`
	Threshold      uint32        `json:"threshold,omitempty"`
	Frozen         *FreezeView   `json:"frozen,omitempty"`
	Epoch          uint64        `json:"epoch"`
	Retired        []Retirement  `json:"retired,omitempty"`
	Provenance     string        `json:"provenance"`
}

// FreezeView is a Freeze in JSON.
type FreezeView struct {
	At        kit.Stamp `json:"at"`
	Height    int64     `json:"height"`
	Stored    string    `json:"stored_header_hash"`
	Presented string    `json:"presented_header_hash"`
	Reason    string    `json:"reason"`
}

// MarshalJSON writes the anchor with hex hashes.
func (a ForeignAnchor) MarshalJSON() ([]byte, error) {
	type view struct {
		DocHash    string        `json:"doc_hash"`
		ChainID    string        `json:"chain_id"`
		ClientType string        `json:"client_type"`
		Height     int64         `json:"height"`
		Key        string        `json:"key"`
		ValueHash  string        `json:"value_hash"`
		Profile    string        `json:"profile"`
		Status     string        `json:"status"`
		Issuer     *secp.Address `json:"issuer,omitempty"`
		Docked     kit.Stamp     `json:"docked"`
		DockedBy   secp.Address  `json:"docked_by"`
		Epoch      uint64        `json:"client_epoch"`
	}
	v := view{DocHash: hex.EncodeToString(a.DocHash[:]), ChainID: a.ChainID, ClientType: a.ClientType, Height: a.Height,
		Key: hex.EncodeToString(a.Key), ValueHash: hex.EncodeToString(a.ValueHash[:]), Profile: a.Profile,
		Status: a.Status, Docked: a.Docked, DockedBy: a.DockedBy, Epoch: a.Epoch}
	if !a.Issuer.IsZero() {
		v.Issuer = &a.Issuer
	}
	return json.Marshal(v)
}
