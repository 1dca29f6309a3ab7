package title_test

import (
	"crypto/sha256"
	"testing"

	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/kittest"
	"github.com/corridor-trade/corridor/x/membership"
	"github.com/corridor-trade/corridor/x/title"
)

// env is an in-memory state with a Shanghai carrier, a shipper, a
// Singapore bank, a Hong Kong buyer, a second buyer and a suspended
// trader.
type env struct {
	*kittest.Env
}

func newEnv(t *testing.T) *env {
	t.Helper()
	return &env{kittest.New(t, title.Routes(), []kittest.Member{
		{Name: "sh-carrier", Jurisdiction: "CN-SH", Role: membership.RoleTrader, Status: membership.StatusActive},
		{Name: "sh-shipper", Jurisdiction: "CN-SH", Role: membership.RoleTrader, Status: membership.StatusActive},
		{Name: "sg-bank", Jurisdiction: "SG", Role: membership.RoleBank, Status: membership.StatusActive},
		{Name: "hk-buyer", Jurisdiction: "HK", Role: membership.RoleTrader, Status: membership.StatusActive},
		{Name: "hk-buyer-2", Jurisdiction: "HK", Role: membership.RoleTrader, Status: membership.StatusActive},
		{Name: "sg-suspended", Jurisdiction: "SG", Role: membership.RoleTrader, Status: membership.StatusSuspended},
	})}
}

func (e *env) a(name string) secp.Address { return e.Addrs[name] }

func docHash(s string) kit.Hash { return sha256.Sum256([]byte(s)) }

// issue creates an eBL of the carrier with the shipper as owner and holder
// and returns its id.
func (e *env) issue(doc string) kit.Hash {
	e.T.Helper()
	e.Ok("sh-carrier", &title.MsgIssue{Kind: title.KindEBL, DocHash: docHash(doc), Owner: e.a("sh-shipper"), Holder: e.a("sh-shipper")})
	return title.RecordID(e.a("sh-carrier"), docHash(doc))
}

func (e *env) record(id kit.Hash) title.Record {
	e.T.Helper()
	r, ok := title.GetRecord(e.KV, id)
	if !ok {
		e.T.Fatalf("no record %s", id)
	}
	return r
}
