package title

import (
	"unicode/utf8"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
)

// Message type names.
const (
	TypeIssue           = "title/issue"
	TypeImport          = "title/import"
	TypeTransfer        = "title/transfer-holder"
	TypeNominate        = "title/nominate"
	TypeEndorse         = "title/endorse"
	TypeReject          = "title/reject"
	TypeSurrender       = "title/surrender"
	TypeAcceptSurrender = "title/accept-surrender"
	TypeRejectSurrender = "title/reject-surrender"
	TypeExitToPaper     = "title/exit-to-paper"
)

// Limits of messages.
const (
	MaxReference = 64  // bytes of a record's public reference
	MaxReason    = 256 // bytes of an exit-to-paper reason
)

// MsgIssue creates a record. Signer: the issuer (any active member: the
// carrier, drawer, maker or warehouse keeper). Owner and Holder are active
// members (they may be the same, as for a shipper holding an order bill).
type MsgIssue struct {
	Kind      string       `wire:"1" json:"kind"`
	DocHash   Hash         `wire:"2" json:"doc_hash"`
	FieldRoot Hash         `wire:"3" json:"field_root"`
	Owner     secp.Address `wire:"4" json:"owner"`
	Holder    secp.Address `wire:"5" json:"holder"`
	Reference string       `wire:"6" json:"reference,omitempty"`
}

// MsgImport registers a record that left a TradeTrust token registry:
// the document's hash (its targetHash), its merkle root and the registry
// reference. Signer: the record's issuer on this network (any active
// member). The surrender of the token on the EVM chain is the user's step
// (docs/transferable.md, "Import").
type MsgImport struct {
	Kind       string       `wire:"1" json:"kind"`
	DocHash    Hash         `wire:"2" json:"doc_hash"`
	MerkleRoot Hash         `wire:"3" json:"merkle_root"`
	Token      TokenRef     `wire:"4" json:"token"`
	Owner      secp.Address `wire:"5" json:"owner"`
	Holder     secp.Address `wire:"6" json:"holder"`
	Reference  string       `wire:"7" json:"reference,omitempty"`
}

// MsgTransfer moves holdership to another member. Signer: the holder.
type MsgTransfer struct {
	ID        Hash         `wire:"1" json:"id"`
	NewHolder secp.Address `wire:"2" json:"new_holder"`
}

// MsgNominate nominates a new owner. Signer: the owner.
type MsgNominate struct {
	ID      Hash         `wire:"1" json:"id"`
	Nominee secp.Address `wire:"2" json:"nominee"`
}

// MsgEndorse moves ownership to NewOwner: the nominee, or anyone when the
// holder is also the owner. NewHolder, when set, moves holdership in the
// same step (an order bill endorsed and delivered). Signer: the holder.
type MsgEndorse struct {
	ID        Hash         `wire:"1" json:"id"`
	NewOwner  secp.Address `wire:"2" json:"new_owner"`
	NewHolder secp.Address `wire:"3" json:"new_holder"`
}

// MsgReject returns what the last transfer or endorsement gave to the
// signer to the previous holder and owner. Signer: a member who received
// holdership or ownership in that step.
type MsgReject struct {
	ID Hash `wire:"1" json:"id"`
}

// MsgSurrender surrenders the record to its issuer, who becomes its
// holder. Signer: the holder, who must also be the owner (TradeTrust's
// return to issuer asks the same).
type MsgSurrender struct {
	ID Hash `wire:"1" json:"id"`
}

// MsgAcceptSurrender accepts a surrender: the record is spent. Signer:
// the issuer.
type MsgAcceptSurrender struct {
	ID Hash `wire:"1" json:"id"`
}

// MsgRejectSurrender rejects a surrender: holdership and ownership return
// to the surrendering holder and its owner. Signer: the issuer.
type MsgRejectSurrender struct {
	ID Hash `wire:"1" json:"id"`
}

// MsgExitToPaper records that the issuer converted the record to a paper
// document; nothing can be done to it here afterwards. Signer: the
// issuer.
type MsgExitToPaper struct {
	ID     Hash   `wire:"1" json:"id"`
	Reason string `wire:"2" json:"reason"`
}

// Type implements kit.Msg.
func (MsgIssue) Type() string { return TypeIssue }

// Type implements kit.Msg.
func (MsgImport) Type() string { return TypeImport }

// Type implements kit.Msg.
func (MsgTransfer) Type() string { return TypeTransfer }

// Type implements kit.Msg.
func (MsgNominate) Type() string { return TypeNominate }

// Type implements kit.Msg.
func (MsgEndorse) Type() string { return TypeEndorse }

// Type implements kit.Msg.
func (MsgReject) Type() string { return TypeReject }

// Type implements kit.Msg.
func (MsgSurrender) Type() string { return TypeSurrender }

// Type implements kit.Msg.
func (MsgAcceptSurrender) Type() string { return TypeAcceptSurrender }

// Type implements kit.Msg.
func (MsgRejectSurrender) Type() string { return TypeRejectSurrender }

// Type implements kit.Msg.
func (MsgExitToPaper) Type() string { return TypeExitToPaper }

func checkParties(kind string, doc Hash, owner, holder secp.Address, ref string) error {
	bad := codes.TitleBadRecord.Wrapf
	switch {
	case !KnownKind(kind):
		return bad("kind %q is not one of %v", kind, Kinds)
	case doc.IsZero():
		return bad("doc_hash (the SHA-256 of the document, kept off the ledger) is required")
	case owner.IsZero():
		return bad("owner (the beneficiary, a member) is required")
	case holder.IsZero():
		return bad("holder (a member) is required")
	case len(ref) > MaxReference || !utf8.ValidString(ref):
		return bad("reference takes at most %d bytes of UTF-8", MaxReference)
	}
	return nil
}

// ValidateBasic checks the record's form.
func (m MsgIssue) ValidateBasic() error {
	return checkParties(m.Kind, m.DocHash, m.Owner, m.Holder, m.Reference)
}

// ValidateBasic checks the record's form and the registry reference.
func (m MsgImport) ValidateBasic() error {
	if err := checkParties(m.Kind, m.DocHash, m.Owner, m.Holder, m.Reference); err != nil {
		return err
	}
	if m.MerkleRoot.IsZero() {
		return codes.TitleBadRecord.Wrapf("merkle_root (the document's signature.merkleRoot) is required")
	}
	return m.Token.Validate()
}

// Validate checks a registry reference's form.
func (t TokenRef) Validate() error {
	bad := codes.TitleBadImport.Wrapf
	switch {
	case t.ChainID == 0:
		return bad("chain_id (the EVM chain's EIP-155 id) is required")
	case !ValidRegistry(t.Registry):
		return bad("registry %q is not 0x followed by 40 lower-case hex digits", t.Registry)
	case t.TokenID.IsZero():
		return bad("token_id is required")
	case len(t.Network) > MaxReference || !validCode(t.Network):
		return bad("network %q is not a short lower-case name", t.Network)
	}
	return nil
}

// ValidRegistry reports whether s is an EVM address written 0x and 40
// lower-case hex digits (the canonical form this module stores).
func ValidRegistry(s string) bool {
	if len(s) != 42 || s[0] != '0' || s[1] != 'x' {
		return false
	}
	for _, c := range s[2:] {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// validCode reports whether s is empty or lower-case letters, digits and
// dashes.
func validCode(s string) bool {
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

func needID(id Hash) error {
	if id.IsZero() {
		return codes.TitleBadRecord.Wrapf("id (the record id, 64 hex digits) is required")
	}
	return nil
}

func needMember(field string, a secp.Address) error {
	if a.IsZero() {
		return codes.TitleBadRecord.Wrapf("%s (a member) is required", field)
	}
	return nil
}

// ValidateBasic checks the id and the new holder.
func (m MsgTransfer) ValidateBasic() error {
	if err := needID(m.ID); err != nil {
		return err
	}
	return needMember("new_holder", m.NewHolder)
}

// ValidateBasic checks the id and the nominee.
func (m MsgNominate) ValidateBasic() error {
	if err := needID(m.ID); err != nil {
		return err
	}
	return needMember("nominee", m.Nominee)
}

// ValidateBasic checks the id and the new owner.
func (m MsgEndorse) ValidateBasic() error {
	if err := needID(m.ID); err != nil {
		return err
	}
	return needMember("new_owner", m.NewOwner)
}

// ValidateBasic checks the id.
func (m MsgReject) ValidateBasic() error { return needID(m.ID) }

// ValidateBasic checks the id.
func (m MsgSurrender) ValidateBasic() error { return needID(m.ID) }

// ValidateBasic checks the id.
func (m MsgAcceptSurrender) ValidateBasic() error { return needID(m.ID) }

// ValidateBasic checks the id.
func (m MsgRejectSurrender) ValidateBasic() error { return needID(m.ID) }

// ValidateBasic checks the id and the reason.
func (m MsgExitToPaper) ValidateBasic() error {
	if err := needID(m.ID); err != nil {
		return err
	}
	if m.Reason == "" || len(m.Reason) > MaxReason || !utf8.ValidString(m.Reason) {
		return codes.TitleBadReason.Wrapf("reason takes 1-%d bytes of UTF-8", MaxReason)
	}
	return nil
}
