package export

import (
	"encoding/binary"
	"time"

	"github.com/corridor-trade/corridor/codec"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/store"
)

// Published is a stored rule set version: the rule set, who published it
// and when (By is zero for a rule set from genesis).
type Published struct {
	RuleSet   RuleSet      `wire:"1" json:"rule_set"`
	By        secp.Address `wire:"2" json:"published_by"`
	Published kit.Stamp    `wire:"3" json:"published"`
}

// RuleSets returns every published version of a jurisdiction's rule set,
// lowest version first.
func RuleSets(kv store.KV, jurisdiction string) []Published {
	var out []Published
	store.IteratePrefix(kv, ruleSetPrefix(jurisdiction), func(k, v []byte) bool {
		var p Published
		if err := codec.Unmarshal(v, &p); err != nil {
			panic(&kit.CorruptState{Key: k, Err: err})
		}
		out = append(out, p)
		return true
	})
	return out
}

// InForce returns the rule set of jurisdiction in force at t: of the
// versions whose effective window holds t, the highest.
func InForce(kv store.KV, jurisdiction string, t time.Time) (Published, bool) {
	all := RuleSets(kv, jurisdiction)
	for i := len(all) - 1; i >= 0; i-- {
		if all[i].RuleSet.InForce(t) {
			return all[i], true
		}
	}
	return Published{}, false
}

// LatestVersion returns the highest published version of jurisdiction's
// rule set (0 if none).
func LatestVersion(kv store.KV, jurisdiction string) uint64 {
	all := RuleSets(kv, jurisdiction)
	if len(all) == 0 {
		return 0
	}
	return all[len(all)-1].RuleSet.Version
}

func putRuleSet(kv store.KV, p *Published) {
	kit.Put(kv, RuleSetKey(p.RuleSet.Jurisdiction, p.RuleSet.Version), p)
}

// GetEvidence returns the evidence record with id.
func GetEvidence(kv store.KV, id Hash) (Evidence, bool) {
	var e Evidence
	ok := kit.Get(kv, EvidenceKey(id), &e)
	return e, ok
}

// GetFlow returns the flow with id.
func GetFlow(kv store.KV, id Hash) (Flow, bool) {
	var f Flow
	ok := kit.Get(kv, FlowKey(id), &f)
	return f, ok
}

// GetCounter returns an entity's counter for a jurisdiction and year
// (zero when nothing was counted).
func GetCounter(kv store.KV, entity Hash, jurisdiction string, year uint32) Counter {
	var c Counter
	kit.Get(kv, CounterKey(entity, jurisdiction, year), &c)
	return c
}

// CounterEntry is one stored counter with its jurisdiction and year.
type CounterEntry struct {
	Jurisdiction string  `json:"jurisdiction"`
	Year         uint32  `json:"year"`
	Counter      Counter `json:"counter"`
}

// Counters returns every counter of an entity, by jurisdiction then year.
func Counters(kv store.KV, entity Hash) []CounterEntry {
	var out []CounterEntry
	prefix := counterPrefix(entity)
	store.IteratePrefix(kv, prefix, func(k, v []byte) bool {
		rest := k[len(prefix):]
		if len(rest) < 6 || rest[len(rest)-5] != '/' {
			panic(&kit.CorruptState{Key: k, Err: errBadKey})
		}
		e := CounterEntry{Jurisdiction: string(rest[:len(rest)-5]), Year: binary.BigEndian.Uint32(rest[len(rest)-4:])}
		if err := codec.Unmarshal(v, &e.Counter); err != nil {
			panic(&kit.CorruptState{Key: k, Err: err})
		}
		out = append(out, e)
		return true
	})
	return out
}

type keyError string

func (e keyError) Error() string { return string(e) }

const errBadKey = keyError("malformed export index key")

// putFlow stores a new flow and its index entries.
func putFlow(kv store.KV, f *Flow) {
	kit.Put(kv, FlowKey(f.ID), f)
	t := f.Declared.TimeUnix
	kv.Set(append(byExporterPrefix(f.Exporter), timeID(t, f.ID)...), present)
	kv.Set(append(byDestinationPrefix(f.Destination), timeID(t, f.ID)...), present)
	for _, c := range f.Categories {
		kv.Set(append(byCategoryPrefix(c), timeID(t, f.ID)...), present)
	}
	for _, d := range f.Documents {
		kv.Set(append(byDocumentPrefix(d), f.ID[:]...), present)
	}
	if f.ReportDue != 0 {
		kv.Set(dueKey(f.ReportDue, f.ID), present)
	}
}

// flowsUnder loads the flows indexed under prefix whose declaration time
// lies in [since, until) (until 0: no bound), in time order, at most
// limit of them.
func flowsUnder(kv store.KV, prefix []byte, since, until int64, limit int) []Flow {
	var out []Flow
	start := append(append([]byte(nil), prefix...), kit.Uint64Key(uint64(since))...)
	end := store.PrefixEnd(prefix)
	if until > 0 {
		end = append(append([]byte(nil), prefix...), kit.Uint64Key(uint64(until))...)
	}
	kv.Iterate(start, end, func(k, _ []byte) bool {
		if len(k) != len(prefix)+8+32 {
			panic(&kit.CorruptState{Key: k, Err: errBadKey})
		}
		var id Hash
		copy(id[:], k[len(prefix)+8:])
		f, ok := GetFlow(kv, id)
		if !ok {
			panic(&kit.CorruptState{Key: k, Err: keyError("index names a missing flow")})
		}
		out = append(out, f)
		return len(out) < limit
	})
	return out
}

// FlowsOfDocument returns the flows that declared a document, by id.
func FlowsOfDocument(kv store.KV, doc Hash) []Flow {
	var out []Flow
	prefix := byDocumentPrefix(doc)
	store.IteratePrefix(kv, prefix, func(k, _ []byte) bool {
		if len(k) != len(prefix)+32 {
			panic(&kit.CorruptState{Key: k, Err: errBadKey})
		}
		var id Hash
		copy(id[:], k[len(prefix):])
		if f, ok := GetFlow(kv, id); ok {
			out = append(out, f)
		}
		return true
	})
	return out
}

// Due returns the flows whose report is not filed, by deadline, at most
// limit of them.
func Due(kv store.KV, limit int) []Flow {
	var out []Flow
	prefix := duePrefix()
	store.IteratePrefix(kv, prefix, func(k, _ []byte) bool {
		if len(k) != len(prefix)+8+32 {
			panic(&kit.CorruptState{Key: k, Err: errBadKey})
		}
		var id Hash
		copy(id[:], k[len(prefix)+8:])
		f, ok := GetFlow(kv, id)
		if !ok {
			panic(&kit.CorruptState{Key: k, Err: keyError("due index names a missing flow")})
		}
		out = append(out, f)
		return len(out) < limit
	})
	return out
}
