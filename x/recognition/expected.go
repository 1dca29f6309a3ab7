package recognition

import (
	"slices"
	"time"

	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/store"
)

// DocumentFacts is what recognition needs to know about an anchored
// document; the invoice module provides it.
type DocumentFacts struct {
	Issuer             secp.Address
	IssuerJurisdiction string
	Profile            string
	Status             string
	Anchored           kit.Stamp
	// Provenance says where the facts come from when the document was
	// anchored on another chain (x/docking); it is shown in the verdict.
	// Empty for documents anchored on this chain.
	Provenance string
}

// Deps are recognition's dependencies on other modules, passed in by the
// application so that this package imports none of them (except identity).
//
// Document returns the facts of the document anchored under docHash, and
// false when no document is anchored there. A document whose Status is one
// of InactiveDocumentStatuses is treated as no longer anchored.
//
// Export, if set, returns the export line of a document that came with a
// declared cross-border data flow (x/export's DocumentLine); found is
// false when none did. It is shown beside the verdict, not part of it.
type Deps struct {
	Document func(kv store.KV, docHash [32]byte) (DocumentFacts, bool)
	Export   func(kv store.KV, docHash [32]byte, now time.Time) (ok bool, detail string, found bool)
}

// ExportLine is the export line of the recognition answer: whether the
// document left its jurisdiction under accepted declared flows.
type ExportLine struct {
	OK     bool   `json:"ok"`
	Detail string `json:"detail"`
}

// InactiveDocumentStatuses are document statuses under which a document no
// longer counts as anchored for recognition.
var InactiveDocumentStatuses = []string{"cancelled", "revoked", StatusClientFrozen}

// Inactive reports whether status is one of InactiveDocumentStatuses.
func Inactive(status string) bool { return slices.Contains(InactiveDocumentStatuses, status) }

// StatusClientFrozen is the status of a document docked from another chain
// whose light client has since been frozen for misbehaviour (x/docking).
const StatusClientFrozen = "client-frozen"
