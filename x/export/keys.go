package export

import (
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/kit"
)

// Store keys. Every key starts with "export/".
//
//	export/rs/<jurisdiction>/<version 8B>          → Published (a rule set version)
//	export/ev/<id 32B>                              → Evidence
//	export/fl/<id 32B>                              → Flow
//	export/ct/<entity 32B>/<jurisdiction>/<year 4B> → Counter
//	export/ix/exp/<exporter 20B>/<time 8B><id 32B>  → empty (flows by exporter, in time order)
//	export/ix/dst/<jurisdiction>/<time 8B><id 32B>  → empty (flows by destination)
//	export/ix/cat/<category>/<time 8B><id 32B>      → empty (flows by data category)
//	export/ix/doc/<doc hash 32B>/<id 32B>           → empty (flows that carried a document)
//	export/due/<due 8B><id 32B>                     → empty (reports not yet filed, by deadline)
const (
	prefixRuleSet  = "export/rs"
	prefixEvidence = "export/ev"
	prefixFlow     = "export/fl"
	prefixCounter  = "export/ct"
	prefixByExp    = "export/ix/exp"
	prefixByDst    = "export/ix/dst"
	prefixByCat    = "export/ix/cat"
	prefixByDoc    = "export/ix/doc"
	prefixDue      = "export/due"
)

// present is the value of index entries.
var present = []byte{1}

// RuleSetKey is the store key of one rule set version.
func RuleSetKey(jurisdiction string, version uint64) []byte {
	return kit.Key(prefixRuleSet, []byte(jurisdiction), kit.Uint64Key(version))
}

func ruleSetPrefix(jurisdiction string) []byte {
	return append(kit.Key(prefixRuleSet, []byte(jurisdiction)), '/')
}

// EvidenceKey is the store key of an evidence record.
func EvidenceKey(id Hash) []byte { return kit.Key(prefixEvidence, id[:]) }

// FlowKey is the store key of a flow.
func FlowKey(id Hash) []byte { return kit.Key(prefixFlow, id[:]) }

// CounterKey is the store key of an entity's counter in a jurisdiction
// and year.
func CounterKey(entity Hash, jurisdiction string, year uint32) []byte {
	y := kit.Uint64Key(uint64(year))[4:]
	return kit.Key(prefixCounter, entity[:], []byte(jurisdiction), y)
}

func counterPrefix(entity Hash) []byte { return append(kit.Key(prefixCounter, entity[:]), '/') }

func timeID(t int64, id Hash) []byte { return append(kit.Uint64Key(uint64(t)), id[:]...) }

func byExporterPrefix(a secp.Address) []byte { return append(kit.Key(prefixByExp, a[:]), '/') }
func byDestinationPrefix(j string) []byte    { return append(kit.Key(prefixByDst, []byte(j)), '/') }
func byCategoryPrefix(c string) []byte       { return append(kit.Key(prefixByCat, []byte(c)), '/') }
func byDocumentPrefix(doc Hash) []byte       { return append(kit.Key(prefixByDoc, doc[:]), '/') }
func dueKey(due int64, id Hash) []byte       { return kit.Key(prefixDue, timeID(due, id)) }
func duePrefix() []byte                      { return []byte(prefixDue + "/") }
