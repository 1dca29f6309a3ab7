package app

import (
	"github.com/corridor-trade/corridor/x/kit"
)

// modules lists the domain modules in the fixed order in which their
// genesis is applied. Membership is not listed: its genesis also needs the
// consensus validators, so InitChain calls it first, by hand.
func modules() []kit.Module {
	return []kit.Module{}
}
