package export

import (
	"fmt"
	"strings"
	"time"

	"github.com/corridor-trade/corridor/x/kit/store"
)

// DocumentIndexKey is the index entry that records that flow id carried
// document doc; the certificate builder fetches it (with its proof) so
// that the verifier finds the flow.
func DocumentIndexKey(doc, id Hash) []byte { return append(byDocumentPrefix(doc), id[:]...) }

// DocumentLine is the export line of a document's verdict: whether it left
// its jurisdiction under accepted declared flows, by which procedure and
// evidence, and the evidence's state at now. found is false when no
// declared flow of the document is in kv; over a proven view that is not
// a proof that none was declared. ok is false when evidence a flow relied
// on has since been revoked or has expired, or a report is overdue.
//
// The chain's recognition query and the offline verifier (proof/) both
// call it, so they cannot disagree.
func DocumentLine(kv store.KV, doc Hash, now time.Time) (ok bool, detail string, found bool) {
	flows := FlowsOfDocument(kv, doc)
	if len(flows) == 0 {
		return false, "", false
	}
	ok = true
	var parts []string
	for _, f := range flows {
		s := fmt.Sprintf("exported %s to %s under accepted flow %s at height %d (%s; rule set %s v%d): %s",
			f.Origin, f.Destination, f.ID.String()[:16], f.Declared.Height, f.Declared.Time().Format(time.RFC3339), f.Origin, f.RuleSet, f.Decision.Procedure)
		if len(f.Decision.Rules) > 0 {
			s += " [rules " + strings.Join(f.Decision.Rules, ", ") + "]"
		}
		if !f.Decision.Evidence.IsZero() {
			e, has := GetEvidence(kv, f.Decision.Evidence)
			if !has {
				ok = false
				s += fmt.Sprintf("; evidence %s is not in the state read", f.Decision.Evidence.String()[:16])
			} else {
				st := StateOf(&e, now)
				s += fmt.Sprintf("; evidence %s %s (%s), %s at %s", e.Instrument, e.Reference, e.Authority, st, now.Format(time.RFC3339))
				if st == "revoked" || st == "expired" {
					ok = false
				}
			}
		}
		switch v := ViewOfFlow(f, now); v.ReportStatus {
		case ReportNone:
		case ReportOverdue:
			ok = false
			s += "; report overdue since " + v.ReportDue
		default:
			s += "; report " + v.ReportStatus + " (due " + v.ReportDue + ")"
		}
		parts = append(parts, s)
	}
	return ok, strings.Join(parts, "; "), true
}
