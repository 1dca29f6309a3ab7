package kittest

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/store"
	"github.com/corridor-trade/corridor/x/kit/store/iavlstore"
	"github.com/corridor-trade/corridor/x/membership"
)

// Member is a sample member written into the state by New.
type Member struct {
	Name, Jurisdiction, Role, Status string
}

// SampleMembers are traders and banks in three jurisdictions, and a
// suspended trader.
var SampleMembers = []Member{
	{"sg-trader", "SG", membership.RoleTrader, membership.StatusActive},
	{"hk-trader", "HK", membership.RoleTrader, membership.StatusActive},
	{"sh-trader", "CN-SH", membership.RoleTrader, membership.StatusActive},
	{"sg-bank", "SG", membership.RoleBank, membership.StatusActive},
	{"hk-bank", "HK", membership.RoleBank, membership.StatusActive},
	{"sg-suspended", "SG", membership.RoleTrader, membership.StatusSuspended},
}

// Env is an in-memory state with sample members and a block counter.
type Env struct {
	T      *testing.T
	KV     store.KV
	Height int64
	Addrs  map[string]secp.Address // by member name; "stranger" is no member
	routes map[string]kit.Route
}

// New opens an in-memory state holding members, routing the given
// messages.
func New(t *testing.T, routes []kit.Route, members []Member) *Env {
	t.Helper()
	tree, err := iavlstore.Open(t.TempDir(), iavlstore.Options{Backend: "memdb"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tree.Close() })
	e := &Env{T: t, KV: tree.Working(), Addrs: map[string]secp.Address{}, routes: map[string]kit.Route{}}
	for _, m := range members {
		a := AddrOf(m.Name)
		e.Addrs[m.Name] = a
		kit.Put(e.KV, membership.MemberKey(a), &membership.Member{Address: a, Jurisdiction: m.Jurisdiction,
			Roles: []string{m.Role}, Status: m.Status, Label: m.Name})
	}
	e.Addrs["stranger"] = AddrOf("stranger")
	for _, r := range routes {
		e.routes[r.Type] = r
	}
	return e
}

// AddrOf derives a test address from a name.
func AddrOf(name string) secp.Address {
	var a secp.Address
	h := sha256.Sum256([]byte(name))
	copy(a[:], h[:])
	return a
}

// Ctx returns a context for the next block (5 s apart), signed by name.
func (e *Env) Ctx(name string) *kit.Context {
	e.Height++
	return &kit.Context{KV: e.KV, ChainID: "corridor-test", Height: e.Height,
		Time:   time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC).Add(time.Duration(e.Height) * 5 * time.Second),
		Signer: e.Addrs[name]}
}

// Run routes msg as the application does: the signer must be an active
// member holding the route's role, then the handler runs.
func (e *Env) Run(name string, msg kit.Msg) (*kit.Context, error) {
	ctx := e.Ctx(name)
	r, ok := e.routes[msg.Type()]
	if !ok {
		e.T.Fatalf("no route for %s", msg.Type())
	}
	m, ok := membership.GetMember(e.KV, ctx.Signer)
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

// Ok runs msg and fails the test if it is refused.
func (e *Env) Ok(name string, msg kit.Msg) *kit.Context {
	e.T.Helper()
	ctx, err := e.Run(name, msg)
	if err != nil {
		e.T.Fatalf("%s by %s: %v", msg.Type(), name, err)
	}
	return ctx
}

// Reject runs msg, expects the code want with every string of contains in
// its log, and checks that the state did not change.
func (e *Env) Reject(name string, msg kit.Msg, want *codes.Error, contains ...string) {
	e.T.Helper()
	before := Dump(e.KV)
	_, err := e.Run(name, msg)
	if err == nil {
		e.T.Fatalf("%s by %s accepted, want %s", msg.Type(), name, want)
	}
	if !errors.Is(err, want) {
		e.T.Fatalf("%s by %s: got %v, want %s", msg.Type(), name, err, want)
	}
	for _, c := range contains {
		if !strings.Contains(err.Error(), c) {
			e.T.Errorf("%s: log %q does not mention %q", want, err, c)
		}
	}
	if after := Dump(e.KV); after != before {
		e.T.Fatalf("%s by %s was refused (%v) but changed the state", msg.Type(), name, err)
	}
}

// Dump lists every key and value of the state.
func Dump(kv store.KV) string {
	var b strings.Builder
	kv.Iterate(nil, nil, func(k, v []byte) bool {
		b.WriteString(hex.EncodeToString(k) + "=" + hex.EncodeToString(v) + "\n")
		return true
	})
	return b.String()
}

// HasEvent reports whether ctx emitted an event of type typ with every
// indexed key/value pair in kv.
func HasEvent(ctx *kit.Context, typ string, kv ...string) bool {
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
