package app

import (
	"context"
	"encoding/json"
	"strings"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtcrypto "github.com/cometbft/cometbft/proto/tendermint/crypto"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/x/kit/paths"
	"github.com/corridor-trade/corridor/x/kit/store/iavlstore"
)

// ProofOpType names the proof format in ResponseQuery.ProofOps: an ICS-23
// CommitmentProof (protobuf) against the IAVL root, checked with
// ics23.IavlSpec.
const ProofOpType = "ics23:iavl"

// Query answers read-only questions about committed state. Path "/store"
// returns the raw value at the key in req.Data, with an ICS-23 proof when
// req.Prove is set (a non-existence proof when the key is absent). Every
// other path is "/" + a name of x/kit/paths + arguments, answered in JSON
// by the one module that registered the name; each module's page in docs/
// (membership.md, identity.md, recognition.md, invoice.md, payment.md,
// cross-chain.md) lists its paths under "Queries".
func (a *App) Query(_ context.Context, req *abci.RequestQuery) (resp *abci.ResponseQuery, err error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	defer func() {
		if r := recover(); r != nil {
			resp = queryError(codes.Internal.Wrapf("query %s: %v", req.Path, r), 0)
		}
	}()
	snap, err := a.tree.Snapshot(req.Height)
	if err != nil {
		return queryError(codes.QueryHeight.Wrapf("%v", err), req.Height), nil
	}
	h := snap.Version()
	parts := strings.Split(strings.Trim(req.Path, "/"), "/")
	if parts[0] == paths.NameStore {
		return a.queryStore(snap, req), nil
	}
	handler, ok := a.reg.Queries[parts[0]]
	if !ok {
		return queryError(codes.QueryBadPath.Wrapf("unknown query path %q", req.Path), h), nil
	}
	v, err := handler(snap, parts[1:])
	if err != nil {
		return queryError(err, h), nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return queryError(codes.Internal.Wrapf("encode answer: %v", err), h), nil
	}
	return &abci.ResponseQuery{Value: b, Height: h}, nil
}

func (a *App) queryStore(snap *iavlstore.Snapshot, req *abci.RequestQuery) *abci.ResponseQuery {
	if len(req.Data) == 0 {
		return queryError(codes.QueryBadArg.Wrapf("store query needs the key in data"), snap.Version())
	}
	resp := &abci.ResponseQuery{Key: req.Data, Height: snap.Version()}
	if !req.Prove {
		resp.Value = snap.Get(req.Data)
		return resp
	}
	value, proof, err := snap.Prove(req.Data)
	if err != nil {
		return queryError(codes.QueryHeight.Wrapf("prove: %v", err), snap.Version())
	}
	data, err := proof.Marshal()
	if err != nil {
		return queryError(codes.Internal.Wrapf("encode proof: %v", err), snap.Version())
	}
	resp.Value = value
	resp.ProofOps = &cmtcrypto.ProofOps{Ops: []cmtcrypto.ProofOp{{Type: ProofOpType, Key: req.Data, Data: data}}}
	return resp
}

func queryError(err error, height int64) *abci.ResponseQuery {
	e := codes.Of(err)
	return &abci.ResponseQuery{Code: e.Code, Codespace: e.Codespace, Log: err.Error(), Height: height}
}

// DumpCommitted calls fn for every key of the latest committed state, in
// key order. It is meant for tests and debugging.
func (a *App) DumpCommitted(fn func(key, value []byte)) {
	a.committed.Iterate(nil, nil, func(k, v []byte) bool {
		fn(k, v)
		return true
	})
}
