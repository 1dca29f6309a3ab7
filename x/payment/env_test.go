package payment_test

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/internal/store"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/membership"
	"github.com/corridor-trade/corridor/x/payment"
)

// env is an in-memory state (a copy of x/invoice/env_test.gos) with sample members and a block counter.
type env struct {
	t      *testing.T
	kv     store.KV
	height int64
	addrs  map[string]secp.Address
	routes map[string]kit.Route
}

var sampleMembers = []struct {
	name, jurisdiction, role, status string
}{
	{"sg-trader", "SG", membership.RoleTrader, membership.StatusActive},
	{"hk-trader", "HK", membership.RoleTrader, membership.StatusActive},
	{"sh-trader", "CN-SH", membership.RoleTrader, membership.StatusActive},
	{"sg-bank", "SG", membership.RoleBank, membership.StatusActive},
	{"hk-bank", "HK", membership.RoleBank, membership.StatusActive},
	{"sg-suspended", "SG", membership.RoleTrader, membership.StatusSuspended},
}

func newEnv(t *testing.T) *env {
	t.Helper()
	tree, err := store.Open(t.TempDir(), store.Options{Backend: "memdb"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tree.Close() })
	e := &env{t: t, kv: tree.Working(), addrs: map[string]secp.Address{}, routes: map[string]kit.Route{}}
	for _, m := range sampleMembers {
		a := addrOf(m.name)
		e.addrs[m.name] = a
		kit.Put(e.kv, membership.MemberKey(a), &membership.Member{Address: a, Jurisdiction: m.jurisdiction,
			Roles: []string{m.role}, Status: m.status, Label: m.name})
	}
	e.addrs["stranger"] = addrOf("stranger")
	for _, r := range append(invoice.Routes(), payment.Routes()...) {
		e.routes[r.Type] = r
	}
	return e
}

func addrOf(name string) secp.Address {
	var a secp.Address
	h := sha256.Sum256([]byte(name))
	copy(a[:], h[:])
	return a
}

func hashOf(s string) invoice.Hash { return sha256.Sum256([]byte(s)) }

// ctx returns a context for the next block, signed by name.
func (e *env) ctx(name string) *kit.Context {
	e.height++
	return &kit.Context{KV: e.kv, ChainID: "corridor-test", Height: e.height,
		Time:   time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC).Add(time.Duration(e.height) * 5 * time.Second),
		Signer: e.addrs[name]}
}

// run routes msg as the application does: the signer must be an active
// member holding the route's role, then the handler runs.
func (e *env) run(name string, msg kit.Msg) (*kit.Context, error) {
	ctx := e.ctx(name)
	r, ok := e.routes[msg.Type()]
	if !ok {
		e.t.Fatalf("no route for %s", msg.Type())
	}
	m, ok := membership.GetMember(e.kv, ctx.Signer)
	switch {
	case !ok:
		return ctx, codes.TxUnknownSigner.Wrapf("%s is not a member", name)
	case m.Status != membership.StatusActive:
		return ctx, codes.TxSuspendedSigner.Wrapf("%s is suspended", name)
	case r.Role != "" && !m.HasRole(r.Role):
		return ctx, codes.TxWrongRole.Wrapf("%s lacks role %s", name, r.Role)
	}
	if err := msg.ValidateBasic(); err != nil {
		return ctx, err
	}
	return ctx, r.Handle(ctx, msg)
}

// ok runs msg and fails the test if it is refused.
func (e *env) ok(name string, msg kit.Msg) *kit.Context {
	e.t.Helper()
	ctx, err := e.run(name, msg)
	if err != nil {
		e.t.Fatalf("%s by %s: %v", msg.Type(), name, err)
	}
	return ctx
}

// reject runs msg, expects the code want with every string of contains in
// its log, and checks that the state did not change.
func (e *env) reject(name string, msg kit.Msg, want *codes.Error, contains ...string) {
	e.t.Helper()
	before := dump(e.kv)
	_, err := e.run(name, msg)
	if err == nil {
		e.t.Fatalf("%s by %s accepted, want %s", msg.Type(), name, want)
	}
	if !errors.Is(err, want) {
		e.t.Fatalf("%s by %s: got %v, want %s", msg.Type(), name, err, want)
	}
	for _, c := range contains {
		if !strings.Contains(err.Error(), c) {
			e.t.Errorf("%s: log %q does not mention %q", want, err, c)
		}
	}
	if after := dump(e.kv); after != before {
		e.t.Fatalf("%s by %s was refused (%v) but changed the state", msg.Type(), name, err)
	}
}

// dump lists every key and value of the state.
func dump(kv store.KV) string {
	var b strings.Builder
	kv.Iterate(nil, nil, func(k, v []byte) bool {
		b.WriteString(hex.EncodeToString(k) + "=" + hex.EncodeToString(v) + "\n")
		return true
	})
	return b.String()
}

// anchorMsg is a valid anchor of document doc with fingerprint fp.
func anchorMsg(doc, fp string, buyer secp.Address) *invoice.MsgAnchor {
	return &invoice.MsgAnchor{DocHash: hashOf(doc), Profile: invoice.ProfileUBL, Fingerprint: hashOf(fp),
		BuyerMember: buyer, IssueDate: "2026-01-02", Currency: "SGD", Total: "1000"}
}

func hasEvent(ctx *kit.Context, typ string, kv ...string) bool {
	for _, ev := range ctx.Events() {
		if ev.Type != typ {
			continue
		}
		found := 0
		for i := 0; i+1 < len(kv); i += 2 {
			for _, a := range ev.Attrs {
				if a.Key == kv[i] && a.Value == kv[i+1] && a.Index {
					found++
					break
				}
			}
		}
		if found == len(kv)/2 {
			return true
		}
	}
	return false
}
