package title_test

import (
	"errors"
	"testing"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/title"
)

// reach brings a fresh record into state and returns its id: the shipper
// is owner and holder in active; transferred has the bank as
// owner and holder by endorsement;
// nominated has the bank nominated; surrendered, spent and paper go
// through the carrier.
func (e *env) reach(state string) kit.Hash {
	e.T.Helper()
	id := e.issue("doc-" + state)
	switch state {
	case title.StateActive:
	case title.StateTransferred:
		e.Ok("sh-shipper", &title.MsgEndorse{ID: id, NewOwner: e.a("sg-bank"), NewHolder: e.a("sg-bank")})
	case title.StateNominated:
		e.Ok("sh-shipper", &title.MsgNominate{ID: id, Nominee: e.a("sg-bank")})
	case title.StateSurrendered:
		e.Ok("sh-shipper", &title.MsgSurrender{ID: id})
	case title.StateSpent:
		e.Ok("sh-shipper", &title.MsgSurrender{ID: id})
		e.Ok("sh-carrier", &title.MsgAcceptSurrender{ID: id})
	case title.StatePaper:
		e.Ok("sh-carrier", &title.MsgExitToPaper{ID: id, Reason: "port without eBL acceptance"})
	default:
		e.T.Fatalf("no way to reach state %s in this test", state)
	}
	if got := e.record(id).State; got != state {
		e.T.Fatalf("reached %s, want %s", got, state)
	}
	return id
}

// stepMsg is the message of step on id, signed by the member who may take
// it in the state reach leaves (so that only the table can refuse it).
func (e *env) stepMsg(step string, id kit.Hash, state string) (string, kit.Msg) {
	r := e.record(id)
	switch step {
	case title.StepTransfer:
		return e.name(r.Holder), &title.MsgTransfer{ID: id, NewHolder: e.a("hk-buyer")}
	case title.StepNominate:
		return e.name(r.Owner), &title.MsgNominate{ID: id, Nominee: e.a("hk-buyer")}
	case title.StepEndorse:
		owner := e.a("hk-buyer")
		if state == title.StateNominated {
			owner = r.Nominee
		}
		if r.Owner == owner {
			owner = e.a("hk-buyer-2")
		}
		return e.name(r.Holder), &title.MsgEndorse{ID: id, NewOwner: owner}
	case title.StepReject:
		return e.name(r.Holder), &title.MsgReject{ID: id}
	case title.StepSurrender:
		return e.name(r.Holder), &title.MsgSurrender{ID: id}
	case title.StepAcceptSurrender:
		return "sh-carrier", &title.MsgAcceptSurrender{ID: id}
	case title.StepRejectSurrender:
		return "sh-carrier", &title.MsgRejectSurrender{ID: id}
	case title.StepExitToPaper:
		return "sh-carrier", &title.MsgExitToPaper{ID: id, Reason: "exit"}
	}
	e.T.Fatalf("no message for step %s", step)
	return "", nil
}

func (e *env) name(a [20]byte) string {
	for n, x := range e.Addrs {
		if x == a {
			return n
		}
	}
	e.T.Fatalf("no member %x", a)
	return ""
}

// want is the expected table: the next state of each allowed step, the
// refusal code of each refused one. It is written out here, independently
// of title.Table, so that a change to the table must change this test.
var want = map[string]map[string]any{
	title.StateActive: {
		title.StepTransfer: title.StateTransferred, title.StepNominate: title.StateNominated, title.StepEndorse: title.StateTransferred,
		title.StepReject: codes.TitleNothingToReject, title.StepSurrender: title.StateSurrendered,
		title.StepAcceptSurrender: codes.TitleNotSurrendered, title.StepRejectSurrender: codes.TitleNotSurrendered, title.StepExitToPaper: title.StatePaper,
	},
	title.StateTransferred: {
		title.StepTransfer: title.StateTransferred, title.StepNominate: title.StateNominated, title.StepEndorse: title.StateTransferred,
		title.StepReject: title.StateActive, title.StepSurrender: title.StateSurrendered,
		title.StepAcceptSurrender: codes.TitleNotSurrendered, title.StepRejectSurrender: codes.TitleNotSurrendered, title.StepExitToPaper: title.StatePaper,
	},
	title.StateNominated: {
		title.StepTransfer: codes.TitleNominationPending, title.StepNominate: title.StateNominated, title.StepEndorse: title.StateTransferred,
		title.StepReject: codes.TitleNothingToReject, title.StepSurrender: codes.TitleNominationPending,
		title.StepAcceptSurrender: codes.TitleNotSurrendered, title.StepRejectSurrender: codes.TitleNotSurrendered, title.StepExitToPaper: title.StatePaper,
	},
	title.StateSurrendered: {
		title.StepTransfer: codes.TitleSurrenderPending, title.StepNominate: codes.TitleSurrenderPending, title.StepEndorse: codes.TitleSurrenderPending,
		title.StepReject: codes.TitleSurrenderPending, title.StepSurrender: codes.TitleSurrenderPending,
		title.StepAcceptSurrender: title.StateSpent, title.StepRejectSurrender: title.StateActive, title.StepExitToPaper: title.StatePaper,
	},
	title.StateSpent: {
		title.StepTransfer: codes.TitleSpent, title.StepNominate: codes.TitleSpent, title.StepEndorse: codes.TitleSpent, title.StepReject: codes.TitleSpent,
		title.StepSurrender: codes.TitleSpent, title.StepAcceptSurrender: codes.TitleSpent, title.StepRejectSurrender: codes.TitleSpent, title.StepExitToPaper: codes.TitleSpent,
	},
	title.StatePaper: {
		title.StepTransfer: codes.TitlePaper, title.StepNominate: codes.TitlePaper, title.StepEndorse: codes.TitlePaper, title.StepReject: codes.TitlePaper,
		title.StepSurrender: codes.TitlePaper, title.StepAcceptSurrender: codes.TitlePaper, title.StepRejectSurrender: codes.TitlePaper, title.StepExitToPaper: codes.TitlePaper,
	},
}

// TestStateTable takes every step from every state of the core table
// through the real handlers, signed by the member entitled to it: each is
// allowed and leads to the expected state, or is refused with its code
// and changes nothing.
func TestStateTable(t *testing.T) {
	for _, state := range title.States {
		row, ok := want[state]
		if !ok {
			continue // a state another file adds (the cross-chain move) is tested there
		}
		for _, step := range title.Steps {
			exp, ok := row[step]
			if !ok {
				continue // a step another file adds is tested there
			}
			t.Run(state+"/"+step, func(t *testing.T) {
				e := newEnv(t)
				id := e.reach(state)
				signer, msg := e.stepMsg(step, id, state)
				switch exp := exp.(type) {
				case string:
					e.Ok(signer, msg)
					r := e.record(id)
					if r.State != exp {
						t.Fatalf("after %s from %s: state %s, want %s", step, state, r.State, exp)
					}
					if last := r.History[len(r.History)-1]; last.Step != step || last.State != exp || last.At.Height != e.Height {
						t.Fatalf("history entry %+v does not record the step", last)
					}
					if c := title.Can(state, step); !c.Allowed() || c.Next != exp {
						t.Fatalf("Can(%s, %s) = %+v", state, step, c)
					}
				case *codes.Error:
					e.Reject(signer, msg, exp)
					if c := title.Can(state, step); c.Refuse != exp {
						t.Fatalf("Can(%s, %s) = %+v, want %s", state, step, c, exp)
					}
				}
			})
		}
	}
}

// TestTableIsComplete checks that every state of the table has a row and
// every refusal has a code.
func TestTableIsComplete(t *testing.T) {
	for _, s := range title.States {
		row, ok := title.Table[s]
		if !ok || row.Default == nil {
			t.Errorf("state %s has no row or no default refusal", s)
		}
		for _, step := range title.Steps {
			c := title.Can(s, step)
			if c.Allowed() {
				if _, ok := title.Table[c.Next]; !ok {
					t.Errorf("%s --%s--> %s: no such state", s, step, c.Next)
				}
			} else if errors.Is(c.Refuse, codes.Internal) {
				t.Errorf("%s/%s refused as internal", s, step)
			}
		}
	}
}
