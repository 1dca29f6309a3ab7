package gov

import (
	"bytes"
	"sort"
	"strconv"
	"time"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/store"
	"github.com/corridor-trade/corridor/x/membership"
)

// Routes lists this module's messages. They take no role at the router:
// the handlers check for an active operator themselves, so that a
// non-operator gets gov's own code and advice.
func Routes() []kit.Route {
	return []kit.Route{
		{Type: TypePropose, New: func() kit.Msg { return &MsgPropose{} }, Handle: func(c *kit.Context, m kit.Msg) error { return Propose(c, m.(*MsgPropose)) }},
		{Type: TypeApprove, New: func() kit.Msg { return &MsgApprove{} }, Handle: func(c *kit.Context, m kit.Msg) error { return CastVote(c, m.(*MsgApprove).ID, true) }},
		{Type: TypeReject, New: func() kit.Msg { return &MsgReject{} }, Handle: func(c *kit.Context, m kit.Msg) error { return CastVote(c, m.(*MsgReject).ID, false) }},
		{Type: TypeWithdraw, New: func() kit.Msg { return &MsgWithdraw{} }, Handle: func(c *kit.Context, m kit.Msg) error { return Withdraw(c, m.(*MsgWithdraw)) }},
	}
}

// operator returns the signer if it is an active operator.
func operator(ctx *kit.Context) (membership.Member, error) {
	m, ok := membership.ActiveMember(ctx.KV, ctx.Signer)
	if !ok || !m.HasRole(membership.RoleOperator) {
		return m, codes.GovNotOperator.Wrapf("signer %s is not an active operator", ctx.Signer)
	}
	return m, nil
}

// Propose records a proposal with the proposer's approval. It refuses a
// change that would fail if it executed now (a missing target, a broken
// invariant), so that a doomed proposal never asks for votes.
func Propose(ctx *kit.Context, msg *MsgPropose) error {
	op, err := operator(ctx)
	if err != nil {
		return err
	}
	class := Kinds[msg.Kind]
	conc, err := concerned(ctx.KV, msg.Kind, &msg.Change)
	if err != nil {
		return err
	}
	switch {
	case class == ClassOwn && conc != op.Jurisdiction:
		return codes.GovOutsideJurisdiction.Wrapf("%s concerns %s, which decides it alone; operator %s acts for %s", msg.Kind, conc, op.Address, op.Jurisdiction)
	case class == ClassOthers && conc == op.Jurisdiction:
		return codes.GovNotElector.Wrapf("%s concerns %s; the other jurisdictions propose and decide it", msg.Kind, conc)
	}
	params := GetParams(ctx.KV)
	open := 0
	for _, id := range OpenIDs(ctx.KV) {
		if p, _ := GetProposal(ctx.KV, id); p.Proposer == op.Address {
			open++
		}
	}
	if uint64(open) >= params.ProposalQuota {
		return codes.GovQuotaExceeded.Wrapf("operator %s already has %d open proposals (gov.params.proposal_quota %d)", op.Address, open, params.ProposalQuota)
	}
	p := Proposal{Kind: msg.Kind, Class: class, Concerned: conc, Change: msg.Change, Summary: msg.Summary,
		Proposer: op.Address, Submitted: ctx.Stamp(), Rule: GetClass(ctx.KV, class), Status: StatusOpen,
		VotingEnds: TimeOf(ctx.Time.Add(time.Duration(params.VotingPeriodSeconds) * time.Second)),
		ExecAfter:  TimeOf(ctx.Time.Add(time.Duration(params.MinDelaySeconds) * time.Second)),
		Votes:      []Vote{{Voter: op.Address, Jurisdiction: op.Jurisdiction, Approve: true, At: ctx.Stamp()}}}
	if _, err := tryApply(ctx, &p); err != nil {
		return err
	}
	p.ID = nextID(ctx.KV)
	putProposal(ctx.KV, &p)
	ctx.Emit("gov", "action", "proposed", "id", strconv.FormatUint(p.ID, 10), "kind", p.Kind, "proposer", op.Address.String())
	return nil
}

// tryApply applies p's change on a cache over ctx.KV and checks the
// invariants on the result; the caller writes the cache (returned) only
// if it wants the change.
func tryApply(ctx *kit.Context, p *Proposal) (*applied, error) {
	cache := store.NewCache(ctx.KV)
	sub := &kit.Context{KV: cache, ChainID: ctx.ChainID, Height: ctx.Height, Time: ctx.Time, Signer: ctx.Signer}
	fx, err := apply(sub, p)
	if err != nil {
		return nil, err
	}
	if err := CheckInvariants(cache); err != nil {
		return nil, codes.GovInvariant.Wrapf("%s: %v", p.Kind, err)
	}
	return &applied{cache: cache, fx: fx}, nil
}

type applied struct {
	cache *store.Cache
	fx    effects
}

// CastVote records an operator's approval or reject. A later vote replaces
// the operator's earlier one until the voting deadline.
func CastVote(ctx *kit.Context, id uint64, approve bool) error {
	op, err := operator(ctx)
	if err != nil {
		return err
	}
	p, err := openProposal(ctx, id)
	if err != nil {
		return err
	}
	if TimeOf(ctx.Time) >= p.VotingEnds {
		return codes.GovDeadlinePassed.Wrapf("proposal %d's voting ended at %s", id, ctx.Time.UTC().Format(time.RFC3339))
	}
	elects := false
	for _, j := range Electorate(ctx.KV, &p) {
		elects = elects || j == op.Jurisdiction
	}
	if !elects {
		return codes.GovNotElector.Wrapf("%s does not vote on proposal %d (class %s, concerning %s)", op.Jurisdiction, id, p.Class, p.Concerned)
	}
	votes := p.Votes[:0:0]
	for _, v := range p.Votes {
		if v.Voter == op.Address {
			if v.Approve == approve {
				return codes.GovAlreadyVoted.Wrapf("operator %s already voted %s on proposal %d", op.Address, voteWord(approve), id)
			}
			continue
		}
		votes = append(votes, v)
	}
	votes = append(votes, Vote{Voter: op.Address, Jurisdiction: op.Jurisdiction, Approve: approve, At: ctx.Stamp()})
	sort.Slice(votes, func(i, j int) bool { return bytes.Compare(votes[i].Voter[:], votes[j].Voter[:]) < 0 })
	p.Votes = votes
	putProposal(ctx.KV, &p)
	ctx.Emit("gov", "action", voteWord(approve), "id", strconv.FormatUint(id, 10), "voter", op.Address.String())
	return nil
}

func voteWord(approve bool) string {
	if approve {
		return "approve"
	}
	return "reject"
}

func openProposal(ctx *kit.Context, id uint64) (Proposal, error) {
	p, ok := GetProposal(ctx.KV, id)
	if !ok {
		return p, codes.GovUnknownProposal.Wrapf("no proposal %d", id)
	}
	if p.Status != StatusOpen {
		return p, codes.GovNotOpen.Wrapf("proposal %d is %s", id, p.Status)
	}
	return p, nil
}

// Withdraw closes an open proposal at its proposer's request; it stays on
// record with its votes.
func Withdraw(ctx *kit.Context, msg *MsgWithdraw) error {
	op, err := operator(ctx)
	if err != nil {
		return err
	}
	p, err := openProposal(ctx, msg.ID)
	if err != nil {
		return err
	}
	if p.Proposer != op.Address {
		return codes.GovNotProposer.Wrapf("proposal %d was made by %s", msg.ID, p.Proposer)
	}
	closeProposal(ctx, &p, StatusWithdrawn, "withdrawn by its proposer")
	return nil
}

// closeProposal gives p a final status, with the tally at that moment.
func closeProposal(ctx *kit.Context, p *Proposal, status, reason string) {
	t, at := Count(ctx.KV, p), ctx.Stamp()
	p.Status, p.Reason, p.Closed, p.FinalTally = status, reason, &at, &t
	putProposal(ctx.KV, p)
	ctx.Emit("gov", "action", status, "id", strconv.FormatUint(p.ID, 10), "kind", p.Kind)
}
