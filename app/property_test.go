package app_test

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/corridor-trade/corridor/app/apptest"
	"github.com/corridor-trade/corridor/x/identity"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/membership"
	"github.com/corridor-trade/corridor/x/payment"
	"github.com/corridor-trade/corridor/x/recognition"
)

// randomMsg draws one message and a signer from a small world of members,
// documents and amounts, so that messages often touch the same records and
// many of them fail: failures must be as deterministic as successes.
func randomMsg(r *rand.Rand, h *apptest.Harness) (string, kit.Msg) {
	cities := []string{"sh", "sg", "hk"}
	city := cities[r.IntN(3)]
	other := cities[r.IntN(3)]
	doc := invoice.Hash(sha256.Sum256([]byte(fmt.Sprintf("doc-%d", r.IntN(6)))))
	extra := apptest.KeyFor(fmt.Sprintf("extra-%d", r.IntN(4)))
	switch r.IntN(9) {
	case 0:
		return city + "-operator", &membership.MsgAdmit{PubKey: extra.PubKey(), Roles: []string{"trader"}}
	case 1:
		return city + "-operator", &membership.MsgSuspend{Member: h.Addr(other + "-trader"), Reason: "review"}
	case 2:
		return city + "-operator", &membership.MsgReinstate{Member: h.Addr(other + "-trader")}
	case 3:
		return city + "-attester", &identity.MsgAttest{Subject: identity.AddressSubject(h.Addr(other + "-trader")),
			Claim: "legal-entity", Scheme: "lei", CredentialHash: sha256.Sum256([]byte{byte(r.IntN(3))})}
	case 4:
		j := map[string]string{"sh": "CN-SH", "sg": "SG", "hk": "HK"}
		return city + "-operator", &recognition.MsgSet{In: j[city], AttesterJurisdiction: j[other], Claims: []string{"legal-entity"}}
	case 5:
		fp := sha256.Sum256([]byte(fmt.Sprintf("fp-%d", r.IntN(8))))
		return city + "-trader", &invoice.MsgAnchor{DocHash: doc, Profile: "raw", Fingerprint: fp,
			BuyerCommit: sha256.Sum256([]byte("buyer")), IssueDate: "2026-11-02", Currency: []string{"USD", "SGD"}[r.IntN(2)],
			Total: fmt.Sprint(100 * (1 + r.IntN(5)))}
	case 6:
		var u payment.UETR
		u[0], u[6], u[8] = byte(r.IntN(5)), 0x40, 0x80
		return city + "-bank", &payment.MsgRecord{UETR: u, Currency: "USD", ValueDate: "2026-11-20",
			MessageHash: sha256.Sum256(u[:]), Items: []payment.Item{{DocHash: doc, Amount: fmt.Sprint(50 * (1 + r.IntN(4)))}}}
	case 7:
		return city + "-trader", &invoice.MsgCancel{DocHash: doc, Reason: "error"}
	default:
		return city + "-attester", &identity.MsgRevoke{ID: identity.Hash(sha256.Sum256([]byte{byte(r.IntN(3))})), Reason: "x"}
	}
}

// TestTwoInstancesAgree applies the same random blocks to two fresh
// application instances and requires the same app hash after every block:
// any dependence on map order, wall-clock time or other hidden input shows
// up as a divergence.
func TestTwoInstancesAgree(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			a, b := apptest.New(t), apptest.New(t)
			r := rand.New(rand.NewPCG(seed, 42))
			okCount := 0
			for block := 0; block < 25; block++ {
				var txsA, txsB [][]byte
				for i := 0; i < 1+r.IntN(6); i++ {
					signer, msg := randomMsg(r, a)
					txsA = append(txsA, a.Tx(signer, msg))
					txsB = append(txsB, b.Tx(signer, msg))
				}
				ra, rb := a.Block(txsA...), b.Block(txsB...)
				for i := range ra.TxResults {
					if ra.TxResults[i].Code != rb.TxResults[i].Code {
						t.Fatalf("block %d tx %d: codes %d vs %d", block, i, ra.TxResults[i].Code, rb.TxResults[i].Code)
					}
					if ra.TxResults[i].Code == 0 {
						okCount++
					}
				}
				if !bytes.Equal(ra.AppHash, rb.AppHash) {
					t.Fatalf("block %d: app hashes differ: %X vs %X", block, ra.AppHash, rb.AppHash)
				}
			}
			if okCount == 0 {
				t.Fatal("no transaction succeeded: the generator exercises nothing")
			}
			t.Logf("seed %d: %d successful transactions", seed, okCount)
		})
	}
}
