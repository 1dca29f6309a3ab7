package paths_test

import (
	"testing"

	"github.com/corridor-trade/corridor/x/kit/paths"
)

// TestConstructors pins the text of every path: the chain's handlers parse
// exactly these shapes (docs/<module>.md, "Queries").
func TestConstructors(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{paths.Store(), "/store"},
		{paths.Member("cor1x"), "/member/cor1x"},
		{paths.MemberByKey("02ab"), "/member-by-key/02ab"},
		{paths.Account("cor1x"), "/account/cor1x"},
		{paths.Members(""), "/members"},
		{paths.Members("SG"), "/members/SG"},
		{paths.Jurisdictions(), "/jurisdictions"},
		{paths.Validators(), "/validators"},
		{paths.Misbehaviour(""), "/misbehaviour"},
		{paths.Misbehaviour("AB"), "/misbehaviour/AB"},
		{paths.Params(), "/params"},
		{paths.Attestation("aa"), "/attestation/aa"},
		{paths.AsOf(paths.Attestation("aa"), "2026-01-01T00:00:00Z"), "/attestation/aa/asof=2026-01-01T00:00:00Z"},
		{paths.AsOf(paths.Attestation("aa"), ""), "/attestation/aa"},
		{paths.Attestations("cor1x", ""), "/attestations/cor1x"},
		{paths.Attestations("cor1x", "legal-entity"), "/attestations/cor1x/legal-entity"},
		{paths.AttestedBy("cor1x"), "/attested-by/cor1x"},
		{paths.Recognition("aa", "SG"), "/recognition/aa/SG"},
		{paths.Recognition("", "SG"), "/recognition//SG"}, // the handler refuses the empty target
		{paths.Rules("SG"), "/rules/SG"},
		{paths.Mutual("SG", "HK"), "/mutual/SG/HK"},
		{paths.Invoice("aa"), "/invoice/aa"},
		{paths.Fingerprint("cor1x", "ff"), "/fingerprint/cor1x/ff"},
		{paths.Batch("bb"), "/batch/bb"},
		{paths.Revocation("aa"), "/revocation/aa"},
		{paths.InvoicesBy("cor1x", ""), "/invoices-by/cor1x"},
		{paths.InvoicesBy("cor1x", "ff"), "/invoices-by/cor1x/ff"},
		{paths.Payment("id"), "/payment/id"},
		{paths.UETR("u"), "/uetr/u"},
		{paths.DockingClients(), "/docking/clients"},
		{paths.DockingClient("sw-1"), "/docking/client/sw-1"},
		{paths.DockingConsensus("sw-1", 7), "/docking/consensus/sw-1/7"},
		{paths.DockingAnchors("aa"), "/docking/anchors/aa"},
		{paths.DockingAnchor("sw-1", "aa"), "/docking/anchor/sw-1/aa"},
		{paths.DockingSelf(), "/docking/self"},
		{paths.ExportRules("CN-SH", ""), "/export-rules/CN-SH"},
		{paths.ExportRules("CN-SH", "2"), "/export-rules/CN-SH/2"},
		{paths.ExportEvidence("ee"), "/export-evidence/ee"},
		{paths.ExportFlow("ff"), "/export-flow/ff"},
		{paths.ExportFlows(paths.ByExporter, "cor1x", "", ""), "/export-flows/exporter/cor1x"},
		{paths.ExportFlows(paths.ByDestination, "SG", "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z"), "/export-flows/destination/SG/since=2026-01-01T00:00:00Z/until=2027-01-01T00:00:00Z"},
		{paths.ExportCounters("cor1x", "2026"), "/export-counters/cor1x/2026"},
		{paths.ExportReports(""), "/export-reports"},
		{paths.StatusList("ll", ""), "/status-list/ll"},
		{paths.StatusList("ll", "2"), "/status-list/ll/2"},
		{paths.StatusOA("ss", ""), "/status-oa/ss"},
		{paths.StatusOA("ss", "tt"), "/status-oa/ss/tt"},
		{paths.Title("aa", ""), "/title/aa"},
		{paths.Title("aa", "CN-SH,SG,HK"), "/title/aa/route=CN-SH,SG,HK"},
		{paths.Titles(paths.ByHolder, "cor1x"), "/titles/holder/cor1x"},
		{paths.Titles(paths.ByDocument, "dd"), "/titles/document/dd"},
		{paths.LegalEffect(""), "/legal-effect"},
		{paths.LegalEffect("SG"), "/legal-effect/SG"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

func TestIsAsOf(t *testing.T) {
	if v, ok := paths.IsAsOf("asof=123"); !ok || v != "123" {
		t.Errorf("IsAsOf(asof=123) = %q, %v", v, ok)
	}
	if _, ok := paths.IsAsOf("SG"); ok {
		t.Error("IsAsOf(SG) = true")
	}
}
