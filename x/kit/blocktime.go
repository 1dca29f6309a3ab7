package kit

import (
	"encoding/binary"
	"time"

	"github.com/corridor-trade/corridor/x/kit/store"
)

// BlockTimeKey is the store key under which the application records, in
// FinalizeBlock, the time of the block being executed: 8 bytes, big-endian
// Unix nanoseconds. Queries have no block time of their own; they read this
// key to learn the time of the block whose state they see.
const BlockTimeKey = "meta/block-time"

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
