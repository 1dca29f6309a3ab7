package recognition_test

import (
	"testing"

	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/kittest"
	"github.com/corridor-trade/corridor/x/recognition"
)

// TestValidateBasicNeverPanics runs ValidateBasic on random messages and on
// whatever random bytes decode to.
func TestValidateBasicNeverPanics(t *testing.T) {
	kittest.ValidateBasicNeverPanics(t,
		[]string{"legal-entity", "aeo", "signatory", "ubl-2.1", "raw", "cii-d16b", "HK", "JP", "sg", "SG", "CN-SH"},
		func() kit.Msg { return &recognition.MsgSet{} }, func() kit.Msg { return &recognition.MsgRemove{} })
}
