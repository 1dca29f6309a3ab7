package app_test

import (
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/corridor-trade/corridor/app"
	"github.com/corridor-trade/corridor/app/apptest"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/membership"
)

// msgBoom is a test message whose handler writes, then panics.
type msgBoom struct {
	Corrupt bool `wire:"1"`
}

func (*msgBoom) Type() string         { return "test/boom" }
func (*msgBoom) ValidateBasic() error { return nil }

// TestHandlerPanicFailsOnlyItsTransaction routes a message whose handler
// panics after writing: its transaction fails with code internal, its
// write is dropped, its sequence is spent, the other transactions of the
// block apply, and the node goes on. Corrupt state still halts.
func TestHandlerPanicFailsOnlyItsTransaction(t *testing.T) {
	h := apptest.New(t)
	app.AddRoute(h.App, kit.Route{Type: "test/boom", New: func() kit.Msg { return &msgBoom{} },
		Handle: func(c *kit.Context, m kit.Msg) error {
			c.KV.Set([]byte("test/written"), []byte{1})
			if m.(*msgBoom).Corrupt {
				panic(&kit.CorruptState{Key: []byte("test/written")})
			}
			var nilMap map[string]int
			nilMap["x"]++ // a plain runtime panic
			return nil
		}})
	boom := h.Tx("sg-trader", &msgBoom{})
	fine := h.Tx("sg-operator", &membership.MsgSuspend{Member: h.Addr("hk-bank"), Reason: "after the panic"})
	res := h.Block(boom, fine)
	if r := res.TxResults[0]; r.Code != codes.Internal.Code {
		t.Fatalf("panicking transaction: code %d %s", r.Code, r.Log)
	}
	if r := res.TxResults[1]; r.Code != codes.MemberOutsideJurisdiction.Code {
		t.Fatalf("the next transaction did not run: code %d %s", r.Code, r.Log)
	}
	dump := h.StoreDump()
	if _, ok := dump["test/written"]; ok {
		t.Fatal("the panicking handler's write was kept")
	}
	var acct struct {
		Sequence uint64 `json:"sequence"`
	}
	h.Query("/account/"+h.Addr("sg-trader").String(), &acct)
	if acct.Sequence != 1 {
		t.Fatalf("sequence after the failed transaction: %d, want 1 (spent)", acct.Sequence)
	}
	// The chain goes on.
	if r := h.Deliver("sg-operator", &membership.MsgSuspend{Member: h.Addr("sg-bank"), Reason: "x"}); r.Code != 0 {
		t.Fatalf("next block: %s", r.Log)
	}
	// Corrupt state is not a transaction's failure: FinalizeBlock halts.
	corrupt := h.Tx("sg-trader", &msgBoom{Corrupt: true})
	req := &abci.RequestFinalizeBlock{Txs: [][]byte{corrupt}, Height: h.Height + 1, Time: h.Time.Add(5 * time.Second)}
	if _, err := h.App.FinalizeBlock(t.Context(), req); err == nil {
		t.Fatal("corrupt state did not halt FinalizeBlock")
	}
}
