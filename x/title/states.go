package title

import "github.com/corridor-trade/corridor/codes"

// The states of a record. A record is in exactly one at a time.
const (
	// StateActive: issued, or back in the hands of its holder after a
	// rejection; nothing is pending.
	StateActive = "active"
	// StateTransferred: the last step moved holdership or ownership; the
	// member who received it may reject it until the next step.
	StateTransferred = "transferred"
	// StateNominated: the owner nominated a new owner; the holder may
	// endorse it.
	StateNominated = "nominated"
	// StateSurrendered: the holder surrendered the record to its issuer,
	// who now holds it and may accept (spent) or reject (restored) it.
	StateSurrendered = "surrendered"
	// StateSpent: the issuer accepted the surrender (terminal).
	StateSpent = "spent"
	// StatePaper: the issuer converted the record to paper (terminal).
	StatePaper = "paper"
)

// The steps, named as TradeTrust and DCSA name them. StepIssue creates a
// record and is not in the table.
const (
	StepIssue           = "issue"
	StepImport          = "import"
	StepTransfer        = "transfer-holder"
	StepNominate        = "nominate"
	StepEndorse         = "endorse"
	StepReject          = "reject"
	StepSurrender       = "surrender"
	StepAcceptSurrender = "accept-surrender"
	StepRejectSurrender = "reject-surrender"
	StepExitToPaper     = "exit-to-paper"
)

// Cell is one entry of the table: the step is allowed and leads to Next,
// or it is refused with Refuse.
type Cell struct {
	Next   string
	Refuse *codes.Error
}

// Allowed reports whether the cell allows the step.
func (c Cell) Allowed() bool { return c.Refuse == nil }

// Row is one state's line of the table: the steps it allows and where they
// lead, the refusal for a step it does not allow (Default), and refusals
// more precise than Default for some steps.
type Row struct {
	Allow    map[string]string
	Default  *codes.Error
	Refusals map[string]*codes.Error
	// Terminal marks a state no step leaves.
	Terminal bool
}

// Table is the state machine: state × step → allowed (next state) or
// refused (code). A new state is one entry here (and in States); the
// cross-chain move adds its own (x/title/crosschain*.go) with AddState.
var Table = map[string]Row{
	StateActive: {
		Allow: map[string]string{StepTransfer: StateTransferred, StepNominate: StateNominated, StepEndorse: StateTransferred,
			StepSurrender: StateSurrendered, StepExitToPaper: StatePaper},
		Default:  codes.TitleNothingToReject,
		Refusals: map[string]*codes.Error{StepAcceptSurrender: codes.TitleNotSurrendered, StepRejectSurrender: codes.TitleNotSurrendered},
	},
	StateTransferred: {
		Allow: map[string]string{StepTransfer: StateTransferred, StepNominate: StateNominated, StepEndorse: StateTransferred,
			StepReject: StateActive, StepSurrender: StateSurrendered, StepExitToPaper: StatePaper},
		Default: codes.TitleNotSurrendered,
	},
	StateNominated: {
		Allow:   map[string]string{StepNominate: StateNominated, StepEndorse: StateTransferred, StepExitToPaper: StatePaper},
		Default: codes.TitleNominationPending,
		Refusals: map[string]*codes.Error{StepReject: codes.TitleNothingToReject, StepAcceptSurrender: codes.TitleNotSurrendered,
			StepRejectSurrender: codes.TitleNotSurrendered},
	},
	StateSurrendered: {
		Allow:   map[string]string{StepAcceptSurrender: StateSpent, StepRejectSurrender: StateActive, StepExitToPaper: StatePaper},
		Default: codes.TitleSurrenderPending,
	},
	StateSpent: {Default: codes.TitleSpent, Terminal: true},
	StatePaper: {Default: codes.TitlePaper, Terminal: true},
}

// States lists the states in table order (docs/transferable.md).
var States = []string{StateActive, StateTransferred, StateNominated, StateSurrendered, StateSpent, StatePaper}

// Steps lists the steps the table decides, in table order.
var Steps = []string{StepTransfer, StepNominate, StepEndorse, StepReject, StepSurrender, StepAcceptSurrender,
	StepRejectSurrender, StepExitToPaper}

// AddState adds a state's row to the table and its name to States, and
// the steps it names to Steps; for packages' init functions (the
// cross-chain move). Every existing row refuses a new step with its
// Default unless it is given in allowFrom (state → next state).
func AddState(state string, row Row, newSteps []string, allowFrom map[string]map[string]string) {
	if _, dup := Table[state]; dup {
		panic("title: state " + state + " is defined twice")
	}
	Table[state] = row
	States = append(States, state)
	Steps = append(Steps, newSteps...)
	for from, steps := range allowFrom {
		r := Table[from]
		if r.Allow == nil {
			r.Allow = map[string]string{}
		}
		for step, next := range steps {
			r.Allow[step] = next
		}
		Table[from] = r
	}
}

// Can returns the table's cell for step in state: the next state, or the
// refusal. An unknown state is a broken invariant of the stored record
// and refuses with codes.Internal.
func Can(state, step string) Cell {
	row, ok := Table[state]
	if !ok {
		return Cell{Refuse: codes.Internal}
	}
	if next, ok := row.Allow[step]; ok {
		return Cell{Next: next}
	}
	if c, ok := row.Refusals[step]; ok {
		return Cell{Refuse: c}
	}
	return Cell{Refuse: row.Default}
}
