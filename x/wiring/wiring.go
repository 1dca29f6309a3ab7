package wiring

import (
	"time"

	"github.com/corridor-trade/corridor/x/docking"
	"github.com/corridor-trade/corridor/x/export"
	"github.com/corridor-trade/corridor/x/gov"
	"github.com/corridor-trade/corridor/x/identity"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/store"
	"github.com/corridor-trade/corridor/x/membership"
	"github.com/corridor-trade/corridor/x/payment"
	"github.com/corridor-trade/corridor/x/recognition"
	"github.com/corridor-trade/corridor/x/status"
	"github.com/corridor-trade/corridor/x/title"
)

// Modules returns the modules in the fixed order in which their genesis is
// applied and their misbehaviour hooks run. Membership comes first: every
// other module's genesis and messages name its members and jurisdictions.
// Gov comes last: its genesis checks the network's invariants on
// membership's jurisdictions, operators and validators.
func Modules() []kit.Module {
	return []kit.Module{
		membership.Module(),
		identity.Module(),
		recognition.Module(Recognition()),
		invoice.Module(),
		payment.Module(),
		docking.Module(),
		gov.Module(),
		export.Module(),
		status.Module(),
		title.Module(),
	}
}

// Recognition is what the recognition module reads of other modules.
func Recognition() recognition.Deps {
	return recognition.Deps{Document: DocumentFacts, Export: ExportLine}
}

// ExportLine is the export line of a document's verdict (x/export's
// DocumentLine), shown by the recognition query and proved by proof/.
func ExportLine(kv store.KV, docHash [32]byte, now time.Time) (ok bool, detail string, found bool) {
	return export.DocumentLine(kv, docHash, now)
}

// TitleLine is the transferable-record line of a document's verdict
// (x/title's DocumentLine) in the given jurisdictions, proved by proof/.
func TitleLine(kv store.KV, docHash [32]byte, jurisdictions []string, now time.Time) (ok bool, detail string, found bool) {
	return title.DocumentLine(kv, docHash, jurisdictions, now)
}

// DocumentFacts returns the facts recognition judges a document by: from
// its anchor on this chain, or, for a document docked from a counterparty
// chain, from its foreign anchors.
func DocumentFacts(kv store.KV, docHash [32]byte) (recognition.DocumentFacts, bool) {
	return localOrForeign(kv, docHash)
}

var localOrForeign = docking.WithForeign(invoice.RecognitionFacts)

// Register builds the registry of Modules (kit.Register).
func Register() (*kit.Registry, error) { return kit.Register(Modules()...) }
