package export

import (
	"crypto/sha256"
	"encoding/binary"
	"strconv"
	"strings"
	"time"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/membership"
)

// Routes lists this module's messages for the application's router.
func Routes() []kit.Route {
	return []kit.Route{
		{Type: TypeRules, Role: membership.RoleOperator, New: func() kit.Msg { return &MsgRules{} }, Handle: func(c *kit.Context, m kit.Msg) error { return PublishRules(c, m.(*MsgRules)) }},
		{Type: TypeEvidence, New: func() kit.Msg { return &MsgEvidence{} }, Handle: func(c *kit.Context, m kit.Msg) error { return AnchorEvidence(c, m.(*MsgEvidence)) }},
		{Type: TypeRevokeEvidence, New: func() kit.Msg { return &MsgRevokeEvidence{} }, Handle: func(c *kit.Context, m kit.Msg) error { return RevokeEvidence(c, m.(*MsgRevokeEvidence)) }},
		{Type: TypeFlow, New: func() kit.Msg { return &MsgFlow{} }, Handle: func(c *kit.Context, m kit.Msg) error { return DeclareFlow(c, m.(*MsgFlow)) }},
		{Type: TypeReport, New: func() kit.Msg { return &MsgReport{} }, Handle: func(c *kit.Context, m kit.Msg) error { return Report(c, m.(*MsgReport)) }},
	}
}

// Domain tags of the ids this module derives.
const (
	evidenceTag = "corridor/export/evidence/v1"
	flowTag     = "corridor/export/flow/v1"
)

// DeriveID returns SHA-256(tag ‖ tx hash ‖ msg index as 4 big-endian
// bytes): the id of the evidence record or flow that message msgIdx of
// the transaction creates. A client can compute it before broadcasting.
func DeriveID(tag string, txHash [32]byte, msgIdx int) Hash {
	h := sha256.New()
	h.Write([]byte(tag))
	h.Write(txHash[:])
	var i [4]byte
	binary.BigEndian.PutUint32(i[:], uint32(msgIdx))
	h.Write(i[:])
	var id Hash
	copy(id[:], h.Sum(nil))
	return id
}

// EvidenceID is the id of the evidence record message msgIdx of a
// transaction anchors.
func EvidenceID(txHash [32]byte, msgIdx int) Hash { return DeriveID(evidenceTag, txHash, msgIdx) }

// FlowID is the id of the flow message msgIdx of a transaction declares.
func FlowID(txHash [32]byte, msgIdx int) Hash { return DeriveID(flowTag, txHash, msgIdx) }

// isAuthority reports whether m is an authority of jurisdiction: an
// active attester or operator of it.
func isAuthority(m membership.Member, jurisdiction string) bool {
	return m.Status == membership.StatusActive && m.Jurisdiction == jurisdiction &&
		(m.HasRole(membership.RoleAttester) || m.HasRole(membership.RoleOperator))
}

// PublishRules stores a new rule set version. The signer must be an
// operator of the rule set's jurisdiction, and the version above every
// version published before.
func PublishRules(ctx *kit.Context, msg *MsgRules) error {
	if err := msg.ValidateBasic(); err != nil {
		return err
	}
	op, err := membership.Signer(ctx, membership.RoleOperator)
	if err != nil {
		return err
	}
	rs := msg.RuleSet
	if op.Jurisdiction != rs.Jurisdiction {
		return codes.ExportNotAuthority.Wrapf("operator %s acts for %s, not %s", op.Address, op.Jurisdiction, rs.Jurisdiction)
	}
	if latest := LatestVersion(ctx.KV, rs.Jurisdiction); rs.Version <= latest {
		return codes.ExportStaleVersion.Wrapf("version %d of %s: version %d is already published", rs.Version, rs.Jurisdiction, latest)
	}
	putRuleSet(ctx.KV, &Published{RuleSet: rs, By: op.Address, Published: ctx.Stamp()})
	ctx.Emit("export_rules", "jurisdiction", rs.Jurisdiction, "version", strconv.FormatUint(rs.Version, 10), "by", op.Address.String())
	return nil
}

// AnchorEvidence records an evidence record.
func AnchorEvidence(ctx *kit.Context, msg *MsgEvidence) error {
	if err := msg.ValidateBasic(); err != nil {
		return err
	}
	signer, err := membership.Signer(ctx, "")
	if err != nil {
		return err
	}
	holder, ok := membership.ActiveMember(ctx.KV, msg.Holder)
	if !ok {
		return codes.ExportNotHolder.Wrapf("holder %s is not an active member", msg.Holder)
	}
	authority := isAuthority(signer, holder.Jurisdiction)
	if signer.Address != holder.Address && !authority {
		return codes.ExportNotAuthority.Wrapf("signer %s is neither the holder nor an attester or operator of %s", signer.Address, holder.Jurisdiction)
	}
	if msg.Instrument == InstrSecurityAssessment && !authority {
		return codes.ExportNotAuthority.Wrapf("a security-assessment approval is anchored by an attester or operator of %s, not by the holder", holder.Jurisdiction)
	}
	if !msg.Recipient.IsZero() {
		if _, ok := membership.ActiveMember(ctx.KV, msg.Recipient); !ok {
			return codes.ExportUnknownRecipient.Wrapf("recipient %s is not an active member", msg.Recipient)
		}
	}
	from := msg.ValidFrom
	if from == 0 {
		from = ctx.Time.UnixNano()
	}
	if msg.ValidUntil != 0 && msg.ValidUntil <= from {
		return codes.ExportBadEvidence.Wrapf("valid_until is not after valid_from (the block time when 0)")
	}
	e := Evidence{ID: EvidenceID(ctx.TxHash, ctx.MsgIdx), Instrument: msg.Instrument, Authority: msg.Authority, Reference: msg.Reference,
		DocHash: msg.DocHash, Holder: msg.Holder, Recipient: msg.Recipient, Destinations: msg.Destinations, Scenarios: msg.Scenarios,
		ValidFrom: from, ValidUntil: msg.ValidUntil, AnchoredBy: signer.Address,
		History: []StatusChange{{At: ctx.Stamp(), Event: "anchored", By: signer.Address}}}
	if _, dup := GetEvidence(ctx.KV, e.ID); dup {
		return codes.Internal.Wrapf("evidence id %s collides", e.ID)
	}
	kit.Put(ctx.KV, EvidenceKey(e.ID), &e)
	ctx.Emit("export_evidence", "action", "anchored", "id", e.ID.String(), "instrument", e.Instrument, "holder", e.Holder.String(), "by", signer.Address.String())
	return nil
}

// RevokeEvidence marks an evidence record revoked.
func RevokeEvidence(ctx *kit.Context, msg *MsgRevokeEvidence) error {
	if err := msg.ValidateBasic(); err != nil {
		return err
	}
	signer, err := membership.Signer(ctx, "")
	if err != nil {
		return err
	}
	e, ok := GetEvidence(ctx.KV, msg.ID)
	if !ok {
		return codes.ExportUnknownEvidence.Wrapf("no evidence %s", msg.ID)
	}
	holder, _ := membership.GetMember(ctx.KV, e.Holder)
	if signer.Address != e.AnchoredBy && !isAuthority(signer, holder.Jurisdiction) {
		return codes.ExportNotHolder.Wrapf("evidence %s was anchored by %s; only it or an attester or operator of %s may revoke it", e.ID, e.AnchoredBy, holder.Jurisdiction)
	}
	if e.Revoked {
		return codes.ExportEvidenceRevoked.Wrapf("evidence %s is already revoked", e.ID)
	}
	e.Revoked = true
	e.History = append(e.History, StatusChange{At: ctx.Stamp(), Event: "revoked", By: signer.Address, Reason: msg.Reason})
	kit.Put(ctx.KV, EvidenceKey(e.ID), &e)
	ctx.Emit("export_evidence", "action", "revoked", "id", e.ID.String(), "by", signer.Address.String())
	return nil
}

// DeclareFlow evaluates a declared flow against the rule set of the
// exporter's jurisdiction in force at the block time and, if the
// evidence the decision needs is there, records it and counts its
// volumes against the exporter's legal entity. A refused flow changes
// nothing.
func DeclareFlow(ctx *kit.Context, msg *MsgFlow) error {
	if err := msg.ValidateBasic(); err != nil {
		return err
	}
	exp, err := membership.Signer(ctx, "")
	if err != nil {
		return err
	}
	if msg.Destination == exp.Jurisdiction {
		return codes.ExportBadFlow.Wrapf("destination %s is the exporter's own jurisdiction", msg.Destination)
	}
	if rc, ok := membership.ActiveMember(ctx.KV, msg.Recipient); !ok || rc.Jurisdiction != msg.Destination {
		return codes.ExportUnknownRecipient.Wrapf("recipient %s is not an active member of %s", msg.Recipient, msg.Destination)
	}
	pub, ok := InForce(ctx.KV, exp.Jurisdiction, ctx.Time)
	if !ok {
		return codes.ExportNoRuleSet.Wrapf("no export rule set of %s is in force at %s", exp.Jurisdiction, ctx.Time.Format(time.RFC3339))
	}
	rs := &pub.RuleSet
	entity, linked, err := EntityOf(ctx.KV, exp.Address, ctx.Time)
	if err != nil {
		return err
	}
	if rs.RequireEntity && !linked {
		return codes.ExportNoEntity.Wrapf("rule set %s version %d requires a legal-entity attestation of %s for %s", rs.Jurisdiction, rs.Version, exp.Jurisdiction, exp.Address)
	}
	year := YearOf(ctx.Time, rs.UTCOffsetMinutes)
	before := GetCounter(ctx.KV, entity, exp.Jurisdiction, year)
	d := Decide(rs, Input{Sector: msg.Sector, Scenario: msg.Scenario, Categories: msg.Categories, Items: msg.Items,
		Volumes: msg.Volumes, CIIO: msg.CIIO, Before: before})

	evs := make([]Evidence, 0, len(msg.Evidence))
	held := make([]bool, 0, len(msg.Evidence))
	for _, id := range msg.Evidence {
		e, ok := GetEvidence(ctx.KV, id)
		if !ok {
			return codes.ExportUnknownEvidence.Wrapf("no evidence %s", id)
		}
		he, _, herr := EntityOf(ctx.KV, e.Holder, ctx.Time)
		evs = append(evs, e)
		held = append(held, herr == nil && he == entity)
	}
	need := Need{Procedure: d.Procedure, Destination: msg.Destination, Scenario: msg.Scenario, Recipient: msg.Recipient, Now: ctx.Time}
	idx, err := CheckEvidence(evs, held, need)
	if err != nil {
		return wrapDecision(err, d)
	}
	if idx >= 0 {
		d.Evidence = evs[idx].ID
	}
	if d.Counted {
		c := before.Add(msg.Volumes)
		kit.Put(ctx.KV, CounterKey(entity, exp.Jurisdiction, year), &c)
	}
	f := Flow{ID: FlowID(ctx.TxHash, ctx.MsgIdx), Exporter: exp.Address, Entity: entity, Origin: exp.Jurisdiction,
		Destination: msg.Destination, Recipient: msg.Recipient, Sector: msg.Sector, Scenario: msg.Scenario,
		Categories: msg.Categories, Items: msg.Items, Volumes: msg.Volumes, CIIO: msg.CIIO, Documents: msg.Documents,
		Evidence: msg.Evidence, RuleSet: rs.Version, Decision: d, Year: year, Declared: ctx.Stamp()}
	if d.ReportDays > 0 {
		f.ReportDue = AddBusinessDays(ctx.Time, rs.UTCOffsetMinutes, d.ReportDays).UnixNano()
	}
	if _, dup := GetFlow(ctx.KV, f.ID); dup {
		return codes.Internal.Wrapf("flow id %s collides", f.ID)
	}
	putFlow(ctx.KV, &f)
	ctx.Emit("export_flow", "id", f.ID.String(), "exporter", exp.Address.String(), "origin", f.Origin, "destination", f.Destination,
		"procedure", d.Procedure, "rule_set", strconv.FormatUint(rs.Version, 10))
	return nil
}

// wrapDecision adds the decision's procedure and reasons to a refusal,
// keeping its code.
func wrapDecision(err error, d Decision) error {
	msg := err.Error()
	c := codes.Of(err)
	if p := c.Error() + ": "; len(msg) > len(p) && msg[:len(p)] == p {
		msg = msg[len(p):]
	}
	return c.Wrapf("%s; decision: %s because %s", msg, d.Procedure, strings.Join(d.Reasons, "; "))
}

// Report records that a flow's report was filed.
func Report(ctx *kit.Context, msg *MsgReport) error {
	if err := msg.ValidateBasic(); err != nil {
		return err
	}
	signer, err := membership.Signer(ctx, "")
	if err != nil {
		return err
	}
	f, ok := GetFlow(ctx.KV, msg.Flow)
	if !ok {
		return codes.ExportUnknownFlow.Wrapf("no flow %s", msg.Flow)
	}
	if signer.Address != f.Exporter {
		e, _, err := EntityOf(ctx.KV, signer.Address, ctx.Time)
		if err != nil || e != f.Entity {
			return codes.ExportNotHolder.Wrapf("flow %s was declared by %s; only a member of its legal entity may report it", f.ID, f.Exporter)
		}
	}
	if f.ReportDue == 0 || f.Reported.Height != 0 {
		return codes.ExportAlreadyReported.Wrapf("flow %s needs no report or was reported at height %d", f.ID, f.Reported.Height)
	}
	ctx.KV.Delete(dueKey(f.ReportDue, f.ID))
	f.Reported, f.ReportHash, f.ReportRef = ctx.Stamp(), msg.ReportHash, msg.Reference
	kit.Put(ctx.KV, FlowKey(f.ID), &f)
	late := ctx.Time.UnixNano() > f.ReportDue
	ctx.Emit("export_report", "flow", f.ID.String(), "by", signer.Address.String(), "late", strconv.FormatBool(late))
	return nil
}
