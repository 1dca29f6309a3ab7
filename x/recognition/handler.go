package recognition

import (
	"strings"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/store"
	"github.com/corridor-trade/corridor/x/membership"
)

// Routes lists this module's messages for the application's router.
func Routes() []kit.Route {
	return []kit.Route{
		{Type: TypeSet, Role: membership.RoleOperator, New: func() kit.Msg { return &MsgSet{} }, Handle: func(c *kit.Context, m kit.Msg) error { return Set(c, m.(*MsgSet)) }},
		{Type: TypeRemove, Role: membership.RoleOperator, New: func() kit.Msg { return &MsgRemove{} }, Handle: func(c *kit.Context, m kit.Msg) error { return Remove(c, m.(*MsgRemove)) }},
	}
}

// operator returns the signer, which must be an active operator of
// jurisdiction in. The application has already checked the role; the
// handler checks again so that it is safe to call on its own.
func operator(ctx *kit.Context, in string) (membership.Member, error) {
	op, ok := membership.ActiveMember(ctx.KV, ctx.Signer)
	if !ok {
		return op, codes.TxUnknownSigner.Wrapf("signer %s is not an active member", ctx.Signer)
	}
	if !op.HasRole(membership.RoleOperator) {
		return op, codes.TxWrongRole.Wrapf("signer %s does not hold the operator role", ctx.Signer)
	}
	if op.Jurisdiction != in {
		return op, codes.RecognitionOutsideJurisdiction.Wrapf("operator %s acts for %s, not %s", op.Address, op.Jurisdiction, in)
	}
	return op, nil
}

// checkSet checks msg against state and returns the key and record to
// store. It is shared by Set and InitGenesis.
func checkSet(kv store.KV, msg *MsgSet) (key []byte, rec any, err error) {
	if err := msg.ValidateBasic(); err != nil {
		return nil, nil, err
	}
	if _, ok := membership.GetJurisdiction(kv, msg.In); !ok {
		return nil, nil, codes.MemberUnknownJurisdiction.Wrapf("jurisdiction %s is not defined", msg.In)
	}
	switch {
	case len(msg.Profiles) > 0:
		return ProfilesKey(msg.In), &ProfileRule{In: msg.In, Profiles: msg.Profiles}, nil
	case msg.AttesterJurisdiction != "":
		if _, ok := membership.GetJurisdiction(kv, msg.AttesterJurisdiction); !ok {
			return nil, nil, codes.MemberUnknownJurisdiction.Wrapf("jurisdiction %s is not defined", msg.AttesterJurisdiction)
		}
		return JurisdictionRuleKey(msg.In, msg.AttesterJurisdiction),
			&Rule{In: msg.In, AttesterJurisdiction: msg.AttesterJurisdiction, Claims: msg.Claims}, nil
	default:
		m, ok := membership.GetMember(kv, msg.Attester)
		if !ok || !m.HasRole(membership.RoleAttester) {
			return nil, nil, codes.RecognitionNotAttester.Wrapf("%s is not a member holding the attester role", msg.Attester)
		}
		if m.Jurisdiction == msg.In {
			return nil, nil, codes.RecognitionOwnJurisdiction.Wrapf("attester %s belongs to %s, whose attesters are always recognised there", m.Address, msg.In)
		}
		return AttesterRuleKey(msg.In, msg.Attester),
			&Rule{In: msg.In, Attester: msg.Attester, AttesterJurisdiction: m.Jurisdiction, Claims: msg.Claims}, nil
	}
}

// Set adds or replaces a rule of the signer's jurisdiction.
func Set(ctx *kit.Context, msg *MsgSet) error {
	if err := msg.ValidateBasic(); err != nil {
		return err
	}
	op, err := operator(ctx, msg.In)
	if err != nil {
		return err
	}
	key, rec, err := checkSet(ctx.KV, msg)
	if err != nil {
		return err
	}
	switch r := rec.(type) {
	case *Rule:
		r.SetBy, r.Set = op.Address, ctx.Stamp()
		kit.Put(ctx.KV, key, r)
		emitRule(ctx, "set", r)
	case *ProfileRule:
		r.SetBy, r.Set = op.Address, ctx.Stamp()
		kit.Put(ctx.KV, key, r)
		ctx.Emit("recognition_rule", "action", "set", "in", r.In, "kind", KindProfiles, "profiles", strings.Join(r.Profiles, ","))
	}
	return nil
}

// Remove removes a rule of the signer's jurisdiction.
func Remove(ctx *kit.Context, msg *MsgRemove) error {
	if err := msg.ValidateBasic(); err != nil {
		return err
	}
	if _, err := operator(ctx, msg.In); err != nil {
		return err
	}
	if msg.Profiles {
		if !ctx.KV.Has(ProfilesKey(msg.In)) {
			return codes.RecognitionRuleNotFound.Wrapf("%s declares no accepted profiles", msg.In)
		}
		ctx.KV.Delete(ProfilesKey(msg.In))
		ctx.Emit("recognition_rule", "action", "removed", "in", msg.In, "kind", KindProfiles)
		return nil
	}
	var r Rule
	var key []byte
	var found bool
	if msg.AttesterJurisdiction != "" {
		key = JurisdictionRuleKey(msg.In, msg.AttesterJurisdiction)
		r, found = JurisdictionRule(ctx.KV, msg.In, msg.AttesterJurisdiction)
	} else {
		key = AttesterRuleKey(msg.In, msg.Attester)
		r, found = AttesterRule(ctx.KV, msg.In, msg.Attester)
	}
	if !found {
		return codes.RecognitionRuleNotFound.Wrapf("%s has no such rule", msg.In)
	}
	ctx.KV.Delete(key)
	emitRule(ctx, "removed", &r)
	return nil
}

// emitRule records a "recognition_rule" event, so that tx_search finds rule
// changes by jurisdiction, attester and attester jurisdiction.
func emitRule(ctx *kit.Context, action string, r *Rule) {
	attrs := []string{"action", action, "in", r.In, "kind", r.Kind(), "attester_jurisdiction", r.AttesterJurisdiction}
	if !r.Attester.IsZero() {
		attrs = append(attrs, "attester", r.Attester.String())
	}
	attrs = append(attrs, "claims", strings.Join(r.Claims, ","), "rule", r.Name())
	ctx.Emit("recognition_rule", attrs...)
}
