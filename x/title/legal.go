package title

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/corridor-trade/corridor/codes"
)

// Limits of a legal-effect entry.
const (
	MaxLaw      = 256 // bytes of the law's name
	MaxNote     = 512 // bytes of the note
	MaxSource   = 256 // bytes of the source (a URL or a citation)
	MaxRouteLen = 16  // jurisdictions in one route
)

// LegalEffect says whether electronic transferable records have legal
// effect in a jurisdiction, from which law and since when. It is a
// governed setting: genesis sets it, a gov proposal of kind
// legal-effect-set (class own: the jurisdiction decides alone) changes it.
// AsOf is the date the sources were read; the entry says what they say on
// that date, it is not legal advice.
type LegalEffect struct {
	Jurisdiction string `wire:"1" json:"jurisdiction"`
	InForce      bool   `wire:"2" json:"in_force"`         // electronic transferable records have legal effect
	Law          string `wire:"3" json:"law,omitempty"`    // the law that gives it (or, when not in force, the one proposed)
	Since        string `wire:"4" json:"since,omitempty"`  // YYYY-MM-DD the law took effect (when in force)
	Note         string `wire:"5" json:"note,omitempty"`   // e.g. the consultation, the exclusions
	Source       string `wire:"6" json:"source,omitempty"` // where it is written (URL or citation)
	AsOf         string `wire:"7" json:"as_of,omitempty"`  // YYYY-MM-DD the sources were read
	// Kinds are the kinds of record the law covers, sorted; none means
	// every kind (the Mainland's Maritime Code covers transport records,
	// not bills of exchange).
	Kinds []string `wire:"8" json:"kinds,omitempty"`
}

var (
	jurisdictionCode = regexp.MustCompile(`^[A-Z]{2}(-[A-Z0-9]{1,3})?$`)
	dateForm         = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)
)

// ValidJurisdiction reports whether s is a jurisdiction code (SG, HK,
// CN-SH).
func ValidJurisdiction(s string) bool { return jurisdictionCode.MatchString(s) }

func validDate(s string) bool {
	if !dateForm.MatchString(s) {
		return false
	}
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}

func text(s string, max int) bool { return len(s) <= max && utf8.ValidString(s) }

// Validate checks the entry's form.
func (l LegalEffect) Validate() error {
	bad := codes.TitleBadLegalEffect.Wrapf
	switch {
	case !ValidJurisdiction(l.Jurisdiction):
		return bad("jurisdiction %q is not a code such as SG, HK or CN-SH", l.Jurisdiction)
	case !text(l.Law, MaxLaw) || !text(l.Note, MaxNote) || !text(l.Source, MaxSource):
		return bad("law, note and source take at most %d, %d and %d bytes of UTF-8", MaxLaw, MaxNote, MaxSource)
	case l.InForce && (l.Law == "" || l.Source == ""):
		return bad("an entry in force names its law and source")
	case l.InForce && !validDate(l.Since):
		return bad("since (the date the law took effect) is required in force, written YYYY-MM-DD")
	case !l.InForce && l.Since != "" && !validDate(l.Since):
		return bad("since %q is not written YYYY-MM-DD", l.Since)
	case l.AsOf != "" && !validDate(l.AsOf):
		return bad("as_of %q is not written YYYY-MM-DD", l.AsOf)
	}
	for i, k := range l.Kinds {
		if !KnownKind(k) || i > 0 && l.Kinds[i-1] >= k {
			return bad("kinds must be sorted, distinct kinds of %v", Kinds)
		}
	}
	return nil
}

// Covers reports whether the entry's law covers records of kind.
func (l LegalEffect) Covers(kind string) bool {
	if len(l.Kinds) == 0 {
		return true
	}
	for _, k := range l.Kinds {
		if k == kind {
			return true
		}
	}
	return false
}

// Effective reports whether the entry gives records of kind legal effect
// at t: in force, covering the kind ("" for any kind), and t on or after
// Since (in UTC).
func (l LegalEffect) Effective(kind string, t time.Time) bool {
	return l.InForce && (kind == "" || l.Covers(kind)) && t.UTC().Format("2006-01-02") >= l.Since
}

// Leg is what a route's jurisdiction says of a record: legal effect or
// not, under which law, and whether a paper fallback is needed there.
type Leg struct {
	Jurisdiction  string `json:"jurisdiction"`
	LegalEffect   bool   `json:"legal_effect"`
	Law           string `json:"law,omitempty"`
	Since         string `json:"since,omitempty"`
	PaperFallback bool   `json:"paper_fallback"`
	Note          string `json:"note,omitempty"`
	Source        string `json:"source,omitempty"`
	AsOf          string `json:"as_of,omitempty"`
	Line          string `json:"line"`
}

// ParseRoute reads a comma-separated route of 1-MaxRouteLen jurisdiction
// codes (duplicates are kept: a route may pass a place twice).
func ParseRoute(s string) ([]string, error) {
	parts := strings.Split(s, ",")
	if s == "" || len(parts) > MaxRouteLen {
		return nil, codes.TitleBadRoute.Wrapf("route takes 1-%d comma-separated jurisdiction codes, e.g. CN-SH,SG,HK", MaxRouteLen)
	}
	for _, p := range parts {
		if !ValidJurisdiction(p) {
			return nil, codes.TitleBadRoute.Wrapf("%q is not a jurisdiction code such as CN-SH, SG or HK", p)
		}
	}
	return parts, nil
}

// LegOf returns the leg of jurisdiction j for a record of kind ("" for
// any kind) at t, from its entry (ok false: no entry, so no legal effect
// is known and paper is needed).
func LegOf(j, kind string, l LegalEffect, ok bool, t time.Time) Leg {
	leg := Leg{Jurisdiction: j}
	if !ok {
		leg.PaperFallback = true
		leg.Note = "no legal-effect entry for this jurisdiction"
		leg.Line = j + ": no legal-effect entry; paper fallback needed"
		return leg
	}
	leg.Law, leg.Since, leg.Note, leg.Source, leg.AsOf = l.Law, l.Since, l.Note, l.Source, l.AsOf
	switch {
	case l.Effective(kind, t):
		leg.LegalEffect = true
		leg.Line = j + ": legal effect under " + l.Law + " since " + l.Since
	case l.InForce && kind != "" && !l.Covers(kind):
		leg.PaperFallback = true
		leg.Line = j + ": no legal effect for a " + kind + " (" + l.Law + " covers " + strings.Join(l.Kinds, ", ") + "); paper fallback needed"
	case l.InForce:
		leg.PaperFallback = true
		leg.Line = j + ": no legal effect before " + l.Since + " (" + l.Law + "); paper fallback needed"
	default:
		leg.PaperFallback = true
		leg.Line = j + ": no legal effect (not in force"
		if l.Note != "" {
			leg.Line += ": " + l.Note
		}
		leg.Line += "); paper fallback needed"
	}
	if l.AsOf != "" {
		leg.Line += " [sources as of " + l.AsOf + "]"
	}
	return leg
}
