package app_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/corridor-trade/corridor/app/apptest"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/gov"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/membership"
)

// randomGovMsg draws a governance message from a small world: a few
// proposal ids, the three cities' operators, changes that often conflict.
func randomGovMsg(r *rand.Rand) (string, kit.Msg) {
	cities := []string{"sh", "sg", "hk"}
	op := cities[r.IntN(3)] + "-operator"
	id := uint64(1 + r.IntN(8))
	switch r.IntN(7) {
	case 0, 1:
		return op, &gov.MsgApprove{ID: id}
	case 2:
		return op, &gov.MsgReject{ID: id}
	case 3:
		return op, &gov.MsgWithdraw{ID: id}
	case 4:
		return op, &gov.MsgPropose{Kind: gov.KindParamsSet, Change: gov.Change{Params: &membership.Params{MaxTxBytes: 1 << 20, MaxMsgs: 64, PendingQuota: uint64(200 + r.IntN(5))}}}
	case 5:
		return "sg-operator", &gov.MsgPropose{Kind: gov.KindValidatorPower, Change: gov.Change{
			Validator: gov.ConsAddress(apptest.ValidatorKey("validator").PubKey().Bytes()), Power: int64(5 + r.IntN(5))}}
	default:
		j := map[string]string{"sh": "CN-SH", "sg": "SG", "hk": "HK"}
		c := cities[r.IntN(3)]
		return c + "-operator", &gov.MsgPropose{Kind: gov.KindOperatorAdd, Change: gov.Change{Jurisdiction: j[c],
			Keys: []secp.PubKey{apptest.KeyFor(fmt.Sprintf("op-%d", r.IntN(4))).PubKey()}}}
	}
}

// TestGovTwoInstancesAgree applies the same random governance blocks to
// two instances and requires the same codes, validator updates and app
// hash after every block.
func TestGovTwoInstancesAgree(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			opt := apptest.WithAppState("gov", func() gov.Genesis {
				g := gov.DevnetGenesis()
				g.Params.VotingPeriodSeconds = 40
				return g
			}())
			a, b := apptest.New(t, opt), apptest.New(t, opt)
			r := rand.New(rand.NewPCG(seed, 13))
			okCount, updates := 0, 0
			for block := 0; block < 40; block++ {
				var txsA, txsB [][]byte
				for i := 0; i < 1+r.IntN(4); i++ {
					signer, msg := randomGovMsg(r)
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
				if len(ra.ValidatorUpdates) != len(rb.ValidatorUpdates) {
					t.Fatalf("block %d: %d vs %d validator updates", block, len(ra.ValidatorUpdates), len(rb.ValidatorUpdates))
				}
				for i, u := range ra.ValidatorUpdates {
					v := rb.ValidatorUpdates[i]
					if !bytes.Equal(u.PubKey.GetEd25519(), v.PubKey.GetEd25519()) || u.Power != v.Power {
						t.Fatalf("block %d: validator update %d differs", block, i)
					}
				}
				updates += len(ra.ValidatorUpdates)
				if !bytes.Equal(ra.AppHash, rb.AppHash) {
					t.Fatalf("block %d: app hashes differ: %X vs %X", block, ra.AppHash, rb.AppHash)
				}
			}
			if okCount == 0 || updates == 0 {
				t.Fatalf("the generator exercises too little: %d successes, %d validator updates", okCount, updates)
			}
			t.Logf("seed %d: %d successful transactions, %d validator updates", seed, okCount, updates)
		})
	}
}
