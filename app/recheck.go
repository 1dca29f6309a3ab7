package app

import (
	"sync"

	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/store"
)

// admitCacheSize bounds the admitted-transaction cache like the signature
// cache: 65,536 entries, more than a mempool of 50,000 transactions.
const admitCacheSize = 1 << 16

// admittedTx is what a full CheckTx learned about a transaction it admitted
// that no state can change: the signer's key, the sequence, the number of
// messages and the role each message needs. Decoding, ValidateBasic of
// every message and the signature are pure functions of the transaction's
// bytes (and the chain-id, fixed for an App), so a mempool recheck need
// not repeat them; it repeats only what depends on state (recheckFast).
type admittedTx struct {
	size   int
	pubKey secp.PubKey
	seq    uint64
	nMsgs  int
	roles  []string // the role each message's route needs ("" for none), in message order
}

// admitCache is a bounded map from transaction hash to admittedTx, with
// FIFO eviction; an evicted transaction is rechecked in full, as before.
type admitCache struct {
	mu   sync.Mutex
	m    map[[32]byte]admittedTx
	ring [][32]byte
	next int
}

func newAdmitCache(size int) *admitCache {
	return &admitCache{m: make(map[[32]byte]admittedTx, size), ring: make([][32]byte, 0, size)}
}

func (c *admitCache) get(h [32]byte) (admittedTx, bool) {
	c.mu.Lock()
	v, ok := c.m[h]
	c.mu.Unlock()
	return v, ok
}

func (c *admitCache) has(h [32]byte) bool {
	c.mu.Lock()
	_, ok := c.m[h]
	c.mu.Unlock()
	return ok
}

func (c *admitCache) put(h [32]byte, v admittedTx) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[h]; ok {
		c.m[h] = v
		return
	}
	if len(c.ring) < cap(c.ring) {
		c.ring = append(c.ring, h)
	} else {
		delete(c.m, c.ring[c.next])
		c.ring[c.next] = h
		c.next = (c.next + 1) % len(c.ring)
	}
	c.m[h] = v
}

// remember records a transaction that passed every check of CheckTx.
func (a *App) remember(ct *checkedTx, size int) {
	roles := make([]string, len(ct.msgs))
	for i, m := range ct.msgs {
		roles[i] = a.reg.Routes[m.Type()].Role
	}
	a.admitted.put(ct.hash, admittedTx{size: size, pubKey: ct.pubKey, seq: ct.body.Sequence, nMsgs: len(ct.msgs), roles: roles})
}

// recheckFast re-runs, for a transaction this node admitted before, only
// the checks whose answer depends on state or on the limits: its size and
// message count against the limits, the signer (still a member, still
// active, still holding every role its messages need) and the sequence.
// It reports ok only when all pass, exactly when checkTx would pass (the
// pure checks passed at admission and cannot change); on any failure the
// caller runs the full checkTx, so a refused transaction gets the same
// code and log as without this path.
func (a *App) recheckFast(adm admittedTx, kv store.KV, limits kit.TxLimits) (kit.Signer, bool) {
	if uint64(adm.size) > limits.MaxTxBytes || adm.nMsgs == 0 || uint64(adm.nMsgs) > limits.MaxMsgs {
		return kit.Signer{}, false
	}
	signer, ok := a.signerOf(adm.pubKey)
	if !ok || !signer.Active {
		return kit.Signer{}, false
	}
	for _, role := range adm.roles {
		if role != "" && !signer.HasRole(role) {
			return kit.Signer{}, false
		}
	}
	if a.accounts.Sequence(kv, signer.Address) != adm.seq {
		return kit.Signer{}, false
	}
	return signer, true
}
