package anchorplan_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"

	"github.com/corridor-trade/corridor/anchorplan"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/x/invoice"
)

// inv is an invoice document with every field, hash byte h.
func inv(h byte) formats.Document {
	return formats.Document{Format: formats.FormatUBL, Profile: formats.ProfileUBL, Kind: formats.KindInvoice,
		CanonicalHash: formats.Hash{h}, Invoice: &formats.Invoice{Number: "INV-" + string('A'+rune(h)), IssueDate: "2026-01-02",
			Currency: "EUR", Total: "100.50", BuyerID: "0195:T26BUYER"}}
}

func doc(h byte, kind formats.Kind, profile string) formats.Document {
	return formats.Document{Profile: profile, Kind: kind, CanonicalHash: formats.Hash{h}}
}

func file(name string, docs ...formats.Document) anchorplan.File {
	return anchorplan.File{Name: name, Docs: docs}
}

var salt = [32]byte{9}

// outcome summarises a plan: the message types, and the refusal codes.
type outcome struct {
	mode    anchorplan.Mode
	msgs    []string
	refused []*codes.Error
}

func summarise(p *anchorplan.Plan) outcome {
	o := outcome{mode: p.Mode}
	for _, m := range p.Msgs() {
		o.msgs = append(o.msgs, m.Type())
	}
	for _, r := range p.Refused {
		o.refused = append(o.refused, r.Code)
	}
	return o
}

func TestMakeRules(t *testing.T) {
	noBuyer := inv(3)
	noBuyer.Invoice.BuyerID = ""
	noTotal := inv(4)
	noTotal.Invoice.Total = ""
	altered := doc(5, formats.KindTradeDocument, formats.ProfileOpenAttestation)
	altered.Integrity = &formats.Integrity{Method: "openattestation-v2", Checked: true, Valid: false, Reason: "targetHash differs"}
	badCurrency := inv(6)
	badCurrency.Invoice.Currency = "XXQ"
	const A, B = invoice.TypeAnchor, invoice.TypeAnchorBatch
	cases := []struct {
		name  string
		files []anchorplan.File
		pol   anchorplan.Policy
		want  outcome
	}{
		{"one invoice", []anchorplan.File{file("a", inv(1))}, anchorplan.Policy{}, outcome{anchorplan.ModeSingle, []string{A}, nil}},
		{"two invoices in one file", []anchorplan.File{file("a", inv(1), inv(2))}, anchorplan.Policy{}, outcome{anchorplan.ModeSingle, []string{A, A}, nil}},
		{"two files", []anchorplan.File{file("a", inv(1)), file("b", inv(2))}, anchorplan.Policy{}, outcome{anchorplan.ModeBatch, []string{B}, nil}},
		{"forced batch", []anchorplan.File{file("a", inv(1))}, anchorplan.Policy{Mode: anchorplan.ModeBatch}, outcome{anchorplan.ModeBatch, []string{B}, nil}},
		{"forced single", []anchorplan.File{file("a", inv(1)), file("b", inv(2))}, anchorplan.Policy{Mode: anchorplan.ModeSingle}, outcome{anchorplan.ModeSingle, []string{A, A}, nil}},
		{"credit note alone is batched", []anchorplan.File{file("a", doc(1, formats.KindCreditNote, formats.ProfileUBL))}, anchorplan.Policy{}, outcome{anchorplan.ModeBatch, []string{B}, nil}},
		{"credit note single refused", []anchorplan.File{file("a", doc(1, formats.KindCreditNote, formats.ProfileUBL))}, anchorplan.Policy{Mode: anchorplan.ModeSingle},
			outcome{anchorplan.ModeSingle, nil, []*codes.Error{codes.PlanNotInvoice}}},
		{"trade document is batched", []anchorplan.File{file("a", doc(1, formats.KindTradeDocument, formats.ProfileOpenAttestation))}, anchorplan.Policy{},
			outcome{anchorplan.ModeBatch, []string{B}, nil}},
		{"trade document with fields on its own", []anchorplan.File{file("a", doc(1, formats.KindTradeDocument, formats.ProfileOpenAttestation))},
			anchorplan.Policy{BuyerID: "0195:X", Fields: anchorplan.Fields{Number: "1", IssueDate: "2026-01-01", Currency: "USD", Total: "1"}},
			outcome{anchorplan.ModeSingle, []string{A}, nil}},
		{"trade document single without fields", []anchorplan.File{file("a", doc(1, formats.KindTradeDocument, formats.ProfileOpenAttestation))},
			anchorplan.Policy{Mode: anchorplan.ModeSingle}, outcome{anchorplan.ModeSingle, nil, []*codes.Error{codes.PlanMissingField}}},
		{"duplicate merged", []anchorplan.File{file("a", inv(1), inv(1))}, anchorplan.Policy{}, outcome{anchorplan.ModeSingle, []string{A}, nil}},
		{"duplicate files merged", []anchorplan.File{file("a", inv(1)), file("b", inv(1))}, anchorplan.Policy{}, outcome{anchorplan.ModeBatch, []string{B}, nil}},
		{"duplicate refused", []anchorplan.File{file("a", inv(1)), file("b", inv(1))}, anchorplan.Policy{Duplicates: anchorplan.DuplicatesRefuse},
			outcome{anchorplan.ModeSingle, []string{A}, []*codes.Error{codes.PlanDuplicate}}},
		{"missing buyer", []anchorplan.File{file("a", noBuyer)}, anchorplan.Policy{}, outcome{anchorplan.ModeSingle, nil, []*codes.Error{codes.PlanNoBuyer}}},
		{"buyer id given", []anchorplan.File{file("a", noBuyer)}, anchorplan.Policy{BuyerID: "0195:X"}, outcome{anchorplan.ModeSingle, []string{A}, nil}},
		{"buyer id disagrees", []anchorplan.File{file("a", inv(1))}, anchorplan.Policy{BuyerID: "0195:X"}, outcome{anchorplan.ModeSingle, nil, []*codes.Error{codes.PlanFieldMismatch}}},
		{"missing buyer batched", []anchorplan.File{file("a", noBuyer), file("b", inv(2))}, anchorplan.Policy{}, outcome{anchorplan.ModeBatch, []string{B}, nil}},
		{"missing total", []anchorplan.File{file("a", noTotal)}, anchorplan.Policy{}, outcome{anchorplan.ModeSingle, nil, []*codes.Error{codes.PlanMissingField}}},
		{"total given", []anchorplan.File{file("a", noTotal)}, anchorplan.Policy{Fields: anchorplan.Fields{Total: "7"}}, outcome{anchorplan.ModeSingle, []string{A}, nil}},
		{"total agrees canonically", []anchorplan.File{file("a", inv(1))}, anchorplan.Policy{Fields: anchorplan.Fields{Total: "0100.5"}}, outcome{anchorplan.ModeSingle, []string{A}, nil}},
		{"number disagrees", []anchorplan.File{file("a", inv(1))}, anchorplan.Policy{Fields: anchorplan.Fields{Number: "X"}}, outcome{anchorplan.ModeSingle, nil, []*codes.Error{codes.PlanFieldMismatch}}},
		{"ledger check", []anchorplan.File{file("a", badCurrency)}, anchorplan.Policy{}, outcome{anchorplan.ModeSingle, nil, []*codes.Error{codes.InvoiceBadCurrency}}},
		{"altered", []anchorplan.File{file("a", altered)}, anchorplan.Policy{}, outcome{anchorplan.ModeBatch, nil, []*codes.Error{codes.PlanIntegrity}}},
		{"altered anchored on request", []anchorplan.File{file("a", altered)}, anchorplan.Policy{Integrity: anchorplan.IntegrityAnchor}, outcome{anchorplan.ModeBatch, []string{B}, nil}},
		{"altered refuses its file", []anchorplan.File{file("a", inv(1), altered), file("b", inv(2))}, anchorplan.Policy{},
			outcome{anchorplan.ModeSingle, []string{A}, []*codes.Error{codes.PlanFileRefused, codes.PlanIntegrity}}},
		{"credential", []anchorplan.File{file("a", doc(1, formats.KindCredential, formats.ProfileVC))}, anchorplan.Policy{}, outcome{anchorplan.ModeBatch, nil, []*codes.Error{codes.PlanNotAnchorable}}},
		{"payment", []anchorplan.File{file("a", doc(1, formats.KindPayment, formats.ProfileISO20022))}, anchorplan.Policy{}, outcome{anchorplan.ModeBatch, nil, []*codes.Error{codes.PlanNotAnchorable}}},
		{"unknown bytes", []anchorplan.File{file("a", formats.RawDocument([]byte("x")))}, anchorplan.Policy{}, outcome{anchorplan.ModeBatch, nil, []*codes.Error{codes.PlanNotAnchorable}}},
		{"raw on request", []anchorplan.File{file("a", formats.RawDocument([]byte("x")))},
			anchorplan.Policy{Profile: formats.ProfileRaw, Fields: anchorplan.Fields{Number: "1", IssueDate: "2026-01-01", Currency: "USD", Total: "1"}, BuyerID: "0195:X"},
			outcome{anchorplan.ModeSingle, []string{A}, nil}},
		{"raw batch", []anchorplan.File{file("a", formats.RawDocument([]byte("x"))), file("b", formats.RawDocument([]byte("y")))},
			anchorplan.Policy{Profile: formats.ProfileRaw}, outcome{anchorplan.ModeBatch, []string{B}, nil}},
		{"profile mismatch", []anchorplan.File{file("a", inv(1))}, anchorplan.Policy{Profile: formats.ProfileCII}, outcome{anchorplan.ModeBatch, nil, []*codes.Error{codes.PlanProfileMismatch}}},
		{"empty file", []anchorplan.File{file("a")}, anchorplan.Policy{}, outcome{anchorplan.ModeBatch, nil, []*codes.Error{codes.PlanNoDocument}}},
		{"profiles batch apart", []anchorplan.File{file("a", inv(1)), file("b", doc(2, formats.KindInvoice, formats.ProfileCII))}, anchorplan.Policy{},
			outcome{anchorplan.ModeBatch, []string{B, B}, nil}},
		{"batch size", []anchorplan.File{file("a", inv(1)), file("b", inv(2)), file("c", inv(3), inv(4))}, anchorplan.Policy{BatchSize: 2},
			outcome{anchorplan.ModeBatch, []string{B, B}, nil}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.pol.BuyerSalt = &salt
			p, err := anchorplan.Make(c.files, c.pol)
			if err != nil {
				t.Fatal(err)
			}
			got := summarise(p)
			if got.mode != c.want.mode || !equalStrings(got.msgs, c.want.msgs) || !equalCodes(got.refused, c.want.refused) {
				t.Fatalf("got %v %v %v, want %v %v %v", got.mode, got.msgs, got.refused, c.want.mode, c.want.msgs, c.want.refused)
			}
			for i := range p.Batches {
				if err := p.Batches[i].Check(); err != nil {
					t.Fatal(err)
				}
			}
			if !p.Draft && len(p.Singles) > 0 {
				t.Fatal("a plan without issuer must be a draft")
			}
			if (len(p.Refused) == 0) != (p.Err() == nil) || (p.Err() != nil && !errors.Is(p.Err(), c.want.refused[0])) {
				t.Fatalf("Err() = %v", p.Err())
			}
		})
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func equalCodes(a, b []*codes.Error) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestMakeBadPolicy(t *testing.T) {
	for _, pol := range []anchorplan.Policy{
		{Mode: "sometimes"}, {Duplicates: "keep"}, {Integrity: "maybe"}, {Profile: "pdf"}, {BatchSize: invoice.MaxBatch + 1},
		{BuyerID: "0195:X", BuyerMember: [20]byte{1}},
		{Mode: anchorplan.ModeBatch, Fields: anchorplan.Fields{Number: "1"}},
	} {
		if _, err := anchorplan.Make([]anchorplan.File{file("a", inv(1))}, pol); !errors.Is(err, codes.PlanBadPolicy) {
			t.Errorf("%+v: %v", pol, err)
		}
	}
}

// TestSingleMessages checks the invoice/anchor fields, the fingerprint
// under the issuer, one salt per plan and merged duplicates' files.
func TestSingleMessages(t *testing.T) {
	issuer := [20]byte{7}
	p, err := anchorplan.Make([]anchorplan.File{file("a", inv(1), inv(2), inv(1))}, anchorplan.Policy{Issuer: issuer, BuyerSalt: &salt})
	if err != nil || len(p.Singles) != 2 || p.Draft {
		t.Fatalf("%+v %v", p, err)
	}
	m := p.Singles[0].Msg
	fp, _ := invoice.Fingerprint(issuer, "INV-B")
	if m.Fingerprint != fp || m.BuyerCommit != invoice.BuyerCommitment(salt, "0195:T26BUYER") || m.Total != "100.5" || m.Currency != "EUR" || m.IssueDate != "2026-01-02" {
		t.Fatalf("%+v", m)
	}
	if err := m.ValidateBasic(); err != nil {
		t.Fatal(err)
	}
	if p.BuyerSalt != "09"+string(bytes.Repeat([]byte("0"), 62)) {
		t.Fatalf("salt %s", p.BuyerSalt)
	}
	// Without a fixed salt, one is drawn for the whole plan.
	q, _ := anchorplan.Make([]anchorplan.File{file("a", inv(1), inv(2))}, anchorplan.Policy{})
	if q.BuyerSalt == "" || q.Singles[0].Msg.BuyerCommit == p.Singles[0].Msg.BuyerCommit {
		t.Fatalf("random salt: %+v", q)
	}
}

// TestBatchMembers checks that every occurrence is a member whose path
// leads to the root, duplicates sharing a leaf.
func TestBatchMembers(t *testing.T) {
	p, err := anchorplan.Make([]anchorplan.File{file("a", inv(1), inv(2)), file("b", inv(3)), file("c", inv(2))}, anchorplan.Policy{})
	if err != nil || len(p.Batches) != 1 {
		t.Fatalf("%+v %v", p, err)
	}
	b := p.Batches[0]
	if b.Count != 3 || len(b.Members) != 4 {
		t.Fatalf("%+v", b)
	}
	if b.Members[1].Index != b.Members[3].Index || b.Members[3].File != "c" {
		t.Fatalf("duplicate members %+v", b.Members)
	}
	if p.BatchOf("c") != 0 || len(b.Only("a").Members) != 2 {
		t.Fatal("BatchOf / Only")
	}
	leaves := [][32]byte{{1}, {2}, {3}}
	if b.Root != invoice.MerkleRoot(leaves) {
		t.Fatal("root")
	}
}

// TestPlanJSONRoundTrip checks that a plan's JSON (what the HTTP check
// endpoint returns) reads back into the same messages and refusals.
func TestPlanJSONRoundTrip(t *testing.T) {
	p, _ := anchorplan.Make([]anchorplan.File{file("a", inv(1)), file("b", inv(2)), file("c", doc(3, formats.KindCredential, formats.ProfileVC))}, anchorplan.Policy{})
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	var q anchorplan.Plan
	if err := json.Unmarshal(b, &q); err != nil {
		t.Fatal(err)
	}
	if len(q.Msgs()) != 1 || q.Msgs()[0].(*invoice.MsgAnchorBatch).Root != p.Batches[0].Root || q.Refused[0].Code != codes.PlanNotAnchorable {
		t.Fatalf("%s", b)
	}
	if !bytes.Contains(b, []byte(`"error":"plan/not_anchorable"`)) {
		t.Fatalf("%s", b)
	}
}
