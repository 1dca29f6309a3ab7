package export

import (
	"time"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
)

// Need is what a flow's evidence must cover.
type Need struct {
	Procedure   string
	Destination string
	Scenario    string
	Recipient   secp.Address
	Now         time.Time
}

// Coverage reports why one evidence record does not satisfy need (nil if
// it does): the instrument, revocation, validity window, destination,
// scenario and recipient, in that order. heldByExporter says whether the
// record's holder is the exporter's legal entity.
func Coverage(e *Evidence, need Need, heldByExporter bool) error {
	t := need.Now.UnixNano()
	switch {
	case !satisfies(e.Instrument, need.Procedure):
		return codes.ExportEvidenceInstrument.Wrapf("evidence %s is a %s, which does not satisfy %s", e.ID, e.Instrument, need.Procedure)
	case !heldByExporter:
		return codes.ExportNotHolder.Wrapf("evidence %s is held by %s, not by the exporter's legal entity", e.ID, e.Holder)
	case e.Revoked:
		return codes.ExportEvidenceRevoked.Wrapf("evidence %s (%s %s) was revoked", e.ID, e.Instrument, e.Reference)
	case t < e.ValidFrom:
		return codes.ExportEvidenceExpired.Wrapf("evidence %s (%s %s) is not valid before %s", e.ID, e.Instrument, e.Reference, time.Unix(0, e.ValidFrom).UTC().Format(time.RFC3339))
	case e.ValidUntil != 0 && t > e.ValidUntil:
		return codes.ExportEvidenceExpired.Wrapf("evidence %s (%s %s) expired at %s", e.ID, e.Instrument, e.Reference, time.Unix(0, e.ValidUntil).UTC().Format(time.RFC3339))
	case !contains(e.Destinations, need.Destination):
		return codes.ExportEvidenceDestination.Wrapf("evidence %s (%s %s) covers %v, not %s", e.ID, e.Instrument, e.Reference, e.Destinations, need.Destination)
	case len(e.Scenarios) > 0 && !contains(e.Scenarios, need.Scenario):
		return codes.ExportEvidenceScenario.Wrapf("evidence %s (%s %s) covers scenarios %v, not %s", e.ID, e.Instrument, e.Reference, e.Scenarios, need.Scenario)
	case !e.Recipient.IsZero() && e.Recipient != need.Recipient:
		return codes.ExportEvidenceRecipient.Wrapf("evidence %s (%s %s) names recipient %s, not %s", e.ID, e.Instrument, e.Reference, e.Recipient, need.Recipient)
	}
	return nil
}

// CheckEvidence returns the index of the first record in evs that
// satisfies need. When none does it returns the refusal: evidence_missing
// if evs is empty, else the reason of the first record whose instrument
// could satisfy the procedure (revoked, expired, another destination,
// scenario or recipient, another holder), else evidence_instrument.
// heldByExporter[i] says whether evs[i] is held by the exporter's entity.
// Procedures exempt and report-only need no evidence: CheckEvidence
// returns -1 and nil.
func CheckEvidence(evs []Evidence, heldByExporter []bool, need Need) (int, error) {
	if procRank(need.Procedure) < procRank(ProcContract) {
		return -1, nil
	}
	if len(evs) == 0 {
		return -1, codes.ExportEvidenceMissing.Wrapf("the flow needs %s and names no evidence", need.Procedure)
	}
	var first, fallback error
	for i := range evs {
		err := Coverage(&evs[i], need, heldByExporter[i])
		if err == nil {
			return i, nil
		}
		if fallback == nil {
			fallback = err
		}
		if first == nil && satisfies(evs[i].Instrument, need.Procedure) {
			first = err
		}
	}
	if first != nil {
		return -1, first
	}
	return -1, fallback
}
