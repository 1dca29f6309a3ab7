package localnet_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"testing"
	"time"

	rpcclient "github.com/cometbft/cometbft/rpc/client"
	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/internal/localnet"
	"github.com/corridor-trade/corridor/x/identity"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/payment"
	"github.com/corridor-trade/corridor/x/recognition"
)

// story sends transactions as named members through chosen nodes.
type story struct {
	t   *testing.T
	net *localnet.Network
}

func (s story) send(node int, from string, msgs ...kit.Msg) *client.Result {
	s.t.Helper()
	res, err := s.net.Client(node).Submit(context.Background(), s.net.Keys[from], client.SubmitOptions{Wait: time.Minute}, msgs...)
	if err != nil {
		s.t.Fatalf("%s via node %d: %v", from, node, err)
	}
	// Each node answers (and checks the next transaction) from its own
	// committed state, and under load another node can still be a block
	// behind the one that answered: wait until every running node has
	// committed the block, so the next step may use any node.
	if res.Height > 0 {
		s.net.WaitForHeight(res.Height, 2*time.Minute)
	}
	return res
}

func (s story) ok(node int, from string, msgs ...kit.Msg) *client.Result {
	s.t.Helper()
	res := s.send(node, from, msgs...)
	if !res.OK() {
		s.t.Fatalf("%s via node %d: %s %s", from, node, res.Error, res.Log)
	}
	return res
}

func (s story) fails(node int, from string, want *codes.Error, msgs ...kit.Msg) {
	s.t.Helper()
	res := s.send(node, from, msgs...)
	if res.Code != want.Code {
		s.t.Fatalf("%s via node %d: code %d (%s), want %v", from, node, res.Code, res.Log, want)
	}
}

// verdictAt asks node for the recognition verdict at a committed height
// (0 = latest).
func (s story) verdictAt(node int, target [32]byte, in string, height int64) recognition.Verdict {
	s.t.Helper()
	res, err := s.net.Client(node).RPC.ABCIQueryWithOptions(context.Background(),
		"/recognition/"+hex.EncodeToString(target[:])+"/"+in, nil, rpcclient.ABCIQueryOptions{Height: height})
	if err != nil || res.Response.Code != 0 {
		s.t.Fatalf("recognition query at %d: %v %s", height, err, res.Response.Log)
	}
	var v recognition.Verdict
	if err := json.Unmarshal(res.Response.Value, &v); err != nil {
		s.t.Fatal(err)
	}
	return v
}

// TestTradeStory is the issue's full story on four validators: a Shanghai
// trader is attested, Singapore recognises Shanghai's attester, the trader
// anchors an invoice, a Hong Kong bank pays it in two parts, and Singapore
// customs sees it recognised and paid; then the guards and a revocation.
func TestTradeStory(t *testing.T) {
	if testing.Short() {
		t.Skip("network test")
	}
	net := localnet.Start(t, localnet.Options{ChainID: "corridor-story-1"})
	net.WaitForHeight(2, time.Minute)
	s := story{t, net}
	const sh, sg, hk, lingang = 0, 1, 2, 3

	// 1. Shanghai's attester attests the Shanghai trader (via the Shanghai node).
	trader := net.Keys["sh-trader"].PubKey().Address()
	attestRes := s.ok(sh, "sh-attester", &identity.MsgAttest{Subject: identity.AddressSubject(trader),
		Claim: "legal-entity", Scheme: "uscc", CredentialHash: sha256.Sum256([]byte("USCC credential"))})
	attHash, _ := hex.DecodeString(attestRes.Hash)
	attID := identity.AttestationID([32]byte(attHash), 0)

	// 2. Singapore recognises that attester and accepts UBL invoices (via the Singapore node).
	attester := net.Keys["sh-attester"].PubKey().Address()
	s.ok(sg, "sg-operator", &recognition.MsgSet{In: "SG", Attester: attester, Claims: []string{"legal-entity"}})
	s.ok(sg, "sg-operator", &recognition.MsgSet{In: "SG", Profiles: []string{"ubl-2.1"}})

	// 3. The trader anchors an invoice (via Lin-gang).
	doc := invoice.Hash(sha256.Sum256([]byte("canonical UBL invoice INV-2026-001")))
	fp, err := invoice.Fingerprint(trader, "INV-2026-001")
	if err != nil {
		t.Fatal(err)
	}
	anchor := &invoice.MsgAnchor{DocHash: doc, Profile: "ubl-2.1", Fingerprint: fp,
		BuyerMember: net.Keys["sg-trader"].PubKey().Address(), IssueDate: "2026-11-02", Currency: "USD", Total: "1000"}
	s.ok(lingang, "sh-trader", anchor)

	// 4. A Hong Kong bank pays in two parts; an over-payment in between is refused.
	pay := func(uetr, amount string) *payment.MsgRecord {
		u, err := payment.ParseUETR(uetr)
		if err != nil {
			t.Fatal(err)
		}
		return &payment.MsgRecord{UETR: u, Currency: "USD", ValueDate: "2026-11-20",
			MessageHash: sha256.Sum256([]byte(uetr)), Items: []payment.Item{{DocHash: doc, Amount: amount}}}
	}
	s.ok(hk, "hk-bank", pay("11111111-1111-4111-8111-111111111111", "400"))
	s.fails(hk, "hk-bank", codes.PaymentOverpayment, pay("22222222-2222-4222-8222-222222222222", "700"))
	paid := s.ok(hk, "hk-bank", pay("33333333-3333-4333-8333-333333333333", "600"))

	// Each node answers from its own committed state: wait until the
	// Singapore node has committed the block that paid the invoice.
	if err := net.Client(sg).WaitForHeight(context.Background(), paid.Height, time.Minute); err != nil {
		t.Fatal(err)
	}

	// 5. Singapore customs asks its own node: recognised, and paid.
	v := s.verdictAt(sg, doc, "SG", 0)
	if !v.Recognized {
		t.Fatalf("not recognised in SG: %+v", v.Reasons)
	}
	var inv struct {
		Status string `json:"status"`
	}
	if err := net.Client(sg).Query(context.Background(), "/invoice/"+hex.EncodeToString(doc[:]), &inv); err != nil {
		t.Fatal(err)
	}
	if inv.Status != "paid" {
		t.Fatalf("invoice status %q, want paid", inv.Status)
	}

	// CometBFT's tx_search finds the invoice's transactions by hash, issuer
	// and status, and the payments by UETR, invoice and resulting status,
	// on any node.
	h := hex.EncodeToString(doc[:])
	for _, q := range []struct {
		query string
		want  int
	}{
		{"invoice.hash='" + h + "'", 3}, // anchored, partially-paid, paid
		{"invoice.hash='" + h + "' AND invoice.status='paid'", 1},
		{"invoice.issuer='" + trader.String() + "' AND invoice.status='issued'", 1},
		{"payment.uetr='11111111-1111-4111-8111-111111111111'", 1},
		{"payment.invoice='" + h + "'", 2},
		{"payment.invoice='" + h + "' AND payment.status='paid'", 1},
	} {
		res := net.TxSearch(hk, q.query, q.want, 30*time.Second)
		if res.TotalCount != q.want {
			t.Fatalf("tx_search %s: %d transactions, want %d", q.query, res.TotalCount, q.want)
		}
	}

	// 6. The same document, and the same invoice number under another hash, are refused.
	s.fails(sh, "sh-trader", codes.InvoiceDuplicateDocument, anchor)
	again := *anchor
	again.DocHash = invoice.Hash(sha256.Sum256([]byte("re-issued INV-2026-001 with other amounts")))
	s.fails(sh, "sh-trader", codes.InvoiceDuplicateFingerprint, &again)

	// 7. The attestation is revoked: from that height on, Singapore no
	// longer recognises the invoice; at the height before, it did.
	rev := s.ok(sh, "sh-attester", &identity.MsgRevoke{ID: attID, Reason: "licence withdrawn"})
	net.WaitForHeight(rev.Height+1, time.Minute)
	if before := s.verdictAt(sg, doc, "SG", rev.Height-1); !before.Recognized {
		t.Fatalf("at height %d (before revocation) not recognised: %+v", rev.Height-1, before.Reasons)
	}
	if after := s.verdictAt(sg, doc, "SG", rev.Height); after.Recognized {
		t.Fatalf("at height %d (revocation) still recognised", rev.Height)
	}
	sameAppHashes(t, net, rev.Height+1)
}
