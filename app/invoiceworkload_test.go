package app_test

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"github.com/corridor-trade/corridor/app/apptest"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/membership"
)

// The invoice handlers' fixed workload (TestInvoiceWorkloadResultsUnchanged):
// its app hash and a hash of every FinalizeBlock response, recorded on
// 92815e4 and 77b7643, before the handlers took the checked signer from the
// application (docs/performance.md, "Round three").
const (
	invoiceWorkloadAppHash   = "1ce1f362525403e7b8db4bc3b85ae24f7e671dabc0ffd14959532504cbde778e"
	invoiceWorkloadResponses = "243ff04e7d537db476c5155c45f890dbbc24f46dc595d7be39476eb48eed5388"
)

// TestInvoiceWorkloadResultsUnchanged runs every path of the invoice
// handlers that reads the signer, in first and later messages of a
// transaction: single anchors, an anchor after another anchor and after a
// key rotation in the same transaction, a batch, a cancellation, and the
// refusals that name the issuer (duplicate document, duplicate
// fingerprint, the buyer being the issuer, a buyer that is no member). It
// compares the app hash and a SHA-256 over every block response's
// protobuf bytes (codes, logs, events) with values recorded before the
// change.
func TestInvoiceWorkloadResultsUnchanged(t *testing.T) {
	h := apptest.New(t)
	resp := sha256.New()
	block := func(txs ...[]byte) {
		t.Helper()
		res := h.Block(txs...)
		for i, r := range res.TxResults {
			t.Logf("height %d tx %d: code %d %s", h.Height, i, r.Code, r.Log)
		}
		b, err := res.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		resp.Write(b)
	}
	first, second := anchorMsg("wl-1"), anchorMsg("wl-2")
	toMember := anchorMsg("wl-member")
	toMember.BuyerCommit, toMember.BuyerMember = kit.Hash{}, h.Addr("hk-trader")
	batch := &invoice.MsgAnchorBatch{Root: sha256.Sum256([]byte("wl batch")), Count: 7, Profile: invoice.ProfileUBL}
	newKey := apptest.KeyFor("wl-rotated")
	proof := newKey.Sign(membership.RotationDigest(apptest.ChainID, h.Addr("sh-trader")))
	rotate := &membership.MsgRotateKey{NewPubKey: newKey.PubKey(), Proof: proof[:]}
	block(
		h.Tx("sg-trader", first),
		h.Tx("sg-trader", second, anchorMsg("wl-3")),
		h.Tx("hk-trader", batch),
		h.Tx("sg-trader", toMember),
		h.Tx("sh-trader", rotate, anchorMsg("wl-rotated")),
	)
	sameFingerprint := anchorMsg("wl-other-doc")
	sameFingerprint.Fingerprint = first.Fingerprint
	self := anchorMsg("wl-self")
	self.BuyerCommit, self.BuyerMember = kit.Hash{}, h.Addr("sg-trader")
	stranger := anchorMsg("wl-stranger")
	stranger.BuyerCommit, stranger.BuyerMember = kit.Hash{}, apptest.KeyFor("nobody").PubKey().Address()
	block(
		h.Tx("sg-trader", first),                    // duplicate document
		h.Tx("sg-trader", sameFingerprint),          // duplicate fingerprint
		h.Tx("sg-trader", self),                     // the buyer is the issuer
		h.Tx("sg-trader", stranger),                 // the buyer is no member
		h.Tx("sg-trader", anchorMsg("wl-4"), first), // the second message fails
		h.Tx("hk-trader", batch),                    // duplicate batch root
		h.Tx("sg-trader", &invoice.MsgCancel{DocHash: second.DocHash, Reason: "error"}),
	)
	gotHash, gotResp := hex.EncodeToString(h.AppHash()), hex.EncodeToString(resp.Sum(nil))
	if gotHash != invoiceWorkloadAppHash || gotResp != invoiceWorkloadResponses {
		t.Fatalf("the invoice workload's results changed:\napp hash  %s\nresponses %s", gotHash, gotResp)
	}
}
