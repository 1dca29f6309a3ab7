// Package node runs a Corridor validator or full node: CometBFT in-process
// with the Corridor application, both configured from one home directory.
//
// Home layout (Cosmos-style, so operators feel at home):
//
//	<home>/config/config.toml            CometBFT settings
//	<home>/config/app.toml               Corridor settings (package config)
//	<home>/config/genesis.json           the chain's genesis
//	<home>/config/node_key.json          p2p identity
//	<home>/config/priv_validator_key.json consensus key (validators)
//	<home>/data/                         CometBFT block store and state,
//	                                     and application.db, the application's IAVL tree
//	<home>/keyring/                      client keys (package keyring)
package node
