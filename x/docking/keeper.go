package docking

import (
	"bytes"
	"time"

	"github.com/corridor-trade/corridor/codec"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/kit/store"
)

// GetClient returns the client of counterparty chainID.
func GetClient(kv store.KV, chainID string) (Client, bool) {
	var c Client
	ok := kit.Get(kv, ClientKey(chainID), &c)
	return c, ok
}

// Clients returns every client in chain-id order.
func Clients(kv store.KV) []Client {
	var out []Client
	store.IteratePrefix(kv, []byte(prefixClient+"/"), func(k, v []byte) bool {
		var c Client
		mustDecode(k, v, &c)
		out = append(out, c)
		return true
	})
	return out
}

// GetConsensus returns the consensus state of chainID at height.
func GetConsensus(kv store.KV, chainID string, height int64) (Consensus, bool) {
	var cs Consensus
	ok := kit.Get(kv, ConsensusKey(chainID, height), &cs)
	return cs, ok
}

// Heights returns the heights of every consensus state of chainID, in
// ascending order.
func Heights(kv store.KV, chainID string) []int64 {
	var out []int64
	store.IteratePrefix(kv, consensusPrefix(chainID), func(k, v []byte) bool {
		var cs Consensus
		mustDecode(k, v, &cs)
		out = append(out, cs.Height)
		return true
	})
	return out
}

// neighbours returns the stored consensus states just below and just above
// height (nil when there is none).
func neighbours(kv store.KV, chainID string, height int64) (below, above *Consensus) {
	prefix := consensusPrefix(chainID)
	at := ConsensusKey(chainID, height)
	kv.Iterate(prefix, at, func(k, v []byte) bool {
		var cs Consensus
		mustDecode(k, v, &cs)
		below = &cs
		return true
	})
	kv.Iterate(append(at, 0), store.PrefixEnd(prefix), func(k, v []byte) bool {
		var cs Consensus
		mustDecode(k, v, &cs)
		above = &cs
		return false
	})
	return below, above
}

// deleteConsensus deletes every consensus state of chainID (when its
// client is replaced). Keys are collected first, in key order, then deleted.
func deleteConsensus(kv store.KV, chainID string) {
	var keys [][]byte
	store.IteratePrefix(kv, consensusPrefix(chainID), func(k, _ []byte) bool {
		keys = append(keys, bytes.Clone(k))
		return true
	})
	for _, k := range keys {
		kv.Delete(k)
	}
}

// GetAnchor returns the foreign anchor of docHash from chainID.
func GetAnchor(kv store.KV, docHash [32]byte, chainID string) (ForeignAnchor, bool) {
	var a ForeignAnchor
	ok := kit.Get(kv, AnchorKey(docHash, chainID), &a)
	return a, ok
}

// AnchorsOf returns the foreign anchors of docHash, in chain-id order.
func AnchorsOf(kv store.KV, docHash [32]byte) []ForeignAnchor {
	var out []ForeignAnchor
	store.IteratePrefix(kv, anchorPrefix(docHash), func(k, v []byte) bool {
		var a ForeignAnchor
		mustDecode(k, v, &a)
		out = append(out, a)
		return true
	})
	return out
}

// Status returns the client's status at time now: frozen, expired (its
// latest header is older than the trusting period) or active. Notary
// clients never expire.
func Status(kv store.KV, c *Client, now time.Time) string {
	if c.Frozen != nil {
		return StatusFrozen
	}
	if c.Type == TypeCometBFT {
		cs, ok := GetConsensus(kv, c.ChainID, c.LatestHeight)
		if !ok || expired(c, &cs, now) {
			return StatusExpired
		}
	}
	return StatusActive
}

// View returns the client as shown by queries, with its status at now.
func View(kv store.KV, c *Client, now time.Time) ClientView {
	v := ClientView{ChainID: c.ChainID, Type: c.Type, Status: Status(kv, c, now), Jurisdiction: c.Jurisdiction,
		RegisteredBy: c.RegisteredBy, Registered: c.Registered, Description: c.Description, Provenance: c.Provenance(),
		Epoch: c.Epoch, Retired: c.Retired}
	switch c.Type {
	case TypeCometBFT:
		v.TrustLevel = "1/3"
		v.TrustingPeriod = c.Trusting().String()
		v.MaxClockDrift = c.Drift().String()
		v.LatestHeight = c.LatestHeight
		if cs, ok := GetConsensus(kv, c.ChainID, c.LatestHeight); ok {
			t, exp := cs.HeaderTime(), cs.HeaderTime().Add(c.Trusting())
			v.LatestTime, v.ExpiresAt = &t, &exp
		}
	case TypeNotary:
		v.Notaries, v.Threshold = c.Notaries, c.Threshold
	}
	if f := c.Frozen; f != nil {
		v.Frozen = &FreezeView{At: f.At, Height: f.Height, Stored: hexUpper(f.Stored), Presented: hexUpper(f.Presented), Reason: f.Reason}
	}
	return v
}

func mustDecode(k, b []byte, v any) {
	if err := codec.Unmarshal(b, v); err != nil {
		panic(&kit.CorruptState{Key: bytes.Clone(k), Err: err})
	}
}

const hexdigits = "0123456789ABCDEF"

func hexUpper(b []byte) string {
	out := make([]byte, 2*len(b))
	for i, c := range b {
		out[2*i], out[2*i+1] = hexdigits[c>>4], hexdigits[c&15]
	}
	return string(out)
}
