package localnet_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"
	"time"

	coretypes "github.com/cometbft/cometbft/rpc/core/types"
	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/internal/localnet"
	"github.com/corridor-trade/corridor/internal/netgen"
	"github.com/corridor-trade/corridor/proof"
	"github.com/corridor-trade/corridor/tx"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/kit/paths"
	"github.com/corridor-trade/corridor/x/membership"
	"github.com/corridor-trade/corridor/x/title"
)

// TestTitleStory is issue 17's story on four validators: a Shanghai
// carrier issues an eBL to a shipper, who endorses it to a Singapore
// bank, which transfers it to a Hong Kong buyer (and, as owner, nominates
// the buyer, who endorses the nomination), who surrenders it; the
// carrier accepts. Customs, on another node, sees the history and the
// legal-effect line per leg of the route CN-SH, SG, HK. Two transfers of
// the same holdership in one block leave exactly one.
func TestTitleStory(t *testing.T) {
	if testing.Short() {
		t.Skip("network test")
	}
	net := localnet.Start(t, localnet.Options{ChainID: "corridor-title-1", AppState: map[string]json.RawMessage{"title": netgen.SampleTitle()}})
	net.WaitForHeight(2, time.Minute)
	s := story{t, net}
	const sh, sg, hk, lingang = 0, 1, 2, 3
	seed := sha256.Sum256([]byte("corridor title story: sh-carrier"))
	carrierKey, err := secp.PrivKeyFromBytes(seed[:])
	if err != nil {
		t.Fatal(err)
	}
	net.Keys["sh-carrier"] = carrierKey
	addr := func(name string) secp.Address { return net.Keys[name].PubKey().Address() }
	s.ok(sh, "sh-operator", &membership.MsgAdmit{PubKey: carrierKey.PubKey(), Roles: []string{membership.RoleTrader}, Label: "sh-carrier"})

	blFile := []byte("devnet sample eBL SHCAR-2026-0042: Shanghai to Hong Kong via Singapore\n")
	bl := sha256.Sum256(blFile)
	// The carrier also anchors the bill as a trade document, so that it
	// has a certificate (the invoice module asks a date, currency and
	// total: here the freight).
	s.ok(sh, "sh-carrier", &invoice.MsgAnchor{DocHash: bl, Profile: invoice.ProfileRaw, Fingerprint: sha256.Sum256([]byte("SHCAR-2026-0042")),
		BuyerMember: addr("sh-trader"), IssueDate: "2026-11-20", Currency: "USD", Total: "1200"})
	s.ok(sh, "sh-carrier", &title.MsgIssue{Kind: title.KindEBL, DocHash: bl, Owner: addr("sh-trader"), Holder: addr("sh-trader"), Reference: "SHCAR-2026-0042"})
	id := title.RecordID(addr("sh-carrier"), bl)
	s.fails(sg, "sg-bank", codes.TitleNotHolder, &title.MsgTransfer{ID: id, NewHolder: addr("sg-bank")})
	s.ok(sh, "sh-trader", &title.MsgEndorse{ID: id, NewOwner: addr("sg-bank"), NewHolder: addr("sg-bank")})
	s.ok(sg, "sg-bank", &title.MsgTransfer{ID: id, NewHolder: addr("hk-trader")})
	s.fails(hk, "hk-trader", codes.TitleNotOwner, &title.MsgSurrender{ID: id})
	s.ok(sg, "sg-bank", &title.MsgNominate{ID: id, Nominee: addr("hk-trader")})
	endorsed := s.ok(hk, "hk-trader", &title.MsgEndorse{ID: id, NewOwner: addr("hk-trader")})
	net.WaitForHeight(endorsed.Height+1, time.Minute)

	// Customs in Hong Kong checks the bill's certificate offline: the
	// transferable-record line names its state and holder and, per
	// jurisdiction, its legal effect.
	verdict := offlineVerdict(t, net, hk, bl, proof.Options{File: blFile, Jurisdictions: []string{"CN-SH", "SG", "HK"}})
	var sb strings.Builder
	verdict.WriteText(&sb)
	if l := verdict.Line(proof.CheckTitle); l == nil || !l.OK || !strings.Contains(l.Detail, "ebl record") ||
		!strings.Contains(l.Detail, "holder "+addr("hk-trader").String()) || !strings.Contains(l.Detail, "SG: legal effect under") ||
		!strings.Contains(l.Detail, "HK: no legal effect") || !strings.Contains(l.Detail, "paper fallback needed") {
		t.Fatalf("certificate verdict:\n%s", sb.String())
	}
	t.Logf("verdict:\n%s", sb.String())
	s.ok(hk, "hk-trader", &title.MsgSurrender{ID: id})
	last := s.ok(sh, "sh-carrier", &title.MsgAcceptSurrender{ID: id})
	s.fails(hk, "hk-trader", codes.TitleSpent, &title.MsgTransfer{ID: id, NewHolder: addr("hk-bank")})
	net.WaitForHeight(last.Height+1, time.Minute)

	// Customs, through the Lingang node, sees the history and the legs.
	var v title.View
	if err := net.Client(lingang).Query(context.Background(), paths.Title(id.String(), "CN-SH,SG,HK"), &v); err != nil {
		t.Fatal(err)
	}
	var steps []string
	for _, h := range v.History {
		steps = append(steps, h.Step)
	}
	if got, want := strings.Join(steps, " "), "issue endorse transfer-holder nominate endorse surrender accept-surrender"; got != want {
		t.Fatalf("history %q, want %q", got, want)
	}
	if v.State != title.StateSpent || v.Holder != addr("sh-carrier") || len(v.Allowed) != 0 {
		t.Fatalf("record after the accepted surrender: state %s holder %s allowed %v", v.State, v.Holder, v.Allowed)
	}
	at, err := time.Parse(time.RFC3339Nano, v.AsOf)
	if err != nil {
		t.Fatal(err)
	}
	mainland := at.UTC().Format("2006-01-02") >= "2026-05-01"
	if len(v.Route) != 3 || v.Route[0].LegalEffect != mainland || !v.Route[1].LegalEffect || v.Route[2].LegalEffect ||
		!v.Route[2].PaperFallback || !strings.Contains(v.Route[2].Line, "paper fallback needed") || !strings.Contains(v.Route[1].Line, "Electronic Transactions") {
		t.Fatalf("legs at %s: %+v", at, v.Route)
	}
	for _, l := range v.Route {
		t.Logf("leg %s", l.Line)
	}

	// The double spend: a second bill; its holder signs two transfers of
	// the same holdership, broadcast together to one node so that they
	// land in one block (retried with a new bill if the node's proposer
	// happened to cut between them).
	c := net.Client(sg)
	for attempt := 0; ; attempt++ {
		doc := sha256.Sum256([]byte{'d', 's', byte(attempt)})
		s.ok(sh, "sh-carrier", &title.MsgIssue{Kind: title.KindEBL, DocHash: doc, Owner: addr("sg-bank"), Holder: addr("sg-bank")})
		dsID := title.RecordID(addr("sh-carrier"), doc)
		_, seq, err := c.Sequence(context.Background(), net.Keys["sg-bank"].PubKey())
		if err != nil {
			t.Fatal(err)
		}
		var raws [][]byte
		for i, to := range []string{"hk-trader", "hk-bank"} {
			raw, err := tx.Build(net.Keys["sg-bank"], net.ChainID, seq+uint64(i), "", &title.MsgTransfer{ID: dsID, NewHolder: addr(to)})
			if err != nil {
				t.Fatal(err)
			}
			raws = append(raws, raw)
		}
		// The first waits in the mempool (CheckTx only) while the second
		// is sent and waited for; then the first's result is looked up.
		first, err := c.BroadcastRaw(context.Background(), raws[0], 0)
		if err != nil || first.Code != 0 {
			t.Fatalf("first transfer: %v %+v", err, first)
		}
		second, err := c.BroadcastRaw(context.Background(), raws[1], time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		hash, _ := hex.DecodeString(first.Hash)
		var committed *coretypes.ResultTx
		for deadline := time.Now().Add(time.Minute); committed == nil && time.Now().Before(deadline); {
			if committed, err = c.RPC.Tx(context.Background(), hash, false); err != nil {
				committed = nil
				time.Sleep(100 * time.Millisecond)
			}
		}
		if committed == nil {
			t.Fatalf("first transfer %s never committed", first.Hash)
		}
		first.Code, first.Height, first.Committed = committed.TxResult.Code, committed.Height, true
		results := []*client.Result{first, second}
		ok := 0
		for _, r := range results {
			if r.OK() {
				ok++
			} else if r.Code != codes.TitleNotHolder.Code {
				t.Fatalf("second transfer: code %d %s", r.Code, r.Log)
			}
		}
		// The Hong Kong node answers from its own committed state, which
		// can still be a block behind the Singapore node's.
		if err := net.Client(hk).WaitForHeight(context.Background(), max(first.Height, second.Height), time.Minute); err != nil {
			t.Fatal(err)
		}
		var ds title.View
		if err := net.Client(hk).Query(context.Background(), paths.Title(dsID.String(), ""), &ds); err != nil {
			t.Fatal(err)
		}
		winners := 0
		for _, n := range []string{"hk-trader", "hk-bank"} {
			var held []title.View
			if err := net.Client(hk).Query(context.Background(), paths.Titles(paths.ByHolder, addr(n).String()), &held); err != nil {
				t.Fatal(err)
			}
			for _, h := range held {
				if h.ID == dsID {
					winners++
				}
			}
		}
		if ok > 1 || winners != 1 || (ds.Holder != addr("hk-trader") && ds.Holder != addr("hk-bank")) {
			t.Fatalf("double spend: %d accepted, %d holders listed, holder %s", ok, winners, ds.Holder)
		}
		same := results[0].Height == results[1].Height && results[0].Committed && results[1].Committed
		t.Logf("attempt %d: heights %d and %d, codes %d and %d, holder %s", attempt, results[0].Height, results[1].Height, results[0].Code, results[1].Code, ds.Holder)
		if same {
			break
		}
		if attempt == 4 {
			t.Fatalf("the two transfers never landed in one block in 5 attempts")
		}
	}
}
