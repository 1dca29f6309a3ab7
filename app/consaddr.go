package app

import "github.com/cometbft/cometbft/crypto/ed25519"

// consAddress is CometBFT's address of an ed25519 consensus key.
func consAddress(pub []byte) []byte { return ed25519.PubKey(pub).Address() }
