package proof

import (
	"bytes"
	"errors"
	"fmt"

	ics23 "github.com/cosmos/ics23/go"
)

// ProofOpType is the proof type the node's /store query answers with: an
// ICS-23 CommitmentProof (protobuf) checked with ics23.IavlSpec.
const ProofOpType = "ics23:iavl"

// VerifyValue checks that p proves key holds exactly value in the IAVL tree
// whose root is appHash. p must be an ICS-23 existence proof.
func VerifyValue(appHash, key, value []byte, p *ics23.CommitmentProof) error {
	if p == nil {
		return errors.New("no proof")
	}
	if p.GetNonexist() != nil {
		return fmt.Errorf("a non-existence proof was given where key %x must exist", key)
	}
	ex := p.GetExist()
	if ex == nil {
		return errors.New("the proof is not an existence proof")
	}
	if !bytes.Equal(ex.Key, key) {
		return fmt.Errorf("the proof is for key %x, not %x", ex.Key, key)
	}
	if !bytes.Equal(ex.Value, value) {
		return fmt.Errorf("the value differs from the value the proof commits to at key %x", key)
	}
	// ics23.VerifyMembership would decompress p (it is not compressed:
	// it holds an existence proof), pick that existence proof (its key was
	// compared above) and run exactly this Verify: calling it as well
	// hashed every proof's path twice (issue 18).
	if err := ex.Verify(ics23.IavlSpec, appHash, key, value); err != nil {
		return fmt.Errorf("existence proof of key %x does not lead to app hash %X: %v", key, appHash, err)
	}
	return nil
}

// VerifyAbsence checks that p proves key holds no value in the IAVL tree
// whose root is appHash. p must be an ICS-23 non-existence proof.
func VerifyAbsence(appHash, key []byte, p *ics23.CommitmentProof) error {
	if p == nil {
		return errors.New("no proof")
	}
	if p.GetExist() != nil {
		return fmt.Errorf("an existence proof was given where key %x must be absent", key)
	}
	ne := p.GetNonexist()
	if ne == nil {
		return errors.New("the proof is not a non-existence proof")
	}
	if !bytes.Equal(ne.Key, key) {
		return fmt.Errorf("the non-existence proof is for key %x, not %x", ne.Key, key)
	}
	// ics23.VerifyNonMembership would only add the neighbours' order
	// around key, which this Verify checks too, before running it again.
	if err := ne.Verify(ics23.IavlSpec, appHash, key); err != nil {
		return fmt.Errorf("non-existence proof of key %x does not hold against app hash %X: %v", key, appHash, err)
	}
	return nil
}

// DecodeProof decodes a protobuf ICS-23 CommitmentProof, decompressing it
// when needed.
func DecodeProof(b []byte) (*ics23.CommitmentProof, error) {
	var p ics23.CommitmentProof
	if err := p.Unmarshal(b); err != nil {
		return nil, fmt.Errorf("proof does not decode: %v", err)
	}
	if p.GetCompressed() != nil {
		return ics23.Decompress(&p), nil
	}
	return &p, nil
}
