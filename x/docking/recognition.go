package docking

import (
	"fmt"

	"github.com/corridor-trade/corridor/x/kit/store"
	"github.com/corridor-trade/corridor/x/recognition"
)

// StatusClientFrozen is the status recognition sees for a foreign anchor
// whose client has since been frozen; it is one of recognition's inactive
// statuses, so such a document is no longer recognised.
const StatusClientFrozen = recognition.StatusClientFrozen

// Facts is recognition.Deps.Document for foreign anchors: the facts of the
// document docHash as docked from a counterparty. A document docked from
// several counterparties is answered by the first, in chain-id order,
// whose client is not frozen and whose status is active; failing that, by
// the first.
//
// A foreign anchor is attributed to the operator who registered the
// counterparty's client (Issuer, IssuerJurisdiction): that operator vouched
// for the counterparty, so recognition asks whether that operator is an
// identified legal entity and whether its jurisdiction accepts the profile.
// Provenance names the counterparty, the height, the foreign issuer and
// the client type, and says plainly when the record rests on notaries.
func Facts(kv store.KV, docHash [32]byte) (recognition.DocumentFacts, bool) {
	var first *recognition.DocumentFacts
	for _, a := range AnchorsOf(kv, docHash) {
		c, ok := GetClient(kv, a.ChainID)
		if !ok {
			continue
		}
		f := recognition.DocumentFacts{Issuer: c.RegisteredBy, IssuerJurisdiction: c.Jurisdiction, Profile: a.Profile,
			Status: a.Status, Anchored: a.Docked, Provenance: provenance(&c, &a)}
		if c.FrozenEpoch(a.Epoch) {
			f.Status = StatusClientFrozen
		}
		if !recognition.Inactive(f.Status) {
			return f, true
		}
		if first == nil {
			first = &f
		}
	}
	if first != nil {
		return *first, true
	}
	return recognition.DocumentFacts{}, false
}

func provenance(c *Client, a *ForeignAnchor) string {
	s := fmt.Sprintf("foreign anchor from %s at its height %d", a.ChainID, a.Height)
	if !a.Issuer.IsZero() {
		s += fmt.Sprintf(" (issuer there %s)", a.Issuer)
	}
	s += fmt.Sprintf(", vouched for by %s of %s who registered the client; %s", c.RegisteredBy, c.Jurisdiction, c.Provenance())
	if c.FrozenEpoch(a.Epoch) {
		s += fmt.Sprintf("; the client (epoch %d) was FROZEN after conflicting headers", a.Epoch)
	}
	return s
}

// WithForeign composes recognition's document source: the local source
// first (the invoice module), then foreign anchors.
func WithForeign(local func(store.KV, [32]byte) (recognition.DocumentFacts, bool)) func(store.KV, [32]byte) (recognition.DocumentFacts, bool) {
	return func(kv store.KV, docHash [32]byte) (recognition.DocumentFacts, bool) {
		if local != nil {
			if f, ok := local(kv, docHash); ok {
				return f, true
			}
		}
		return Facts(kv, docHash)
	}
}
