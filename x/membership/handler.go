package membership

import (
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/kit"
)

// Routes lists this module's messages for the application's router.
func Routes() []kit.Route {
	return []kit.Route{
		{Type: TypeAdmit, Role: RoleOperator, New: func() kit.Msg { return &MsgAdmit{} }, Handle: func(c *kit.Context, m kit.Msg) error { return Admit(c, m.(*MsgAdmit)) }},
		{Type: TypeSuspend, Role: RoleOperator, New: func() kit.Msg { return &MsgSuspend{} }, Handle: func(c *kit.Context, m kit.Msg) error { return Suspend(c, m.(*MsgSuspend)) }},
		{Type: TypeReinstate, Role: RoleOperator, New: func() kit.Msg { return &MsgReinstate{} }, Handle: func(c *kit.Context, m kit.Msg) error { return Reinstate(c, m.(*MsgReinstate)) }},
		{Type: TypeRotateKey, Role: "", New: func() kit.Msg { return &MsgRotateKey{} }, Handle: func(c *kit.Context, m kit.Msg) error { return RotateKey(c, m.(*MsgRotateKey)) }},
	}
}

// signer returns the transaction's signer (see Signer).
func signer(ctx *kit.Context) (Member, error) { return Signer(ctx, "") }

// Admit admits a member to the operator's jurisdiction.
func Admit(ctx *kit.Context, msg *MsgAdmit) error {
	op, err := signer(ctx)
	if err != nil {
		return err
	}
	if _, taken := MemberByPubKey(ctx.KV, msg.PubKey); taken {
		return codes.MemberExists.Wrapf("public key %s already belongs to a member", msg.PubKey)
	}
	addr := msg.PubKey.Address()
	if _, taken := GetMember(ctx.KV, addr); taken {
		return codes.MemberExists.Wrapf("address %s is already a member (its key was rotated)", addr)
	}
	m := Member{
		Address: addr, PubKey: msg.PubKey, Jurisdiction: op.Jurisdiction,
		Roles: msg.Roles, Status: StatusActive, Label: msg.Label, AdmittedBy: op.Address,
		History: []StatusChange{{At: ctx.Stamp(), Event: "admitted", By: op.Address}},
	}
	putMember(ctx.KV, &m)
	ctx.Emit("member", "action", "admitted", "address", addr.String(), "jurisdiction", m.Jurisdiction)
	return nil
}

// ownMember loads a member that the signing operator may act on.
func ownMember(ctx *kit.Context, addr secp.Address) (op, m Member, err error) {
	if op, err = signer(ctx); err != nil {
		return
	}
	m, ok := GetMember(ctx.KV, addr)
	if !ok {
		return op, m, codes.MemberNotFound.Wrapf("no member %s", addr)
	}
	if m.Jurisdiction != op.Jurisdiction {
		return op, m, codes.MemberOutsideJurisdiction.Wrapf("member %s belongs to %s; operator %s acts for %s",
			addr, m.Jurisdiction, op.Address, op.Jurisdiction)
	}
	return op, m, nil
}

// Suspend suspends a member of the operator's jurisdiction.
func Suspend(ctx *kit.Context, msg *MsgSuspend) error {
	op, m, err := ownMember(ctx, msg.Member)
	if err != nil {
		return err
	}
	if m.Address == op.Address {
		return codes.MemberSelf.Wrapf("an operator cannot suspend itself")
	}
	if m.Status == StatusSuspended {
		return codes.MemberAlreadySuspended.Wrapf("member %s is already suspended", m.Address)
	}
	m.Status = StatusSuspended
	m.History = append(m.History, StatusChange{At: ctx.Stamp(), Event: "suspended", By: op.Address, Reason: msg.Reason})
	putMember(ctx.KV, &m)
	ctx.Emit("member", "action", "suspended", "address", m.Address.String(), "jurisdiction", m.Jurisdiction)
	return nil
}

// Reinstate reinstates a suspended member of the operator's jurisdiction.
func Reinstate(ctx *kit.Context, msg *MsgReinstate) error {
	op, m, err := ownMember(ctx, msg.Member)
	if err != nil {
		return err
	}
	if m.Status != StatusSuspended {
		return codes.MemberNotSuspended.Wrapf("member %s is %s", m.Address, m.Status)
	}
	m.Status = StatusActive
	m.History = append(m.History, StatusChange{At: ctx.Stamp(), Event: "reinstated", By: op.Address, Reason: msg.Reason})
	putMember(ctx.KV, &m)
	ctx.Emit("member", "action", "reinstated", "address", m.Address.String(), "jurisdiction", m.Jurisdiction)
	return nil
}

// RotateKey replaces the signer's key after checking the new key's proof of
// possession.
func RotateKey(ctx *kit.Context, msg *MsgRotateKey) error {
	m, err := signer(ctx)
	if err != nil {
		return err
	}
	if err := secp.Verify(msg.NewPubKey, RotationDigest(ctx.ChainID, m.Address), msg.Proof); err != nil {
		return codes.MemberBadKeyProof.Wrapf("%v", err)
	}
	if _, taken := MemberByPubKey(ctx.KV, msg.NewPubKey); taken {
		return codes.MemberExists.Wrapf("public key %s already belongs to a member", msg.NewPubKey)
	}
	if other := msg.NewPubKey.Address(); other != m.Address {
		if _, taken := GetMember(ctx.KV, other); taken {
			return codes.MemberExists.Wrapf("public key %s is the admission key of member %s", msg.NewPubKey, other)
		}
	}
	ctx.KV.Delete(PubKeyKey(m.PubKey))
	m.PubKey = msg.NewPubKey
	m.History = append(m.History, StatusChange{At: ctx.Stamp(), Event: "key-rotated", By: m.Address})
	putMember(ctx.KV, &m)
	ctx.Emit("member", "action", "key-rotated", "address", m.Address.String(), "jurisdiction", m.Jurisdiction)
	return nil
}
