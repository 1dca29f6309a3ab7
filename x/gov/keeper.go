package gov

import (
	"encoding/binary"

	"github.com/corridor-trade/corridor/codec"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/store"
)

// GetParams returns the governance parameters.
func GetParams(kv store.KV) Params {
	var p Params
	if !kit.Get(kv, []byte(keyParams), &p) {
		return DefaultParams()
	}
	return p
}

// SetParams stores the governance parameters.
func SetParams(kv store.KV, p Params) { kit.Put(kv, []byte(keyParams), &p) }

// GetClass returns a class's rule.
func GetClass(kv store.KV, class string) ClassRule {
	var r ClassRule
	if !kit.Get(kv, classKey(class), &r) {
		for _, d := range DefaultClasses() {
			if d.Class == class {
				return d
			}
		}
	}
	return r
}

// Classes returns every class rule in class order.
func Classes(kv store.KV) []ClassRule {
	return []ClassRule{GetClass(kv, ClassAll), GetClass(kv, ClassOthers), GetClass(kv, ClassOwn)}
}

func setClass(kv store.KV, r ClassRule) { kit.Put(kv, classKey(r.Class), &r) }

// ThresholdOf returns a jurisdiction's m (1 when none is recorded).
func ThresholdOf(kv store.KV, code string) uint64 {
	var t Threshold
	if !kit.Get(kv, thresholdKey(code), &t) || t.M == 0 {
		return 1
	}
	return t.M
}

// Thresholds returns every recorded threshold in jurisdiction order.
func Thresholds(kv store.KV) []Threshold {
	var out []Threshold
	store.IteratePrefix(kv, []byte(prefixThreshold+"/"), func(_, v []byte) bool {
		var t Threshold
		mustDecode(v, &t)
		out = append(out, t)
		return true
	})
	return out
}

func setThreshold(kv store.KV, code string, m uint64) {
	kit.Put(kv, thresholdKey(code), &Threshold{Jurisdiction: code, M: m})
}

func seated(kv store.KV, code string) bool { return kv.Get(seatedKey(code)) != nil }
func seat(kv store.KV, code string)        { kv.Set(seatedKey(code), []byte{1}) }

// GetPlan returns the scheduled upgrade, if any.
func GetPlan(kv store.KV) (Plan, bool) {
	var p Plan
	ok := kit.Get(kv, []byte(keyPlan), &p)
	return p, ok
}

// Applied reports whether the named upgrade has been applied here.
func Applied(kv store.KV, name string) bool { return kv.Get(doneKey(name)) != nil }

// GetProposal returns the proposal with the given id.
func GetProposal(kv store.KV, id uint64) (Proposal, bool) {
	var p Proposal
	ok := kit.Get(kv, ProposalKey(id), &p)
	return p, ok
}

// putProposal stores p and keeps the open index in step with its status.
func putProposal(kv store.KV, p *Proposal) {
	kit.Put(kv, ProposalKey(p.ID), p)
	if p.Status == StatusOpen {
		kv.Set(openKey(p.ID), []byte{1})
	} else {
		kv.Delete(openKey(p.ID))
	}
}

// nextID returns the next proposal id and advances the counter.
func nextID(kv store.KV) uint64 {
	id := uint64(1)
	if b := kv.Get([]byte(keyNextID)); len(b) == 8 {
		id = binary.BigEndian.Uint64(b)
	}
	kv.Set([]byte(keyNextID), kit.Uint64Key(id+1))
	return id
}

// OpenIDs returns the ids of the open proposals in id order.
func OpenIDs(kv store.KV) []uint64 {
	var out []uint64
	store.IteratePrefix(kv, []byte(prefixOpen+"/"), func(k, _ []byte) bool {
		out = append(out, binary.BigEndian.Uint64(k[len(k)-8:]))
		return true
	})
	return out
}

// Proposals returns the proposals in id order, filtered by status and
// kind ("" for any).
func Proposals(kv store.KV, status, kind string) []Proposal {
	var out []Proposal
	store.IteratePrefix(kv, []byte(prefixProposal+"/"), func(_, v []byte) bool {
		var p Proposal
		mustDecode(v, &p)
		if (status == "" || p.Status == status) && (kind == "" || p.Kind == kind) {
			out = append(out, p)
		}
		return true
	})
	return out
}

func mustDecode(b []byte, v any) {
	if err := codec.Unmarshal(b, v); err != nil {
		panic(&kit.CorruptState{Err: err})
	}
}
