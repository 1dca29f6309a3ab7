package membership

import (
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/store"
)

// This file holds the writes that partnership governance (x/gov) makes to
// membership's records when a proposal executes. Membership's own messages
// never call them; each leaves the records consistent (a member and its
// public-key index change together).

// SetParams stores the membership parameters.
func SetParams(kv store.KV, p Params) { kit.Put(kv, []byte(keyParams), &p) }

// PutJurisdiction stores a jurisdiction.
func PutJurisdiction(kv store.KV, j Jurisdiction) { kit.Put(kv, JurisdictionKey(j.Code), &j) }

// DeleteJurisdiction removes a jurisdiction's record.
func DeleteJurisdiction(kv store.KV, code string) { kv.Delete(JurisdictionKey(code)) }

// PutValidator stores a validator record.
func PutValidator(kv store.KV, v Validator) { kit.Put(kv, ValidatorKey(v.ConsAddress), &v) }

// DeleteValidator removes a validator record.
func DeleteValidator(kv store.KV, consAddr []byte) { kv.Delete(ValidatorKey(consAddr)) }

// AddMember admits a member by a governance decision: at is the block,
// reason names the proposal.
func AddMember(kv store.KV, pk secp.PubKey, jurisdiction string, roles []string, label string, at kit.Stamp, reason string) Member {
	m := Member{Address: pk.Address(), PubKey: pk, Jurisdiction: jurisdiction, Roles: roles,
		Status: StatusActive, Label: label,
		History: []StatusChange{{At: at, Event: "admitted", Reason: reason}}}
	putMember(kv, &m)
	return m
}

// SetStatus changes a member's status and records why in its history.
func SetStatus(kv store.KV, m Member, status, event string, at kit.Stamp, reason string) {
	m.Status = status
	m.History = append(m.History, StatusChange{At: at, Event: event, Reason: reason})
	putMember(kv, &m)
}

// ReplaceKey gives a member a new key, keeping its address, and records why.
func ReplaceKey(kv store.KV, m Member, pk secp.PubKey, at kit.Stamp, reason string) {
	kv.Delete(PubKeyKey(m.PubKey))
	m.PubKey = pk
	m.History = append(m.History, StatusChange{At: at, Event: "key-rotated", Reason: reason})
	putMember(kv, &m)
}

// Operators returns the active operators of a jurisdiction, in address
// order.
func Operators(kv store.KV, jurisdiction string) []Member {
	var out []Member
	for _, m := range MembersOf(kv, jurisdiction) {
		if m.Status == StatusActive && m.HasRole(RoleOperator) {
			out = append(out, m)
		}
	}
	return out
}
