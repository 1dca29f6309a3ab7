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
	cp, err := decodeSingle(proof, "existence")
	if err != nil {
		return err
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

// ErrKeyPresent is what VerifyNonMembership returns (wrapped) when proof is
// instead a valid existence proof of key against appHash: the key is
// there, which is an answer, not a malformed proof.
var ErrKeyPresent = errors.New("the key is present: the proof is a valid existence proof of it")

// VerifyNonMembership checks that proof, a protobuf ICS-23
// CommitmentProof, proves that key holds no value in the IAVL tree whose
// root is appHash (ics23.IavlSpec, the spec VerifyMembership uses). Such
// proofs are what a Corridor node's /store query answers for an absent key
// (IAVL's GetNonMembershipProof: the key's neighbours, each with its path
// to the root).
//
// When proof is a valid existence proof of key instead, the error wraps
// ErrKeyPresent. Compressed and batch proofs are refused, and a panic
// inside ics23 on hostile input is turned into an error.
func VerifyNonMembership(appHash, key, proof []byte) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the proof is malformed: %v", r)
		}
	}()
	cp, err := decodeSingle(proof, "non-existence")
	if err != nil {
		return err
	}
	if ex := cp.GetExist(); ex != nil {
		if bytes.Equal(ex.Key, key) && ex.Verify(ics23.IavlSpec, appHash, key, ex.Value) == nil {
			return fmt.Errorf("key %x: %w", key, ErrKeyPresent)
		}
		return errors.New("the proof is an existence proof, not a non-existence proof")
	}
	ne := cp.GetNonexist()
	if ne == nil {
		return errors.New("the proof is not a non-existence proof")
	}
	if !bytes.Equal(ne.Key, key) {
		return fmt.Errorf("the proof is for key %x, not %x", ne.Key, key)
	}
	if !ics23.VerifyNonMembership(ics23.IavlSpec, appHash, cp, key) {
		// Say why: Verify checks the same neighbours and their order.
		if err := ne.Verify(ics23.IavlSpec, appHash, key); err != nil {
			return fmt.Errorf("the proof does not lead to the app hash: %v", err)
		}
		return errors.New("the proof is rejected by ics23.VerifyNonMembership")
	}
	return nil
}

// decodeSingle decodes a protobuf ICS-23 CommitmentProof and refuses the
// batch and compressed forms (Corridor nodes never answer with them); kind
// names the single proof the caller expects, for the error.
func decodeSingle(proof []byte, kind string) (*ics23.CommitmentProof, error) {
	var p ics23.CommitmentProof
	if err := p.Unmarshal(proof); err != nil {
		return nil, fmt.Errorf("proof does not decode: %v", err)
	}
	if p.GetCompressed() != nil || p.GetBatch() != nil {
		return nil, fmt.Errorf("batch and compressed proofs are not accepted; send a single %s proof", kind)
	}
	return &p, nil
}
