package kit

import (
	"encoding/binary"
	"time"

	"github.com/corridor-trade/corridor/x/kit/store"
)

// The application's own records, outside every module. They are defined
// here, once; the application writes them, modules and the offline
// verifier read them.
const (
	// ChainIDKey stores the chain-id given at InitChain, so that a
	// restarted node knows it before the first block.
	ChainIDKey = "meta/chain-id"
	// BlockTimeKey stores, from FinalizeBlock on, the time of the block
	// being executed: 8 bytes, big-endian Unix nanoseconds. Queries have
	// no block time of their own; they read this key to learn the time of
	// the block whose state they see.
	BlockTimeKey = "meta/block-time"
)

// SetBlockTime records t under BlockTimeKey.
func SetBlockTime(kv store.KV, t time.Time) {
	kv.Set([]byte(BlockTimeKey), Uint64Key(uint64(t.UnixNano())))
}

// BlockTime returns the block time recorded under BlockTimeKey, in UTC. It
// returns the zero time when nothing (or something malformed) is recorded,
// as before the first block.
func BlockTime(kv store.KV) time.Time {
	b := kv.Get([]byte(BlockTimeKey))
	if len(b) != 8 {
		return time.Time{}
	}
	return time.Unix(0, int64(binary.BigEndian.Uint64(b))).UTC()
}
