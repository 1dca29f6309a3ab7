package client

import (
	"errors"

	"github.com/cometbft/cometbft/mempool"
	rpctypes "github.com/cometbft/cometbft/rpc/jsonrpc/types"
)

// InMempoolCache reports whether err is a node's answer to a broadcast
// that it has seen these very bytes before (CometBFT's mempool.ErrTxInCache):
// they are in its mempool, or were committed or refused recently. The
// transaction's fate is then learnt by looking it up by hash, not from
// the broadcast.
//
// An in-process node (rpc/client/local) returns the mempool's error value
// itself, recognised by errors.Is. Over HTTP, CometBFT's JSON-RPC server
// keeps only the text of the error: it answers with an RPCError whose Data
// is err.Error(), and the error type is lost. This is the one place the
// client compares error text: the Data must equal the text of that same
// error value exactly (not merely contain it). TestInMempoolCache sends the
// same bytes twice to a real node over HTTP, so a CometBFT upgrade that
// changes the answer fails a test instead of passing silently.
func InMempoolCache(err error) bool {
	if errors.Is(err, mempool.ErrTxInCache) {
		return true
	}
	var re *rpctypes.RPCError
	return errors.As(err, &re) && re.Data == mempool.ErrTxInCache.Error()
}
