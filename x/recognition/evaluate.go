package recognition

import (
	"encoding/hex"
	"fmt"
	"time"

	"github.com/corridor-trade/corridor/x/identity"
	"github.com/corridor-trade/corridor/x/kit/store"
	"github.com/corridor-trade/corridor/x/membership"
)

// Target kinds.
const (
	TargetAttestation = "attestation"
	TargetDocument    = "document"
)

// Target is what Evaluate judges: an attestation (by id) or an anchored
// document (by document hash).
type Target struct {
	Kind string
	Hash [32]byte
}

// AttestationTarget names an attestation.
func AttestationTarget(id [32]byte) Target { return Target{Kind: TargetAttestation, Hash: id} }

// DocumentTarget names an anchored document.
func DocumentTarget(docHash [32]byte) Target { return Target{Kind: TargetDocument, Hash: docHash} }

// ResolveTarget decides what a bare 32-byte value names: an attestation if
// one has this id, otherwise a document.
func ResolveTarget(kv store.KV, h [32]byte) Target {
	if _, ok := identity.Get(kv, h); ok {
		return AttestationTarget(h)
	}
	return DocumentTarget(h)
}

// Checks named in verdict reasons.
const (
	CheckJurisdiction   = "jurisdiction"    // the evaluating jurisdiction exists
	CheckTarget         = "target"          // the target kind is known
	CheckExists         = "exists"          // the attestation exists
	CheckRecognised     = "attester"        // the attester is recognised for the claim
	CheckActive         = "active"          // the attestation counts now
	CheckAnchored       = "anchored"        // the document is anchored (and not cancelled or revoked)
	CheckProfile        = "profile"         // the document's profile is accepted
	CheckIssuerAttested = "issuer-attested" // the issuer holds a recognised, active legal-entity attestation
)

// Reason is one check of a verdict: what was checked, whether it passed,
// and the rule and attestation it relied on or what is missing.
type Reason struct {
	Check       string `json:"check"`
	OK          bool   `json:"ok"`
	Detail      string `json:"detail"`
	Rule        string `json:"rule,omitempty"`
	Attestation string `json:"attestation,omitempty"`
}

// Verdict is the result of Evaluate. Recognized is true exactly when every
// reason is OK (and there is at least one).
type Verdict struct {
	Target     string    `json:"target"`
	Kind       string    `json:"kind"`
	In         string    `json:"in"`
	AsOf       time.Time `json:"as_of"`
	Recognized bool      `json:"recognized"`
	Reasons    []Reason  `json:"reasons"`
}

func (v *Verdict) add(r Reason) { v.Reasons = append(v.Reasons, r) }

// Evaluate decides whether jurisdiction in recognises target at time now.
//
// An attestation is recognised when it exists, its attester is recognised
// in `in` for its claim type (see Recognised), and it is active at now.
//
// A document is recognised when it is anchored (deps.Document reports it,
// with a status other than cancelled or revoked), its profile is accepted
// in `in`, and its issuer holds at least one attestation of claim type
// legal-entity that is active at now and made by an attester recognised in
// `in` for legal-entity. Attesters of `in` itself are always recognised.
//
// Evaluate only reads state; the verdict depends on nothing but the state,
// the arguments and now.
func Evaluate(kv store.KV, deps Deps, in string, target Target, now time.Time) Verdict {
	v := Verdict{Target: hex.EncodeToString(target.Hash[:]), Kind: target.Kind, In: in, AsOf: now.UTC()}
	if _, ok := membership.GetJurisdiction(kv, in); !ok {
		v.add(Reason{Check: CheckJurisdiction, Detail: fmt.Sprintf("jurisdiction %q is not defined", in)})
		return v
	}
	switch target.Kind {
	case TargetAttestation:
		evalAttestation(kv, &v, in, target.Hash, now)
	case TargetDocument:
		evalDocument(kv, &v, deps, in, target.Hash, now)
	default:
		v.add(Reason{Check: CheckTarget, Detail: fmt.Sprintf("unknown target kind %q (want attestation or document)", target.Kind)})
	}
	v.Recognized = len(v.Reasons) > 0
	for _, r := range v.Reasons {
		v.Recognized = v.Recognized && r.OK
	}
	return v
}

func evalAttestation(kv store.KV, v *Verdict, in string, id [32]byte, now time.Time) {
	a, ok := identity.Get(kv, id)
	if !ok {
		v.add(Reason{Check: CheckExists, Detail: "no attestation has this id"})
		return
	}
	idHex := a.ID.String()
	v.add(Reason{Check: CheckExists, OK: true, Attestation: idHex,
		Detail: fmt.Sprintf("%s attestation (scheme %q) by %s of %s about %s", a.Claim, a.Scheme, a.Attester, a.AttesterJurisdiction, a.Subject)})
	if rule, ok := Recognised(kv, in, a.Attester, a.AttesterJurisdiction, a.Claim); ok {
		v.add(Reason{Check: CheckRecognised, OK: true, Rule: rule, Attestation: idHex,
			Detail: fmt.Sprintf("%s recognises %s (of %s) for %s", in, a.Attester, a.AttesterJurisdiction, a.Claim)})
	} else {
		v.add(Reason{Check: CheckRecognised, Attestation: idHex,
			Detail: fmt.Sprintf("%s has no rule recognising %s or the attesters of %s for %s", in, a.Attester, a.AttesterJurisdiction, a.Claim)})
	}
	st := identity.State(kv, &a, now)
	v.add(Reason{Check: CheckActive, OK: st == identity.StateActive, Attestation: idHex, Detail: "attestation is " + st})
}

func evalDocument(kv store.KV, v *Verdict, deps Deps, in string, h [32]byte, now time.Time) {
	if deps.Document == nil {
		v.add(Reason{Check: CheckAnchored, Detail: "this node has no document source wired"})
		return
	}
	d, ok := deps.Document(kv, h)
	if !ok {
		v.add(Reason{Check: CheckAnchored, Detail: "no document is anchored under this hash"})
		return
	}
	if Inactive(d.Status) {
		v.add(Reason{Check: CheckAnchored, Detail: fmt.Sprintf("document was anchored at height %d but is %s", d.Anchored.Height, d.Status) + provenance(d)})
		return
	}
	v.add(Reason{Check: CheckAnchored, OK: true,
		Detail: fmt.Sprintf("anchored at height %d by %s of %s, status %q", d.Anchored.Height, d.Issuer, d.IssuerJurisdiction, d.Status) + provenance(d)})

	if p, _ := AcceptedProfiles(kv, in); p.Accepts(d.Profile) {
		v.add(Reason{Check: CheckProfile, OK: true, Rule: in + ":" + KindProfiles, Detail: fmt.Sprintf("%s accepts profile %s", in, d.Profile)})
	} else {
		v.add(Reason{Check: CheckProfile, Rule: in + ":" + KindProfiles, Detail: fmt.Sprintf("%s does not accept profile %q (accepts %v)", in, d.Profile, p.Profiles)})
	}

	active := identity.ActiveFor(kv, d.Issuer, identity.ClaimLegalEntity, now)
	for _, a := range active {
		if rule, ok := Recognised(kv, in, a.Attester, a.AttesterJurisdiction, a.Claim); ok {
			v.add(Reason{Check: CheckIssuerAttested, OK: true, Rule: rule, Attestation: a.ID.String(),
				Detail: fmt.Sprintf("issuer %s is a legal entity (%s) per %s of %s", d.Issuer, a.Scheme, a.Attester, a.AttesterJurisdiction)})
			return
		}
	}
	if len(active) == 0 {
		v.add(Reason{Check: CheckIssuerAttested, Detail: fmt.Sprintf("issuer %s holds no active legal-entity attestation", d.Issuer)})
		return
	}
	for _, a := range active {
		v.add(Reason{Check: CheckIssuerAttested, Attestation: a.ID.String(),
			Detail: fmt.Sprintf("legal-entity attestation by %s of %s is active but %s does not recognise that attester for legal-entity", a.Attester, a.AttesterJurisdiction, in)})
	}
}

// provenance is the suffix naming where a foreign document's facts come
// from, or "" for a local document.
func provenance(d DocumentFacts) string {
	if d.Provenance == "" {
		return ""
	}
	return " [provenance: " + d.Provenance + "]"
}

// Direction is what jurisdiction In recognises of jurisdiction Of: claims
// recognised for every attester of Of, rules for single attesters of Of,
// and the profiles In accepts.
type Direction struct {
	In                 string   `json:"in"`
	Of                 string   `json:"of"`
	JurisdictionClaims []string `json:"jurisdiction_claims"`
	Attesters          []Rule   `json:"attesters"`
	Profiles           []string `json:"profiles"`
}

// MutualView shows recognition in both directions between two
// jurisdictions.
type MutualView struct {
	AToB Direction `json:"a_recognises_b"`
	BToA Direction `json:"b_recognises_a"`
}

// Mutual returns what a recognises of b's attesters and what b recognises
// of a's.
func Mutual(kv store.KV, a, b string) MutualView {
	return MutualView{AToB: direction(kv, a, b), BToA: direction(kv, b, a)}
}

func direction(kv store.KV, in, of string) Direction {
	d := Direction{In: in, Of: of, JurisdictionClaims: []string{}, Attesters: []Rule{}, Profiles: []string{}}
	if in == of {
		d.JurisdictionClaims = append(d.JurisdictionClaims, identity.Claims...)
	} else if r, ok := JurisdictionRule(kv, in, of); ok {
		d.JurisdictionClaims = append(d.JurisdictionClaims, r.Claims...)
	}
	for _, r := range loadRules(kv, attesterRulePrefix(in)) {
		if r.AttesterJurisdiction == of {
			d.Attesters = append(d.Attesters, r)
		}
	}
	if p, ok := AcceptedProfiles(kv, in); ok {
		d.Profiles = append(d.Profiles, p.Profiles...)
	}
	return d
}
