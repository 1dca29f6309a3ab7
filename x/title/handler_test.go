package title_test

import (
	"testing"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/title"
)

// TestStory takes an eBL from the Shanghai carrier through the shipper
// and a Singapore bank to a Hong Kong buyer, who surrenders it, and
// checks the record and its history at every step.
func TestStory(t *testing.T) {
	e := newEnv(t)
	id := e.issue("ebl-1")
	if r := e.record(id); r.Holder != e.a("sh-shipper") || r.Owner != e.a("sh-shipper") || r.Issuer != e.a("sh-carrier") || r.State != title.StateActive {
		t.Fatalf("issued: %+v", r)
	}
	e.Reject("sh-carrier", &title.MsgIssue{Kind: title.KindEBL, DocHash: docHash("ebl-1"), Owner: e.a("sh-shipper"), Holder: e.a("sh-shipper")}, codes.TitleExists, id.String())
	// The shipper, owner and holder, endorses the bill to the bank and delivers it.
	e.Ok("sh-shipper", &title.MsgEndorse{ID: id, NewOwner: e.a("sg-bank"), NewHolder: e.a("sg-bank")})
	// The bank transfers holdership to the buyer; the buyer rejects, then
	// the bank transfers again and the buyer keeps it.
	e.Ok("sg-bank", &title.MsgTransfer{ID: id, NewHolder: e.a("hk-buyer")})
	e.Reject("sg-bank", &title.MsgReject{ID: id}, codes.TitleNotReceiver)
	e.Ok("hk-buyer", &title.MsgReject{ID: id})
	if r := e.record(id); r.Holder != e.a("sg-bank") || r.State != title.StateActive {
		t.Fatalf("after the reject the bank holds it again in state active: %+v", r)
	}
	e.Ok("sg-bank", &title.MsgNominate{ID: id, Nominee: e.a("hk-buyer")})
	e.Reject("sg-bank", &title.MsgTransfer{ID: id, NewHolder: e.a("hk-buyer")}, codes.TitleNominationPending)
	e.Reject("sg-bank", &title.MsgEndorse{ID: id, NewOwner: e.a("hk-buyer-2")}, codes.TitleNotNominee)
	e.Ok("sg-bank", &title.MsgEndorse{ID: id, NewOwner: e.a("hk-buyer"), NewHolder: e.a("hk-buyer")})
	e.Reject("hk-buyer-2", &title.MsgSurrender{ID: id}, codes.TitleNotHolder)
	e.Ok("hk-buyer", &title.MsgSurrender{ID: id})
	if r := e.record(id); r.Holder != e.a("sh-carrier") || r.State != title.StateSurrendered {
		t.Fatalf("surrendered: the carrier holds it: %+v", r)
	}
	e.Reject("hk-buyer", &title.MsgAcceptSurrender{ID: id}, codes.TitleNotIssuer)
	e.Ok("sh-carrier", &title.MsgRejectSurrender{ID: id})
	if r := e.record(id); r.Holder != e.a("hk-buyer") || r.Owner != e.a("hk-buyer") {
		t.Fatalf("surrender rejected: back with the buyer: %+v", r)
	}
	e.Ok("hk-buyer", &title.MsgSurrender{ID: id})
	e.Ok("sh-carrier", &title.MsgAcceptSurrender{ID: id})
	r := e.record(id)
	if r.State != title.StateSpent {
		t.Fatalf("state %s, want spent", r.State)
	}
	var steps []string
	for _, h := range r.History {
		steps = append(steps, h.Step)
		if h.At.Height == 0 || h.At.TimeUnix == 0 || h.ToHolder.IsZero() {
			t.Errorf("history entry without stamp or holder: %+v", h)
		}
	}
	want := "issue endorse transfer-holder reject nominate endorse surrender reject-surrender surrender accept-surrender"
	if got := join(steps); got != want {
		t.Fatalf("history %s, want %s", got, want)
	}
	if held := title.RecordsHeldBy(e.KV, e.a("sh-carrier")); len(held) != 1 || held[0] != id {
		t.Fatalf("holder index: the carrier holds %v", held)
	}
	if held := title.RecordsHeldBy(e.KV, e.a("hk-buyer")); len(held) != 0 {
		t.Fatalf("holder index: the buyer still listed with %v", held)
	}
}

func join(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += " "
		}
		out += x
	}
	return out
}

// TestRefusals covers the refusals that do not depend on the state.
func TestRefusals(t *testing.T) {
	e := newEnv(t)
	id := e.issue("ebl-2")
	missing := kit.Hash{1}
	for _, c := range []struct {
		signer string
		msg    kit.Msg
		code   *codes.Error
	}{
		{"sh-carrier", &title.MsgIssue{Kind: "cheque", DocHash: docHash("x"), Owner: e.a("sh-shipper"), Holder: e.a("sh-shipper")}, codes.TitleBadRecord},
		{"sh-carrier", &title.MsgIssue{Kind: title.KindEBL, Owner: e.a("sh-shipper"), Holder: e.a("sh-shipper")}, codes.TitleBadRecord},
		{"sh-carrier", &title.MsgIssue{Kind: title.KindEBL, DocHash: docHash("x"), Holder: e.a("sh-shipper")}, codes.TitleBadRecord},
		{"sh-carrier", &title.MsgIssue{Kind: title.KindEBL, DocHash: docHash("x"), Owner: e.a("sg-suspended"), Holder: e.a("sh-shipper")}, codes.TitleNotMember},
		{"sh-carrier", &title.MsgIssue{Kind: title.KindEBL, DocHash: docHash("x"), Owner: e.a("sh-shipper"), Holder: e.a("stranger")}, codes.TitleNotMember},
		{"sh-shipper", &title.MsgTransfer{ID: missing, NewHolder: e.a("sg-bank")}, codes.TitleNotFound},
		{"sh-shipper", &title.MsgTransfer{NewHolder: e.a("sg-bank")}, codes.TitleBadRecord},
		{"sh-shipper", &title.MsgTransfer{ID: id}, codes.TitleBadRecord},
		{"sg-bank", &title.MsgTransfer{ID: id, NewHolder: e.a("sg-bank")}, codes.TitleNotHolder},
		{"sh-shipper", &title.MsgTransfer{ID: id, NewHolder: e.a("sh-shipper")}, codes.TitleSameMember},
		{"sh-shipper", &title.MsgTransfer{ID: id, NewHolder: e.a("sg-suspended")}, codes.TitleNotMember},
		{"sg-bank", &title.MsgNominate{ID: id, Nominee: e.a("hk-buyer")}, codes.TitleNotOwner},
		{"sh-shipper", &title.MsgNominate{ID: id, Nominee: e.a("sh-shipper")}, codes.TitleSameMember},
		{"sh-shipper", &title.MsgEndorse{ID: id, NewOwner: e.a("sh-shipper")}, codes.TitleSameMember},
		{"sh-shipper", &title.MsgEndorse{ID: id, NewOwner: e.a("stranger")}, codes.TitleNotMember},
		{"sh-shipper", &title.MsgEndorse{ID: id, NewOwner: e.a("sg-bank"), NewHolder: e.a("stranger")}, codes.TitleNotMember},
		{"sh-shipper", &title.MsgReject{ID: id}, codes.TitleNothingToReject},
		{"sh-carrier", &title.MsgExitToPaper{ID: id}, codes.TitleBadReason},
		{"sh-shipper", &title.MsgExitToPaper{ID: id, Reason: "paper please"}, codes.TitleNotIssuer},
		{"sh-carrier", &title.MsgRejectSurrender{ID: id}, codes.TitleNotSurrendered},
	} {
		e.Reject(c.signer, c.msg, c.code)
	}
	// Endorsing without a nomination needs the holder to be the owner.
	e.Ok("sh-shipper", &title.MsgTransfer{ID: id, NewHolder: e.a("sg-bank")})
	e.Reject("sg-bank", &title.MsgEndorse{ID: id, NewOwner: e.a("hk-buyer")}, codes.TitleNoNomination)
	e.Reject("hk-buyer", &title.MsgReject{ID: id}, codes.TitleNotReceiver)
	// A holder who is not the owner may not surrender.
	e.Reject("sg-bank", &title.MsgSurrender{ID: id}, codes.TitleNotOwner, "owner too")
}

// TestImport registers a record that left a token registry once.
func TestImport(t *testing.T) {
	e := newEnv(t)
	tok := title.TokenRef{ChainID: 11155111, Registry: "0x142ca30e3b78a840a82192529cc31bd9dd4b3b06", TokenID: docHash("token")}
	msg := &title.MsgImport{Kind: title.KindEBL, DocHash: docHash("oa-doc"), MerkleRoot: docHash("root"), Token: tok,
		Owner: e.a("sh-shipper"), Holder: e.a("sh-shipper")}
	e.Ok("sh-carrier", msg)
	id := title.RecordID(e.a("sh-carrier"), docHash("oa-doc"))
	r := e.record(id)
	if r.Import == nil || r.Import.Token != tok || r.History[0].Step != title.StepImport {
		t.Fatalf("imported record: %+v", r)
	}
	if got, ok := title.ImportedAs(e.KV, tok); !ok || got != id {
		t.Fatalf("token index: %v %v", got, ok)
	}
	again := *msg
	again.DocHash = docHash("oa-doc-copy")
	e.Reject("sh-carrier", &again, codes.TitleImportExists, id.String())
	bad := *msg
	bad.Token.Registry = "0x142CA30E3B78A840A82192529CC31BD9DD4B3B06"
	e.Reject("sh-carrier", &bad, codes.TitleBadImport)
	bad = *msg
	bad.Token.ChainID = 0
	e.Reject("sh-carrier", &bad, codes.TitleBadImport)
}
