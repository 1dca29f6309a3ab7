package export

import (
	"errors"
	"testing"
	"time"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
)

func TestCheckEvidence(t *testing.T) {
	now := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	var recipient, other secp.Address
	recipient[0], other[0] = 1, 2
	good := Evidence{ID: Hash{1}, Instrument: InstrStandardContract, Reference: "SH-SCC-2026-0042", Destinations: []string{"SG"},
		Scenarios: []string{"cross-border-trade-docs"}, Recipient: recipient, ValidFrom: now.Add(-time.Hour).UnixNano(), ValidUntil: now.Add(time.Hour).UnixNano()}
	need := Need{Procedure: ProcContract, Destination: "SG", Scenario: "cross-border-trade-docs", Recipient: recipient, Now: now}
	mod := func(f func(*Evidence)) Evidence { e := good; f(&e); return e }
	for _, tc := range []struct {
		name string
		evs  []Evidence
		held []bool
		need Need
		want *codes.Error
		idx  int
	}{
		{"covered", []Evidence{good}, []bool{true}, need, nil, 0},
		{"a certification satisfies a standard-contract procedure", []Evidence{mod(func(e *Evidence) { e.Instrument = InstrCertification })}, []bool{true}, need, nil, 0},
		{"report-only needs nothing", nil, nil, Need{Procedure: ProcReportOnly}, nil, -1},
		{"missing", nil, nil, need, codes.ExportEvidenceMissing, -1},
		{"expired", []Evidence{mod(func(e *Evidence) { e.ValidUntil = now.Add(-time.Nanosecond).UnixNano() })}, []bool{true}, need, codes.ExportEvidenceExpired, -1},
		{"not yet valid", []Evidence{mod(func(e *Evidence) { e.ValidFrom = now.Add(time.Second).UnixNano() })}, []bool{true}, need, codes.ExportEvidenceExpired, -1},
		{"revoked", []Evidence{mod(func(e *Evidence) { e.Revoked = true })}, []bool{true}, need, codes.ExportEvidenceRevoked, -1},
		{"another destination", []Evidence{mod(func(e *Evidence) { e.Destinations = []string{"HK"} })}, []bool{true}, need, codes.ExportEvidenceDestination, -1},
		{"another scenario", []Evidence{mod(func(e *Evidence) { e.Scenarios = []string{"crew-management"} })}, []bool{true}, need, codes.ExportEvidenceScenario, -1},
		{"another recipient", []Evidence{mod(func(e *Evidence) { e.Recipient = other })}, []bool{true}, need, codes.ExportEvidenceRecipient, -1},
		{"another holder", []Evidence{good}, []bool{false}, need, codes.ExportNotHolder, -1},
		{"a contract does not satisfy a security assessment", []Evidence{good}, []bool{true}, with2(need, ProcSecurityAss), codes.ExportEvidenceInstrument, -1},
		{"the suitable record's reason wins over an unsuitable one", []Evidence{mod(func(e *Evidence) { e.Instrument = InstrPDPAContract }), mod(func(e *Evidence) { e.Revoked = true })}, []bool{true, true}, need, codes.ExportEvidenceRevoked, -1},
		{"the second record covers", []Evidence{mod(func(e *Evidence) { e.Revoked = true }), good}, []bool{true, true}, need, nil, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			i, err := CheckEvidence(tc.evs, tc.held, tc.need)
			if tc.want == nil {
				if err != nil || i != tc.idx {
					t.Fatalf("got %d, %v; want %d", i, err, tc.idx)
				}
				return
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %s", err, tc.want)
			}
		})
	}
}

func with2(n Need, proc string) Need { n.Procedure = proc; return n }
