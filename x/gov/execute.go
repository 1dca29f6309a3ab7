package gov

import (
	"bytes"
	"strconv"

	"github.com/cometbft/cometbft/crypto/ed25519"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/store"
	"github.com/corridor-trade/corridor/x/membership"
	"github.com/corridor-trade/corridor/x/title"
)

// ConsAddress is CometBFT's address of an ed25519 consensus key.
func ConsAddress(pub []byte) []byte { return ed25519.PubKey(pub).Address() }

// effects is what an executed change hands to CometBFT.
type effects struct {
	validators []kit.ValidatorUpdate
	consensus  *kit.ConsensusUpdate
}

// concerned returns the jurisdiction a change concerns ("" for the
// changes of class all), checking that the validator, operator or
// jurisdiction it names exists.
func concerned(kv store.KV, kind string, c *Change) (string, error) {
	switch kind {
	case KindValidatorAdd, KindOperatorAdd, KindOperatorThreshold:
		if _, ok := membership.GetJurisdiction(kv, c.Jurisdiction); !ok {
			return "", codes.GovUnknownTarget.Wrapf("no jurisdiction %s", c.Jurisdiction)
		}
		return c.Jurisdiction, nil
	case KindValidatorRemove, KindValidatorPower, KindValidatorRekey, KindValidatorEvict:
		v, ok := membership.GetValidator(kv, c.Validator)
		if !ok {
			return "", codes.GovUnknownTarget.Wrapf("no validator %X (query validators)", []byte(c.Validator))
		}
		return v.Jurisdiction, nil
	case KindOperatorRemove, KindOperatorRekey, KindOperatorEvict:
		m, ok := membership.GetMember(kv, c.Operator)
		if !ok || !m.HasRole(membership.RoleOperator) {
			return "", codes.GovUnknownTarget.Wrapf("no operator %s", c.Operator)
		}
		return m.Jurisdiction, nil
	case KindLegalEffectSet:
		if _, ok := membership.GetJurisdiction(kv, c.LegalEffect.Jurisdiction); !ok {
			return "", codes.GovUnknownTarget.Wrapf("no jurisdiction %s", c.LegalEffect.Jurisdiction)
		}
		return c.LegalEffect.Jurisdiction, nil
	}
	return "", nil
}

// apply makes p's change on ctx.KV, which the caller discards unless the
// invariants hold afterwards.
func apply(ctx *kit.Context, p *Proposal) (effects, error) {
	kv, c, at := ctx.KV, &p.Change, ctx.Stamp()
	reason := "gov proposal " + strconv.FormatUint(p.ID, 10)
	var fx effects
	switch p.Kind {
	case KindJurisdictionAdd:
		if _, ok := membership.GetJurisdiction(kv, c.Jurisdiction); ok {
			return fx, codes.GovUnknownTarget.Wrapf("jurisdiction %s already exists", c.Jurisdiction)
		}
		m := c.Threshold
		if m == 0 {
			m = 1
		}
		if m > uint64(len(c.Keys)) {
			return fx, codes.GovBadChange.Wrapf("threshold %d is more than the %d first operators", m, len(c.Keys))
		}
		membership.PutJurisdiction(kv, membership.Jurisdiction{Code: c.Jurisdiction, Name: c.Name})
		if err := addOperators(kv, c.Jurisdiction, c.Keys, c.Name, at, reason); err != nil {
			return fx, err
		}
		setThreshold(kv, c.Jurisdiction, m)
	case KindJurisdictionRemove:
		if _, ok := membership.GetJurisdiction(kv, c.Jurisdiction); !ok {
			return fx, codes.GovUnknownTarget.Wrapf("no jurisdiction %s", c.Jurisdiction)
		}
		for _, v := range membership.Validators(kv) {
			if v.Jurisdiction == c.Jurisdiction {
				membership.DeleteValidator(kv, v.ConsAddress)
				fx.validators = append(fx.validators, kit.ValidatorUpdate{PubKey: v.PubKey, Power: 0})
			}
		}
		for _, m := range membership.MembersOf(kv, c.Jurisdiction) {
			if m.Status == membership.StatusActive {
				membership.SetStatus(kv, m, membership.StatusSuspended, "suspended", at, reason+": jurisdiction removed")
			}
		}
		membership.DeleteJurisdiction(kv, c.Jurisdiction)
		kv.Delete(thresholdKey(c.Jurisdiction))
		kv.Delete(seatedKey(c.Jurisdiction))
	case KindClassSet:
		setClass(kv, ClassRule{Class: c.Class, Num: c.Num, Den: c.Den})
		for _, id := range OpenIDs(kv) {
			if other, _ := GetProposal(kv, id); other.Class == c.Class && other.ID != p.ID {
				closeProposal(ctx, &other, StatusAborted, "the rule of class "+c.Class+" changed during the vote (proposal "+strconv.FormatUint(p.ID, 10)+")")
			}
		}
	case KindUpgradeSchedule:
		if plan, ok := GetPlan(kv); ok {
			return fx, codes.GovUpgradeScheduled.Wrapf("upgrade %q is already scheduled at height %d", plan.Name, plan.Height)
		}
		if c.Height <= ctx.Height {
			return fx, codes.GovBadChange.Wrapf("upgrade height %d is not after the current height %d", c.Height, ctx.Height)
		}
		if Applied(kv, c.Name) {
			return fx, codes.GovBadChange.Wrapf("upgrade %q was already applied", c.Name)
		}
		kit.Put(kv, []byte(keyPlan), &Plan{Name: c.Name, Height: c.Height, Info: c.Info})
	case KindUpgradeCancel:
		if plan, ok := GetPlan(kv); !ok || plan.Name != c.Name {
			return fx, codes.GovUnknownTarget.Wrapf("no upgrade %q is scheduled", c.Name)
		}
		kv.Delete([]byte(keyPlan))
	case KindParamsSet:
		membership.SetParams(kv, *c.Params)
	case KindConsensusSet:
		cp := c.Consensus
		fx.consensus = &kit.ConsensusUpdate{BlockMaxBytes: cp.BlockMaxBytes, BlockMaxGas: cp.BlockMaxGas,
			EvidenceMaxAgeBlocks: cp.EvidenceMaxAgeBlocks, EvidenceMaxAgeSeconds: cp.EvidenceMaxAgeSeconds, EvidenceMaxBytes: cp.EvidenceMaxBytes}
	case KindValidatorEvict:
		v, err := validator(kv, c)
		if err != nil {
			return fx, err
		}
		if len(membership.MisbehaviourOf(kv, v.ConsAddress)) == 0 {
			return fx, codes.GovNoEvidence.Wrapf("no misbehaviour is recorded against validator %s", v.Name)
		}
		if c.Suspend {
			v.Power = 0
			membership.PutValidator(kv, v)
		} else {
			membership.DeleteValidator(kv, v.ConsAddress)
		}
		fx.validators = append(fx.validators, kit.ValidatorUpdate{PubKey: v.PubKey, Power: 0})
	case KindOperatorEvict, KindOperatorRemove:
		m, ok := membership.GetMember(kv, c.Operator)
		if !ok || m.Status != membership.StatusActive {
			return fx, codes.GovUnknownTarget.Wrapf("operator %s is not active", c.Operator)
		}
		event := "operator-removed"
		if p.Kind == KindOperatorEvict {
			event = "evicted"
		}
		membership.SetStatus(kv, m, membership.StatusSuspended, event, at, reason)
	case KindValidatorAdd:
		if err := freeConsKey(kv, c.PubKey); err != nil {
			return fx, err
		}
		membership.PutValidator(kv, membership.Validator{ConsAddress: ConsAddress(c.PubKey), Name: c.Name,
			Jurisdiction: c.Jurisdiction, PubKey: c.PubKey, Power: c.Power})
		seat(kv, c.Jurisdiction)
		fx.validators = append(fx.validators, kit.ValidatorUpdate{PubKey: c.PubKey, Power: c.Power})
	case KindValidatorRemove:
		v, err := validator(kv, c)
		if err != nil {
			return fx, err
		}
		membership.DeleteValidator(kv, v.ConsAddress)
		fx.validators = append(fx.validators, kit.ValidatorUpdate{PubKey: v.PubKey, Power: 0})
	case KindValidatorPower:
		v, err := validator(kv, c)
		if err != nil {
			return fx, err
		}
		if v.Power == 0 {
			return fx, codes.GovUnknownTarget.Wrapf("validator %s was suspended by the other jurisdictions; remove it and add a new key", v.Name)
		}
		v.Power = c.Power
		membership.PutValidator(kv, v)
		fx.validators = append(fx.validators, kit.ValidatorUpdate{PubKey: v.PubKey, Power: v.Power})
	case KindValidatorRekey:
		v, err := validator(kv, c)
		if err != nil {
			return fx, err
		}
		if err := freeConsKey(kv, c.PubKey); err != nil {
			return fx, err
		}
		membership.DeleteValidator(kv, v.ConsAddress)
		fx.validators = append(fx.validators, kit.ValidatorUpdate{PubKey: v.PubKey, Power: 0})
		v.ConsAddress, v.PubKey = ConsAddress(c.PubKey), c.PubKey
		membership.PutValidator(kv, v)
		if v.Power > 0 {
			fx.validators = append(fx.validators, kit.ValidatorUpdate{PubKey: v.PubKey, Power: v.Power})
		}
	case KindOperatorAdd:
		if err := addOperators(kv, c.Jurisdiction, c.Keys, c.Name, at, reason); err != nil {
			return fx, err
		}
	case KindOperatorRekey:
		m, ok := membership.GetMember(kv, c.Operator)
		if !ok {
			return fx, codes.GovUnknownTarget.Wrapf("no operator %s", c.Operator)
		}
		if len(c.Keys) != 1 {
			return fx, codes.GovBadChange.Wrapf("operator-rekey takes exactly one new key")
		}
		if err := freeMemberKey(kv, c.Keys[0]); err != nil {
			return fx, err
		}
		membership.ReplaceKey(kv, m, c.Keys[0], at, reason)
	case KindOperatorThreshold:
		setThreshold(kv, c.Jurisdiction, c.Threshold)
	case KindLegalEffectSet:
		title.SetLegalEffect(kv, *c.LegalEffect)
	default:
		return fx, codes.GovUnknownKind.Wrapf("unknown proposal kind %q", p.Kind)
	}
	return fx, nil
}

func validator(kv store.KV, c *Change) (membership.Validator, error) {
	v, ok := membership.GetValidator(kv, c.Validator)
	if !ok {
		return v, codes.GovUnknownTarget.Wrapf("no validator %X", []byte(c.Validator))
	}
	return v, nil
}

func freeConsKey(kv store.KV, pub []byte) error {
	for _, v := range membership.Validators(kv) {
		if bytes.Equal(v.PubKey, pub) {
			return codes.GovUnknownTarget.Wrapf("consensus key %X already belongs to validator %s", pub, v.Name)
		}
	}
	return nil
}

func freeMemberKey(kv store.KV, pk secp.PubKey) error {
	if m, ok := membership.MemberByPubKey(kv, pk); ok {
		return codes.GovUnknownTarget.Wrapf("key %X already belongs to member %s", pk[:], m.Address)
	}
	if m, ok := membership.GetMember(kv, pk.Address()); ok {
		return codes.GovUnknownTarget.Wrapf("key %X is the admission key of member %s", pk[:], m.Address)
	}
	return nil
}

func addOperators(kv store.KV, code string, keys []secp.PubKey, label string, at kit.Stamp, reason string) error {
	for _, k := range keys {
		if err := freeMemberKey(kv, k); err != nil {
			return err
		}
		membership.AddMember(kv, k, code, []string{membership.RoleOperator}, label, at, reason)
	}
	return nil
}
