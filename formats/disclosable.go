package formats

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/beevik/etree"
)

// This file reads the values that only field disclosure (disclose/) needs:
// HS codes and countries of origin of invoice lines, payment agents, the
// leaves of a credential's subject and an OpenAttestation document's
// visible data. None of them is part of any JSON output.

// texts returns the trimmed texts of els, skipping empty ones.
func texts(els []*etree.Element) []string {
	var out []string
	for _, e := range els {
		if t := textOf(e); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// classCodes returns the texts of the classification code elements whose
// listID attribute is list (UNTDID 7143, e.g. "HS" for the Harmonized
// System).
func classCodes(els []*etree.Element, list string) []string {
	var out []string
	for _, e := range els {
		if strings.TrimSpace(attrOf(e, "listID")) == list {
			if t := textOf(e); t != "" {
				out = append(out, t)
			}
		}
	}
	return out
}

// distinctSorted returns the distinct values of vs sorted byte-wise, nil
// for none.
func distinctSorted(vs []string) []string {
	if len(vs) == 0 {
		return nil
	}
	out := slices.Clone(vs)
	slices.Sort(out)
	return slices.Compact(out)
}

// agent returns the identifier of a financial institution (DbtrAgt,
// CdtrAgt): its BICFI, or else its clearing-system member id written
// "<clearing system code>:<member id>".
func (p *isoParser) agent(tx *etree.Element, tag string) string {
	fi := p.ns.first(tx, tag+"/FinInstnId")
	if bic := p.ns.text(fi, "BICFI"); bic != "" {
		return bic
	}
	member := p.ns.text(fi, "ClrSysMmbId/MmbId")
	if member == "" {
		return ""
	}
	if sys := p.ns.text(fi, "ClrSysMmbId/ClrSysId/Cd"); sys != "" {
		return sys + ":" + member
	}
	return member
}

// goodsDetails returns the Details of an invoice with these HS codes and
// countries of origin, or nil when there are none.
func goodsDetails(hs, origin []string) *Details {
	if len(hs) == 0 && len(origin) == 0 {
		return nil
	}
	return &Details{HSCodes: distinctSorted(hs), OriginCountries: distinctSorted(origin)}
}

// details returns the Details of the parsed payments (their agents), or nil
// when no payment names an agent.
func (p *isoParser) details() *Details {
	for _, a := range p.agents {
		if a != (Agents{}) {
			return &Details{Agents: p.agents}
		}
	}
	return nil
}

// ediGoods returns the HS codes (PIA with item type identification code
// HS, UNTDID 7143, in any of its item-number composites) and the countries
// of origin (ALI, UNTDID 3239) of an INVOIC message, distinct and sorted.
func ediGoods(msg []ediSegment) (hs, origin []string) {
	for i := range msg {
		s := &msg[i]
		switch s.Tag {
		case "PIA":
			for e := 2; e < len(s.Elements); e++ {
				if s.comp(e, 2) == "HS" && s.comp(e, 1) != "" {
					hs = append(hs, s.comp(e, 1))
				}
			}
		case "ALI":
			if c := s.comp(1, 1); c != "" {
				origin = append(origin, c)
			}
		}
	}
	return hs, origin
}

// maxClaims bounds the leaves read from one credential subject.
const maxClaims = 1024

// credentialSubjectClaims flattens credentialSubject into its leaves: member
// names and array indexes joined with "." (a subject array starts with its
// index), each value as RFC 8785 JSON text; empty objects and arrays are
// leaves too. The subject's top-level "id" is left out (it is SubjectID).
// The claims come sorted by path. Subjects with more than maxClaims leaves,
// or a member name holding ".", give no claims (the path would be
// ambiguous), so a credential is never refused for its subject's shape.
func credentialSubjectClaims(obj map[string]any) []Claim {
	var out []Claim
	ok := true
	var walk func(path string, v any)
	walk = func(path string, v any) {
		if !ok {
			return
		}
		switch c := v.(type) {
		case map[string]any:
			if len(c) > 0 {
				for _, k := range slices.Sorted(maps.Keys(c)) {
					if strings.Contains(k, ".") || k == "" {
						ok = false
						return
					}
					walk(join(path, k), c[k])
				}
				return
			}
		case []any:
			if len(c) > 0 {
				for i, e := range c {
					walk(join(path, strconv.Itoa(i)), e)
				}
				return
			}
		}
		if path == "" {
			return // a subject that is a bare value, not an object or array, has no leaves
		}
		text, err := canonicalJSON(v)
		if err != nil || len(out) >= maxClaims {
			ok = false
			return
		}
		out = append(out, Claim{Path: path, Value: string(text)})
	}
	subject := obj["credentialSubject"]
	if m, isObj := subject.(map[string]any); isObj {
		m = withoutKey(m, "id")
		if len(m) == 0 {
			return nil
		}
		subject = m
	}
	walk("", subject)
	if !ok {
		return nil
	}
	slices.SortFunc(out, func(a, b Claim) int { return strings.Compare(a.Path, b.Path) })
	return out
}

func join(prefix, key string) string {
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}

// openAttestationData returns the visible data fields of an OpenAttestation
// v2 document, flattened as its targetHash flattens them (oaFlatten), each
// with its salt removed and its type kept, sorted by key. An unsalted value
// (a raw document) has type "". Data that cannot be flattened gives none.
func openAttestationData(data map[string]any) []OAField {
	entries, err := oaFlatten(data)
	if err != nil {
		return nil
	}
	out := make([]OAField, 0, len(entries))
	for _, e := range entries {
		f := OAField{Key: e.key}
		switch v := e.value.(type) {
		case string:
			f.Type, f.Value = oaSaltedType(v), unsaltOA(v)
		default:
			// A raw document's non-string value: its JSON text.
			text, err := canonicalJSON(v)
			if err != nil {
				return nil
			}
			f.Value = string(text)
		}
		out = append(out, f)
	}
	slices.SortFunc(out, func(a, b OAField) int { return strings.Compare(a.Key, b.Key) })
	return out
}

// oaSaltedType returns the type of a salted value "<uuid v4>:<type>:<value>",
// or "" when v is not salted.
func oaSaltedType(v string) string {
	salt, rest, ok := strings.Cut(v, ":")
	if !ok || !isUUIDv4(salt) {
		return ""
	}
	typ, _, _ := strings.Cut(strings.TrimSpace(rest), ":")
	switch typ {
	case "string", "number", "boolean", "null", "undefined":
		return typ
	}
	return ""
}
