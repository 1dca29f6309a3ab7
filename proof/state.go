package proof

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"time"

	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/corridor-trade/corridor/x/docking"
	"github.com/corridor-trade/corridor/x/identity"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/store"
	"github.com/corridor-trade/corridor/x/membership"
	"github.com/corridor-trade/corridor/x/payment"
	"github.com/corridor-trade/corridor/x/recognition"
	"github.com/corridor-trade/corridor/x/wiring"
)

// Check names of verdict lines.
const (
	CheckHeader     = "header"      // the signed header is verified against the trust root
	CheckBlockTime  = "block-time"  // present only when the block time of the proof height is not proven
	CheckProofs     = "proofs"      // every record's proof leads to the header's app hash
	CheckDocument   = "document"    // the local file hashes to the certified document hash
	CheckAnchored   = "anchored"    // the document (or its batch) is anchored
	CheckIssuer     = "issuer"      // the issuer holds an active legal-entity attestation
	CheckRecognized = "recognized"  // recognised in one jurisdiction (one line each)
	CheckPayment    = "payment"     // payment status and its proven payment records
	CheckNotRevoked = "not-revoked" // not cancelled, and no revocation recorded
	CheckSigners    = "signed-by"   // which validators of which jurisdictions signed
	CheckExported   = "exported"    // present only for a document that came with a declared data flow (x/export)
	CheckTitle      = "title"       // present only for a document that is a transferable record (x/title)
)

// Line is one check of a verdict. NA marks a line that does not apply to
// what is verified (a document line in a credential's verdict): its OK is
// false and it never makes the verdict invalid. Revoked marks a failed
// credential-status, oa-revocation or attested line that failed because
// what it checks is revoked or suspended (a set status-list bit, a
// proven revocation in the store, a revoked attestation), as opposed to
// failing because it could not be checked; the check that builds the line
// sets it, and the verdict's Revoked is decided from it, never from the
// detail text.
type Line struct {
	Check   string `json:"check"`
	Label   string `json:"label"`
	OK      bool   `json:"ok"`
	NA      bool   `json:"na,omitempty"`
	Revoked bool   `json:"revoked,omitempty"`
	// Unproven marks a failed line that read a record the certificate
	// does not prove (a certificate made without what this check needs,
	// e.g. without --status-of), as opposed to a record proven to say no.
	Unproven bool   `json:"unproven,omitempty"`
	Detail   string `json:"detail"`
}

// unprovenDetail is the detail of a line that read keys the certificate
// does not prove.
func unprovenDetail(keys [][]byte) string {
	names := make([]string, 0, len(keys))
	for _, k := range keys {
		names = append(names, fmt.Sprintf("%s %x", KindOf(k), k))
	}
	return "the certificate proves nothing about " + strings.Join(names, ", ") + ", which this check reads"
}

// StateInput is what the state checks need besides the state: the
// document, the block time of the proof height and the validators that
// signed the header.
type StateInput struct {
	Doc   [32]byte
	Batch *DocumentRef // the document reference, for batch members
	// Profile is the profile the certificate labels the document with
	// (DocumentRef.Profile); when set, the anchored line requires it to be
	// the profile the proven anchor records.
	Profile string
	// Jurisdictions restricts the recognition lines; empty means every
	// jurisdiction the state proves.
	Jurisdictions []string
	Signers       []Signer
	Validators    *cmttypes.ValidatorSet
}

// Signer is a validator whose signature on the header was checked.
type Signer struct {
	Address []byte
	PubKey  []byte
	Power   int64
}

// stateChecks runs the checks that read state, over kv. It is shared by
// the verifier (kv holds only proven records) and the certificate builder
// (kv fetches every key it is asked for, with its proof), so that a
// certificate holds exactly the records its verdict reads.
func stateChecks(kv *ProvenKV, in StateInput) []Line {
	var lines []Line
	run := func(check, label string, fn func() (bool, string)) {
		kv.takeUnproven()
		var ok, unproven bool
		var detail string
		func() {
			defer func() {
				if r := recover(); r != nil {
					ok, detail = false, fmt.Sprintf("a proven record does not decode: %v", r)
				}
			}()
			ok, detail = fn()
		}()
		if u := kv.takeUnproven(); len(u) > 0 {
			ok, detail, unproven = false, unprovenDetail(u), true
		}
		lines = append(lines, Line{Check: check, Label: label, OK: ok, Detail: detail, Unproven: unproven})
	}

	doc := in.Doc
	kv.takeUnproven()
	now := kit.BlockTime(kv)
	if len(kv.takeUnproven()) > 0 || now.IsZero() {
		lines = append(lines, Line{Check: CheckBlockTime, Label: "block time", OK: false,
			Detail: "the certificate does not prove the block time of the proof height (key " + kit.BlockTimeKey + "), which attestations are judged at"})
	}
	var root [32]byte
	var index uint64
	var path [][32]byte
	var fieldRoot invoice.Hash // a batch member's field root, zero when it has none
	isBatch := in.Batch != nil && in.Batch.Batch != nil
	var batchErr error
	if isBatch {
		root, index, path, batchErr = in.Batch.batch()
		fieldRoot = in.Batch.Batch.FieldRoot
	}

	// facts returns the document's facts: from its own anchor, from its
	// batch through the inclusion path, or, for a document docked from a
	// counterparty chain, from its foreign anchors (wiring.DocumentFacts,
	// exactly what recognition on the chain reads).
	facts := func(kv store.KV, h [32]byte) (recognition.DocumentFacts, bool) {
		if h != doc {
			return recognition.DocumentFacts{}, false
		}
		if isBatch {
			if batchErr != nil {
				return recognition.DocumentFacts{}, false
			}
			f, ok := invoice.MemberFacts(kv, root, doc, fieldRoot, index, path)
			return recognition.DocumentFacts{Issuer: f.Issuer, IssuerJurisdiction: f.IssuerJurisdiction,
				Profile: f.Profile, Status: f.Status, Anchored: f.Anchored}, ok
		}
		return wiring.DocumentFacts(kv, h)
	}

	run(CheckAnchored, "anchored", func() (bool, string) {
		if isBatch {
			if batchErr != nil {
				return false, batchErr.Error()
			}
			b, ok := invoice.GetBatch(kv, root)
			if !ok {
				return false, fmt.Sprintf("no batch is anchored under root %x (proven absent)", root)
			}
			if !invoice.VerifyInclusion(root, invoice.MemberLeaf(doc, fieldRoot), index, b.Count, path) {
				return false, fmt.Sprintf("the inclusion path does not place document %x at index %d of the %d-document batch %x", doc, index, b.Count, root)
			}
			p := profileOf(kv, facts, doc)
			if bad, why := profileLabel(in.Profile, p); bad {
				return false, why
			}
			return true, fmt.Sprintf("in batch %x (document %d of %d) anchored at height %d (%s) by %s, profile %s",
				root, index, b.Count, b.At.Height, fmtTime(b.At.Time()), b.Issuer, p)
		}
		inv, ok := invoice.GetInvoice(kv, doc)
		if !ok {
			// Not anchored here: perhaps docked from a counterparty chain,
			// whose anchor and client records are proven like any other.
			if f, docked := docking.Facts(kv, doc); docked {
				if bad, why := profileLabel(in.Profile, f.Profile); bad {
					return false, why
				}
				return true, fmt.Sprintf("docked at height %d (%s), profile %s: %s", f.Anchored.Height, fmtTime(f.Anchored.Time()), f.Profile, f.Provenance)
			}
			return false, "no document is anchored under this hash (proven absent)"
		}
		a := inv.Anchored()
		if bad, why := profileLabel(in.Profile, inv.ProfileName()); bad {
			return false, why
		}
		return true, fmt.Sprintf("at height %d (%s) by %s, profile %s", a.Height, fmtTime(a.Time()), inv.Issuer, inv.ProfileName())
	})

	run(CheckIssuer, "issuer identified", func() (bool, string) {
		f, ok := facts(kv, doc)
		if !ok {
			return false, "no anchored document, so no issuer"
		}
		m, ok := membership.GetMember(kv, f.Issuer)
		if !ok {
			return false, fmt.Sprintf("issuer %s is not a member", f.Issuer)
		}
		who := fmt.Sprintf("%s (%s of %s, %s)", f.Issuer, labelOr(m.Label, "member"), m.Jurisdiction, m.Status)
		if f.Provenance != "" {
			who += ", the operator who vouched for the counterparty chain,"
		}
		active := identity.ActiveFor(kv, f.Issuer, identity.ClaimLegalEntity, now)
		if len(active) == 0 {
			return false, who + " holds no legal-entity attestation active at " + fmtTime(now)
		}
		var by []string
		for _, a := range active {
			by = append(by, fmt.Sprintf("%s by %s of %s (attestation %s)", a.Scheme, a.Attester, a.AttesterJurisdiction, a.ID.String()[:16]))
		}
		return true, who + " is a legal entity: " + strings.Join(by, "; ") + ", active at " + fmtTime(now)
	})

	jurisdictions := in.Jurisdictions
	if len(jurisdictions) == 0 {
		for _, j := range membership.Jurisdictions(kv) {
			jurisdictions = append(jurisdictions, j.Code)
		}
	}
	for _, j := range jurisdictions {
		run(CheckRecognized+"/"+j, "recognized in "+j, func() (bool, string) {
			v := recognition.Evaluate(kv, recognition.Deps{Document: facts}, j, recognition.DocumentTarget(doc), now)
			var parts []string
			for _, r := range v.Reasons {
				if v.Recognized || !r.OK {
					s := r.Detail
					if r.Rule != "" {
						s += " [rule " + r.Rule + "]"
					}
					parts = append(parts, s)
				}
			}
			if v.Recognized {
				return true, strings.Join(parts, "; ")
			}
			return false, "not recognised: " + strings.Join(parts, "; ")
		})
	}

	run(CheckPayment, "payment status", func() (bool, string) {
		if isBatch {
			if _, ok := facts(kv, doc); !ok {
				return false, "no anchored document"
			}
			return true, "not applicable: payments are recorded against individually anchored invoices, not batch members"
		}
		inv, ok := invoice.GetInvoice(kv, doc)
		if !ok {
			if f, docked := docking.Facts(kv, doc); docked {
				if bad, why := profileLabel(in.Profile, f.Profile); bad {
					return false, why
				}
				return true, "not applicable: payments are recorded against invoices anchored on this chain; this document was docked (" + f.Provenance + ")"
			}
			return false, "no anchored invoice"
		}
		paid := inv.Paid
		if paid == "" {
			paid = "0"
		}
		detail := fmt.Sprintf("%s: %s of %s %s paid", inv.Status(), paid, inv.Total, inv.Currency)
		var proven []string
		for _, c := range inv.History {
			if len(c.Payment) == 0 {
				continue
			}
			var id payment.ID
			if len(c.Payment) != len(id) {
				return false, fmt.Sprintf("history names a malformed payment id %x", c.Payment)
			}
			copy(id[:], c.Payment)
			var p payment.Payment
			if !kit.Get(kv, payment.PaymentKey(id), &p) {
				return false, fmt.Sprintf("%s; payment %s (UETR %s) is not proven", detail, id, id.UETR())
			}
			found := false
			for _, it := range p.Items {
				if it.DocHash == invoice.Hash(doc) && it.Amount == c.Amount {
					found = true
				}
			}
			if !found {
				return false, fmt.Sprintf("%s; payment record UETR %s does not allocate %s to this invoice", detail, id.UETR(), c.Amount)
			}
			proven = append(proven, fmt.Sprintf("%s %s by bank %s (UETR %s, at height %d)", c.Amount, p.Currency, id.Bank(), id.UETR(), p.Recorded.Height))
		}
		if len(proven) > 0 {
			detail += "; proven payments: " + strings.Join(proven, ", ")
		}
		return true, detail
	})

	run(CheckNotRevoked, "not revoked or cancelled", func() (bool, string) {
		var status string
		if isBatch {
			if _, ok := facts(kv, doc); !ok {
				return false, "no anchored document"
			}
			status = invoice.StatusIssued
		} else {
			inv, ok := invoice.GetInvoice(kv, doc)
			if !ok {
				f, docked := docking.Facts(kv, doc)
				if !docked {
					return false, "no anchored invoice"
				}
				if recognition.Inactive(f.Status) {
					return false, fmt.Sprintf("the docked record is %s (%s)", f.Status, f.Provenance)
				}
				return true, fmt.Sprintf("status %s at the counterparty when docked (%s)", f.Status, f.Provenance)
			}
			status = inv.Status()
			if status == invoice.StatusCancelled {
				last := inv.History[len(inv.History)-1]
				return false, fmt.Sprintf("cancelled at height %d (%s): %s", last.At.Height, fmtTime(last.At.Time()), last.Reason)
			}
		}
		if r, revoked := invoice.GetRevocation(kv, doc); revoked {
			return false, fmt.Sprintf("revoked at height %d (%s): %s", r.At.Height, fmtTime(r.At.Time()), r.Reason)
		}
		return true, fmt.Sprintf("status %s; no revocation recorded (proven absent)", status)
	})

	// The export line (additive): only for a document that came with a
	// declared cross-border data flow, judged by the same function as the
	// chain's recognition query (wiring.ExportLine).
	if _, _, found := wiring.ExportLine(kv, doc, now); found {
		run(CheckExported, "exported under a declared data flow", func() (bool, string) {
			ok, detail, _ := wiring.ExportLine(kv, doc, now)
			return ok, detail
		})
	}

	// The transferable-record line (additive): only for a document that is
	// a transferable record (an eBL, a bill of exchange): its state and
	// holder, and its legal effect in each jurisdiction of the verdict.
	if _, _, found := wiring.TitleLine(kv, doc, jurisdictions, now); found {
		run(CheckTitle, "transferable record", func() (bool, string) {
			ok, detail, _ := wiring.TitleLine(kv, doc, jurisdictions, now)
			return ok, detail
		})
	}

	run(CheckSigners, "signed by", func() (bool, string) {
		if len(in.Signers) == 0 {
			return false, "no verified signatures"
		}
		var names []string
		juris := map[string]int64{}
		var signed, total int64
		if in.Validators != nil {
			total = in.Validators.TotalVotingPower()
		}
		for _, s := range in.Signers {
			v, ok := membership.GetValidator(kv, s.Address)
			if !ok {
				return false, fmt.Sprintf("validator %X signed but has no validator record", s.Address)
			}
			if !bytes.Equal(v.PubKey, s.PubKey) {
				return false, fmt.Sprintf("validator record %s (%X) names a different consensus key than the validator set", v.Name, s.Address)
			}
			names = append(names, fmt.Sprintf("%s (%s)", v.Name, v.Jurisdiction))
			juris[v.Jurisdiction] += s.Power
			signed += s.Power
		}
		var js []string
		for j := range juris {
			js = append(js, j)
		}
		sort.Strings(js)
		return true, fmt.Sprintf("%s: %d of %d voting power; jurisdictions %s", strings.Join(names, ", "), signed, total, strings.Join(js, ", "))
	})
	return lines
}

// profileLabel says whether a certificate's profile label (empty: none)
// disagrees with the proven profile, and how.
func profileLabel(label, proven string) (bool, string) {
	if label == "" || label == proven {
		return false, ""
	}
	return true, fmt.Sprintf("the certificate labels the document %q, but it was anchored as %q", label, proven)
}

func profileOf(kv store.KV, facts func(store.KV, [32]byte) (recognition.DocumentFacts, bool), doc [32]byte) string {
	f, _ := facts(kv, doc)
	return f.Profile
}

func labelOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return "unknown time"
	}
	return t.UTC().Format(time.RFC3339)
}

// KindOf names the kind of record a store key holds, for human readers.
func KindOf(key []byte) string {
	k := string(key)
	switch {
	case k == kit.BlockTimeKey:
		return "block-time"
	case strings.HasPrefix(k, "iv/"):
		return "invoice"
	case strings.HasPrefix(k, "ib/"):
		return "batch"
	case strings.HasPrefix(k, "ir/"):
		return "revocation"
	case strings.HasPrefix(k, "if/"):
		return "fingerprint"
	case strings.HasPrefix(k, "py/"):
		return "payment"
	case strings.HasPrefix(k, "mem/"):
		return "member"
	case strings.HasPrefix(k, "jur/"):
		return "jurisdiction"
	case strings.HasPrefix(k, "val/"):
		return "validator"
	case strings.HasPrefix(k, "export/fl/"):
		return "export-flow"
	case strings.HasPrefix(k, "export/ev/"):
		return "export-evidence"
	case strings.HasPrefix(k, "export/"):
		return "export-index"
	case strings.HasPrefix(k, "title/rec/"):
		return "transferable-record"
	case strings.HasPrefix(k, "title/le/"):
		return "legal-effect"
	case strings.HasPrefix(k, "title/"):
		return "title-index"
	case strings.HasPrefix(k, "identity/att/"):
		return "attestation"
	case strings.HasPrefix(k, "identity/sub/"):
		return "attestation-subject-index"
	case strings.HasPrefix(k, "recognition/attester/"):
		return "recognition-attester-rule"
	case strings.HasPrefix(k, "recognition/jurisdiction/"):
		return "recognition-jurisdiction-rule"
	case strings.HasPrefix(k, "recognition/profiles/"):
		return "recognition-profiles"
	case strings.HasPrefix(k, "status/lh/"):
		return "status-list-head"
	case strings.HasPrefix(k, "status/lv/"):
		return "status-list-version"
	case strings.HasPrefix(k, "status/os/"):
		return "oa-revocation-store"
	case strings.HasPrefix(k, "status/or/"):
		return "oa-revocation"
	case strings.HasPrefix(k, "dk/anchor/"):
		return "foreign-anchor"
	case strings.HasPrefix(k, "dk/client/"):
		return "counterparty-client"
	}
	return "record"
}
