package identity

import (
	"strconv"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/membership"
)

// Routes lists this module's messages for the application's router.
func Routes() []kit.Route {
	return []kit.Route{
		{Type: TypeAttest, Role: membership.RoleAttester, New: func() kit.Msg { return &MsgAttest{} }, Handle: func(c *kit.Context, m kit.Msg) error { return Attest(c, m.(*MsgAttest)) }},
		{Type: TypeRevoke, Role: membership.RoleAttester, New: func() kit.Msg { return &MsgRevoke{} }, Handle: func(c *kit.Context, m kit.Msg) error { return Revoke(c, m.(*MsgRevoke)) }},
	}
}

// signer returns the transaction's signer, which must be an active
// attester (see membership.Signer).
func signer(ctx *kit.Context) (membership.Member, error) {
	return membership.Signer(ctx, membership.RoleAttester)
}

// Attest records an attestation by the signer. Its id is
// AttestationID(ctx.TxHash, ctx.MsgIdx).
func Attest(ctx *kit.Context, msg *MsgAttest) error {
	if err := msg.ValidateBasic(); err != nil {
		return err
	}
	att, err := signer(ctx)
	if err != nil {
		return err
	}
	if msg.Subject.IsAddress() {
		if msg.Subject.Address == att.Address {
			return codes.IdentitySelfAttestation.Wrapf("attester %s cannot attest a claim about itself", att.Address)
		}
		if _, ok := membership.GetMember(ctx.KV, msg.Subject.Address); !ok {
			return codes.IdentitySubjectNotFound.Wrapf("subject %s is not a member; name an external entity by commitment", msg.Subject.Address)
		}
	}
	now := ctx.Time.UnixNano()
	from := msg.ValidFrom
	if from == 0 {
		from = now
	} else if from < now {
		return codes.IdentityBadValidity.Wrapf("valid_from %d is before the block time %d; leave it 0 to start at the block time", from, now)
	}
	if msg.ValidUntil != 0 && msg.ValidUntil <= from {
		return codes.IdentityBadValidity.Wrapf("valid_until %d is not after valid_from %d", msg.ValidUntil, from)
	}
	id := AttestationID(ctx.TxHash, ctx.MsgIdx)
	if ctx.KV.Has(AttestationKey(id)) {
		return codes.IdentityExists.Wrapf("attestation %s already exists", id)
	}
	a := Attestation{
		ID: id, Attester: att.Address, AttesterJurisdiction: att.Jurisdiction,
		Subject: msg.Subject, Claim: msg.Claim, Scheme: msg.Scheme, CredentialHash: msg.CredentialHash,
		ValidFrom: from, ValidUntil: msg.ValidUntil, Status: StatusActive,
		History: []StatusChange{{At: ctx.Stamp(), Event: "attested", By: att.Address}},
	}
	put(ctx.KV, &a)
	emit(ctx, &a, "attested")
	return nil
}

// Revoke revokes an attestation; only its attester may.
func Revoke(ctx *kit.Context, msg *MsgRevoke) error {
	if err := msg.ValidateBasic(); err != nil {
		return err
	}
	att, err := signer(ctx)
	if err != nil {
		return err
	}
	a, ok := Get(ctx.KV, msg.ID)
	if !ok {
		return codes.IdentityNotFound.Wrapf("no attestation %s", msg.ID)
	}
	if a.Attester != att.Address {
		return codes.IdentityNotAttester.Wrapf("attestation %s was made by %s, not %s", a.ID, a.Attester, att.Address)
	}
	if a.Status == StatusRevoked {
		return codes.IdentityAlreadyRevoked.Wrapf("attestation %s is already revoked", a.ID)
	}
	a.Status = StatusRevoked
	a.History = append(a.History, StatusChange{At: ctx.Stamp(), Event: "revoked", By: att.Address, Reason: msg.Reason})
	put(ctx.KV, &a)
	emit(ctx, &a, "revoked")
	return nil
}

// emit records an "attestation" event whose attributes let tx_search find
// the transaction by id, attester, subject, claim and status.
func emit(ctx *kit.Context, a *Attestation, action string) {
	ctx.Emit("attestation",
		"action", action,
		"id", a.ID.String(),
		"attester", a.Attester.String(),
		"attester_jurisdiction", a.AttesterJurisdiction,
		"subject", a.Subject.String(),
		"claim", a.Claim,
		"scheme", a.Scheme,
		"status", a.Status,
		"valid_until", strconv.FormatInt(a.ValidUntil, 10),
	)
}
