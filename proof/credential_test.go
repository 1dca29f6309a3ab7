package proof

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/x/identity"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/membership"
)

// TestCredentialVerdict runs the credential verdict over a document
// verdict and a hand-made proven state: a good credential is VALID with
// its document lines n/a; each applicable line failing alone makes it
// INVALID; n/a lines never do.
func TestCredentialVerdict(t *testing.T) {
	now := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	var attester [20]byte
	attester[0] = 7
	cred := formats.Document{Profile: formats.ProfileVC, Kind: formats.KindCredential,
		Credential: &formats.Credential{Issuer: "did:web:sh-attester.example"},
		Integrity:  &formats.Integrity{Checked: true, Valid: true, Method: "eddsa-jcs-2022"}}
	cred.CanonicalHash[0], cred.RawSHA256[0] = 1, 2
	attID := [32]byte{9}
	attestation := func(edit func(a *identity.Attestation)) identity.Attestation {
		a := identity.Attestation{ID: attID, Attester: attester, AttesterJurisdiction: "CN-SH",
			Subject: identity.CommitmentSubject(identity.Hash{5}), Claim: identity.ClaimAEO, Scheme: identity.SchemeCNAEO,
			CredentialHash: identity.Hash(cred.CanonicalHash), ValidFrom: now.Add(-time.Hour).UnixNano(), Status: identity.StatusActive,
			History: []identity.StatusChange{{At: kit.Stamp{Height: 3}, Event: "attested", By: attester}}}
		if edit != nil {
			edit(&a)
		}
		return a
	}
	member := func(status string, roles ...string) membership.Member {
		return membership.Member{Address: attester, Jurisdiction: "CN-SH", Roles: roles, Status: status}
	}
	good := func() map[string]any {
		return map[string]any{
			string(identity.AttestationKey(attID)): attestation(nil),
			string(membership.MemberKey(attester)): member(membership.StatusActive, membership.RoleAttester),
		}
	}
	with := func(key []byte, v any) map[string]any {
		m := good()
		m[string(key)] = v
		return m
	}
	// docLines is a credential's verdict as the document checks make it:
	// the document lines fail (nothing is anchored under a credential).
	docLines := func() []Line {
		return []Line{
			{Check: CheckHeader, Label: "header", OK: true, Detail: "ok"},
			{Check: CheckProofs, Label: "proofs", OK: true, Detail: "ok"},
			{Check: CheckDocument, Label: "document not tampered with", OK: true, Detail: "ok"},
			{Check: CheckAnchored, Label: "anchored", Detail: "no document is anchored under this hash (proven absent)"},
			{Check: CheckIssuer, Label: "issuer identified", Detail: "no anchored document, so no issuer"},
			{Check: CheckRecognized + "/CN-SH", Label: "recognized in CN-SH", Detail: "not recognised"},
			{Check: CheckPayment, Label: "payment status", Detail: "no anchored invoice"},
			{Check: CheckNotRevoked, Label: "not revoked or cancelled", Detail: "no anchored invoice"},
			{Check: CheckExported, Label: "exported under a declared data flow", Detail: "no flow"},
			{Check: CheckSigners, Label: "signed by", OK: true, Detail: "ok"},
			{Check: CheckCredentialStatus, Label: "credential status (revocation)", OK: true, Detail: "not revoked as of height 7"},
		}
	}
	fail := func(check, detail string) func([]Line) {
		return func(ls []Line) {
			for i := range ls {
				if ls[i].Check == check {
					ls[i].OK, ls[i].Detail = false, detail
				}
			}
		}
	}
	// revoke fails the line as the check does when what it checks is
	// revoked: the flag, not the text, makes the verdict REVOKED.
	revoke := func(check, detail string) func([]Line) {
		return func(ls []Line) {
			for i := range ls {
				if ls[i].Check == check {
					ls[i].OK, ls[i].Revoked, ls[i].Detail = false, true, detail
				}
			}
		}
	}
	id := &attID
	for _, tc := range []struct {
		name    string
		state   map[string]any
		absent  [][]byte
		att     *[32]byte
		attErr  error
		edit    func([]Line)
		proof   *formats.Integrity
		valid   bool
		revoked bool
		line    string // the line whose detail must contain want
		want    string
	}{
		{name: "good", state: good(), att: id, valid: true, line: CheckAttested, want: "recorded for this credential, active at"},
		{name: "no attestation named", state: good(), valid: true, line: CheckAttested, want: "n/a — no attestation named"},
		{name: "unsigned", state: good(), att: id, proof: &formats.Integrity{Reason: "the credential carries no embedded proof"}, valid: true, line: CheckCredentialProof, want: "n/a — the credential carries no embedded proof"},
		{name: "n/a lines passing change nothing", state: good(), att: id, valid: true, line: CheckAnchored, want: NotAnchored, edit: func(ls []Line) {
			for i := range ls {
				ls[i].OK = true
			}
		}},
		{name: "header fails", state: good(), att: id, edit: fail(CheckHeader, "bad header"), line: CheckHeader, want: "bad header"},
		{name: "proofs fail", state: good(), att: id, edit: fail(CheckProofs, "bad proof"), line: CheckAttested, want: "not checked"},
		{name: "file altered", state: good(), att: id, edit: fail(CheckDocument, "altered"), line: CheckDocument, want: "altered"},
		{name: "signers fail", state: good(), att: id, edit: fail(CheckSigners, "no verified signatures"), line: CheckSigners, want: "no verified"},
		{name: "status list revoked", state: good(), att: id, edit: revoke(CheckCredentialStatus, "REVOKED as of height 9: bit 3"), revoked: true, line: CheckCredentialStatus, want: "REVOKED"},
		{name: "status list suspended", state: good(), att: id, edit: revoke(CheckCredentialStatus, "SUSPENDED as of height 9: bit 3"), revoked: true, line: CheckCredentialStatus, want: "SUSPENDED"},
		{name: "the word REVOKED without the flag", state: good(), att: id, edit: fail(CheckCredentialStatus, "list https://x.example/REVOKED is not anchored"), line: CheckCredentialStatus, want: "REVOKED"},
		{name: "status list not given", state: good(), att: id, edit: fail(CheckCredentialStatus, "give that list credential (--status-list FILE)"), line: CheckCredentialStatus, want: "--status-list"},
		{name: "own proof fails", state: good(), att: id, proof: &formats.Integrity{Checked: true, Method: "eddsa-jcs-2022", Reason: "signature does not verify"}, line: CheckCredentialProof, want: "does not verify"},
		{name: "attestation revoked", att: id, revoked: true, line: CheckAttested, want: "REVOKED",
			state: with(identity.AttestationKey(attID), attestation(func(a *identity.Attestation) {
				a.Status = identity.StatusRevoked
				a.History = append(a.History, identity.StatusChange{At: kit.Stamp{Height: 6}, Event: "revoked", By: attester, Reason: "licence withdrawn"})
			}))},
		{name: "attestation of another credential", att: id, line: CheckAttested, want: "not this credential",
			state: with(identity.AttestationKey(attID), attestation(func(a *identity.Attestation) { a.CredentialHash = identity.Hash{3} }))},
		{name: "attestation expired", att: id, line: CheckAttested, want: "is expired at",
			state: with(identity.AttestationKey(attID), attestation(func(a *identity.Attestation) { a.ValidUntil = now.Add(-time.Minute).UnixNano() }))},
		{name: "attestation pending", att: id, line: CheckAttested, want: "is pending at",
			state: with(identity.AttestationKey(attID), attestation(func(a *identity.Attestation) { a.ValidFrom = now.Add(time.Minute).UnixNano() }))},
		{name: "attester suspended", att: id, line: CheckAttested, want: "not an active member",
			state: with(membership.MemberKey(attester), member(membership.StatusSuspended, membership.RoleAttester))},
		{name: "attester without the role", att: id, line: CheckAttested, want: "not an active member",
			state: with(membership.MemberKey(attester), member(membership.StatusActive, membership.RoleTrader))},
		{name: "attestation the raw bytes", att: id, valid: true, line: CheckAttested, want: "recorded for this credential",
			state: with(identity.AttestationKey(attID), attestation(func(a *identity.Attestation) { a.CredentialHash = identity.Hash(cred.RawSHA256) }))},
		{name: "attestation proven absent", att: id, absent: [][]byte{identity.AttestationKey(attID)}, line: CheckAttested, want: "proven absent",
			state: map[string]any{string(membership.MemberKey(attester)): member(membership.StatusActive, membership.RoleAttester)}},
		{name: "attestation field malformed", att: id, attErr: errors.New(`"xyz" is not 64 hex digits`), line: CheckAttested, want: "attestation field", state: good()},
		{name: "attestation unproven", att: id, line: CheckAttested, want: "proves nothing about attestation", state: map[string]any{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := cred
			if tc.proof != nil {
				d.Integrity = tc.proof
			}
			v := &Verdict{Lines: docLines()}
			if tc.edit != nil {
				tc.edit(v.Lines)
			}
			credentialVerdict(v, statusKV(now, tc.state, tc.absent...), &d, tc.att, tc.attErr)
			finish(v)
			var sb strings.Builder
			v.WriteText(&sb)
			if v.Valid != tc.valid || v.Revoked != tc.revoked || v.Kind != KindCredential {
				t.Fatalf("valid %v revoked %v kind %q, want valid %v revoked %v:\n%s", v.Valid, v.Revoked, v.Kind, tc.valid, tc.revoked, sb.String())
			}
			if l := v.Line(tc.line); l == nil || !strings.Contains(l.Detail, tc.want) {
				t.Fatalf("line %s does not say %q:\n%s", tc.line, tc.want, sb.String())
			} else if l.Revoked != tc.revoked {
				t.Fatalf("line %s: revoked %v, want %v", tc.line, l.Revoked, tc.revoked)
			}
			for _, l := range v.Lines {
				if credentialApplies[l.Check] == l.NA && l.Check != CheckCredentialProof && l.Check != CheckAttested {
					t.Fatalf("line %s: na %v:\n%s", l.Check, l.NA, sb.String())
				}
				if l.NA && l.OK {
					t.Fatalf("line %s is both n/a and ok", l.Check)
				}
			}
			if tc.valid && !strings.Contains(sb.String(), "VALID (credential): every applicable check passed") ||
				!tc.valid && !strings.Contains(sb.String(), "INVALID (credential):") ||
				tc.revoked && !strings.Contains(sb.String(), "INVALID (credential): REVOKED:") {
				t.Fatalf("summary:\n%s", sb.String())
			}
			if tc.valid && !strings.Contains(sb.String(), "  – anchored: "+NotAnchored) {
				t.Fatalf("the anchored line is not shown n/a:\n%s", sb.String())
			}
		})
	}
}

// TestCredentialOf picks the credential verdict only for a W3C credential
// whose canonical hash is the certified hash.
func TestCredentialOf(t *testing.T) {
	vc := []byte(`{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"],"issuer":"did:web:a.example","credentialSubject":{"id":"did:web:b.example"}}`)
	docs, err := formats.Parse(vc)
	if err != nil || len(docs) != 1 {
		t.Fatal(err)
	}
	if d := credentialOf(vc, docs[0].CanonicalHash); d == nil || d.Credential.Issuer != "did:web:a.example" {
		t.Fatalf("credential not found: %+v", d)
	}
	if credentialOf(vc, docs[0].RawSHA256) != nil || credentialOf(nil, docs[0].CanonicalHash) != nil ||
		credentialOf([]byte("not a credential"), formats.RawDocument([]byte("not a credential")).CanonicalHash) != nil {
		t.Fatal("a credential verdict for what is not the certified credential")
	}
}
