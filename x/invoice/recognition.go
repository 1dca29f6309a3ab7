package invoice

import (
	"github.com/corridor-trade/corridor/x/kit/store"
	"github.com/corridor-trade/corridor/x/recognition"
)

// RecognitionFacts is recognition.Deps.Document: the facts of the invoice
// anchored individually under docHash. Batch members are not found by hash
// alone (only the root is stored); recognising one needs its inclusion path,
// which the verifier checks with BatchMemberFacts.
func RecognitionFacts(kv store.KV, docHash [32]byte) (recognition.DocumentFacts, bool) {
	f, ok := Facts(kv, docHash)
	if !ok {
		return recognition.DocumentFacts{}, false
	}
	return recognition.DocumentFacts{Issuer: f.Issuer, IssuerJurisdiction: f.IssuerJurisdiction,
		Profile: f.Profile, Status: f.Status, Anchored: f.Anchored}, true
}
