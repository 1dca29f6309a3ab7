package recognition

import (
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/kit"
)

// Store keys. Each prefix names one kind of record. <in> is the code of the
// jurisdiction whose rule it is; codes never contain '/'.
const (
	prefixAttesterRule     = "recognition/attester"     // recognition/attester/<in>/<attester 20B> → Rule
	prefixJurisdictionRule = "recognition/jurisdiction" // recognition/jurisdiction/<in>/<attester jurisdiction> → Rule
	prefixProfiles         = "recognition/profiles"     // recognition/profiles/<in> → ProfileRule
)

// AttesterRuleKey is the store key of the rule by which in recognises one
// attester.
func AttesterRuleKey(in string, attester secp.Address) []byte {
	return kit.Key(prefixAttesterRule, []byte(in), attester[:])
}

// JurisdictionRuleKey is the store key of the rule by which in recognises
// every attester of jurisdiction of.
func JurisdictionRuleKey(in, of string) []byte {
	return kit.Key(prefixJurisdictionRule, []byte(in), []byte(of))
}

// ProfilesKey is the store key of the profiles in accepts.
func ProfilesKey(in string) []byte { return kit.Key(prefixProfiles, []byte(in)) }

func attesterRulePrefix(in string) []byte {
	return append(kit.Key(prefixAttesterRule, []byte(in)), '/')
}

func jurisdictionRulePrefix(in string) []byte {
	return append(kit.Key(prefixJurisdictionRule, []byte(in)), '/')
}
