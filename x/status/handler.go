package status

import (
	"strconv"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/membership"
)

// Routes lists this module's messages for the application's router.
func Routes() []kit.Route {
	return []kit.Route{
		{Type: TypeAnchorList, Role: membership.RoleAttester, New: func() kit.Msg { return &MsgAnchorList{} }, Handle: func(c *kit.Context, m kit.Msg) error { return AnchorList(c, m.(*MsgAnchorList)) }},
		{Type: TypeOAStore, Role: membership.RoleAttester, New: func() kit.Msg { return &MsgOAStore{} }, Handle: func(c *kit.Context, m kit.Msg) error { return RegisterStore(c, m.(*MsgOAStore)) }},
		{Type: TypeOARevoke, Role: membership.RoleAttester, New: func() kit.Msg { return &MsgOARevoke{} }, Handle: func(c *kit.Context, m kit.Msg) error { return RevokeTargets(c, m.(*MsgOARevoke)) }},
	}
}

// AnchorList stores a new version of a status list. The signer must be an
// attester and, for a list anchored before, its owner; the version must be
// above the latest.
func AnchorList(ctx *kit.Context, msg *MsgAnchorList) error {
	if err := msg.ValidateBasic(); err != nil {
		return err
	}
	att, err := membership.Signer(ctx, membership.RoleAttester)
	if err != nil {
		return err
	}
	head, exists := GetHead(ctx.KV, msg.List)
	if exists && head.Owner != att.Address {
		return codes.StatusNotOwner.Wrapf("list %s is anchored by %s, not %s", msg.List, head.Owner, att.Address)
	}
	if exists && msg.Version <= head.Latest {
		return codes.StatusStaleVersion.Wrapf("version %d of list %s: version %d is already anchored", msg.Version, msg.List, head.Latest)
	}
	from := msg.ValidFrom
	if from == 0 {
		from = ctx.Time.UnixNano()
	}
	if msg.ValidUntil != 0 && msg.ValidUntil <= from {
		return codes.StatusBadList.Wrapf("valid_until is not after valid_from (the block time when 0)")
	}
	v := ListVersion{List: msg.List, Version: msg.Version, Purpose: msg.Purpose, ListHash: msg.ListHash,
		ValidFrom: from, ValidUntil: msg.ValidUntil, Prev: head.Latest, Attester: att.Address, Anchored: ctx.Stamp()}
	if !exists {
		head = ListHead{List: msg.List, Owner: att.Address}
	}
	head.Latest = msg.Version
	head.Versions++
	kit.Put(ctx.KV, VersionKey(msg.List, msg.Version), &v)
	kit.Put(ctx.KV, HeadKey(msg.List), &head)
	ctx.Emit("status_list", "list", msg.List.String(), "version", strconv.FormatUint(msg.Version, 10),
		"purpose", msg.Purpose, "list_hash", msg.ListHash.String(), "by", att.Address.String())
	return nil
}

// RegisterStore registers an OpenAttestation revocation store, owned by
// the signing attester.
func RegisterStore(ctx *kit.Context, msg *MsgOAStore) error {
	if err := msg.ValidateBasic(); err != nil {
		return err
	}
	att, err := membership.Signer(ctx, membership.RoleAttester)
	if err != nil {
		return err
	}
	if s, ok := GetStore(ctx.KV, msg.Store); ok {
		return codes.StatusStoreExists.Wrapf("store %s is registered by %s at height %d", msg.Store, s.Owner, s.Registered.Height)
	}
	kit.Put(ctx.KV, StoreKey(msg.Store), &OAStore{Store: msg.Store, Owner: att.Address, Registered: ctx.Stamp()})
	ctx.Emit("status_oa_store", "store", msg.Store.String(), "by", att.Address.String())
	return nil
}

// RevokeTargets records revocations in a registered store. Revocation is
// permanent, as in an OpenAttestation document store; a target revoked
// before refuses the whole message.
func RevokeTargets(ctx *kit.Context, msg *MsgOARevoke) error {
	if err := msg.ValidateBasic(); err != nil {
		return err
	}
	att, err := membership.Signer(ctx, membership.RoleAttester)
	if err != nil {
		return err
	}
	s, ok := GetStore(ctx.KV, msg.Store)
	if !ok {
		return codes.StatusUnknownStore.Wrapf("no revocation store %s is registered", msg.Store)
	}
	if s.Owner != att.Address {
		return codes.StatusNotOwner.Wrapf("store %s is registered by %s, not %s", msg.Store, s.Owner, att.Address)
	}
	for _, t := range msg.Targets {
		if r, done := GetRevocation(ctx.KV, msg.Store, t); done {
			return codes.StatusAlreadyRevoked.Wrapf("target %s is revoked in store %s since height %d", t, msg.Store, r.At.Height)
		}
	}
	for _, t := range msg.Targets {
		kit.Put(ctx.KV, RevocationKey(msg.Store, t), &OARevocation{Store: msg.Store, Target: t, By: att.Address, At: ctx.Stamp(), Reason: msg.Reason})
		ctx.Emit("status_oa_revoke", "store", msg.Store.String(), "target", t.String(), "by", att.Address.String())
	}
	s.Revoked += uint64(len(msg.Targets))
	kit.Put(ctx.KV, StoreKey(msg.Store), &s)
	return nil
}
