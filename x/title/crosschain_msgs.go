package title

import (
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/docking"
)

// Message type names of the cross-chain move.
const (
	TypeSendAway = "title/send-away"
	TypeReceive  = "title/receive"
	TypeSendHome = "title/send-home"
	TypeUnlock   = "title/unlock"
	// TypeCancelAway cancels a send-away whose lock timed out unreceived.
	TypeCancelAway = "title/cancel-away"
)

// MsgSendAway sends a record to a counterparty chain: it is locked here
// (state away) and a Lock is committed for the counterparty to verify.
// Signer: the holder, who must also be the owner. ChainID must have an
// active cometbft client here, so that the record's return can be
// verified; Recipient is a member of that chain, who becomes the mirror's
// holder and owner there.
//
// TimeoutHeight, when not zero, is a height of the counterparty from which
// the lock can no longer be received there: the counterparty refuses it in
// a block of that height or above, and once this chain's client holds a
// counterparty header above it with no receipt of the lock, the send-away
// can be cancelled (MsgCancelAway). Zero is no timeout: the record comes
// back only by its return, as before timeouts existed.
type MsgSendAway struct {
	ID            Hash         `wire:"1" json:"id"`
	ChainID       string       `wire:"2" json:"chain_id"`
	Recipient     secp.Address `wire:"3" json:"recipient"`
	TimeoutHeight int64        `wire:"4" json:"timeout_height,omitempty"`
}

// MsgReceive creates the mirror of a record locked on its origin chain
// ChainID: Lock is the value at LockKey(ID, seq) of the origin's state
// committed by its header Height (held by this chain's client of the
// origin), and Proof its ICS-23 existence proof. Signer: any member (a
// relayer).
type MsgReceive struct {
	ID      Hash   `wire:"1" json:"id"`
	ChainID string `wire:"2" json:"chain_id"`
	Height  int64  `wire:"3" json:"height"`
	Lock    []byte `wire:"4" json:"lock"`
	Proof   []byte `wire:"5" json:"proof"`
}

// MsgSendHome sends a mirror back to its origin chain: the mirror is
// returned (no further step here) and a Return is committed for the origin
// to verify. Signer: the mirror's holder, who must also be its owner;
// Recipient is a member of the origin, who becomes the record's holder and
// owner there.
type MsgSendHome struct {
	ID        Hash         `wire:"1" json:"id"`
	Recipient secp.Address `wire:"2" json:"recipient"`
}

// MsgUnlock brings a record home: Return is the value at ReturnKey(ID,
// seq) of counterparty ChainID's state committed by its header Height, and
// Proof its ICS-23 existence proof. Signer: any member (a relayer).
type MsgUnlock struct {
	ID      Hash   `wire:"1" json:"id"`
	ChainID string `wire:"2" json:"chain_id"`
	Height  int64  `wire:"3" json:"height"`
	Return  []byte `wire:"4" json:"return"`
	Proof   []byte `wire:"5" json:"proof"`
}

// MsgCancelAway cancels the send-away of move Seq of record ID to
// counterparty ChainID, whose lock timed out there unreceived: Proof is an
// ICS-23 non-existence proof of ReceiptKey(ID, Seq, this chain's chain-id)
// in the counterparty's state committed by its header Height, which this
// chain's client of ChainID holds and which must be above the lock's
// timeout height. The record becomes active again, held and owned by the
// member who sent it away. Signer: any member (the record can only go
// back to its sender, so who carries the proof does not matter).
type MsgCancelAway struct {
	ID      Hash   `wire:"1" json:"id"`
	ChainID string `wire:"2" json:"chain_id"`
	Seq     uint64 `wire:"3" json:"seq"`
	Height  int64  `wire:"4" json:"height"`
	Proof   []byte `wire:"5" json:"proof"`
}

// Type implements kit.Msg.
func (MsgSendAway) Type() string { return TypeSendAway }

// Type implements kit.Msg.
func (MsgCancelAway) Type() string { return TypeCancelAway }

// Type implements kit.Msg.
func (MsgReceive) Type() string { return TypeReceive }

// Type implements kit.Msg.
func (MsgSendHome) Type() string { return TypeSendHome }

// Type implements kit.Msg.
func (MsgUnlock) Type() string { return TypeUnlock }

// ValidateBasic checks the id, the chain-id, the recipient and the
// timeout height.
func (m MsgSendAway) ValidateBasic() error {
	switch {
	case m.ID.IsZero():
		return codes.TxInvalidMsg.Wrapf("id is required")
	case !docking.ValidChainID(m.ChainID):
		return codes.TxInvalidMsg.Wrapf("chain_id %q is not a valid counterparty chain-id", clipID(m.ChainID))
	case m.Recipient.IsZero():
		return codes.TxInvalidMsg.Wrapf("recipient (a member of %s) is required", m.ChainID)
	case m.TimeoutHeight < 0:
		return codes.TxInvalidMsg.Wrapf("timeout_height must not be negative (zero: no timeout)")
	}
	return nil
}

// ValidateBasic checks the id, the chain-id, the move number, the height
// and the proof's size.
func (m MsgCancelAway) ValidateBasic() error {
	switch {
	case m.ID.IsZero():
		return codes.TxInvalidMsg.Wrapf("id is required")
	case !docking.ValidChainID(m.ChainID):
		return codes.TxInvalidMsg.Wrapf("chain_id %q is not a valid counterparty chain-id", clipID(m.ChainID))
	case m.Seq == 0:
		return codes.TxInvalidMsg.Wrapf("seq (the move to cancel) is required")
	case m.Height <= 0:
		return codes.TxInvalidMsg.Wrapf("height must be positive")
	case len(m.Proof) == 0 || len(m.Proof) > docking.MaxProofBytes:
		return codes.TxInvalidMsg.Wrapf("the proof must hold 1 to %d bytes", docking.MaxProofBytes)
	}
	return nil
}

// ValidateBasic checks the id and the recipient.
func (m MsgSendHome) ValidateBasic() error {
	switch {
	case m.ID.IsZero():
		return codes.TxInvalidMsg.Wrapf("id is required")
	case m.Recipient.IsZero():
		return codes.TxInvalidMsg.Wrapf("recipient (a member of the origin chain) is required")
	}
	return nil
}

// ValidateBasic checks the proof's form.
func (m MsgReceive) ValidateBasic() error {
	return checkProved(m.ID, m.ChainID, m.Height, m.Lock, m.Proof)
}

// ValidateBasic checks the proof's form.
func (m MsgUnlock) ValidateBasic() error {
	return checkProved(m.ID, m.ChainID, m.Height, m.Return, m.Proof)
}

func checkProved(id Hash, chainID string, height int64, value, proof []byte) error {
	switch {
	case id.IsZero():
		return codes.TxInvalidMsg.Wrapf("id is required")
	case !docking.ValidChainID(chainID):
		return codes.TxInvalidMsg.Wrapf("chain_id %q is not a valid counterparty chain-id", clipID(chainID))
	case height <= 0:
		return codes.TxInvalidMsg.Wrapf("height must be positive")
	case len(value) == 0 || len(value) > docking.MaxValueBytes:
		return codes.TxInvalidMsg.Wrapf("the proved value must hold 1 to %d bytes", docking.MaxValueBytes)
	case len(proof) == 0 || len(proof) > docking.MaxProofBytes:
		return codes.TxInvalidMsg.Wrapf("the proof must hold 1 to %d bytes", docking.MaxProofBytes)
	}
	return nil
}

// clipID shortens an untrusted chain-id quoted in errors.
func clipID(s string) string {
	if len(s) > 64 {
		return s[:64] + "…"
	}
	return s
}
