package identity_test

import (
	"testing"

	"github.com/corridor-trade/corridor/x/identity"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/kittest"
)

// TestValidateBasicNeverPanics runs ValidateBasic on random messages and on
// whatever random bytes decode to.
func TestValidateBasicNeverPanics(t *testing.T) {
	kittest.ValidateBasicNeverPanics(t,
		[]string{"legal-entity", "aeo", "signatory", "uen", "uscc", "br", "lei", "cn-aeo", "SG", "CN-SH"},
		func() kit.Msg { return &identity.MsgAttest{} }, func() kit.Msg { return &identity.MsgRevoke{} })
}
