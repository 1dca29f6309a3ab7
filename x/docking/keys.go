package docking

import "github.com/corridor-trade/corridor/x/kit"

// Store keys. Chain-ids never contain '/' (ValidChainID); heights are
// 8-byte big-endian so that they sort numerically.
const (
	prefixClient    = "dk/client"    // dk/client/<chain-id> → Client
	prefixConsensus = "dk/consensus" // dk/consensus/<chain-id>/<height 8B> → Consensus
	prefixAnchor    = "dk/anchor"    // dk/anchor/<doc hash 32B>/<chain-id> → ForeignAnchor
)

// ClientKey is the store key of a counterparty client.
func ClientKey(chainID string) []byte { return kit.Key(prefixClient, []byte(chainID)) }

// ConsensusKey is the store key of the consensus state of chainID at height.
func ConsensusKey(chainID string, height int64) []byte {
	return kit.Key(prefixConsensus, []byte(chainID), kit.Uint64Key(uint64(height)))
}

// consensusPrefix is the prefix of every consensus state of chainID.
func consensusPrefix(chainID string) []byte {
	return append(kit.Key(prefixConsensus, []byte(chainID)), '/')
}

// AnchorKey is the store key of the foreign anchor of docHash from chainID.
func AnchorKey(docHash [32]byte, chainID string) []byte {
	return kit.Key(prefixAnchor, docHash[:], []byte(chainID))
}

// anchorPrefix is the prefix of every foreign anchor of docHash.
func anchorPrefix(docHash [32]byte) []byte {
	return append(kit.Key(prefixAnchor, docHash[:]), '/')
}
