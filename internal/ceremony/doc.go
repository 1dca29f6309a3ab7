// Package ceremony is the genesis ceremony of a Corridor network: how the
// partner cities, each on its own machine, agree on one genesis file.
//
// Each city writes a Contribution (its jurisdiction, its operators' public
// keys, its validators' consensus keys, powers, node ids and P2P addresses)
// and signs it with one of its operators' secp256k1 keys (Sign). A
// coordinator verifies every signed contribution and collects them into a
// genesis (Collect), refusing duplicates and conflicts. Every city then
// checks the collected genesis against its own contribution (Check) and
// publishes the genesis file's hash, which all cities compare before they
// start. Peers turns the contributions into CometBFT persistent_peers.
//
// The signature covers the canonical binary encoding (package codec) of the
// contribution, prefixed by a domain string, so that no JSON formatting
// choice can change what was signed.
package ceremony
