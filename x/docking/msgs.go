package docking

import (
	"time"
	"unicode/utf8"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/recognition"
)

// Message type names.
const (
	TypeRegisterClient = "docking/register-client"
	TypeUpdateClient   = "docking/update-client"
	TypeDock           = "docking/dock"
	TypeMisbehaviour   = "docking/submit-misbehaviour"
)

// MsgRegisterClient registers a counterparty chain. Signer: operator; the
// client is attributed to the operator's jurisdiction.
//
// For ClientType cometbft, TrustedHeader is a CometBFT SignedHeader and
// TrustedValidators the ValidatorSet of its height, each encoded with
// gogoproto Marshal of their ToProto form. The operator vouches that this
// header is the counterparty's (obtained out of band, as with an IBC
// client's creation); the module checks that it is well formed, signed by
// more than 2/3 of the given set, and not expired or in the future at the
// block time. TrustingPeriod and MaxClockDrift are in nanoseconds.
//
// For ClientType notary, Notaries are the notaries' secp256k1 keys and
// Threshold how many of them must sign (1 ≤ k ≤ n).
//
// A chain-id has one client. An operator of the jurisdiction that holds it
// may replace it when it is frozen or expired, or at any time when it is a
// notary client (to rotate notary keys); the client's epoch then grows by
// one. Records docked in a frozen epoch stay unrecognised.
type MsgRegisterClient struct {
	ChainID           string        `wire:"1" json:"chain_id"`
	ClientType        string        `wire:"2" json:"client_type"`
	Description       string        `wire:"3" json:"description,omitempty"`
	TrustedHeader     []byte        `wire:"4" json:"trusted_header,omitempty"`
	TrustedValidators []byte        `wire:"5" json:"trusted_validators,omitempty"`
	TrustingPeriod    int64         `wire:"6" json:"trusting_period,omitempty"`
	MaxClockDrift     int64         `wire:"7" json:"max_clock_drift,omitempty"`
	Notaries          []secp.PubKey `wire:"8" json:"notaries,omitempty"`
	Threshold         uint32        `wire:"9" json:"threshold,omitempty"`
}

// MsgUpdateClient adds a newer header to a cometbft client. Signer: any
// member (typically a relayer); the chain verifies everything.
//
// Header is a SignedHeader and Validators the ValidatorSet of its height,
// encoded like MsgRegisterClient's. TrustedHeight names the stored header
// to verify from (0: the highest stored header below Header's height).
type MsgUpdateClient struct {
	ChainID       string `wire:"1" json:"chain_id"`
	Header        []byte `wire:"2" json:"header"`
	Validators    []byte `wire:"3" json:"validators"`
	TrustedHeight int64  `wire:"4" json:"trusted_height,omitempty"`
}

// MsgSubmitMisbehaviour shows two headers of a cometbft counterparty that
// cannot both be honest: two different headers for one height, or two
// heights whose times are out of order. Each is verified like an update,
// from the stored header at its trusted height (0: the highest stored
// below it); if both verify and they conflict, the client is frozen.
// Signer: any member. Conflicts with headers the client already holds are
// also caught by MsgUpdateClient; this message covers heights it does not
// hold.
type MsgSubmitMisbehaviour struct {
	ChainID        string `wire:"1" json:"chain_id"`
	Header1        []byte `wire:"2" json:"header_1"`
	Validators1    []byte `wire:"3" json:"validators_1"`
	TrustedHeight1 int64  `wire:"4" json:"trusted_height_1,omitempty"`
	Header2        []byte `wire:"5" json:"header_2"`
	Validators2    []byte `wire:"6" json:"validators_2"`
	TrustedHeight2 int64  `wire:"7" json:"trusted_height_2,omitempty"`
}

// NotarySignature is one notary's signature of a notary statement.
type NotarySignature struct {
	PubKey    secp.PubKey `wire:"1" json:"pubkey"`
	Signature []byte      `wire:"2" json:"signature"`
}

// MsgDock presents a record of counterparty ChainID at Height and its
// proof. Signer: any member.
//
// With a cometbft client, Height is the height of a header the client
// holds; Proof is an ICS-23 CommitmentProof (protobuf) that Key holds Value
// under that header's app hash. Key must be the invoice anchor key of
// DocHash ("iv/" + hash) and Value the encoded invoice anchor; profile,
// status and issuer are read from it, and Profile must be empty.
//
// With a notary client, Height, Key and Value describe the record on the
// counterparty ledger (e.g. a block number, a Fabric key and its value),
// Profile names the document's profile, and Signatures are at least the
// client's threshold of registered notaries' signatures of
// NotaryDigest(ChainID, Height, Key, SHA-256(Value), DocHash, Profile).
type MsgDock struct {
	ChainID    string            `wire:"1" json:"chain_id"`
	Height     int64             `wire:"2" json:"height"`
	DocHash    [32]byte          `wire:"3" json:"doc_hash"`
	Key        []byte            `wire:"4" json:"key"`
	Value      []byte            `wire:"5" json:"value"`
	Proof      []byte            `wire:"6" json:"proof,omitempty"`
	Profile    string            `wire:"7" json:"profile,omitempty"`
	Signatures []NotarySignature `wire:"8" json:"signatures,omitempty"`
}

// Type implements kit.Msg.
func (MsgRegisterClient) Type() string     { return TypeRegisterClient }
func (MsgUpdateClient) Type() string       { return TypeUpdateClient }
func (MsgDock) Type() string               { return TypeDock }
func (MsgSubmitMisbehaviour) Type() string { return TypeMisbehaviour }

// ValidateBasic checks the chain-id, the client type and the parameters
// of that type.
func (m MsgRegisterClient) ValidateBasic() error {
	if !ValidChainID(m.ChainID) {
		return codes.DockingBadClient.Wrapf("chain-id %q: want 1-50 letters, digits, '.', '_' or '-'", clip(m.ChainID))
	}
	if err := validText("description", m.Description, MaxDescription); err != nil {
		return err
	}
	switch m.ClientType {
	case TypeCometBFT:
		if len(m.TrustedHeader) == 0 || len(m.TrustedValidators) == 0 {
			return codes.DockingBadClient.Wrapf("a cometbft client needs trusted_header and trusted_validators")
		}
		if len(m.TrustedHeader) > MaxHeaderBytes || len(m.TrustedValidators) > MaxHeaderBytes {
			return codes.DockingBadClient.Wrapf("trusted header or validator set is larger than %d bytes", MaxHeaderBytes)
		}
		if m.TrustingPeriod <= 0 || time.Duration(m.TrustingPeriod) > MaxTrustingPeriod {
			return codes.DockingBadClient.Wrapf("trusting_period must be positive and at most %s", MaxTrustingPeriod)
		}
		if m.MaxClockDrift <= 0 || time.Duration(m.MaxClockDrift) > MaxClockDrift {
			return codes.DockingBadClient.Wrapf("max_clock_drift must be positive and at most %s", MaxClockDrift)
		}
		if len(m.Notaries) != 0 || m.Threshold != 0 {
			return codes.DockingBadClient.Wrapf("a cometbft client takes no notaries or threshold")
		}
	case TypeNotary:
		if len(m.Notaries) == 0 || len(m.Notaries) > MaxNotaries {
			return codes.DockingBadClient.Wrapf("a notary client needs 1 to %d notary keys", MaxNotaries)
		}
		for i, pk := range m.Notaries {
			if _, err := secp.ParsePubKey(pk[:]); err != nil {
				return codes.DockingBadClient.Wrapf("notary %d: %v", i, err)
			}
			for _, other := range m.Notaries[:i] {
				if other == pk {
					return codes.DockingBadClient.Wrapf("notary key %s listed twice", pk)
				}
			}
		}
		if m.Threshold == 0 || int(m.Threshold) > len(m.Notaries) {
			return codes.DockingBadClient.Wrapf("threshold %d: want 1 to %d (the number of notaries)", m.Threshold, len(m.Notaries))
		}
		if len(m.TrustedHeader) != 0 || len(m.TrustedValidators) != 0 || m.TrustingPeriod != 0 || m.MaxClockDrift != 0 {
			return codes.DockingBadClient.Wrapf("a notary client takes no header, validators, trusting period or clock drift")
		}
	default:
		return codes.DockingBadClient.Wrapf("client type %q: want %s or %s", clip(m.ClientType), TypeCometBFT, TypeNotary)
	}
	return nil
}

// ValidateBasic checks the chain-id and sizes.
func (m MsgUpdateClient) ValidateBasic() error {
	if !ValidChainID(m.ChainID) {
		return codes.TxInvalidMsg.Wrapf("chain-id %q is not a valid counterparty chain-id", clip(m.ChainID))
	}
	if len(m.Header) == 0 || len(m.Validators) == 0 {
		return codes.DockingBadHeader.Wrapf("header and validators are required")
	}
	if len(m.Header) > MaxHeaderBytes || len(m.Validators) > MaxHeaderBytes {
		return codes.DockingBadHeader.Wrapf("header or validator set is larger than %d bytes", MaxHeaderBytes)
	}
	if m.TrustedHeight < 0 {
		return codes.TxInvalidMsg.Wrapf("trusted_height must not be negative")
	}
	return nil
}

// ValidateBasic checks both headers like MsgUpdateClient's.
func (m MsgSubmitMisbehaviour) ValidateBasic() error {
	for _, u := range []MsgUpdateClient{{m.ChainID, m.Header1, m.Validators1, m.TrustedHeight1}, {m.ChainID, m.Header2, m.Validators2, m.TrustedHeight2}} {
		if err := u.ValidateBasic(); err != nil {
			return err
		}
	}
	return nil
}

// ValidateBasic checks the fields' form; which of proof and signatures
// is needed depends on the client, which the handler reads.
func (m MsgDock) ValidateBasic() error {
	if !ValidChainID(m.ChainID) {
		return codes.TxInvalidMsg.Wrapf("chain-id %q is not a valid counterparty chain-id", clip(m.ChainID))
	}
	if m.Height <= 0 {
		return codes.TxInvalidMsg.Wrapf("height must be positive")
	}
	if m.DocHash == [32]byte{} {
		return codes.TxInvalidMsg.Wrapf("doc_hash is required")
	}
	if len(m.Key) == 0 || len(m.Key) > MaxKeyBytes {
		return codes.TxInvalidMsg.Wrapf("key must hold 1 to %d bytes", MaxKeyBytes)
	}
	if len(m.Value) > MaxValueBytes || len(m.Proof) > MaxProofBytes {
		return codes.TxInvalidMsg.Wrapf("value or proof too large (at most %d and %d bytes)", MaxValueBytes, MaxProofBytes)
	}
	if len(m.Proof) == 0 && len(m.Signatures) == 0 {
		return codes.TxInvalidMsg.Wrapf("an ICS-23 proof (cometbft client) or notary signatures (notary client) are required")
	}
	if len(m.Proof) != 0 && len(m.Signatures) != 0 {
		return codes.TxInvalidMsg.Wrapf("give a proof or signatures, not both")
	}
	if len(m.Signatures) > MaxNotaries {
		return codes.TxInvalidMsg.Wrapf("at most %d signatures", MaxNotaries)
	}
	if m.Profile != "" && !recognition.KnownProfile(m.Profile) {
		return codes.TxInvalidMsg.Wrapf("profile %q: want one of %v", clip(m.Profile), recognition.Profiles)
	}
	return nil
}

func validText(field, s string, max int) error {
	if len(s) > max {
		return codes.TxInvalidMsg.Wrapf("%s is longer than %d bytes", field, max)
	}
	if !utf8.ValidString(s) {
		return codes.TxInvalidMsg.Wrapf("%s is not valid UTF-8", field)
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return codes.TxInvalidMsg.Wrapf("%s contains a control character", field)
		}
	}
	return nil
}

// clip shortens untrusted strings quoted in errors.
func clip(s string) string {
	if len(s) > 64 {
		return s[:64] + "…"
	}
	return s
}
