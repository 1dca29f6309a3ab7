// Package lightverify holds CometBFT's light-client verification rules
// (light.Verify, light.VerifyAdjacent and light.VerifyNonAdjacent of
// CometBFT v0.38) restated over github.com/cometbft/cometbft/types alone.
//
// CometBFT's light package also holds the light client's HTTP provider,
// so importing it links the RPC client, p2p and cometbft/config, which
// imports cometbft-db: none of that builds with GOOS=js GOARCH=wasm, and
// the offline verifier (proof/) and the docking module must. The rules
// here are the same checks in the same order with the same errors; the
// signature arithmetic stays CometBFT's (ValidatorSet.VerifyCommitLight
// and VerifyCommitLightTrusting). lightverify_test.go runs both
// implementations side by side on the same headers and requires the same
// verdict and the same message.
package lightverify
