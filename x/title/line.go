package title

import (
	"fmt"
	"strings"
	"time"

	"github.com/corridor-trade/corridor/x/kit/store"
)

// DocumentIndexKey is the index entry that records that record id is of
// document doc; the certificate builder fetches it (with its proof) so
// that the verifier finds the record.
func DocumentIndexKey(doc, id Hash) []byte { return append(byDocPrefix(doc), id[:]...) }

// DocumentLine is the transferable-record line of a document's verdict:
// each record of the document, its state, holder and owner, and, for each
// jurisdiction, whether it has legal effect there or a paper fallback is
// needed. found is false when no record of the document is in kv; over a
// proven view that is not a proof that none exists. ok is false when a
// record is spent or exited to paper: it no longer carries title here.
//
// The offline verifier (proof/) calls it through x/wiring over the proven
// records of a certificate.
func DocumentLine(kv store.KV, doc Hash, jurisdictions []string, now time.Time) (ok bool, detail string, found bool) {
	ids := RecordsOfDocument(kv, doc)
	if len(ids) == 0 {
		return false, "", false
	}
	ok = true
	var parts []string
	for _, id := range ids {
		r, has := GetRecord(kv, id)
		if !has {
			ok = false
			parts = append(parts, fmt.Sprintf("record %s is not in the state read", id.String()[:16]))
			continue
		}
		last := r.History[len(r.History)-1]
		s := fmt.Sprintf("%s record %s issued by %s: %s at height %d (%s), holder %s, owner %s",
			r.Kind, r.ID.String()[:16], r.Issuer, r.State, last.At.Height, last.At.Time().Format(time.RFC3339), r.Holder, r.Owner)
		if Table[r.State].Terminal {
			ok = false
			s += " (no longer transferable here)"
		}
		var legs []string
		for _, leg := range Legs(kv, jurisdictions, r.Kind, now) {
			legs = append(legs, leg.Line)
		}
		if len(legs) > 0 {
			s += "; legal effect: " + strings.Join(legs, "; ")
		}
		parts = append(parts, s)
	}
	return ok, strings.Join(parts, "; "), true
}
