package docking

import (
	"bytes"
	"errors"
	"fmt"

	ics23 "github.com/cosmos/ics23/go"
)

// VerifyMembership checks that proof, a protobuf ICS-23 CommitmentProof,
// proves that key holds exactly value in the IAVL tree whose root is
// appHash (ics23.IavlSpec). It is the on-chain counterpart of package
// proof's VerifyValue, kept here so that consensus code depends only on
// ics23 itself.
//
// Compressed proofs are refused (Corridor nodes never answer with them),
// and a panic inside ics23 on hostile input is turned into an error so that
// a transaction cannot halt the chain.
func VerifyMembership(appHash, key, value, proof []byte) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the proof is malformed: %v", r)
		}
	}()
	var p ics23.CommitmentProof
	if err := p.Unmarshal(proof); err != nil {
		return fmt.Errorf("proof does not decode: %v", err)
	}
	cp := &p
	if cp.GetCompressed() != nil || cp.GetBatch() != nil {
		return errors.New("batch and compressed proofs are not accepted; send a single existence proof")
	}
	ex := cp.GetExist()
	if ex == nil {
		return errors.New("the proof is not an existence proof")
	}
	if !bytes.Equal(ex.Key, key) {
		return fmt.Errorf("the proof is for key %x, not %x", ex.Key, key)
	}
	if !bytes.Equal(ex.Value, value) {
		return fmt.Errorf("the proof commits to another value at key %x", key)
	}
	if err := ex.Verify(ics23.IavlSpec, appHash, key, value); err != nil {
		return fmt.Errorf("the proof does not lead to the app hash: %v", err)
	}
	if !ics23.VerifyMembership(ics23.IavlSpec, appHash, cp, key, value) {
		return errors.New("the proof is rejected by ics23.VerifyMembership")
	}
	return nil
}
