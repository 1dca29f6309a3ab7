package localnet_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/internal/localnet"
	"github.com/corridor-trade/corridor/internal/netgen"
	"github.com/corridor-trade/corridor/proof"
	"github.com/corridor-trade/corridor/proof/fetch"
	"github.com/corridor-trade/corridor/x/export"
	"github.com/corridor-trade/corridor/x/identity"
	"github.com/corridor-trade/corridor/x/invoice"
)

// TestExportStory is issue 15's story on four validators: with the sample
// rule set of CN-SH in genesis, a Shanghai exporter's flows to Singapore
// pass while under 100,000 individuals in the year, the next is refused
// for want of a filed standard contract, the contract is anchored and the
// flow passes; customs in Singapore verifies the document it carried
// offline and sees the export line.
func TestExportStory(t *testing.T) {
	if testing.Short() {
		t.Skip("network test")
	}
	js := netgen.DefaultJurisdictions()
	net := localnet.Start(t, localnet.Options{ChainID: "corridor-export-1", AppState: map[string]json.RawMessage{
		"recognition": netgen.SampleRecognition(js), "export": netgen.SampleExport()}})
	net.WaitForHeight(2, time.Minute)
	s := story{t, net}
	addr := func(name string) [20]byte { return net.Keys[name].PubKey().Address() }

	s.ok(0, "sh-attester", &identity.MsgAttest{Subject: identity.AddressSubject(addr("sh-trader")), Claim: identity.ClaimLegalEntity,
		Scheme: identity.SchemeUSCC, CredentialHash: sha256.Sum256([]byte("business licence of a Shanghai exporter"))})
	file := []byte("INVOICE SH-2026-0007\nSeller: Huangpu Trading Co\nBuyer: Lion City Components Pte Ltd\nTotal: USD 900.00\n")
	doc := sha256.Sum256(file)
	s.ok(1, "sh-trader", &invoice.MsgAnchor{DocHash: doc, Profile: invoice.ProfileRaw, Fingerprint: sha256.Sum256([]byte("SH-2026-0007")),
		BuyerMember: addr("sg-trader"), IssueDate: "2026-11-20", Currency: "USD", Total: "900"})

	flow := func(individuals uint64, docs []export.Hash, evidence ...export.Hash) *export.MsgFlow {
		return &export.MsgFlow{Sector: "trade", Scenario: "cross-border-trade-docs", Categories: []string{"buyer-contact"},
			Items: []string{"untded:3036", "untded:3412"}, Destination: "SG", Recipient: addr("sg-trader"),
			Volumes: export.Volumes{Individuals: individuals}, Documents: docs, Evidence: evidence}
	}
	s.ok(0, "sh-trader", flow(40000, nil))
	s.ok(1, "sh-trader", flow(59999, nil))
	s.fails(2, "sh-trader", codes.ExportEvidenceMissing, flow(1, []export.Hash{doc}))

	res := s.ok(3, "sh-trader", &export.MsgEvidence{Instrument: export.InstrStandardContract, Authority: "Shanghai CAC",
		Reference: "SH-SCC-2026-0042", DocHash: sha256.Sum256([]byte("filed standard contract")), Holder: addr("sh-trader"),
		Recipient: addr("sg-trader"), Destinations: []string{"SG"}, Scenarios: []string{"cross-border-trade-docs"}})
	var txHash [32]byte
	b, _ := hex.DecodeString(res.Hash)
	copy(txHash[:], b)
	evidence := export.EvidenceID(txHash, 0)
	last := s.ok(0, "sh-trader", flow(1, []export.Hash{doc}, evidence))
	net.WaitForHeight(last.Height+1, time.Minute)

	// The counters of the exporter's legal entity for the year.
	var counters export.CountersView
	q, err := net.Client(2).RPC.ABCIQuery(context.Background(), "/export-counters/"+s.net.Keys["sh-trader"].PubKey().Address().String(), nil)
	if err != nil || q.Response.Code != 0 || json.Unmarshal(q.Response.Value, &counters) != nil {
		t.Fatalf("counters: %v %s", err, q.Response.Log)
	}
	if !counters.Linked || len(counters.Counters) != 1 || counters.Counters[0].Counter.Individuals != 100000 || counters.Counters[0].Counter.Flows != 3 {
		t.Fatalf("counters %+v", counters)
	}

	// Customs in Singapore: the recognition query shows the export line...
	rq, err := net.Client(3).RPC.ABCIQuery(context.Background(), "/recognition/"+hex.EncodeToString(doc[:])+"/SG", nil)
	if err != nil || rq.Response.Code != 0 {
		t.Fatalf("recognition: %v %s", err, rq.Response.Log)
	}
	var answer struct {
		Export *struct {
			OK     bool   `json:"ok"`
			Detail string `json:"detail"`
		} `json:"export"`
	}
	if err := json.Unmarshal(rq.Response.Value, &answer); err != nil || answer.Export == nil || !answer.Export.OK ||
		!strings.Contains(answer.Export.Detail, "standard-contract SH-SCC-2026-0042") {
		t.Fatalf("recognition export line: %s", rq.Response.Value)
	}
	// ...and the certificate, verified offline, proves it.
	v := offlineVerdict(t, net, 3, doc, proof.Options{File: file, Jurisdictions: []string{"SG"}})
	var sb strings.Builder
	v.WriteText(&sb)
	l := v.Line(proof.CheckExported)
	if !v.Valid || l == nil || !l.OK || !strings.Contains(l.Detail, "exported CN-SH to SG") || !strings.Contains(l.Detail, "standard-contract SH-SCC-2026-0042 (Shanghai CAC), active") {
		t.Fatalf("certificate verdict:\n%s", sb.String())
	}
	t.Logf("verdict:\n%s", sb.String())
}

// offlineVerdict builds doc's certificate through node i, carries it as
// bytes (as customs elsewhere receives it) and verifies it offline against
// the network's genesis.
func offlineVerdict(t *testing.T, net *localnet.Network, i int, doc [32]byte, opts proof.Options) *proof.Verdict {
	t.Helper()
	cert, err := fetch.BuildCertificate(context.Background(), net.Client(i), doc)
	if err != nil {
		t.Fatal(err)
	}
	trust, err := proof.GenesisTrust(net.Gen.Genesis)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := cert.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	back, err := proof.ParseCertificate(raw)
	if err != nil {
		t.Fatal(err)
	}
	v, err := proof.VerifyCertificateWith(back, trust, opts)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
