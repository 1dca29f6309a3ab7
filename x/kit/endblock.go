package kit

import "fmt"

// ValidatorUpdate is a change of CometBFT's validator set: the validator
// with this ed25519 key gets this power (0 removes it). CometBFT applies
// the updates of block H from block H+2.
type ValidatorUpdate struct {
	PubKey []byte // 32-byte ed25519 key
	Power  int64
}

// ConsensusUpdate replaces CometBFT's block and evidence parameters.
type ConsensusUpdate struct {
	BlockMaxBytes         int64
	BlockMaxGas           int64
	EvidenceMaxAgeBlocks  int64
	EvidenceMaxAgeSeconds int64
	EvidenceMaxBytes      int64
}

// BlockUpdates are what a module's EndBlock hook hands to CometBFT at the
// end of a block.
type BlockUpdates struct {
	Validators []ValidatorUpdate
	Consensus  *ConsensusUpdate
}

// UpgradeNeeded is the error a BeginBlock hook returns when the chain has
// reached a scheduled upgrade that this binary has no handler for: the
// node must stop at this height, and a binary that knows the upgrade
// continues from it.
type UpgradeNeeded struct {
	Name   string
	Height int64
	Info   string
}

func (u *UpgradeNeeded) Error() string {
	return fmt.Sprintf("UPGRADE %q NEEDED at height %d: this binary has no handler for it; install the binary that knows it and restart (info: %s)", u.Name, u.Height, u.Info)
}
