package app

import (
	"github.com/corridor-trade/corridor/x/docking"
	"github.com/corridor-trade/corridor/x/identity"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/payment"
	"github.com/corridor-trade/corridor/x/recognition"
)

// modules lists the domain modules in the fixed order in which their
// genesis is applied. Membership is not listed: its genesis also needs the
// consensus validators, so InitChain calls it first, by hand.
func modules() []kit.Module {
	return []kit.Module{
		identity.Module(),
		recognition.Module(recognition.Deps{Document: docking.WithForeign(invoice.RecognitionFacts)}),
		invoice.Module(),
		payment.Module(),
		docking.Module(),
	}
}
