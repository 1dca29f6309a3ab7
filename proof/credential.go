package proof

import (
	"fmt"
	"time"

	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/x/identity"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/membership"
)

// Check names of the lines only a credential's verdict has.
const (
	CheckCredentialProof = "credential-proof" // the credential's own embedded proof, checked offline (formats' Integrity)
	CheckAttested        = "attested"         // the identity attestation the credential is the source of (x/identity)
)

// KindCredential is Verdict.Kind for a W3C Verifiable Credential: its
// verdict is computed over the lines that apply to a credential.
const KindCredential = "credential"

// NotAnchored is the detail of a document line that does not apply to a
// credential.
const NotAnchored = "n/a — a credential is attested, not anchored"

// credentialApplies names the document lines that keep their meaning for
// a credential; every other document line (anchored, issuer identified,
// recognized in …, payment status, not revoked or cancelled, exported) is
// marked not applicable.
var credentialApplies = map[string]bool{
	CheckHeader: true, CheckBlockTime: true, CheckProofs: true, CheckDocument: true, CheckSigners: true,
	CheckCredentialStatus: true, CheckOARevocation: true,
}

// credentialOf returns the parsed W3C Verifiable Credential of file whose
// canonical hash is doc, or nil when file is not that credential.
func credentialOf(file []byte, doc [32]byte) *formats.Document {
	if file == nil {
		return nil
	}
	for _, d := range FileHash(file) {
		if d.Kind == formats.KindCredential && d.Credential != nil && d.CanonicalHash == doc {
			return &d
		}
	}
	return nil
}

// credentialVerdict turns v, the verdict of a credential computed with the
// document lines, into the credential's verdict: document lines that do not
// apply become n/a, and the credential-proof and attested lines are added
// after the proofs (and document) lines. attErr is why the certificate's
// attestation field does not decode, if it does not.
func credentialVerdict(v *Verdict, kv *ProvenKV, d *formats.Document, att *[32]byte, attErr error) {
	v.Kind = KindCredential
	var head, tail []Line
	for _, l := range v.Lines {
		if !credentialApplies[l.Check] {
			l = Line{Check: l.Check, Label: l.Label, NA: true, Detail: NotAnchored}
		}
		switch l.Check {
		case CheckHeader, CheckBlockTime, CheckProofs, CheckDocument:
			head = append(head, l)
		default:
			tail = append(tail, l)
		}
	}
	lines := append(head, credentialProofLine(d))
	switch {
	case attErr != nil:
		lines = append(lines, Line{Check: CheckAttested, Label: "attested", Detail: "the certificate's attestation field: " + attErr.Error()})
	case proofsOK(v):
		lines = append(lines, attestedLine(kv, d, att))
	default:
		lines = append(lines, Line{Check: CheckAttested, Label: "attested", Detail: "not checked: the records are not proven"})
	}
	v.Lines = append(lines, tail...)
}

// proofsOK reports whether the header and every record's proof verified.
func proofsOK(v *Verdict) bool {
	h, p := v.Line(CheckHeader), v.Line(CheckProofs)
	return h != nil && h.OK && p != nil && p.OK
}

// credentialProofLine judges the credential's embedded proof, offline: a
// checked proof must verify; a credential with no proof, or with a proof
// this verifier cannot check, gets an n/a line (its authenticity then rests
// on its attestation).
func credentialProofLine(d *formats.Document) Line {
	l := Line{Check: CheckCredentialProof, Label: "credential's own proof"}
	in := d.Integrity
	switch {
	case in == nil || !in.Checked:
		reason := "the credential carries no proof this verifier checks"
		if in != nil && in.Reason != "" {
			reason = in.Reason
		}
		l.NA, l.Detail = true, "n/a — "+reason+"; its authenticity rests on its attestation"
	case in.Valid:
		l.OK, l.Detail = true, fmt.Sprintf("%s proof by issuer %s verified offline", in.Method, d.Credential.Issuer)
	default:
		l.Detail = fmt.Sprintf("%s proof does not verify: %s", in.Method, in.Reason)
	}
	return l
}

// attestedLine judges the attestation named for the credential (att, from
// the certificate or the verifier): it must be proven, record this
// credential's SHA-256 (canonical or of the file's bytes), be active at
// the block time of the proof height (not revoked, within its validity
// window) and be made by an active member holding the attester role. With
// no attestation named the line is n/a: x/identity keeps no index from a
// credential's hash to its attestation, so none can be looked up.
func attestedLine(kv *ProvenKV, d *formats.Document, att *[32]byte) Line {
	l := Line{Check: CheckAttested, Label: "attested"}
	if att == nil {
		l.NA, l.Detail = true, "n/a — no attestation named: the chain records a credential's SHA-256 in its attestation but keeps no index from the credential to it; give --attestation ID (printed by tx identity attest) to check it"
		return l
	}
	kv.takeUnproven()
	func() {
		defer func() {
			if r := recover(); r != nil {
				l.OK, l.Revoked, l.Detail = false, false, fmt.Sprintf("a proven record does not decode: %v", r)
			}
		}()
		l.OK, l.Revoked, l.Detail = attestationCheck(kv, d, *att, kit.BlockTime(kv))
	}()
	if u := kv.takeUnproven(); len(u) > 0 {
		l.OK, l.Revoked, l.Detail, l.Unproven = false, false, unprovenDetail(u), true
	}
	return l
}

// attestationCheck judges attestation id for the credential d at now:
// whether it passes, whether it fails because the attestation is revoked,
// and why.
func attestationCheck(kv *ProvenKV, d *formats.Document, id [32]byte, now time.Time) (bool, bool, string) {
	a, ok := identity.Get(kv, id)
	if !ok {
		return false, false, fmt.Sprintf("no attestation %x is recorded (proven absent)", id)
	}
	if d != nil && a.CredentialHash != identity.Hash(d.CanonicalHash) && a.CredentialHash != identity.Hash(d.RawSHA256) {
		return false, false, fmt.Sprintf("attestation %x records credential %s, not this credential (%x canonical, %x as bytes)",
			id, a.CredentialHash, d.CanonicalHash, d.RawSHA256)
	}
	who := fmt.Sprintf("%s attestation %x (%s) of %s by %s of %s", a.Claim, id[:8], labelOr(a.Scheme, "no scheme"), a.Subject, a.Attester, a.AttesterJurisdiction)
	switch st := identity.State(kv, &a, now); st {
	case identity.StateActive:
	case identity.StateRevoked:
		if n := len(a.History); n > 0 {
			last := a.History[n-1]
			return false, true, fmt.Sprintf("REVOKED: %s was revoked at height %d (%s): %s", who, last.At.Height, fmtTime(last.At.Time()), last.Reason)
		}
		return false, true, "REVOKED: " + who + " is revoked"
	case identity.StateAttesterInactive:
		return false, false, fmt.Sprintf("%s: the attester is not an active member with the %s role at %s", who, membership.RoleAttester, fmtTime(now))
	default:
		return false, false, fmt.Sprintf("%s is %s at %s (valid from %s%s)", who, st, fmtTime(now), fmtTime(time.Unix(0, a.ValidFrom)), untilText(a.ValidUntil))
	}
	return true, false, fmt.Sprintf("%s, recorded for this credential, active at %s; the attester is an active %s here", who, fmtTime(now), membership.RoleAttester)
}

func untilText(ns int64) string {
	if ns == 0 {
		return ", open-ended"
	}
	return " until " + fmtTime(time.Unix(0, ns))
}

// CollectAttestationReads reads, through a fetching view, every record the
// attested line of attestation id reads (the certificate builder calls it).
func CollectAttestationReads(kv *ProvenKV, id [32]byte) {
	attestedLine(kv, nil, &id)
}
