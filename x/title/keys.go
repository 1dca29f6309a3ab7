package title

import (
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/kit"
)

// Store keys. Every key starts with "title/".
//
//	title/rec/<id 32B>                                  → Record
//	title/doc/<doc hash 32B>/<id 32B>                   → empty (records of a document)
//	title/hold/<holder 20B>/<id 32B>                    → empty (records by current holder)
//	title/tok/<chain id 8B>/<registry>/<token id 32B>   → record id (imports, one per token)
//	title/le/<jurisdiction>                             → LegalEffect
const (
	prefixRecord = "title/rec"
	prefixByDoc  = "title/doc"
	prefixHolder = "title/hold"
	prefixToken  = "title/tok"
	prefixLegal  = "title/le"
)

// present is the value of index entries.
var present = []byte{1}

// RecordKey is the store key of a record.
func RecordKey(id Hash) []byte { return kit.Key(prefixRecord, id[:]) }

func byDocPrefix(doc Hash) []byte { return append(kit.Key(prefixByDoc, doc[:]), '/') }

func byHolderPrefix(a secp.Address) []byte { return append(kit.Key(prefixHolder, a[:]), '/') }

// TokenKey is the store key of an imported token's record id.
func TokenKey(t TokenRef) []byte {
	return kit.Key(prefixToken, kit.Uint64Key(t.ChainID), []byte(t.Registry), t.TokenID[:])
}

// LegalEffectKey is the store key of a jurisdiction's legal-effect entry.
func LegalEffectKey(jurisdiction string) []byte { return kit.Key(prefixLegal, []byte(jurisdiction)) }

func legalPrefix() []byte { return []byte(prefixLegal + "/") }
