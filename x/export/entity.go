package export

import (
	"crypto/sha256"
	"time"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/identity"
	"github.com/corridor-trade/corridor/x/kit/store"
	"github.com/corridor-trade/corridor/x/membership"
)

// Domain tags of entity keys.
const (
	entityTag = "corridor/export/entity/v1"
	memberTag = "corridor/export/member/v1"
)

// EntityOf returns the legal entity whose counters a member's flows add
// to, and whether an attestation links the member to it.
//
// A member is linked to an entity by its active legal-entity attestations
// made by attesters of the member's own jurisdiction (x/identity). The
// attester of a jurisdiction attests every member of one registered
// entity with the same scheme and credential hash (the hash of the
// entity's registration credential, e.g. its business licence VC), so the
// entity key SHA-256(tag ‖ scheme ‖ ":" ‖ credential hash) is the same
// for all of them and their volumes add up: splitting a transfer between
// members does not escape a threshold. The key reveals neither the
// identifier nor the credential. A member with no such attestation
// counts as an entity of its own (SHA-256(member tag ‖ address)); a rule
// set with require_entity refuses its flows. A member whose attestations
// name two different entities is refused (export/entity_ambiguous).
func EntityOf(kv store.KV, member secp.Address, now time.Time) (Hash, bool, error) {
	m, ok := membership.GetMember(kv, member)
	var key Hash
	linked := false
	if ok {
		for _, a := range identity.ActiveFor(kv, member, identity.ClaimLegalEntity, now) {
			if a.AttesterJurisdiction != m.Jurisdiction {
				continue
			}
			h := sha256.New()
			h.Write([]byte(entityTag))
			h.Write([]byte(a.Scheme))
			h.Write([]byte{':'})
			h.Write(a.CredentialHash[:])
			var k Hash
			copy(k[:], h.Sum(nil))
			if linked && k != key {
				return Hash{}, false, codes.ExportEntityAmbiguous.Wrapf("member %s holds legal-entity attestations naming two entities (%s and %s)", member, key, k)
			}
			key, linked = k, true
		}
	}
	if linked {
		return key, true, nil
	}
	h := sha256.New()
	h.Write([]byte(memberTag))
	h.Write(member[:])
	copy(key[:], h.Sum(nil))
	return key, false, nil
}
