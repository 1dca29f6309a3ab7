package recognition

import (
	"encoding/json"
	"regexp"

	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/kit"
)

// Document profiles a jurisdiction can accept. They are the profile names
// of formats (a test keeps them in step).
const (
	ProfileUBL             = "ubl-2.1"
	ProfileCII             = "cii-d16b"
	ProfileEDIFACT         = "edifact-invoic"
	ProfileISO20022        = "iso20022"
	ProfileVC              = "w3c-vc-jcs"
	ProfileOpenAttestation = "openattestation-v2"
	ProfileRaw             = "raw"
)

// Profiles lists every known profile in sorted order.
var Profiles = []string{ProfileCII, ProfileEDIFACT, ProfileISO20022, ProfileOpenAttestation, ProfileRaw, ProfileUBL, ProfileVC}

// KnownProfile reports whether p is a known profile.
func KnownProfile(p string) bool {
	for _, k := range Profiles {
		if k == p {
			return true
		}
	}
	return false
}

var jurisdictionCode = regexp.MustCompile(`^[A-Z]{2}(-[A-Z0-9]{1,3})?$`)

// ValidJurisdictionCode reports whether s looks like SG or CN-SH.
func ValidJurisdictionCode(s string) bool { return jurisdictionCode.MatchString(s) }

// Rule is a recognition rule of jurisdiction In. An attester rule names one
// attester (Attester set; AttesterJurisdiction is that attester's
// jurisdiction, recorded for Mutual). A jurisdiction rule names every
// attester of AttesterJurisdiction (Attester zero). Claims are the claim
// types recognised, sorted. SetBy is zero for rules from genesis.
type Rule struct {
	In                   string       `wire:"1"`
	Attester             secp.Address `wire:"2"`
	AttesterJurisdiction string       `wire:"3"`
	Claims               []string     `wire:"4"`
	SetBy                secp.Address `wire:"5"`
	Set                  kit.Stamp    `wire:"6"`
}

// Rule kinds, as named in JSON and in verdicts.
const (
	KindAttester     = "attester"
	KindJurisdiction = "jurisdiction"
	KindProfiles     = "profiles"
	KindOwn          = "own-jurisdiction"
)

// Kind returns KindAttester or KindJurisdiction.
func (r *Rule) Kind() string {
	if r.Attester.IsZero() {
		return KindJurisdiction
	}
	return KindAttester
}

// Name identifies the rule in verdicts: "<in>:attester/<address>" or
// "<in>:jurisdiction/<code>".
func (r *Rule) Name() string {
	if r.Attester.IsZero() {
		return r.In + ":" + KindJurisdiction + "/" + r.AttesterJurisdiction
	}
	return r.In + ":" + KindAttester + "/" + r.Attester.String()
}

// Covers reports whether the rule recognises claim.
func (r *Rule) Covers(claim string) bool {
	for _, c := range r.Claims {
		if c == claim {
			return true
		}
	}
	return false
}

type ruleJSON struct {
	Name                 string        `json:"name"`
	In                   string        `json:"in"`
	Kind                 string        `json:"kind"`
	Attester             *secp.Address `json:"attester,omitempty"`
	AttesterJurisdiction string        `json:"attester_jurisdiction"`
	Claims               []string      `json:"claims"`
	SetBy                *secp.Address `json:"set_by,omitempty"`
	Set                  kit.Stamp     `json:"set"`
}

// MarshalJSON writes the rule with its kind and name; attester and set_by
// are omitted when zero.
func (r Rule) MarshalJSON() ([]byte, error) {
	j := ruleJSON{Name: r.Name(), In: r.In, Kind: r.Kind(), AttesterJurisdiction: r.AttesterJurisdiction, Claims: r.Claims, Set: r.Set}
	if !r.Attester.IsZero() {
		j.Attester = &r.Attester
	}
	if !r.SetBy.IsZero() {
		j.SetBy = &r.SetBy
	}
	return json.Marshal(j)
}

// ProfileRule lists the document profiles jurisdiction In accepts, sorted.
type ProfileRule struct {
	In       string       `wire:"1"`
	Profiles []string     `wire:"2"`
	SetBy    secp.Address `wire:"3"`
	Set      kit.Stamp    `wire:"4"`
}

// Accepts reports whether the rule accepts profile p.
func (p *ProfileRule) Accepts(profile string) bool {
	for _, x := range p.Profiles {
		if x == profile {
			return true
		}
	}
	return false
}

type profileRuleJSON struct {
	In       string        `json:"in"`
	Profiles []string      `json:"profiles"`
	SetBy    *secp.Address `json:"set_by,omitempty"`
	Set      kit.Stamp     `json:"set"`
}

// MarshalJSON writes the rule; set_by is omitted when zero (genesis).
func (p ProfileRule) MarshalJSON() ([]byte, error) {
	j := profileRuleJSON{In: p.In, Profiles: p.Profiles, Set: p.Set}
	if j.Profiles == nil {
		j.Profiles = []string{}
	}
	if !p.SetBy.IsZero() {
		j.SetBy = &p.SetBy
	}
	return json.Marshal(j)
}

// RuleSet is every rule of one jurisdiction.
type RuleSet struct {
	Jurisdiction  string      `json:"jurisdiction"`
	Attesters     []Rule      `json:"attesters"`
	Jurisdictions []Rule      `json:"jurisdictions"`
	Profiles      ProfileRule `json:"profiles"`
}
