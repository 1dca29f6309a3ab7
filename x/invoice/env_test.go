package invoice_test

import (
	"crypto/sha256"
	"testing"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/kittest"
	"github.com/corridor-trade/corridor/x/kit/store"
)

// env is kittest's in-memory state with this module's routes and the
// sample traders and banks.
type env struct{ *kittest.Env }

func newEnv(t *testing.T) *env {
	t.Helper()
	return &env{kittest.New(t, invoice.Routes(), kittest.SampleMembers)}
}

func addrOf(name string) secp.Address { return kittest.AddrOf(name) }

func hashOf(s string) invoice.Hash { return sha256.Sum256([]byte(s)) }

func (e *env) ctx(name string) *kit.Context { return e.Ctx(name) }

func (e *env) run(name string, msg kit.Msg) (*kit.Context, error) { return e.Run(name, msg) }

func (e *env) ok(name string, msg kit.Msg) *kit.Context {
	e.T.Helper()
	return e.Ok(name, msg)
}

func (e *env) reject(name string, msg kit.Msg, want *codes.Error, contains ...string) {
	e.T.Helper()
	e.Reject(name, msg, want, contains...)
}

func dump(kv store.KV) string { return kittest.Dump(kv) }

func hasEvent(ctx *kit.Context, typ string, kv ...string) bool {
	return kittest.HasEvent(ctx, typ, kv...)
}

// anchorMsg is a valid anchor of document doc with fingerprint fp.
func anchorMsg(doc, fp string, buyer secp.Address) *invoice.MsgAnchor {
	return &invoice.MsgAnchor{DocHash: hashOf(doc), Profile: invoice.ProfileUBL, Fingerprint: hashOf(fp),
		BuyerMember: buyer, IssueDate: "2026-01-02", Currency: "SGD", Total: "1000"}
}
