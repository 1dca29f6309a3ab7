package title

import (
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/membership"
)

// Routes lists this module's messages for the application's router. Any
// active member may sign them; who may take each step is the record's
// business (holder, owner, issuer), checked by the handlers.
func Routes() []kit.Route {
	return []kit.Route{
		{Type: TypeIssue, New: func() kit.Msg { return &MsgIssue{} }, Handle: func(c *kit.Context, m kit.Msg) error { return Issue(c, m.(*MsgIssue)) }},
		{Type: TypeImport, New: func() kit.Msg { return &MsgImport{} }, Handle: func(c *kit.Context, m kit.Msg) error { return ImportRecord(c, m.(*MsgImport)) }},
		{Type: TypeTransfer, New: func() kit.Msg { return &MsgTransfer{} }, Handle: func(c *kit.Context, m kit.Msg) error { return Transfer(c, m.(*MsgTransfer)) }},
		{Type: TypeNominate, New: func() kit.Msg { return &MsgNominate{} }, Handle: func(c *kit.Context, m kit.Msg) error { return Nominate(c, m.(*MsgNominate)) }},
		{Type: TypeEndorse, New: func() kit.Msg { return &MsgEndorse{} }, Handle: func(c *kit.Context, m kit.Msg) error { return Endorse(c, m.(*MsgEndorse)) }},
		{Type: TypeReject, New: func() kit.Msg { return &MsgReject{} }, Handle: func(c *kit.Context, m kit.Msg) error { return Reject(c, m.(*MsgReject)) }},
		{Type: TypeSurrender, New: func() kit.Msg { return &MsgSurrender{} }, Handle: func(c *kit.Context, m kit.Msg) error { return Surrender(c, m.(*MsgSurrender)) }},
		{Type: TypeAcceptSurrender, New: func() kit.Msg { return &MsgAcceptSurrender{} }, Handle: func(c *kit.Context, m kit.Msg) error { return AcceptSurrender(c, m.(*MsgAcceptSurrender)) }},
		{Type: TypeRejectSurrender, New: func() kit.Msg { return &MsgRejectSurrender{} }, Handle: func(c *kit.Context, m kit.Msg) error { return RejectSurrender(c, m.(*MsgRejectSurrender)) }},
		{Type: TypeExitToPaper, New: func() kit.Msg { return &MsgExitToPaper{} }, Handle: func(c *kit.Context, m kit.Msg) error { return ExitToPaper(c, m.(*MsgExitToPaper)) }},
	}
}

// activeParty returns an error unless a is an active member.
func activeParty(ctx *kit.Context, field string, a secp.Address) error {
	if _, ok := membership.ActiveMember(ctx.KV, a); !ok {
		return codes.TitleNotMember.Wrapf("%s %s is not an active member", field, a)
	}
	return nil
}

// create checks and stores a new record.
func create(ctx *kit.Context, r Record, step string) error {
	issuer, err := membership.Signer(ctx, "")
	if err != nil {
		return err
	}
	if err := activeParty(ctx, "owner", r.Owner); err != nil {
		return err
	}
	if err := activeParty(ctx, "holder", r.Holder); err != nil {
		return err
	}
	r.Issuer = issuer.Address
	r.ID = RecordID(issuer.Address, r.DocHash)
	if _, dup := GetRecord(ctx.KV, r.ID); dup {
		return codes.TitleExists.Wrapf("issuer %s already created record %s for document %s", issuer.Address, r.ID, r.DocHash)
	}
	if r.Import != nil {
		if id, dup := ImportedAs(ctx.KV, r.Import.Token); dup {
			return codes.TitleImportExists.Wrapf("token %s of registry %s on chain %d is already record %s", r.Import.Token.TokenID, r.Import.Token.Registry, r.Import.Token.ChainID, id)
		}
	}
	r.State, r.Issued = StateActive, ctx.Stamp()
	r.History = []HistoryEntry{{Step: step, By: issuer.Address, ToHolder: r.Holder, ToOwner: r.Owner, State: StateActive, At: ctx.Stamp()}}
	newRecord(ctx.KV, &r)
	ctx.Emit("title", "step", step, "id", r.ID.String(), "kind", r.Kind, "doc_hash", r.DocHash.String(),
		"issuer", r.Issuer.String(), "holder", r.Holder.String(), "owner", r.Owner.String(), "state", r.State)
	return nil
}

// Issue creates a record (MsgIssue).
func Issue(ctx *kit.Context, msg *MsgIssue) error {
	if err := msg.ValidateBasic(); err != nil {
		return err
	}
	return create(ctx, Record{Kind: msg.Kind, DocHash: msg.DocHash, FieldRoot: msg.FieldRoot, Owner: msg.Owner,
		Holder: msg.Holder, Reference: msg.Reference}, StepIssue)
}

// ImportRecord creates a record that left a TradeTrust token registry
// (MsgImport); a token is imported once.
func ImportRecord(ctx *kit.Context, msg *MsgImport) error {
	if err := msg.ValidateBasic(); err != nil {
		return err
	}
	return create(ctx, Record{Kind: msg.Kind, DocHash: msg.DocHash, Owner: msg.Owner, Holder: msg.Holder,
		Reference: msg.Reference, Import: &Import{Token: msg.Token, MerkleRoot: msg.MerkleRoot}}, StepImport)
}

// stepFunc checks the signer's part in a step and changes the record; the
// caller has checked the table, and records the state, history and
// indexes afterwards.
type stepFunc func(r *Record, signer secp.Address) error

// take runs one step on record id: the table decides whether the step may
// happen in the record's state, then do checks who signs and changes the
// record, which then enters the table's next state with a history entry.
// A refused step changes nothing.
func take(ctx *kit.Context, id Hash, step, reason string, do stepFunc) error {
	signer, err := membership.Signer(ctx, "")
	if err != nil {
		return err
	}
	r, ok := GetRecord(ctx.KV, id)
	if !ok {
		return codes.TitleNotFound.Wrapf("no record %s", id)
	}
	cell := Can(r.State, step)
	if !cell.Allowed() {
		return cell.Refuse.Wrapf("%s of record %s in state %s", step, id, r.State)
	}
	oldHolder, oldOwner := r.Holder, r.Owner
	if err := do(&r, signer.Address); err != nil {
		return err
	}
	r.State = cell.Next
	if r.State != StateNominated {
		r.Nominee = secp.Address{}
	}
	if r.State != StateTransferred && r.State != StateSurrendered {
		r.Prev = Prev{}
	}
	r.History = append(r.History, HistoryEntry{Step: step, By: signer.Address, FromHolder: oldHolder, ToHolder: r.Holder,
		FromOwner: oldOwner, ToOwner: r.Owner, State: r.State, At: ctx.Stamp(), Reason: reason})
	putRecord(ctx.KV, &r, oldHolder)
	ctx.Emit("title", "step", step, "id", r.ID.String(), "by", signer.Address.String(), "holder", r.Holder.String(),
		"owner", r.Owner.String(), "state", r.State)
	return nil
}

func isHolder(r *Record, s secp.Address) error {
	if r.Holder != s {
		return codes.TitleNotHolder.Wrapf("record %s is held by %s, not %s", r.ID, r.Holder, s)
	}
	return nil
}

func isIssuer(r *Record, s secp.Address) error {
	if r.Issuer != s {
		return codes.TitleNotIssuer.Wrapf("record %s was issued by %s, not %s", r.ID, r.Issuer, s)
	}
	return nil
}

// Transfer moves holdership (MsgTransfer).
func Transfer(ctx *kit.Context, msg *MsgTransfer) error {
	if err := msg.ValidateBasic(); err != nil {
		return err
	}
	return take(ctx, msg.ID, StepTransfer, "", func(r *Record, s secp.Address) error {
		if err := isHolder(r, s); err != nil {
			return err
		}
		if msg.NewHolder == r.Holder {
			return codes.TitleSameMember.Wrapf("%s already holds record %s", msg.NewHolder, r.ID)
		}
		if err := activeParty(ctx, "new holder", msg.NewHolder); err != nil {
			return err
		}
		r.Prev = Prev{Holder: r.Holder, Owner: r.Owner}
		r.Holder = msg.NewHolder
		return nil
	})
}

// Nominate records the owner's nominee (MsgNominate).
func Nominate(ctx *kit.Context, msg *MsgNominate) error {
	if err := msg.ValidateBasic(); err != nil {
		return err
	}
	return take(ctx, msg.ID, StepNominate, "", func(r *Record, s secp.Address) error {
		if r.Owner != s {
			return codes.TitleNotOwner.Wrapf("record %s is owned by %s, not %s", r.ID, r.Owner, s)
		}
		if msg.Nominee == r.Owner {
			return codes.TitleSameMember.Wrapf("%s already owns record %s", msg.Nominee, r.ID)
		}
		if err := activeParty(ctx, "nominee", msg.Nominee); err != nil {
			return err
		}
		r.Nominee = msg.Nominee
		return nil
	})
}

// Endorse moves ownership (and, if named, holdership) (MsgEndorse).
func Endorse(ctx *kit.Context, msg *MsgEndorse) error {
	if err := msg.ValidateBasic(); err != nil {
		return err
	}
	return take(ctx, msg.ID, StepEndorse, "", func(r *Record, s secp.Address) error {
		if err := isHolder(r, s); err != nil {
			return err
		}
		switch {
		case r.State == StateNominated && msg.NewOwner != r.Nominee:
			return codes.TitleNotNominee.Wrapf("the owner nominated %s, not %s", r.Nominee, msg.NewOwner)
		case r.State != StateNominated && r.Owner != s:
			return codes.TitleNoNomination.Wrapf("record %s has no nomination and its holder %s is not its owner %s", r.ID, s, r.Owner)
		case msg.NewOwner == r.Owner:
			return codes.TitleSameMember.Wrapf("%s already owns record %s", msg.NewOwner, r.ID)
		}
		if err := activeParty(ctx, "new owner", msg.NewOwner); err != nil {
			return err
		}
		if !msg.NewHolder.IsZero() && msg.NewHolder != r.Holder {
			if err := activeParty(ctx, "new holder", msg.NewHolder); err != nil {
				return err
			}
		}
		r.Prev = Prev{Holder: r.Holder, Owner: r.Owner}
		r.Owner = msg.NewOwner
		if !msg.NewHolder.IsZero() {
			r.Holder = msg.NewHolder
		}
		return nil
	})
}

// Reject returns the last transfer or endorsement (MsgReject).
func Reject(ctx *kit.Context, msg *MsgReject) error {
	if err := msg.ValidateBasic(); err != nil {
		return err
	}
	return take(ctx, msg.ID, StepReject, "", func(r *Record, s secp.Address) error {
		gotHolder := r.Holder == s && r.Prev.Holder != s
		gotOwner := r.Owner == s && r.Prev.Owner != s
		if !gotHolder && !gotOwner {
			return codes.TitleNotReceiver.Wrapf("%s received neither holdership nor ownership of record %s in its last step", s, r.ID)
		}
		r.Holder, r.Owner = r.Prev.Holder, r.Prev.Owner
		return nil
	})
}

// Surrender hands the record to its issuer (MsgSurrender).
func Surrender(ctx *kit.Context, msg *MsgSurrender) error {
	if err := msg.ValidateBasic(); err != nil {
		return err
	}
	return take(ctx, msg.ID, StepSurrender, "", func(r *Record, s secp.Address) error {
		if err := isHolder(r, s); err != nil {
			return err
		}
		if r.Owner != s {
			return codes.TitleNotOwner.Wrapf("record %s is owned by %s: a surrender needs its holder to be its owner too (endorse it first)", r.ID, r.Owner)
		}
		r.Prev = Prev{Holder: r.Holder, Owner: r.Owner}
		r.Holder = r.Issuer
		return nil
	})
}

// AcceptSurrender spends the record (MsgAcceptSurrender).
func AcceptSurrender(ctx *kit.Context, msg *MsgAcceptSurrender) error {
	if err := msg.ValidateBasic(); err != nil {
		return err
	}
	return take(ctx, msg.ID, StepAcceptSurrender, "", func(r *Record, s secp.Address) error { return isIssuer(r, s) })
}

// RejectSurrender restores the record to who surrendered it
// (MsgRejectSurrender).
func RejectSurrender(ctx *kit.Context, msg *MsgRejectSurrender) error {
	if err := msg.ValidateBasic(); err != nil {
		return err
	}
	return take(ctx, msg.ID, StepRejectSurrender, "", func(r *Record, s secp.Address) error {
		if err := isIssuer(r, s); err != nil {
			return err
		}
		r.Holder, r.Owner = r.Prev.Holder, r.Prev.Owner
		return nil
	})
}

// ExitToPaper converts the record to paper (MsgExitToPaper).
func ExitToPaper(ctx *kit.Context, msg *MsgExitToPaper) error {
	if err := msg.ValidateBasic(); err != nil {
		return err
	}
	return take(ctx, msg.ID, StepExitToPaper, msg.Reason, func(r *Record, s secp.Address) error { return isIssuer(r, s) })
}
