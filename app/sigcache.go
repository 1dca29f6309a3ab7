package app

import (
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/corridor-trade/corridor/tx"
)

// sigCacheSize bounds the signature cache: 65,536 hashes, about 5 MiB,
// comfortably more than a mempool of 50,000 transactions.
const sigCacheSize = 1 << 16

// sigCache is a bounded set of hashes of transactions whose signature
// verified on this node, so that a transaction checked in CheckTx (or in
// a mempool recheck) is not verified again in FinalizeBlock.
//
// It is sound because the key is SHA-256 of the complete transaction
// bytes, which contain the public key, the signature and the signed body,
// and because verification is a pure function of those bytes and the
// chain-id, which never changes for an App. A hit therefore means "these
// exact bytes verified before"; a forged transaction with a cached hash
// would need a SHA-256 collision. Only successes are cached, so an invalid
// signature is verified (and refused) every time. Evicting an entry only
// costs one more verification, so eviction is simple FIFO.
type sigCache struct {
	mu   sync.Mutex
	seen map[[32]byte]struct{}
	ring [][32]byte // insertion order
	next int        // ring slot to overwrite once the ring is full
}

func newSigCache(size int) *sigCache {
	return &sigCache{seen: make(map[[32]byte]struct{}, size), ring: make([][32]byte, 0, size)}
}

func (c *sigCache) contains(h [32]byte) bool {
	c.mu.Lock()
	_, ok := c.seen[h]
	c.mu.Unlock()
	return ok
}

func (c *sigCache) add(h [32]byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.seen[h]; ok {
		return
	}
	if len(c.ring) < cap(c.ring) {
		c.ring = append(c.ring, h)
	} else {
		delete(c.seen, c.ring[c.next])
		c.ring[c.next] = h
		c.next = (c.next + 1) % len(c.ring)
	}
	c.seen[h] = struct{}{}
}

// verifyCached verifies env's signature unless the transaction with hash h
// verified before, and remembers a success.
func (a *App) verifyCached(h [32]byte, env *tx.Envelope) error {
	hit := a.sigs.contains(h)
	a.metrics.SigCache(hit)
	if hit {
		return nil
	}
	a.sigVerified.Add(1)
	if err := verifySignature(a.chainID, env); err != nil {
		return err
	}
	a.sigs.add(h)
	return nil
}

// decodedTx is what the signature pre-pass learned about one transaction
// of a block. ok is false when the transaction fails a check that comes
// before the signature (size, encoding, chain-id): checkTx then repeats
// those checks and reports the error itself.
type decodedTx struct {
	ok     bool
	hash   [32]byte
	env    *tx.Envelope
	body   *tx.Body
	sigErr error
}

// defaultSigWorkers is the pre-pass worker count: one per core the Go
// runtime uses, at most 8. The results never depend on it.
func defaultSigWorkers() int { return min(runtime.GOMAXPROCS(0), 8) }

// verifyBlock decodes the block's transactions and checks their signatures
// on a fixed number of goroutines, storing each result at the
// transaction's index. It is a pure pre-pass: it writes no state (only the
// signature cache, whose hits are sound), and FinalizeBlock consumes the
// results in block order, so state transitions stay sequential and every
// node computes the same results whatever its worker count.
func (a *App) verifyBlock(txs [][]byte, maxTxBytes uint64) []decodedTx {
	out := make([]decodedTx, len(txs))
	workers := min(a.sigWorkers, len(txs))
	if workers <= 1 {
		return out // sequential: checkTx does everything in order
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(txs) {
					return
				}
				out[i] = a.preVerify(txs[i], maxTxBytes)
			}
		}()
	}
	wg.Wait()
	return out
}

func (a *App) preVerify(raw []byte, maxTxBytes uint64) (d decodedTx) {
	defer func() {
		// A panic here would kill the node from a goroutine FinalizeBlock's
		// recover cannot see; leave the transaction to the sequential path,
		// which meets the same panic under that recover.
		if recover() != nil {
			d = decodedTx{}
		}
	}()
	env, body, err := a.decodeTx(maxTxBytes, raw)
	if err != nil {
		return decodedTx{}
	}
	h := tx.Hash(raw)
	return decodedTx{ok: true, hash: h, env: env, body: body, sigErr: a.verifyCached(h, env)}
}
