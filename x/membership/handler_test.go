package membership_test

import (
	"testing"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/kittest"
	"github.com/corridor-trade/corridor/x/membership"
)

// members are operators of two jurisdictions (two in SG), a trader in each
// and a suspended trader.
var members = []kittest.Member{
	{Name: "sg-operator", Jurisdiction: "SG", Role: membership.RoleOperator, Status: membership.StatusActive},
	{Name: "sg-operator-2", Jurisdiction: "SG", Role: membership.RoleOperator, Status: membership.StatusActive},
	{Name: "hk-operator", Jurisdiction: "HK", Role: membership.RoleOperator, Status: membership.StatusActive},
	{Name: "sg-trader", Jurisdiction: "SG", Role: membership.RoleTrader, Status: membership.StatusActive},
	{Name: "hk-trader", Jurisdiction: "HK", Role: membership.RoleTrader, Status: membership.StatusActive},
	{Name: "sg-suspended", Jurisdiction: "SG", Role: membership.RoleTrader, Status: membership.StatusSuspended},
}

func newKey(t *testing.T) *secp.PrivKey {
	t.Helper()
	k, err := secp.GenPrivKey()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// rotation signs the proof of possession of key for account.
func rotation(key *secp.PrivKey, account secp.Address) *membership.MsgRotateKey {
	sig := key.Sign(membership.RotationDigest("corridor-test", account))
	return &membership.MsgRotateKey{NewPubKey: key.PubKey(), Proof: sig[:]}
}

// TestMembershipRejections refuses every membership message in each way it
// can fail, each with its code and no change to the state.
func TestMembershipRejections(t *testing.T) {
	e := kittest.New(t, membership.Routes(), members)
	admitted := newKey(t)
	e.Ok("sg-operator", &membership.MsgAdmit{PubKey: admitted.PubKey(), Roles: []string{membership.RoleTrader}, Label: "sg-new"})
	e.Addrs["sg-new"] = admitted.PubKey().Address()
	rotated := newKey(t)
	e.Ok("sg-new", rotation(rotated, e.Addrs["sg-new"]))
	other := newKey(t)
	e.Ok("sg-operator", &membership.MsgAdmit{PubKey: other.PubKey(), Roles: []string{membership.RoleBank}})

	cases := []struct {
		name, signer string
		msg          kit.Msg
		want         *codes.Error
		contains     string
	}{
		{"admit with an unknown role", "sg-operator", &membership.MsgAdmit{PubKey: newKey(t).PubKey(), Roles: []string{"pirate"}}, codes.MemberBadRole, "pirate"},
		{"admit a key that is a member's", "sg-operator", &membership.MsgAdmit{PubKey: rotated.PubKey(), Roles: []string{membership.RoleTrader}}, codes.MemberExists, "already belongs"},
		{"admit a member's rotated-away key", "sg-operator", &membership.MsgAdmit{PubKey: admitted.PubKey(), Roles: []string{membership.RoleTrader}}, codes.MemberExists, "rotated"},
		{"admit by a trader", "sg-trader", &membership.MsgAdmit{PubKey: newKey(t).PubKey(), Roles: []string{membership.RoleTrader}}, codes.TxWrongRole, "operator"},
		{"admit by a non-member", "stranger", &membership.MsgAdmit{PubKey: newKey(t).PubKey(), Roles: []string{membership.RoleTrader}}, codes.TxUnknownSigner, ""},
		{"suspend no member", "sg-operator", &membership.MsgSuspend{Member: kittest.AddrOf("nobody"), Reason: "x"}, codes.MemberNotFound, ""},
		{"suspend another jurisdiction's member", "sg-operator", &membership.MsgSuspend{Member: e.Addrs["hk-trader"], Reason: "x"}, codes.MemberOutsideJurisdiction, "HK"},
		{"suspend oneself", "sg-operator", &membership.MsgSuspend{Member: e.Addrs["sg-operator"], Reason: "x"}, codes.MemberSelf, ""},
		{"suspend twice", "sg-operator", &membership.MsgSuspend{Member: e.Addrs["sg-suspended"], Reason: "x"}, codes.MemberAlreadySuspended, ""},
		{"reinstate an active member", "sg-operator", &membership.MsgReinstate{Member: e.Addrs["sg-trader"]}, codes.MemberNotSuspended, "active"},
		{"reinstate another jurisdiction's member", "hk-operator", &membership.MsgReinstate{Member: e.Addrs["sg-suspended"]}, codes.MemberOutsideJurisdiction, "SG"},
		{"rotate with a proof for another account", "sg-trader", rotation(newKey(t), e.Addrs["hk-trader"]), codes.MemberBadKeyProof, ""},
		{"rotate to another member's key", "sg-trader", rotation(other, e.Addrs["sg-trader"]), codes.MemberExists, "already belongs"},
		{"rotate to another member's admission key", "sg-trader", rotation(admitted, e.Addrs["sg-trader"]), codes.MemberExists, "admission key"},
		{"rotate while suspended", "sg-suspended", rotation(newKey(t), e.Addrs["sg-suspended"]), codes.TxSuspendedSigner, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e.T = t
			var contains []string
			if c.contains != "" {
				contains = append(contains, c.contains)
			}
			e.Reject(c.signer, c.msg, c.want, contains...)
		})
	}
}

// TestSuspendReinstateCycle suspends an operator by its peer, checks that a
// suspended operator can no longer act, and reinstates it.
func TestSuspendReinstateCycle(t *testing.T) {
	e := kittest.New(t, membership.Routes(), members)
	ctx := e.Ok("sg-operator-2", &membership.MsgSuspend{Member: e.Addrs["sg-operator"], Reason: "audit"})
	if !kittest.HasEvent(ctx, "member", "action", "suspended", "address", e.Addrs["sg-operator"].String()) {
		t.Fatalf("no suspended event: %+v", ctx.Events())
	}
	e.Reject("sg-operator", &membership.MsgAdmit{PubKey: newKey(t).PubKey(), Roles: []string{membership.RoleTrader}}, codes.TxSuspendedSigner)
	e.Ok("sg-operator-2", &membership.MsgReinstate{Member: e.Addrs["sg-operator"], Reason: "audit closed"})
	m, ok := membership.GetMember(e.KV, e.Addrs["sg-operator"])
	if !ok || m.Status != membership.StatusActive || len(m.History) != 2 || m.History[1].Reason != "audit closed" {
		t.Fatalf("after reinstatement: %+v", m)
	}
	e.Ok("sg-operator", &membership.MsgAdmit{PubKey: newKey(t).PubKey(), Roles: []string{membership.RoleCustoms}})
}
