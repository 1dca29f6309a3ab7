package proof

import (
	"bytes"
	"fmt"
	"sort"

	"github.com/corridor-trade/corridor/x/kit/store"
)

// ErrReadOnly is the panic value of a write to a proven state view.
var ErrReadOnly = fmt.Errorf("proof: write to a read-only proven state")

// ProvenKV is a read-only store.KV over records whose proofs have been
// checked: keys proven present answer their value, keys proven absent
// answer nil, and a read of any other key answers nil and is remembered as
// unproven (Unproven), so that a check which read it can be failed instead
// of silently treating the key as absent. Iterate visits only proven
// present keys: it cannot show that no other key exists in the range.
type ProvenKV struct {
	present  map[string][]byte
	absent   map[string]bool
	fetch    func(key []byte) ([]byte, bool) // optional: answers unknown keys (used by the builder)
	unproven [][]byte
}

// NewProvenKV returns an empty view.
func NewProvenKV() *ProvenKV {
	return &ProvenKV{present: map[string][]byte{}, absent: map[string]bool{}}
}

// AddPresent records a key proven to hold value.
func (p *ProvenKV) AddPresent(key, value []byte) {
	p.present[string(key)] = append([]byte(nil), value...)
}

// AddAbsent records a key proven to hold no value.
func (p *ProvenKV) AddAbsent(key []byte) { p.absent[string(key)] = true }

// Get returns the proven value of key, or nil.
func (p *ProvenKV) Get(key []byte) []byte {
	if v, ok := p.present[string(key)]; ok {
		return v
	}
	if p.absent[string(key)] {
		return nil
	}
	if p.fetch != nil {
		v, ok := p.fetch(key)
		if ok {
			if v != nil {
				p.AddPresent(key, v)
				return p.present[string(key)]
			}
			p.AddAbsent(key)
			return nil
		}
	}
	p.unproven = append(p.unproven, append([]byte(nil), key...))
	return nil
}

// Has reports whether key is proven present.
func (p *ProvenKV) Has(key []byte) bool { return p.Get(key) != nil }

// Set panics: the view is read-only.
func (p *ProvenKV) Set(key, value []byte) { panic(ErrReadOnly) }

// Delete panics: the view is read-only.
func (p *ProvenKV) Delete(key []byte) { panic(ErrReadOnly) }

// Iterate visits the proven present keys in [start, end) in order.
func (p *ProvenKV) Iterate(start, end []byte, fn func(key, value []byte) bool) {
	keys := make([]string, 0, len(p.present))
	for k := range p.present {
		kb := []byte(k)
		if bytes.Compare(kb, start) >= 0 && (end == nil || bytes.Compare(kb, end) < 0) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !fn([]byte(k), p.present[k]) {
			return
		}
	}
}

// takeUnproven returns and forgets the unproven reads so far.
func (p *ProvenKV) takeUnproven() [][]byte {
	u := p.unproven
	p.unproven = nil
	return u
}

var _ store.KV = (*ProvenKV)(nil)

// NewFetchingKV returns a view that answers keys it does not hold by
// calling fetch, which reports the key's value (nil when absent) and
// whether it could be obtained. The certificate builder uses it to learn
// which records a verdict reads.
func NewFetchingKV(fetch func(key []byte) ([]byte, bool)) *ProvenKV {
	kv := NewProvenKV()
	kv.fetch = fetch
	return kv
}

// CollectReads runs the verdict's state checks over kv, so that a
// fetching view reads every record the verifier will read. The lines are
// discarded: nothing is verified here.
func CollectReads(kv *ProvenKV, doc [32]byte, ref *DocumentRef, jurisdictions []string, block *LightBlock) {
	in := StateInput{Doc: doc, Jurisdictions: jurisdictions}
	if ref != nil && ref.Batch != nil {
		in.Batch = ref
	}
	if block != nil && block.SignedHeader != nil && block.SignedHeader.Commit != nil && block.ValidatorSet != nil {
		in.Signers = signersOf(block.SignedHeader.Commit, block.ValidatorSet)
		in.Validators = block.ValidatorSet
	}
	stateChecks(kv, in)
}
