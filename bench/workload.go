package bench

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"runtime"
	"sync"
	"time"

	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/codec"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/tx"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/kit"
)

// KVStoreWorkload returns n random 256-byte kvstore transactions of the form
// key=value (hex, so neither contains '=' or ':'), sent round robin.
func KVStoreWorkload(n, nodes int) *Workload {
	w := &Workload{Txs: make([][]byte, n), Node: make([]int, n)}
	buf := make([]byte, 127)
	for i := range w.Txs {
		_, _ = rand.Read(buf)
		h := hex.EncodeToString(buf) // 254 characters
		t := []byte(h[:32] + "=" + h[32:] + "0")
		w.Txs[i] = t[:256]
		w.Node[i] = i % nodes
	}
	return w
}

// Accounts tracks the next sequence of each load-generating trader.
type Accounts struct {
	ChainID string
	Keys    []*secp.PrivKey
	Pubs    []secp.PubKey // derived once: PubKey() costs a scalar multiplication
	Next    []uint64
	next    int // round-robin cursor
}

// NewAccounts starts every trader at sequence 0 (fresh genesis members).
func NewAccounts(chainID string, keys []*secp.PrivKey) *Accounts {
	a := &Accounts{ChainID: chainID, Keys: keys, Next: make([]uint64, len(keys))}
	for _, k := range keys {
		a.Pubs = append(a.Pubs, k.PubKey())
	}
	return a
}

// Resync reads the committed sequence of the given accounts from a node;
// used after a step in which some of their transactions did not commit.
func (a *Accounts) Resync(ctx context.Context, rpc string, accounts map[int]bool) error {
	c, err := client.New(rpc)
	if err != nil {
		return err
	}
	for i := range accounts {
		_, seq, err := c.Sequence(ctx, a.Keys[i].PubKey())
		if err != nil {
			return err
		}
		a.Next[i] = seq
	}
	return nil
}

// DocMsg returns a valid single anchor of a fresh random document. The
// fingerprint is SHA-256 of a random invoice number instead of the
// Argon2id Fingerprint (0.1 s and 64 MiB each, client-side only): the
// chain stores and compares it as 32 opaque bytes either way.
func DocMsg() *invoice.MsgAnchor {
	var doc, fp, commit invoice.Hash
	_, _ = rand.Read(doc[:])
	_, _ = rand.Read(commit[:])
	num := make([]byte, 16)
	_, _ = rand.Read(num)
	fp = sha256.Sum256(num)
	return &invoice.MsgAnchor{DocHash: doc, Profile: invoice.ProfileUBL, Fingerprint: fp, BuyerCommit: commit,
		IssueDate: "2026-11-20", Currency: "SGD", Total: "12500.5"}
}

// BatchMsg returns a batch anchor over count fresh random document hashes;
// it also returns the time spent building the Merkle root client-side.
func BatchMsg(count int) (*invoice.MsgAnchorBatch, time.Duration) {
	leaves := make([][32]byte, count)
	buf := make([]byte, 32*count)
	_, _ = rand.Read(buf)
	for i := range leaves {
		copy(leaves[i][:], buf[32*i:])
	}
	t := time.Now()
	root := invoice.MerkleRoot(leaves)
	return &invoice.MsgAnchorBatch{Root: root, Count: uint64(count), Profile: invoice.ProfileUBL}, time.Since(t)
}

// SignedWorkload builds and signs n transactions, each carrying the message
// mk returns, spreading them round robin over the accounts; every account
// always sends to the same node (account index modulo nodes), so that its
// sequence numbers arrive in order. Signing uses every core and happens
// before the timed window.
func (a *Accounts) SignedWorkload(n, nodes, docs int, mk func() kit.Msg) (*Workload, error) {
	w := &Workload{Txs: make([][]byte, n), Node: make([]int, n), Account: make([]int, n), Docs: docs}
	seqs := make([]uint64, n)
	msgs := make([]kit.Msg, n)
	for i := 0; i < n; i++ {
		acct := a.next % len(a.Keys)
		a.next++
		w.Account[i], w.Node[i], seqs[i] = acct, acct%nodes, a.Next[acct]
		a.Next[acct]++
		msgs[i] = mk()
	}
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for g := 0; g < workers; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := g; i < n; i += workers {
				w.Txs[i] = a.build(w.Account[i], seqs[i], msgs[i])
			}
		}()
	}
	wg.Wait()
	return w, nil
}

// build is tx.Build for one message with the account's cached public key:
// the same bytes, without deriving the public key for every transaction.
func (a *Accounts) build(acct int, seq uint64, msg kit.Msg) []byte {
	body := tx.Body{ChainID: a.ChainID, Sequence: seq, Msgs: []tx.Any{{Type: msg.Type(), Value: codec.Marshal(msg)}}}
	bb := codec.Marshal(&body)
	env := tx.Envelope{Body: bb, PubKey: a.Pubs[acct], Signature: a.Keys[acct].Sign(tx.SignDigest(a.ChainID, bb))}
	return codec.Marshal(&env)
}
