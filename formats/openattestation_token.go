package formats

import (
	"encoding/json"
	"net/url"
	"strings"
)

// Where a TokenReference's chain id was read.
const (
	ChainIDFromNetwork = "network"    // data.network.chainId, the document's own statement
	ChainIDFromLink    = "links.self" // the chainId of the TradeTrust action link in data.links.self.href
)

// TokenReference is where a transferable TradeTrust document lives as a
// token: the token registry (an ERC-721 contract on an EVM chain) named by
// its first issuer, the chain, and the token id, which TradeTrust derives
// from the document as 0x followed by its targetHash
// (tradetrust-website, src/common/utils/document.ts, getDocumentId).
type TokenReference struct {
	// Registry is the registry address in lower case (0x and 40 hex
	// digits); the document's own spelling is in TradeDocument.TokenRegistry.
	Registry string `json:"registry"`
	// ChainID is the EIP-155 chain id in decimal, "" when the document
	// names none (the caller must then say which chain).
	ChainID string `json:"chain_id,omitempty"`
	// ChainIDFrom says where ChainID was read (ChainIDFromNetwork or
	// ChainIDFromLink).
	ChainIDFrom string `json:"chain_id_from,omitempty"`
	// Network is the document's network.chain name (e.g. ETH, MATIC), if any.
	Network string `json:"network,omitempty"`
	// TokenID is 0x and the 64 hex digits of targetHash.
	TokenID string `json:"token_id"`
}

// tokenReference returns the token reference of a wrapped document whose
// first registry-bearing issuer names a token registry, or nil.
func tokenReference(data map[string]any, td *TradeDocument) *TokenReference {
	reg := strings.ToLower(td.TokenRegistry)
	if !isEVMAddress(reg) || len(td.TargetHash) != 64 {
		return nil
	}
	if _, err := decodeHash32(td.TargetHash); err != nil {
		return nil
	}
	ref := &TokenReference{Registry: reg, TokenID: "0x" + strings.ToLower(td.TargetHash)}
	if nw, ok := getObject(data, "network"); ok {
		if c, ok := getString(nw, "chainId"); ok && isDecimal(unsaltOA(c)) {
			ref.ChainID, ref.ChainIDFrom = unsaltOA(c), ChainIDFromNetwork
		}
		if c, ok := getString(nw, "chain"); ok {
			ref.Network = unsaltOA(c)
		}
	}
	if ref.ChainID == "" {
		if c := linkChainID(data); c != "" {
			ref.ChainID, ref.ChainIDFrom = c, ChainIDFromLink
		}
	}
	return ref
}

// linkChainID reads the chainId of the payload of the TradeTrust action
// link data.links.self.href (https://actions.tradetrust.io?q={...}), or "".
func linkChainID(data map[string]any) string {
	links, ok := getObject(data, "links")
	if !ok {
		return ""
	}
	self, ok := getObject(links, "self")
	if !ok {
		return ""
	}
	href, ok := getString(self, "href")
	if !ok {
		return ""
	}
	u, err := url.Parse(unsaltOA(href))
	if err != nil {
		return ""
	}
	var q struct {
		Payload struct {
			ChainID json.RawMessage `json:"chainId"`
		} `json:"payload"`
	}
	if json.Unmarshal([]byte(u.Query().Get("q")), &q) != nil {
		return ""
	}
	c := strings.Trim(string(q.Payload.ChainID), `"`)
	if !isDecimal(c) {
		return ""
	}
	return c
}

func isEVMAddress(s string) bool {
	if len(s) != 42 || !strings.HasPrefix(s, "0x") {
		return false
	}
	for i := 2; i < len(s); i++ {
		if !isHexDigit(s[i]) {
			return false
		}
	}
	return true
}

// isDecimal reports whether s is 1-19 decimal digits without a leading
// zero (an EIP-155 chain id fits a uint64).
func isDecimal(s string) bool {
	if s == "" || len(s) > 19 || s[0] == '0' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
